"""Documents: drafts rendered from templates, and new dossier scaffolds."""
