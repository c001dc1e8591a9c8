"""The results of a run, kept out of memory: appended as dossiers are checked, read back one at a time
by each reporter, as often as it needs.

A run over thousands of dossiers must not hold every result until the reports are written (memory
would grow with the number of dossiers). Results are appended to an anonymous temporary file that
stays in memory up to :data:`SPOOL_BYTES` and then moves to disk, so a small run never touches the
disk and a large one holds at most that much, plus the result being reported.

Each record is the slim result (:meth:`ddtapp.checker.engine.Result.slim`: the tool's name, the assessment's
verdicts, the findings and the positions they point at) as one line of JSON: plain data, read back
field by field into the same records, so nothing in the file can run code.

What each report must hold beyond the result it is writing (all measured at 1,000 dossiers, every format
to a file in one run: 37 MB peak, as for the text report alone):

- text: the counts of the closing summary (each dossier's part is made in the worker, :meth:`texts`);
- JSON, GitLab: nothing; each is one JSON document, written item by item (``reporters.common.write_json``);
- SARIF: one JSON document too, whose rules and artifacts come before its results: a first pass over the
  log collects the ids of the rules that fire (a set of at most the pack's rules) and each dossier's path
  with its index (one short string a dossier), then the results are written one dossier at a time;
- JUnit: the run's totals are attributes of the root, so a first pass counts them; then a suite at a time;
- Markdown: the findings sections (capped) go to a spooled temporary file while the totals are counted;
- GitHub: at most ten annotations of each level, and counts;
- statistics: a count per rule.
"""

from __future__ import annotations

import io
import json
from array import array
from collections.abc import Iterator
from dataclasses import fields
from operator import attrgetter
from typing import IO, Any

from ddtapp.assess import Assessment, FactorResult
from ddtapp.checker.engine import Result
from ddtapp.checker.findings import Finding
from ddtapp.loading.yaml_loader import Loaded

#: How much of the log stays in memory before it moves to a temporary file.
SPOOL_BYTES = 2 * 1024 * 1024


class _Spool:
    """Records of bytes appended to an anonymous temporary file (in memory up to :data:`SPOOL_BYTES`),
    read back in order."""

    def __init__(self) -> None:
        # in memory, moved to a temporary file past SPOOL_BYTES as tempfile.SpooledTemporaryFile does; tempfile
        # (with shutil and random) is imported only then: 3-4 ms of a cold check of one dossier
        self._file: IO[bytes] = io.BytesIO()
        self._on_disk = False
        self._offsets = array("q")  # where each record starts: 8 bytes a record
        self._end = 0

    def append(self, data: bytes) -> None:
        if not self._on_disk and self._end + len(data) > SPOOL_BYTES:
            import tempfile

            disk = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
            disk.write(self._file.getvalue()[: self._end])  # type: ignore[attr-defined]
            self._file.close()
            self._file, self._on_disk = disk, True
        self._file.seek(self._end)
        self._file.write(data)
        self._offsets.append(self._end)
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._offsets)

    def __iter__(self) -> Iterator[bytes]:
        offsets = self._offsets
        for i, start in enumerate(offsets):
            end = offsets[i + 1] if i + 1 < len(offsets) else self._end
            self._file.seek(start)
            yield self._file.read(end - start)

    def close(self) -> None:
        self._file.close()


class _Texts:
    """Each dossier's part of the plain text report (``ddtapp.reporters.text.Chunk``), re-iterable."""

    def __init__(self, spool: _Spool) -> None:
        self._spool = spool

    def __iter__(self) -> Iterator[tuple[str, int, int, int, str | None]]:
        for raw in self._spool:
            head, _, text = raw.partition(b"\n")
            errors, warnings, infos, example = json.loads(head)
            yield text.decode("utf-8", "surrogatepass"), errors, warnings, infos, example


