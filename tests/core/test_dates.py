"""One date and time style per language (core.dates), the same on pages, in notifications,
e-mails and calendar files (issue 12, item 7)."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import translation

from idesluss.core import dates

STOCKHOLM_WINTER = datetime.timezone(datetime.timedelta(hours=1))
# 14:00 in Stockholm on Monday 14 December 2026, given in UTC.
MOMENT = datetime.datetime(2026, 12, 14, 13, 0, tzinfo=datetime.UTC)
END = MOMENT + datetime.timedelta(hours=2)
DAY = datetime.date(2026, 5, 9)


@pytest.fixture(autouse=True)
def _stockholm(settings):
    settings.TIME_ZONE = "Europe/Stockholm"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            {
                "date": "9 maj 2026",
                "short_date": "9 maj",
                "datetime": "mån 14 dec 2026 kl. 14.00",
                "time": "kl. 14.00",
                "span": "mån 14 dec 2026 kl. 14.00–16.00",
                "long_span": "mån 14 dec 2026 kl. 14.00 – tis 15 dec 2026 kl. 16.00",
            },
        ),
        (
            "en",
            {
                "date": "9 May 2026",
                "short_date": "9 May",
                "datetime": "Mon 14 Dec 2026, 14:00",
                "time": "14:00",
                "span": "Mon 14 Dec 2026, 14:00–16:00",
                "long_span": "Mon 14 Dec 2026, 14:00 – Tue 15 Dec 2026, 16:00",
            },
        ),
    ],
)
def test_each_style_in_each_language(language, expected):
    with translation.override(language):
        assert dates.format_date(DAY) == expected["date"]
        assert dates.format_short_date(DAY) == expected["short_date"]
        assert dates.format_datetime(MOMENT) == expected["datetime"]
        assert dates.format_time(MOMENT) == expected["time"]
        assert dates.format_time_span(MOMENT, END) == expected["span"]
        assert (
            dates.format_time_span(MOMENT, END + datetime.timedelta(days=1))
            == expected["long_span"]
        )


def test_months_are_lower_case_in_swedish_and_capitalised_in_english():
    october = datetime.date(2026, 10, 10)
    with translation.override("sv"):
        assert dates.format_short_date(october) == "10 okt"
        assert dates.format_date(datetime.date(2026, 12, 19)) == "19 december 2026"
    with translation.override("en"):
        assert dates.format_short_date(october) == "10 Oct"
        assert dates.format_date(datetime.date(2026, 12, 19)) == "19 December 2026"


def test_a_moment_is_shown_in_the_current_time_zone_and_its_day_is_the_local_day():
    late = datetime.datetime(2026, 3, 29, 22, 30, tzinfo=datetime.UTC)  # 00:30 on the 30th
    with translation.override("sv"):
        assert dates.format_date(late) == "30 mars 2026"
        assert dates.format_datetime(late) == "mån 30 mar 2026 kl. 00.30"


def test_iso_text_as_stored_in_notifications_is_read_too():
    with translation.override("en"):
        assert dates.format_date("2026-05-09") == "9 May 2026"
        assert dates.format_datetime(MOMENT.isoformat()) == "Mon 14 Dec 2026, 14:00"
        assert dates.format_time_span(MOMENT.isoformat(), END.isoformat()) == (
            "Mon 14 Dec 2026, 14:00–16:00"
        )
    assert dates.format_date(None) == "" and dates.format_datetime("") == ""


def test_the_same_value_follows_the_language_switch():
    """Kept formatted texts are kept per language: the second language gets its own."""
    with translation.override("sv"):
        assert dates.format_datetime(MOMENT) == "mån 14 dec 2026 kl. 14.00"
    with translation.override("en"):
        assert dates.format_datetime(MOMENT) == "Mon 14 Dec 2026, 14:00"


TEMPLATES = Path(__file__).resolve().parents[2] / "idesluss" / "jinja2"
# Django's date filter for machine formats only (`<time datetime>`); every date people read
# goes through the style filters.
AD_HOC = re.compile(r"""\|\s*(date|time)\b(?!\s*\(\s*['"]c['"]\s*\))|strftime|%Y-%m-%d""")


def test_templates_format_dates_people_read_only_in_the_style():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in TEMPLATES.rglob("*")
        if path.suffix in (".html", ".txt")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if AD_HOC.search(line)
    ]
    assert offenders == []
