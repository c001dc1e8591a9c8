"""Loading: find dossier files and parse YAML into plain data with a position map."""
