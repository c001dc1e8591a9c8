"""Check many dossiers, one after another or in worker processes when there are enough to pay for them.

Results come back in the order of the files given, whichever way they were computed, so reports are
the same byte for byte. Workers are forked from the running process, so they start with the rule
pack already loaded; where ``fork`` is not available (Windows, macOS defaults) ddtapp checks in one
process rather than pay for starting fresh interpreters. Each result is slimmed (see
:meth:`ddtapp.checker.engine.Result.slim`) before it travels back; ``ddtapp check`` then keeps it out of memory in a
:class:`ddtapp.checker.result_log.ResultLog`, so that memory stays flat however many dossiers there are.
For the same reason the workers are handed only :data:`AHEAD` chunks each beyond the one being read, and
a chunk's results are let go as soon as they are read: handing out every chunk at once made the parent
hold every result that came back before its turn (and, through the futures, every result of the run),
so its peak memory grew with the run (41 -> 62 MB from 100 to 1,000 dossiers; now 30 -> 37 MB).
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

from ddtapp.checker.engine import Result, check_file
from ddtapp.errors import InputError, Problem
from ddtapp.loading.safe_read import display_path
from ddtapp.pack.rulepack import RulePack

#: Fewest dossiers worth forking for: a check costs a few milliseconds, forking a worker about ten.
PARALLEL_MIN_FILES = 64
#: Dossiers handed to a worker at a time.
CHUNK = 16
#: Chunks a worker may be given ahead of the one the parent is reading (bounds the results held).
AHEAD = 2
#: Dossiers checked between two collections of the young garbage (:func:`_collected_sparingly`).
COLLECT_EVERY = 16
#: ... or sooner, once this many objects made since the last collection are still there (a dossier leaves a
#: few hundred; this many means cyclic garbage, say of a large dossier, that should not wait for the rest).
SURVIVORS_MAX = 100_000

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
    """How many processes to use for ``count`` dossiers: ``requested`` if given (0 = automatic).

    ``--jobs 1`` is answered before multiprocessing is imported: the import and its start methods cost
    32 M instructions (1% of ``check --jobs 1`` over 100 dossiers) for an answer that is 1 whatever they say."""
    if count < 2 or (requested and requested <= 1) or (not requested and count < PARALLEL_MIN_FILES):
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
        return None, exc.problems or [Problem(display_path(path), 1, 1, exc.text)]


def _worker(paths: list[str]) -> list[Outcome]:
    checked = (check_one(p, _state["pack"], _state["today"], _state["keep"]) for p in paths)  # type: ignore[arg-type]
    return list(_collected_sparingly(checked))


def _collected_sparingly(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    """``outcomes``, with the garbage collector's automatic runs held back and the young generations
    collected once every :data:`COLLECT_EVERY` dossiers instead.

    Checking a dossier makes tens of thousands of objects that live while it is checked (its composed
    tree, its data, the facts) and then go with their last reference, not by the collector: almost nothing
    a check leaves is cyclic garbage (a few objects a dossier). The automatic runs, set off by every 700
    objects made, walked each dossier's live tree again and again: 0.6-0.7 ms of a dossier's ~4.5 ms
    (corpus200, one process). What cyclic garbage there is stays bounded by :data:`COLLECT_EVERY` dossiers
    and :data:`SURVIVORS_MAX` objects, and the collector runs as before once the dossiers are checked (or if
    the run stops early)."""
    automatic = gc.isenabled()
    gc.disable()
    try:
        for count, outcome in enumerate(outcomes, 1):
            yield outcome
            if count % COLLECT_EVERY == 0 or gc.get_count()[0] > SURVIVORS_MAX:
                gc.collect(1)
    finally:
        if automatic:
            gc.enable()


def _init_worker(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle (no traceback from every worker), and the worker
    dies with its parent instead of living on as an orphan (Linux ``PR_SET_PDEATHSIG``)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by the parent while forking
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (AttributeError, OSError):  # not Linux: the parent's shutdown still ends the workers
        pass
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


def _died(path: str) -> Outcome:
    return None, [
        Problem(
            display_path(path),
            1,
            1,
            "the worker process checking this dossier died (killed by a signal or out of memory) "
            "and it was not checked. This is a bug in ddtapp: please report it with the dossier",
            internal=True,
        )
    ]


def _in_pool(chunks: list[list[str]], jobs: int) -> Iterator[list[Outcome]]:
    """Each chunk's outcomes, in order, from one pool of forked workers; stops early (without raising)
    at the first chunk whose worker died, so the caller can isolate it.

    Only :data:`AHEAD` chunks a worker are handed out ahead of the one being read, and each is let go
    once read, so that the parent holds a bounded window of results however many dossiers there are
    (results that came back early wait in their future until their turn)."""
    import multiprocessing
    import signal
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker, initargs=(os.getpid(),)
    )
    try:
        todo = iter(chunks)
        window = jobs * AHEAD
        # Ctrl-C held back while the workers are forked (all of them, by the first submit), so that none
        # starts with Python's handler and prints a KeyboardInterrupt traceback; the parent gets it right after
        blocked = hasattr(signal, "pthread_sigmask")
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if blocked else set()
        try:
            pending: deque[Future[list[Outcome]]] = deque(
                pool.submit(_worker, chunk) for chunk in itertools.islice(todo, window)
            )
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        while pending:
            future = pending.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                return
            del future  # its result is the caller's now, not the pool's
            chunk = next(todo, None)
            if chunk is not None:
                pending.append(pool.submit(_worker, chunk))
            yield outcomes
            del outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def check_many(
    files: list[str], pack: RulePack, today: dt.date, jobs: int = 1, keep: Keep = _slim
) -> Iterator[Outcome]:
    """Yield each file's outcome, in the order of ``files``. ``keep`` runs in the worker, so that only
    what the command needs (a slim result, a register entry) travels back and stays in memory.

    A worker that dies (a crash in a library, the out-of-memory killer) does not hang or end the run: the
    chunk it held is checked again one dossier per process, and the dossier that kills its process is
    reported as ddtapp's failure on that file (exit code 3); the others are checked as usual."""
    if jobs <= 1 or len(files) < 2:
        yield from _collected_sparingly(check_one(path, pack, today, keep) for path in files)
        return
    _state.update(pack=pack, today=today, keep=keep)  # inherited by the forked workers, not pickled
    try:
        chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
        done = 0
        while done < len(chunks):
            for outcomes in _in_pool(chunks[done:], jobs):
                yield from outcomes
                done += 1
            if done < len(chunks):  # a worker died: find the dossier that kills its process
                for path in chunks[done]:
                    yield next(iter(_in_pool([[path]], 1)), [_died(path)])[0]
                done += 1
    finally:
        _state.clear()
