"""Writing output safely: atomic files, devices, and text escaped for Markdown."""
