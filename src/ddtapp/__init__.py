"""ddtapp: checks police data-driven technology dossiers against the College of Policing APP."""

__version__ = "0.1.0"

#: The project's home. Reports link each rule to its entry in ``docs/rules.md`` here.
HOMEPAGE = "https://github.com/ddtapp/ddtapp"
