"""Change control: what changed between versions of a dossier, and the reviews it triggers."""