class ResultLog:
    """A re-iterable, append-only sequence of results (``len``, ``iter``, ``bool``), in append order; with
    each, optionally, its part of the plain text report (:meth:`texts`)."""

    def __init__(self, results: list[Result] | None = None) -> None:
        self._results = _Spool()
        self._texts: _Spool | None = None
        #: how many results were appended while only counted (:meth:`count_only`), or None: all are kept
        self._counted: int | None = None
        for result in results or []:
            self.append(result)

    def count_only(self) -> None:
        """Nothing will read the results back, only their number and their parts of the text report (a run
        whose only report is plain text): count them, keep the texts, and spare the encoding of every
        result (0.1 ms a dossier, a fifth of a dossier's report). Given before the first result."""
        if len(self._results):
            raise ValueError("count_only() is for an empty log")
        self._counted = 0
        self._texts = self._texts or _Spool()  # the texts of none are there to read too

    def append(self, result: Result, text: tuple[str, int, int, int, str | None] | None = None) -> None:
        """Keep ``result`` (slimmed, unless it is slim already) and, when given, its part of the text report
        (given for every result of the log, or for none)."""
        if self._counted is not None:
            if text is None:
                raise ValueError("a log that only counts its results keeps each one's text")
            self._counted += 1
        else:
            self._results.append(encode(result.slim()))
        if text is not None:
            if self._texts is None:
                self._texts = _Spool()
            # the counts as a line of JSON, then the text as it is (JSON-escaping ~6 KB a dossier cost 2.5x)
            head = json.dumps(text[1:], separators=(",", ":"))
            self._texts.append(f"{head}\n{text[0]}".encode("utf-8", "surrogatepass"))

    def texts(self) -> _Texts | None:
        """The text report's parts, in order, when one was given with every result; else None."""
        if self._texts is None or len(self._texts) != len(self):
            return None
        return _Texts(self._texts)

    def __len__(self) -> int:
        return len(self._results) if self._counted is None else self._counted

    def __iter__(self) -> Iterator[Result]:
        if self._counted is not None:
            raise RuntimeError("the results of this log were counted, not kept (count_only)")
        for raw in self._results:
            yield decode(raw)

    def close(self) -> None:
        self._results.close()
        if self._texts is not None:
            self._texts.close()

    def __enter__(self) -> ResultLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_finding_row = attrgetter(*_FINDING_FIELDS)
_factor_row = attrgetter(*(f.name for f in fields(FactorResult)))
_VERDICTS = tuple(f.name for f in fields(Assessment) if f.name not in ("factors", "facts"))


def encode(result: Result) -> bytes:
    """A slim result as one line of JSON; findings and tier factors as rows of their fields, in order."""
    a = result.assessment
    return json.dumps(
        {
            "file": result.file,
            "migrated_from": result.migrated_from,
            "loaded": [result.loaded.file, result.loaded.data, result.loaded.positions],
            "assessment": {name: getattr(a, name) for name in _VERDICTS},
            "factors": [_factor_row(f) for f in a.factors],
            "findings": [_finding_row(f) for f in result.findings],
        },
        separators=(",", ":"),
    ).encode("ascii")


def decode(raw: bytes) -> Result:
    """The result :func:`encode` wrote."""
    record = json.loads(raw)
    loaded_file, data, positions = record["loaded"]
    factors = tuple(FactorResult(*row) for row in record["factors"])
    return Result(
        record["file"],
        Loaded(loaded_file, data, {path: tuple(pos) for path, pos in positions.items()}),
        Assessment(**record["assessment"], factors=factors, facts={}),
        tuple(_finding(row) for row in record["findings"]),
        record.get("migrated_from"),
        is_slim=True,
    )


#: Where the finding's tuples stand in its row (JSON gives them back as lists).
_APP_REFS, _BASIS = _FINDING_FIELDS.index("app_refs"), _FINDING_FIELDS.index("basis")


def _finding(row: list[Any]) -> Finding:
    """The finding of a row of its fields, in order (positional: a dict of keywords cost a third more)."""
    if len(row) != len(_FINDING_FIELDS):
        raise ValueError(f"a finding's row has {len(row)} fields, not {len(_FINDING_FIELDS)}")
    row[_APP_REFS] = tuple(row[_APP_REFS])
    row[_BASIS] = tuple(row[_BASIS])
    return Finding(*row)
