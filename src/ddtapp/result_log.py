"""The results of a run, kept out of memory: appended as dossiers are checked, read back one at a time
by each reporter, as often as it needs.

A run over thousands of dossiers must not hold every result until the reports are written (memory
would grow with the number of dossiers). Results are appended to an anonymous temporary file that
stays in memory up to :data:`SPOOL_BYTES` and then moves to disk, so a small run never touches the
disk and a large one holds at most that much, plus the result being reported.

Records are pickled, as they already are between the worker processes and the main one. The file is
created by this process in the user's own temporary folder (on Linux with no name on disk at all), with
permissions for the user alone, and read back only by this process and only what it wrote there, so
nothing from outside the run is unpickled.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Iterator

from ddtapp.engine import Result

#: How much of the log stays in memory before it moves to a temporary file.
SPOOL_BYTES = 2 * 1024 * 1024


class ResultLog:
    """A re-iterable, append-only sequence of results (``len``, ``iter``, ``bool``), in append order."""

    def __init__(self, results: list[Result] | None = None) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by close())
        self._offsets = array("q")  # where each record starts: 8 bytes a dossier
        self._end = 0
        for result in results or []:
            self.append(result)

    def append(self, result: Result) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        self._offsets.append(self._end)
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._offsets)

    def __iter__(self) -> Iterator[Result]:
        offsets = self._offsets
        for i, start in enumerate(offsets):
            end = offsets[i + 1] if i + 1 < len(offsets) else self._end
            self._file.seek(start)
            yield pickle.loads(self._file.read(end - start))

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ResultLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
