"""Sensible bounds for dates people type, and time arithmetic that never overflows.

A date far in the past or future is a typing mistake, never a plan: every form and
service that takes a date keeps it within `BOUND_YEARS` of today. Rows stored before
the bounds existed may still hold such dates, so the arithmetic that renders them
(an end time, a local time) stops at the calendar's edge instead of failing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
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
        "first": first.isoformat(),
        "last": last.isoformat(),
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


def local(moment: datetime.datetime) -> datetime.datetime:
    """The moment in the current time zone; at the calendar's edge, as it is kept."""
    try:
        return timezone.localtime(moment)
    except OverflowError:
        return moment
