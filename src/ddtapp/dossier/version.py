"""The dossier format's current version, importable without building the Pydantic models (a cold
``ddtapp check`` of a valid dossier never imports Pydantic)."""

SCHEMA_VERSION = 2
