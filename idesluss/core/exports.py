"""Spreadsheet exports of what people wrote, guarded against formula injection.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or line break) is run as a
formula by Excel and LibreOffice: `=HYPERLINK("https://evil.example";"Klicka")` in a
decision would become a live link in the steering group's spreadsheet. Every CSV (or
other spreadsheet) export of user text writes its cells through `csv_writer`, which
keeps such text as text by putting an apostrophe in front, as the spreadsheet
programs themselves do.
"""

import csv
from collections.abc import Iterable
from typing import Any

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
