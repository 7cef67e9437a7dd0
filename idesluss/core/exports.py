"""Spreadsheet exports of what people wrote, guarded against formula injection.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or line break) is run as a
formula by Excel and LibreOffice: `=HYPERLINK("https://evil.example";"Klicka")` in a
decision would become a live link in the steering group's spreadsheet. Every CSV (or
other spreadsheet) export of user text writes its cells through `csv_writer`, which
keeps such text as text by putting an apostrophe in front, as the spreadsheet
programs themselves do.
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils import timezone

# Full-width signs too: some spreadsheet programs read them as their ASCII twins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text; other values pass."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A `csv.writer` whose every cell goes through `csv_safe`."""

    def __init__(self, file, **fmtparams) -> None:
        self._writer = csv.writer(file, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **fmtparams) -> SafeWriter:
    """The only way to write a CSV export: like `csv.writer`, with the formula guard."""
    return SafeWriter(file, **fmtparams)


class _Line:
    """A file-like object that hands back what is written to it: one CSV line at a time."""

    def write(self, value: str) -> str:
        return value


BOM = "\ufeff"


def csv_lines(
    header: Iterable[Any], rows: Iterable[Iterable[Any]], *, delimiter: str = ";"
) -> Iterator[bytes]:
    """A CSV file as UTF-8 bytes, a line at a time (for a streaming response), every cell
    through the formula guard. It begins with a byte-order mark, so that Excel reads
    Swedish letters as UTF-8; the semicolon is the list separator Excel expects in Swedish
    (with a comma it puts each line in one cell)."""
    writer = csv.writer(_Line(), delimiter=delimiter)
    yield (BOM + writer.writerow([csv_safe(value) for value in header])).encode()
    starts = FORMULA_STARTS
    for row in rows:
        # `csv_safe`, written out: it is called for every cell of 100,000 rows.
        yield writer.writerow(
            [
                "'" + value
                if value.__class__ is str and value.lstrip(" ").startswith(starts)
                else value
                for value in row
            ]
        ).encode()


def excel_file(
    header: Iterable[Any], rows: Iterable[Iterable[Any]], *, title: str = "Export"
) -> IO[bytes]:
    """An Excel workbook (.xlsx) of `header` and `rows` in a temporary file, positioned at
    its start: written row by row (openpyxl's write-only mode), so memory stays flat
    however many rows there are. Text cells go through the same formula guard as the CSV
    files; openpyxl would otherwise store a cell beginning with "=" as a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    # A sheet's title may hold at most 31 characters and none of []:*?/\ .
    sheet = workbook.create_sheet(title="".join(c for c in title if c not in "[]:*?/\\")[:31])
    sheet.append([excel_safe(value) for value in header])
    for row in rows:
        sheet.append([excel_safe(value) for value in row])
    # Closed (and so deleted) by whoever reads it: the FileResponse, when sent.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(file)
    file.seek(0)
    return file


# Characters Excel refuses in a cell (control characters other than tab and line breaks).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_safe(value: Any) -> Any:
    """A cell for an Excel sheet: text guarded like `csv_safe` and stripped of the control
    characters a workbook cannot hold; dates, numbers and None pass."""
    if isinstance(value, str):
        return csv_safe(_ILLEGAL.sub("", value))
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: the local time, as the pages show it.
        return timezone.localtime(value).replace(tzinfo=None)
    return value
