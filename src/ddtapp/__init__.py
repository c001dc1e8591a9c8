"""ddtapp: checks police data-driven technology dossiers against the College of Policing APP."""

__version__ = "0.1.0"
