"""Finding and checking a force's dossiers for the register and the FOI answers: :func:`collect` checks
each dossier with the rule pack loaded once; a broken dossier becomes a located problem and is skipped."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Sequence
from dataclasses import field
from typing import Any, Generic, TypeVar, overload

from ddtapp.checker.batch import Keep, check_many, jobs_for
from ddtapp.checker.engine import Result
from ddtapp.errors import InputError, Problem
from ddtapp.frozen import mutable
from ddtapp.loading.discover import DEFAULT_INCLUDE, discover
from ddtapp.pack.rulepack import RulePack

Kept = TypeVar("Kept")


@mutable
class Collected(Generic[Kept]):
    #: What ``keep`` kept of each dossier that could be read: the whole Result by default.
    results: list[Kept] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Files read (the dossiers found, broken ones included) and seconds spent finding and checking them.
    files: int = 0
    seconds: float = 0.0

    @property
    def broken_files(self) -> list[str]:
        return sorted({p.file for p in self.problems})


@overload
def collect(
    paths: Sequence[str],
    pack: RulePack,
    today: dt.date,
    keep: None = None,
    jobs: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Collected[Result]: ...
@overload
def collect(
    paths: Sequence[str],
    pack: RulePack,
    today: dt.date,
    keep: Callable[[Result], Kept],
    jobs: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Collected[Kept]: ...
def collect(
    paths: Sequence[str],
    pack: RulePack,
    today: dt.date,
    keep: Keep | None = None,
    jobs: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Collected[Any]:
    """Find the dossiers under ``paths`` and check each one with the same rule pack.

    ``keep`` chooses what is kept of each checked dossier (default: the whole result, which FOI answers
    need); it runs in the worker process when the run is parallel (see ddtapp.checker.batch). A dossier that
    cannot be read or validated is recorded as problems (file, line, column) and skipped: one broken
    dossier does not stop the rest. Raises InputError when no dossier is found at all."""
    start = time.perf_counter()
    found = discover(list(paths), tuple(include) or DEFAULT_INCLUDE, tuple(exclude))
    out: Collected[Any] = Collected(problems=list(found.problems), files=len(found.files))
    workers = jobs_for(len(found.files), jobs)
    for kept, problems in check_many(found.files, pack, today, workers, keep or _whole):
        if kept is not None:
            out.results.append(kept)
            if len(out.results) % SETTLE_EVERY == 0:
                _settle()
        out.problems.extend(problems)
    out.seconds = time.perf_counter() - start
    if not found.files and not found.problems:
        raise InputError(
            f"no dossier found in {', '.join(paths)}. A dossier is a YAML file with the top-level keys "
            "schema_version and tool."
        )
    return out


#: How many kept results between two settlings (:func:`_settle`).
SETTLE_EVERY = 100


def _settle() -> None:
    """Take what has been kept so far out of the garbage collector's sight: every result kept lives until the
    run ends, and each full collection would walk all of them again (register over 1,000 dossiers spent
    ~0.8 ms a dossier more than check on that). Garbage is collected first, so nothing unreachable is frozen."""
    gc.collect()
    gc.freeze()


def _whole(result: Result) -> Result:
    return result
