"""Dates within sensible bounds (core.dates), and pages that still show rows stored at the
calendar's edges before there were bounds: one session dated 9999-12-31 23:00 used to take
its group's pages and calendar files down for everyone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from idesluss.challenges import services as challenge_services
from idesluss.core.dates import add_minutes, date_bounds, date_error, format_date
from idesluss.groups import services as group_services
from idesluss.groups.models import JointFollowUp, Session
from idesluss.workshops import services as workshop_services
from idesluss.workshops.models import Workshop
from tests.factories import UserFactory, make_group, make_workshop

EDGE = datetime.datetime(9999, 12, 31, 22, 0, tzinfo=datetime.UTC)  # 23:00 in Stockholm
FIRST = datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC)
MESSAGE = "Choose a date between"


@pytest.fixture(autouse=True)
def _english(client):
    from django.utils import translation

    client.cookies["idesluss_language"] = "en"
    with translation.override("en"):
        yield


def test_bounds_are_ten_years_either_side():
    today = datetime.date(2026, 12, 5)
    assert date_bounds(today=today) == (datetime.date(2016, 12, 5), datetime.date(2036, 12, 5))
    leap = datetime.date(2028, 2, 29)
    assert date_bounds(today=leap) == (datetime.date(2018, 2, 28), datetime.date(2038, 2, 28))


def test_date_error_names_the_bounds():
    first, last = date_bounds()
    assert date_error(timezone.localdate()) is None
    assert date_error(first) is None and date_error(last) is None
    message = date_error(datetime.date(9999, 12, 31))
    assert message == f"Choose a date between {format_date(first)} and {format_date(last)}."
    assert date_error(first - datetime.timedelta(days=1)) == message
    assert date_error(EDGE) == message


def test_end_times_stop_at_the_calendars_edge():
    last = datetime.datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=datetime.UTC)
    assert add_minutes(last - datetime.timedelta(minutes=30), 90) == last
    # Stored past the edge already: it ends where it starts (and can still be shown).
    assert add_minutes(EDGE, 90) == EDGE
    assert add_minutes(EDGE, 600) == EDGE
    assert add_minutes(FIRST, -1) == FIRST
    assert add_minutes(FIRST + datetime.timedelta(days=2), -2 * 24 * 60) == FIRST + (
        datetime.timedelta(days=1)
    )
    now = timezone.now()
    assert add_minutes(now, 90) == now + datetime.timedelta(minutes=90)


@pytest.fixture
def group(coach, member):
    return make_group(coach=coach, members=[member], name="Nyckelgruppen")


@pytest.mark.django_db
def test_a_group_with_a_session_stored_at_the_end_of_time_still_shows(client, group, coach, member):
    session = group_services.session_create(
        group=group, by=coach, data=group_services.SessionInput(starts_at=timezone.now())
    )
    # Ten hours, the longest a session may be: its end would lie in the year 10000.
    Session.objects.filter(pk=session.pk).update(starts_at=EDGE, minutes=600)
    client.force_login(member)
    for url in (
        reverse("groups:detail", args=[group.pk]),
        reverse("groups:print", args=[group.pk]),
        reverse("groups:calendar", args=[group.pk]),
        reverse("groups:session", args=[group.pk, session.pk]),
        reverse("groups:session_ics", args=[group.pk, session.pk]),
        reverse("groups:export", args=[group.pk]),
        reverse("home:start"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_a_joint_follow_up_stored_at_the_end_of_time_still_shows(client, group, coach, member):
    other = make_group(coach=coach, members=[member], name="Andra")
    joint = group_services.joint_create(
        by=coach,
        data=group_services.JointInput(
            title="Gemensam", starts_at=timezone.now(), groups=[group, other]
        ),
    )
    JointFollowUp.objects.filter(pk=joint.pk).update(starts_at=EDGE, minutes=600)
    Session.objects.filter(joint=joint).update(starts_at=EDGE, minutes=600)
    client.force_login(member)
    for url in (
        reverse("groups:joint", args=[joint.pk]),
        reverse("groups:joint_ics", args=[joint.pk]),
        reverse("groups:detail", args=[group.pk]),
        reverse("groups:detail", args=[other.pk]),
        reverse("groups:calendar", args=[other.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(coach)
    assert client.get(reverse("groups:joint_edit", args=[joint.pk])).status_code == 200
    assert client.get(reverse("groups:overview")).status_code == 200


@pytest.mark.django_db
def test_a_workshop_stored_on_the_first_day_of_the_calendar_still_shows(client, coach, member):
    workshop = make_workshop(by=coach)
    workshop_services.signup_create(workshop=workshop, by=member)
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=FIRST, ends_at=FIRST + datetime.timedelta(hours=3)
    )
    client.force_login(member)
    for name in ("detail", "calendar", "signup_calendar", "summary", "print"):
        assert client.get(reverse(f"workshops:{name}", args=[workshop.pk])).status_code == 200
    assert client.get(reverse("workshops:list") + "?view=past").status_code == 200
    client.force_login(coach)
    assert client.get(reverse("workshops:edit", args=[workshop.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "time"), [("9999-12-31", "23:00"), ("0001-01-01", "00:00")])
def test_far_dates_are_refused_by_the_forms(client, group, coach, member, day, time):
    other = make_group(coach=coach, members=[member], name="Andra")
    client.force_login(coach)
    session = client.post(
        reverse("groups:session_create", args=[group.pk]),
        {"kind": "coaching", "date": day, "time": time, "minutes": "90"},
    )
    assert session.status_code == 400
    assert MESSAGE in session.context["form"].errors["date"][0]
    assert not group.sessions.exists()
    joint = client.post(
        reverse("groups:joint_create"),
        {"title": "Gemensam", "date": day, "time": time, "minutes": "120",
         "groups": [str(group.pk), str(other.pk)]},
    )  # fmt: skip
    assert joint.status_code == 400
    assert MESSAGE in joint.context["form"].errors["date"][0]
    assert not JointFollowUp.objects.exists()
    workshop = client.post(
        reverse("workshops:create"),
        {"title": "Hälsa", "date": day, "start": time, "end": "23:30", "place": "Sal 2",
         "facilitators": coach.pk, "capacity": "20", "dots_per_person": "3"},
    )  # fmt: skip
    assert workshop.status_code == 400
    assert MESSAGE in workshop.context["form"].errors["date"][0]
    assert not Workshop.objects.exists()
    edit = client.post(
        reverse("groups:edit", args=[group.pk]),
        {"kind": "workgroup", "name": "Nyckelgruppen", "purpose": "Nycklar",
         "members": [str(member.pk)], "starts_on": day, "ends_on": day},
    )  # fmt: skip
    assert edit.status_code == 400
    assert MESSAGE in edit.context["form"].errors["starts_on"][0]


@pytest.mark.django_db
def test_far_dates_are_refused_by_the_services(org, group, coach, member):
    far = datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as error:
        group_services.session_create(
            group=group, by=coach, data=group_services.SessionInput(starts_at=far)
        )
    assert MESSAGE in error.value.message_dict["starts_at"][0]
    other = make_group(coach=coach, members=[member], name="Andra")
    with pytest.raises(ValidationError) as error:
        group_services.joint_create(
            by=coach,
            data=group_services.JointInput(title="G", starts_at=far, groups=[group, other]),
        )
    assert MESSAGE in error.value.message_dict["starts_at"][0]
    session = group_services.session_create(
        group=group, by=coach, data=group_services.SessionInput(starts_at=timezone.now())
    )
    with pytest.raises(ValidationError) as error:
        group_services.action_add(
            session=session,
            by=coach,
            what="Ring",
            owner=member,
            due_on=datetime.date(9999, 12, 31),
        )
    assert MESSAGE in error.value.message_dict["due_on"][0]
    with pytest.raises(ValidationError) as error:
        workshop_services.workshop_save(
            by=coach,
            data=workshop_services.WorkshopInput(
                title="Hälsa",
                place="Sal 2",
                starts_at=FIRST,
                ends_at=FIRST + datetime.timedelta(hours=3),
                facilitators=[coach],
            ),
        )
    assert MESSAGE in error.value.message_dict["starts_at"][0]
    coordinator = UserFactory(roles=["coordinator"])
    with pytest.raises(ValidationError) as error:
        challenge_services.challenge_create_from_needs(
            by=coordinator,
            needs=[],
            data=challenge_services.ChallengeInput(
                title="Matsvinn",
                background="Mat slängs.",
                question="Hur?",
                owner_unit=org["vo"],
                opens_on=timezone.localdate(),
                closes_on=datetime.date(9999, 12, 31),
            ),
        )
    assert MESSAGE in error.value.message_dict["closes_on"][0]
    with pytest.raises(ValidationError) as error:
        group_services.group_save(
            by=coach,
            group=group,
            data=group_services.GroupInput(
                name="Nyckelgruppen",
                purpose="Nycklar",
                starts_on=datetime.date(1, 1, 1),
                members=[member],
            ),
        )
    assert MESSAGE in error.value.message_dict["starts_on"][0]


@pytest.mark.django_db
def test_a_joint_sessions_notes_can_be_kept_whatever_its_stored_time(group, coach, member):
    other = make_group(coach=coach, members=[member], name="Andra")
    joint = group_services.joint_create(
        by=coach,
        data=group_services.JointInput(title="G", starts_at=timezone.now(), groups=[group, other]),
    )
    JointFollowUp.objects.filter(pk=joint.pk).update(starts_at=EDGE)
    Session.objects.filter(joint=joint).update(starts_at=EDGE)
    session = Session.objects.get(joint=joint, group=group)
    saved = group_services.session_update(
        session=session, by=coach, data=group_services.SessionInput(notes="Vi sågs")
    )
    assert saved.notes == "Vi sågs"
