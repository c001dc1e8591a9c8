"""Check many dossiers, one after another or in worker processes when there are enough to pay for them.

Results come back in the order of the files given, whichever way they were computed, so reports are
the same byte for byte. Workers are forked from the running process, so they start with the rule
pack already loaded; where ``fork`` is not available (Windows, macOS defaults) ddtapp checks in one
process rather than pay for starting fresh interpreters. Each result is slimmed (see
:meth:`ddtapp.checker.engine.Result.slim`) before it travels back; ``ddtapp check`` then keeps it out of memory in a
:class:`ddtapp.checker.result_log.ResultLog`, so that memory stays flat however many dossiers there are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import Any

from ddtapp.checker.engine import Result, check_file
from ddtapp.errors import InputError, Problem
from ddtapp.pack.rulepack import RulePack

#: Fewest dossiers worth forking for: a check costs a few milliseconds, forking a worker about ten.
PARALLEL_MIN_FILES = 64
#: Dossiers handed to a worker at a time.
CHUNK = 16

Outcome = tuple[Any, list[Problem]]
#: What a run keeps of each checked dossier: by default the slimmed result.
Keep = Callable[[Result], Any]

_state: dict[str, object] = {}


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def jobs_for(count: int, requested: int | None = None) -> int:
    """How many processes to use for ``count`` dossiers: ``requested`` if given (0 = automatic)."""
    if count < 2 or (not requested and count < PARALLEL_MIN_FILES):
        return 1
    import multiprocessing  # only when it may be used: importing it costs a cold start ~6 ms

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if requested:
        return max(1, min(requested, count))
    return max(1, min(available_cpus(), count // (PARALLEL_MIN_FILES // 2)))


def _slim(result: Result) -> Result:
    return result.slim()


def check_one(path: str, pack: RulePack, today: dt.date, keep: Keep = _slim) -> Outcome:
    """``(keep(result), [])`` for a dossier that could be checked, ``(None, problems)`` for one that could not."""
    try:
        return keep(check_file(path, pack, today)), []
    except InputError as exc:
        return None, exc.problems or [Problem(path, 1, 1, exc.text)]


def _worker(path: str) -> Outcome:
    return check_one(path, _state["pack"], _state["today"], _state["keep"])  # type: ignore[arg-type]


def check_many(
    files: list[str], pack: RulePack, today: dt.date, jobs: int = 1, keep: Keep = _slim
) -> Iterator[Outcome]:
    """Yield each file's outcome, in the order of ``files``. ``keep`` runs in the worker, so that only
    what the command needs (a slim result, a register entry) travels back and stays in memory."""
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield check_one(path, pack, today, keep)
        return
    import multiprocessing

    _state.update(pack=pack, today=today, keep=keep)  # inherited by the forked workers, not pickled
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs) as pool:
            yield from pool.imap(_worker, files, chunksize=CHUNK)
    finally:
        _state.clear()
