"""``ddtapp check``'s progress on stderr, for a run over many dossiers (apart from ``ddtapp.commands.check``:
most checks, of a few files, never show it)."""

from __future__ import annotations

import sys


class CheckProgress:
    """Progress on stderr: a transient Rich bar in a terminal; when forced off a terminal, a plain line
    at every tenth of the run (no control characters in a log file)."""

    def __init__(self, total: int):
        self._total, self._done, self._bar = total, 0, None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            # no refresh thread (auto_refresh=False): worker processes are forked while it shows
            self._bar = Progress(
                TextColumn("checking"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("[dim]{task.description}"),
                console=Console(file=sys.stderr),
                transient=True,
                auto_refresh=False,
            )
            self._task = self._bar.add_task("", total=total)
            self._bar.start()

    def advance(self, path: str) -> None:
        self._done += 1
        if self._bar is not None:
            from rich.markup import escape

            from ddtapp.output.neutralise import neutralise

            self._bar.update(self._task, advance=1, description=escape(neutralise(path)), refresh=True)
        elif self._done == self._total or self._done * 10 // self._total != (self._done - 1) * 10 // self._total:
            print(f"ddtapp: checking {self._done}/{self._total} dossiers", file=sys.stderr, flush=True)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
