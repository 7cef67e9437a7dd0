from datetime import UTC, datetime

from icalendar import Calendar

from idesluss.core.ics import CalendarEvent, calendar_bytes, calendar_response, calendar_uid


def test_calendar_file_carries_the_event_as_calendars_read_it(settings):
    settings.SITE_URL = "https://idesluss.example.se"
    event = CalendarEvent(
        uid=calendar_uid("workshop", 7),
        start=datetime(2026, 12, 3, 8, 30, tzinfo=UTC),
        end=datetime(2026, 12, 3, 11, 0, tzinfo=UTC),
        summary="Idéworkshop: hälsa, välmående; och kemikalier",
        description="Rad ett\nRad två, med komma",
        location="Stadshuset, sal Sommen",
        url="/workshops/7/",
        reminder_minutes=60,
        sequence=2,
    )
    parsed = Calendar.from_ical(calendar_bytes([event], name="Idésluss"))
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent["uid"]) == "idesluss-workshop-7@idesluss.example.se"
    assert str(vevent["summary"]) == "Idéworkshop: hälsa, välmående; och kemikalier"
    assert str(vevent["description"]) == "Rad ett\nRad två, med komma"
    assert str(vevent["url"]) == "https://idesluss.example.se/workshops/7/"
    assert vevent.decoded("dtstart") == event.start
    assert int(vevent["sequence"]) == 2
    [alarm] = vevent.walk("VALARM")
    assert alarm.decoded("trigger").total_seconds() == -3600


def test_cancelled_event_has_no_alarm_and_the_download_is_named_safely():
    event = CalendarEvent(
        uid="x@y",
        start=datetime(2026, 12, 3, 8, 30, tzinfo=UTC),
        end=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        summary="Inställt",
        cancelled=True,
        reminder_minutes=30,
    )
    response = calendar_response([event], filename='möte "1"/../x')
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="mote-1x.ics"'
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"
    assert not vevent.walk("VALARM")
