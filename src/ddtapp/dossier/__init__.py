"""The dossier: its Pydantic models, JSON Schema, fast structural look and validation."""
