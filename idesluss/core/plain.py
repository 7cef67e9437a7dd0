"""Helpers for pages built from plain values rather than model objects and per-row
template tags: with hundreds of rows, reversing a URL, formatting a date or rendering an
include for each row costs more than reading the rows."""

import datetime

from django.urls import reverse

from idesluss.core.dates import format_date, format_datetime

_URL_SENTINEL = 987654321


def url_format(name: str, *args: int) -> str:
    """A URL pattern whose last argument is an id, reversed once as a format string for
    many ids: `url_format("ideas:detail").format(pk)`."""
    return reverse(name, args=[*args, _URL_SENTINEL]).replace(str(_URL_SENTINEL), "{}")


class DateLabels:
    """Dates of a list of many, in the style of the language (core.dates, which keeps
    what it has formatted): `day` as `|format_date`, `minute` as `|format_datetime`."""

    def day(self, value: datetime.date) -> str:
        """`|format_date` (a date and time in the current time zone, as the filter)."""
        return format_date(value)

    def minute(self, value: datetime.datetime) -> str:
        """`|format_datetime`."""
        return format_datetime(value)
