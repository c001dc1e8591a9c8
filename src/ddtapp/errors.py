"""Exceptions that map to exit codes.

Exit codes follow ruff and pre-commit: 0 clean, 1 findings at or above --fail-on,
2 usage or input error (bad file, bad YAML, schema error, bad rule pack), 3 internal error.
"""

from __future__ import annotations

from typing import Protocol

from ddtapp.frozen import frozen

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class Located(Protocol):
    """A file read with the place of each key (``ddtapp.loading.yaml_loader.Loaded``)."""

    file: str

    def locate(self, path: str) -> tuple[int, int]: ...


@frozen
class Problem:
    """One input problem, located in a file: rendered as ``file:line:col: message``."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""
    hint: str = ""
    #: ddtapp itself failed on this file (e.g. the worker process checking it died): exit code 3, not 2.
    internal: bool = False

    @classmethod
    def at(cls, source: Located, path: str, message: str, hint: str = "") -> Problem:
        """A problem at ``path``'s key in ``source`` (or its nearest parent's)."""
        line, column = source.locate(path)
        return cls(source.file, line, column, message, path=path, hint=hint)

    def render(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        at = f" (at {self.path})" if self.path else ""
        sentence = f"{self.message}{at}"
        if not sentence.endswith((".", "?", "!")):
            sentence += "."
        return f"{where}: {sentence}" + (f" {self.hint}" if self.hint else "")

    def shown(self) -> str:
        """:meth:`render` for a terminal or a CI log: one line, with whatever came from the input (a file
        name, a key) shown and not obeyed (see ddtapp.output.neutralise). Machine formats use render()."""
        from ddtapp.output.neutralise import neutralise

        return neutralise(self.render())


def exit_code_for(problems: list[Problem]) -> int:
    """The exit code for a run that met ``problems`` (none: 0): 3 if ddtapp failed on a file, else 2."""
    if not problems:
        return EXIT_OK
    return EXIT_INTERNAL if any(p.internal for p in problems) else EXIT_INPUT


class DdtappError(Exception):
    """Base of every error ddtapp reports to the user without a traceback."""

    exit_code = EXIT_INPUT


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP): raised where it runs, so that cleanup runs, and
    mapped to the shell's exit code for death by that signal (128 + its number)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class InputError(DdtappError):
    """The user's input (a file, a flag, a rule pack) cannot be used. Exit code 2."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            self.text = problems
        else:
            self.problems = problems
            self.text = "\n".join(p.render() for p in problems)
        super().__init__(self.text)


class UsageError(InputError):
    """The command line cannot work as given (options that do not go together, a value an option does not
    take). Exit code 2, printed as Click prints every usage error: the command's usage line, "Try 'ddtapp
    COMMAND -h' for help." and "Error: ..." (naming the option where there is one; see ``ddtapp.cli``)."""

    def __init__(self, message: str, option: str | None = None):
        super().__init__(message)
        self.option = option
