"""Helpers for pages built from plain values rather than model objects and per-row
template tags: with hundreds of rows, reversing a URL, formatting a date or rendering an
include for each row costs more than reading the rows."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

_URL_SENTINEL = 987654321


def url_format(name: str, *args: int) -> str:
    """A URL pattern whose last argument is an id, reversed once as a format string for
    many ids: `url_format("ideas:detail").format(pk)`."""
    return reverse(name, args=[*args, _URL_SENTINEL]).replace(str(_URL_SENTINEL), "{}")


class DateLabels:
    """Dates as the templates show them with `|date:"j M Y"` and `|date:"j M Y H:i"`, for
    lists of many dates: the month names are looked up once (Django's date_format reads
    the format and translates the month for every date, ten times slower)."""

    def __init__(self) -> None:
        self._months: dict[int, str] = {}

    def _month(self, value: datetime.date) -> str:
        month = self._months.get(value.month)
        if month is None:
            month = self._months[value.month] = date_format(value, "M")
        return month

    def day(self, value: datetime.date) -> str:
        """`|date:"j M Y"` (a date and time in the current time zone, as the filter)."""
        if isinstance(value, datetime.datetime):
            value = timezone.template_localtime(value)
        return f"{value.day} {self._month(value)} {value.year:04d}"

    def minute(self, value: datetime.datetime) -> str:
        """`|date:"j M Y H:i"`."""
        value = timezone.template_localtime(value)
        return f"{value.day} {self._month(value)} {value.year:04d} {value:%H:%M}"
