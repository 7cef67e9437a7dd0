"""Calendar files for sessions: one per session, all coming ones of a group, one per joint
follow-up; only for those who may see the group."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from idesluss.core.ics import calendar_uid
from idesluss.groups import services
from tests.conftest import ROLES
from tests.factories import UserFactory, make_group


def events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_session_downloads_as_a_calendar_entry(client, group, coach, member, session_at):
    session = session_at(group, coach, days=3, agenda="Läget")
    client.force_login(member)
    page = client.get(session.get_absolute_url())
    url = reverse("groups:session_ics", args=[group.pk, session.pk])
    assert url in page.text
    [event] = events(client.get(url))
    assert str(event["uid"]) == calendar_uid("group-session", session.pk)
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=90)
    assert "Nyckelgruppen" in str(event["summary"]) and "Läget" in str(event["description"])
    assert str(event["organizer"]) == f"mailto:{coach.email}"
    assert int(event["sequence"]) == 0
    # A change raises the sequence, so calendars update the entry instead of adding one.
    services.session_update(
        session=session,
        by=coach,
        data=services.SessionInput(starts_at=session.starts_at, agenda="Nytt"),
    )
    [event] = events(client.get(url))
    assert int(event["sequence"]) == 1


def test_a_group_calendar_holds_its_coming_sessions(client, group, coach, member, session_at):
    session_at(group, coach, days=-7)
    coming = [session_at(group, coach, days=days) for days in (2, 9)]
    client.force_login(member)
    page = client.get(group.get_absolute_url())
    url = reverse("groups:calendar", args=[group.pk])
    assert url in page.text
    uids = {str(event["uid"]) for event in events(client.get(url))}
    assert uids == {calendar_uid("group-session", session.pk) for session in coming}


def test_a_joint_follow_up_is_one_entry_in_every_groups_calendar(client, coach, member, manager):
    a = make_group(coach=coach, members=[member, manager], name="Grupp A")
    b = make_group(coach=coach, members=[member], name="Grupp B")
    starts_at = timezone.now() + datetime.timedelta(days=5)
    joint = services.joint_create(
        by=coach,
        data=services.JointInput(
            title="Gemensam uppföljning", starts_at=starts_at, location="Sal 1", groups=[a, b]
        ),
    )
    client.force_login(member)
    uid = calendar_uid("group-follow-up", joint.pk)
    [event] = events(client.get(reverse("groups:joint_ics", args=[joint.pk])))
    assert str(event["uid"]) == uid and str(event["location"]) == "Sal 1"
    for group in (a, b):
        [event] = events(client.get(reverse("groups:calendar", args=[group.pk])))
        assert str(event["uid"]) == uid
    part = joint.sessions.get(group=a)
    [event] = events(client.get(reverse("groups:session_ics", args=[a.pk, part.pk])))
    assert str(event["uid"]) == uid


@pytest.mark.parametrize("role", [*ROLES, "member", "coach"])
def test_only_those_who_see_the_group_download(
    client, person_in_role, group, coach, member, session_at, role
):
    session = session_at(group, coach, days=2)
    person = {"member": member, "coach": coach}.get(role) or person_in_role(role)
    if role != "anonymous":
        client.force_login(person)
    for url in (
        reverse("groups:session_ics", args=[group.pk, session.pk]),
        reverse("groups:calendar", args=[group.pk]),
    ):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
        elif role in ("member", "coach", "coordinator"):
            assert response.status_code == 200
        else:
            assert response.status_code == 404


def test_a_session_of_another_group_is_not_found(client, group, coach, session_at):
    session = session_at(group, coach, days=2)
    other = make_group(coach=coach, members=[UserFactory()], name="Annan")
    client.force_login(coach)
    assert client.get(reverse("groups:session_ics", args=[other.pk, session.pk])).status_code == 404
    assert client.get(reverse("groups:calendar", args=[987654])).status_code == 404
