"""Spreadsheets (.xlsx with openpyxl, and CSV) that open correctly in Excel on a force desktop.

One layout for every spreadsheet ddtapp writes (the force register, the transparency record): a bold,
shaded header row that stays in view (frozen panes), filters on the header, column widths that fit,
wrapped text, dates stored as dates (shown as 21/11/2026), and every **GAP** cell highlighted. A CSV
starts with a UTF-8 byte-order mark, without which Excel reads UTF-8 as Windows-1252 and shows
"Chloé" as "ChloÃ©". The same rows and date give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

#: What a cell can hold: text, a whole number, a date, or nothing.
Cell = str | int | dt.date | None
HEADER_FILL = "D9E2F3"
GAP_FILL = "FFFF00"
DATE_FORMAT = "dd/mm/yyyy"
BOM = "\ufeff"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its tab name (at most 31 characters), header row, rows, and column widths."""

    name: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]
    widths: tuple[int, ...] = ()
    wrap: frozenset[int] = field(default_factory=frozenset)  # columns whose text wraps


def to_xlsx(sheets: Sequence[Sheet], today: dt.date, title: str) -> bytes:
    """The sheets as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    gap_fill = PatternFill("solid", fgColor=GAP_FILL)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        ws.append(list(sheet.header))
        for cell in ws[1]:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row in sheet.rows:
            ws.append([_cell(v) for v in row])
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                _style(cell, sheet, gap_fill, Alignment)
        for i, width in enumerate(sheet.widths, 1):
            ws.column_dimensions[_letter(i)].width = width
        ws.freeze_panes = "A2"
        last = _letter(len(sheet.header))
        ws.auto_filter.ref = f"A1:{last}{max(len(sheet.rows) + 1, 1)}"
    moment = dt.datetime.combine(today, dt.time())
    book.properties.creator = "ddtapp"
    book.properties.title = title
    book.properties.created = book.properties.modified = moment
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip_timestamps(buffer.getvalue(), today)


def _cell(value: Cell) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _style(cell: Any, sheet: Sheet, gap_fill: Any, alignment: Any) -> None:
    if isinstance(cell.value, dt.date):
        cell.number_format = DATE_FORMAT
    cell.alignment = alignment(vertical="top", wrap_text=(cell.column - 1) in sheet.wrap)
    if isinstance(cell.value, str) and cell.value.startswith("GAP"):
        cell.fill = gap_fill


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """Rows as CSV for Excel: a UTF-8 byte-order mark, CRLF line ends, dates as YYYY-MM-DD."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


#: The modification time in a package's properties: openpyxl sets it to the moment of saving, whatever it is given.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_zip_timestamps(data: bytes, today: dt.date) -> bytes:
    """A zip package (.docx, .xlsx) again, every member dated ``today`` and its properties modified on
    ``today``: the same content, the same bytes."""
    stamp = (max(today.year, 1980), today.month, today.day, 0, 0, 0)
    moment = f"{today.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(lambda m: m.group(1) + moment + m.group(2), body)
            dst.writestr(member, body)
    return out.getvalue()
