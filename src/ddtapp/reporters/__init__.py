"""Reporters turn check results into output. One module per format; ``REPORTERS`` is the registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from ddtapp.checker.engine import Result
from ddtapp.errors import Problem
from ddtapp.frozen import mutable
from ddtapp.pack.rulepack import RulePack

if TYPE_CHECKING:
    from ddtapp.checker.result_log import ResultLog


@mutable
class Report:
    """Everything a reporter needs: results, input problems, and the options that shape output.

    ``results`` is a list, or in ``ddtapp check`` a :class:`ddtapp.checker.result_log.ResultLog`: iterable from
    the start as often as needed, with ``len``, but not indexable. A reporter goes through it a dossier
    at a time and writes as it goes, so that memory does not grow with the number of dossiers."""

    results: list[Result] | ResultLog
    problems: list[Problem]
    pack: RulePack
    today: str
    fail_on: str = "error"
    show_waived: bool = False
    explain_tier: bool = False
    color: bool | None = None
    #: ``--quiet``: the text report lists open errors only.
    quiet: bool = False
    #: Every (format, destination) of this run, destination "-" for stdout: lets a reporter that has to
    #: truncate (GitHub annotations) say where the full report is.
    destinations: tuple[tuple[str, str], ...] = ()
    #: Each dossier's part of the plain text report, made beside its check (``ddtapp.reporters.text.chunk``),
    #: in the order of ``results``; None: the text reporter makes them itself.
    texts: Iterable[Any] | None = None


Reporter = Callable[[Report, IO[str]], None]


def get_reporter(name: str) -> Reporter:
    if name == "text":
        from ddtapp.reporters.text import report
    elif name == "json":
        from ddtapp.reporters.json import report
    elif name == "sarif":
        from ddtapp.reporters.sarif import report
    elif name == "junit":
        from ddtapp.reporters.junit import report
    elif name == "github":
        from ddtapp.reporters.github import report
    elif name == "gitlab":
        from ddtapp.reporters.gitlab import report
    elif name == "markdown":
        from ddtapp.reporters.markdown import report
    else:
        raise KeyError(name)
    return report


FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "markdown")
