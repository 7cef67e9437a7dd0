"""Calendar files (iCalendar, RFC 5545) for workshops, group sessions and sign-ups.

Every app builds `CalendarEvent`s from its own models and answers with
`calendar_response`; the `icalendar` library does the escaping, line folding and
time-zone handling, so Outlook, Google Calendar and phones read the files alike.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Alarm, Calendar, Event, vCalAddress, vText

PRODID = "-//Idésluss//Idésluss//SV"


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar entry. `uid` must stay the same when the entry is sent again,
    so calendars update it instead of adding a copy; `sequence` grows with each change."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organizer_email: str = ""
    organizer_name: str = ""
    sequence: int = 0
    cancelled: bool = False
    reminder_minutes: int | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)


def absolute_url(path: str) -> str:
    """A site address for a path (calendar files are read outside the browser)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def calendar_uid(kind: str, pk: int | str) -> str:
    """A stable, globally unique identifier for one thing of ours in calendars."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "idesluss"
    return f"idesluss-{kind}-{pk}@{host}"


def calendar_bytes(events: Iterable[CalendarEvent], *, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", absolute_url(item.url))
        if item.categories:
            event.add("categories", list(item.categories))
        if item.organizer_email:
            organizer = vCalAddress(f"mailto:{item.organizer_email}")
            if item.organizer_name:
                organizer.params["cn"] = vText(item.organizer_name)
            event.add("organizer", organizer)
        if item.reminder_minutes is not None and not item.cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", -timedelta(minutes=item.reminder_minutes))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(
    events: Iterable[CalendarEvent], *, filename: str, name: str = ""
) -> HttpResponse:
    """An .ics download that calendars open directly."""
    response = HttpResponse(
        calendar_bytes(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    safe = slugify(filename) or "idesluss"
    response["Content-Disposition"] = f'attachment; filename="{safe}.ics"'
    return response
