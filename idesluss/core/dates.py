"""Sensible bounds for dates people type, time arithmetic that never overflows, and the
one style in which dates and times are written for people in each language.

A date far in the past or future is a typing mistake, never a plan: every form and
service that takes a date keeps it within `BOUND_YEARS` of today. Rows stored before
the bounds existed may still hold such dates, so the arithmetic that renders them
(an end time, a local time) stops at the calendar's edge instead of failing.
"""

import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

# How far back and ahead a date may lie, in years from today.
BOUND_YEARS = 10


def _years_from(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def date_bounds(*, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and the last day a date typed today may be."""
    today = today or timezone.localdate()
    return _years_from(today, -BOUND_YEARS), _years_from(today, BOUND_YEARS)


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            try:
                return timezone.localtime(value).date()
            except OverflowError:
                return value.date()
        return value.date()
    return value


def date_error(value: datetime.date | datetime.datetime | None) -> str | None:
    """Why the date (or the day of a date and time) is not a sensible one, or None."""
    if value is None:
        return None
    first, last = date_bounds()
    if first <= _day(value) <= last:
        return None
    return _("Choose a date between %(first)s and %(last)s.") % {
        "first": format_date(first),
        "last": format_date(last),
    }


def validate_date_in_bounds(value: datetime.date | datetime.datetime | None) -> None:
    """A form and model validator: the date lies within `BOUND_YEARS` of today."""
    message = date_error(value)
    if message:
        raise ValidationError(message, code="date_out_of_bounds")


def _edge(moment: datetime.datetime, *, late: bool) -> datetime.datetime:
    edge = datetime.datetime.max if late else datetime.datetime.min
    if moment.tzinfo is None:
        return edge
    # The calendar's edge in UTC, where aware times are kept: it can still be shown.
    margin = datetime.timedelta(days=-1 if late else 1)
    return (edge + margin).replace(tzinfo=datetime.UTC)


def add_minutes(moment: datetime.datetime, minutes: int) -> datetime.datetime:
    """`moment` plus `minutes`, stopping at the calendar's edge instead of overflowing
    (a day inside it, so the result can still be shown in any time zone)."""
    edge = _edge(moment, late=minutes > 0)
    try:
        result = moment + datetime.timedelta(minutes=minutes)
    except OverflowError:
        return max(moment, edge) if minutes > 0 else min(moment, edge)
    # Never before the start (nor after it, going back): a row stored past the edge ends
    # where it starts.
    if minutes > 0:
        return max(moment, min(result, edge))
    return min(moment, max(result, edge))


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment `time` on `day` in the site's time zone (what a form's date and time
    fields mean)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def span_on(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end moments of something held on `day` from `start` to `end`."""
    return at(day, start), at(day, end)


def local(moment: datetime.datetime) -> datetime.datetime:
    """The moment in the current time zone; at the calendar's edge, as it is kept."""
    try:
        return timezone.localtime(moment)
    except OverflowError:
        return moment


# One style per language for every date and time people read: pages, notifications,
# e-mails and the text of calendar files (machine formats – `<time datetime>`, form
# inputs, iCalendar's DTSTART, CSV cells – stay ISO). Swedish as Språkrådet recommends
# ("19 december 2026", "mån 14 dec 2026 kl. 14.00"), English in the British order the
# interface uses ("19 December 2026", "Mon 14 Dec 2026, 14:00"). Django's date format
# characters, so that month and weekday names come from Django's catalogue.
DATE_STYLES: dict[str, dict[str, str]] = {
    "sv": {
        "date": "j F Y",  # 19 december 2026
        "short_date": "j b",  # 14 dec
        "datetime": r"D j b Y \k\l. H.i",  # mån 14 dec 2026 kl. 14.00
        "time": r"\k\l. H.i",  # kl. 14.00
        "clock": "H.i",  # 16.00 (the end of a span)
    },
    "en": {
        "date": "j F Y",  # 19 December 2026
        "short_date": "j M",  # 14 Dec
        "datetime": "D j M Y, H:i",  # Mon 14 Dec 2026, 14:00
        "time": "H:i",  # 14:00
        "clock": "H:i",
    },
}


def _style(name: str) -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return DATE_STYLES.get(language, DATE_STYLES["en"])[name]


@lru_cache(maxsize=8192)
def _formatted(value: datetime.date, style: str, language: str, zone: str) -> str:
    # Formatting is slow in Django (month names are translated for every date): the text
    # depends on nothing but these, so it is kept per worker.
    return dateformat.format(value, _style(style))


def _styled(value: datetime.date | datetime.datetime | None, style: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # an ISO date or moment (stored in a notification's data)
        value = _parse(value)
    if isinstance(value, datetime.datetime):
        value = local(value) if timezone.is_aware(value) else value
        if style in ("date", "short_date"):
            value = value.date()
    language = translation.get_language() or settings.LANGUAGE_CODE
    zone = timezone.get_current_timezone_name() if isinstance(value, datetime.datetime) else ""
    return _formatted(value, style, language, zone)


def _parse(text: str) -> datetime.date | datetime.datetime:
    if "T" in text or " " in text:
        return datetime.datetime.fromisoformat(text)
    return datetime.date.fromisoformat(text)


def format_date(value: datetime.date | datetime.datetime | str | None) -> str:
    """A day as people read it: "19 december 2026" / "19 December 2026"."""
    return _styled(value, "date")


def format_short_date(value: datetime.date | datetime.datetime | str | None) -> str:
    """A day of this year, in a list or a sentence: "14 dec" / "14 Dec"."""
    return _styled(value, "short_date")


def format_datetime(value: datetime.datetime | str | None) -> str:
    """A moment, in the current time zone: "mån 14 dec 2026 kl. 14.00" /
    "Mon 14 Dec 2026, 14:00"."""
    return _styled(value, "datetime")


def format_time(value: datetime.datetime | datetime.time | str | None) -> str:
    """The time of day, in the current time zone: "kl. 14.00" / "14:00"."""
    if isinstance(value, datetime.time):
        return dateformat.time_format(value, _style("time"))
    return _styled(value, "time")


def format_time_span(
    start: datetime.datetime | str | None, end: datetime.datetime | str | None
) -> str:
    """From a moment to another: "mån 14 dec 2026 kl. 14.00–16.00" on one day,
    "mån 14 dec 2026 kl. 14.00 – tis 15 dec 2026 kl. 10.00" across days."""
    if start is None or start == "":
        return ""
    if isinstance(start, str):
        start = _parse(start)
    if isinstance(end, str):
        end = _parse(end) if end else None
    if end is None:
        return format_datetime(start)
    if local(start).date() == local(end).date():
        return f"{format_datetime(start)}–{_styled(end, 'clock')}"
    return f"{format_datetime(start)} – {format_datetime(end)}"


@receiver(setting_changed)
def _forget_formatted(**kwargs: Any) -> None:
    _formatted.cache_clear()
