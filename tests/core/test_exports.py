"""The one guard every spreadsheet export of user text goes through."""

import csv
import io
import re
from pathlib import Path

import pytest

from idesluss.core.exports import csv_safe, csv_writer

PACKAGE = Path(__file__).resolve().parents[2] / "idesluss"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            '=HYPERLINK("https://evil.example";"Klicka")',
            '\'=HYPERLINK("https://evil.example";"Klicka")',
        ),
        ("+46 70 123", "'+46 70 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),
        ("Vi börjar i Norr", "Vi börjar i Norr"),
        ("a=b", "a=b"),
        ("", ""),
        (3, 3),
        (-3, -3),
        (None, None),
    ],
)
def test_csv_safe_keeps_formulas_as_text(value, expected):
    assert csv_safe(value) == expected


def test_csv_writer_guards_every_cell():
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow(["=1+1", "vanlig text", 7])
    writer.writerows([["@cmd", "-1"]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert rows == [["'=1+1", "vanlig text", "7"], ["'@cmd", "'-1"]]


def test_no_export_writes_csv_around_the_guard():
    """A new export that calls csv.writer directly would skip the guard."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "exports.py" and re.search(r"csv\.(writer|DictWriter)\(", path.read_text())
    ]
    assert offenders == []
