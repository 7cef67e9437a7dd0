"""Every page of the groups, for each kind of person: anonymous, an outsider employee, a
member, the group's coach and the coordinator. And bad input never ends in a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from idesluss.groups import services
from idesluss.groups.models import Action, Decision, Group, Session
from tests.factories import UserFactory, make_group

WHO = ["anonymous", "outsider", "member", "coach", "coordinator"]


@pytest.fixture
def world(group, coach, member, session_at):
    """The private group with a session, an action for the member, and a joint follow-up
    with a group coached by someone else."""
    session = session_at(group, coach, days=2)
    action = services.action_add(
        session=session, by=coach, what="Ring IT", owner=member, due_on=timezone.localdate()
    )
    other = make_group(coach=UserFactory(roles=["coach"]), members=[UserFactory()], name="Annan")
    coordinator = UserFactory(roles=["coordinator"])
    joint = services.joint_create(
        by=coordinator,
        data=services.JointInput(
            title="Gemensam",
            starts_at=timezone.now() + datetime.timedelta(days=5),
            groups=[group, other],
        ),
    )
    return {
        "session": session,
        "action": action,
        "joint": joint,
        "people": {
            "outsider": UserFactory(),
            "member": member,
            "coach": coach,
            "coordinator": coordinator,
        },
    }


def pages(group: Group, session: Session, joint) -> dict[str, str]:
    g, s = group.pk, session.pk
    return {
        "list": reverse("groups:list"),
        "my_actions": reverse("groups:my_actions"),
        "pick_people": reverse("groups:pick_people") + "?members_q=mo",
        "pick_ideas": reverse("groups:pick_ideas") + "?ideas_q=nyckel",
        "overview": reverse("groups:overview"),
        "create": reverse("groups:create"),
        "joint_create": reverse("groups:joint_create"),
        "detail": reverse("groups:detail", args=[g]),
        "print": reverse("groups:print", args=[g]),
        "export": reverse("groups:export", args=[g]),
        "calendar": reverse("groups:calendar", args=[g]),
        "edit": reverse("groups:edit", args=[g]),
        "session_create": reverse("groups:session_create", args=[g]),
        "session": reverse("groups:session", args=[g, s]),
        "session_edit": reverse("groups:session_edit", args=[g, s]),
        "session_ics": reverse("groups:session_ics", args=[g, s]),
        "joint": reverse("groups:joint", args=[joint.pk]),
        "joint_edit": reverse("groups:joint_edit", args=[joint.pk]),
        "joint_ics": reverse("groups:joint_ics", args=[joint.pk]),
    }


OPEN = {"list", "my_actions", "pick_people", "pick_ideas"}
COACHES = {"overview", "create", "joint_create"}
GROUP = {
    "detail",
    "print",
    "export",
    "calendar",
    "edit",
    "session_create",
    "session",
    "session_edit",
    "session_ics",
}
JOINT_READ = {"joint", "joint_ics"}


def expected(who: str, page: str) -> int:
    if who == "anonymous":
        return 302
    if page in OPEN or who == "coordinator":
        return 200
    if page in COACHES:
        return 200 if who == "coach" else 403
    if page in GROUP | JOINT_READ:
        return 404 if who == "outsider" else 200
    # joint_edit: the joint gathers a group they are not in (or do not coach).
    return 404 if who == "outsider" else 403


@pytest.mark.parametrize("who", WHO)
def test_every_page_for_every_kind_of_person(client, world, group, who):
    person = world["people"].get(who)
    if person is not None:
        client.force_login(person)
    for page, url in pages(group, world["session"], world["joint"]).items():
        response = client.get(url)
        assert response.status_code == expected(who, page), (page, who)
        if who == "anonymous":
            assert "login" in response["Location"]


@pytest.mark.parametrize("who", WHO)
def test_every_change_for_every_kind_of_person(client, world, group, member, who):
    person = world["people"].get(who)
    if person is not None:
        client.force_login(person)
    session, action = world["session"], world["action"]
    g, s = group.pk, session.pk
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    posts = [
        (reverse("groups:status", args=[g]), {"status": "yellow", "comment": "Oro"}),
        (reverse("groups:decision_add", args=[g, s]), {"text": "Beslut"}),
        (
            reverse("groups:action_add", args=[g, s]),
            {"what": "Ny", "owner": member.pk, "due_on": due},
        ),
        (
            reverse("groups:session_create", args=[g]),
            {"kind": "work", "date": due, "time": "09:00"},
        ),
    ]
    insider = who in ("member", "coach", "coordinator")
    for url, data in posts:
        response = client.post(url, data)
        if who == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == (302 if insider else 404), (url, who)
    response = client.post(reverse("groups:action_done", args=[action.pk]))
    assert response.status_code == (302 if insider else 302 if who == "anonymous" else 404)
    group.refresh_from_db()
    action.refresh_from_db()
    assert (group.status == "yellow") is insider
    assert Decision.objects.exists() is insider
    assert (Action.objects.count() == 2) is insider
    assert (action.done_at is not None) is insider
    assert Session.objects.filter(group=group).count() == (3 if insider else 2)


def test_bad_input_never_ends_in_a_500(client, world, group, member, coach):
    client.force_login(coach)
    session = world["session"]
    g, s = group.pk, session.pk
    for url in (
        reverse("groups:list") + "?page=abc&view=%00",
        reverse("groups:my_actions") + "?page=-1&view=done",
        reverse("groups:overview") + "?weeks=abc&page=x",
        reverse("groups:overview") + "?weeks=99999999999999999999",
        reverse("groups:create") + "?idea=abc&idea=99999999999999999999999&idea=",
        reverse("groups:joint_create") + "?group=abc&group=99999999999999999999999",
        reverse("groups:pick_people")
        + "?members=abc&members=99999999999999999999999&members_q=%00",
        reverse("groups:pick_ideas") + "?ideas=-1&ideas_q=" + "x" * 5000,
    ):
        assert client.get(url).status_code == 200, url
    for url in ("/groups/abc/", "/groups/1/sessions/abc/", "/groups/actions/abc/done/"):
        assert client.get(url).status_code == 404
    assert client.get(reverse("groups:detail", args=[987654])).status_code == 404
    assert client.post(reverse("groups:action_done", args=[987654])).status_code == 404
    bad_posts = [
        (
            reverse("groups:action_add", args=[g, s]),
            {"what": "x", "owner": "abc", "due_on": "2026-13-45"},
        ),
        (
            reverse("groups:session_create", args=[g]),
            {
                "kind": "nonsense",
                "date": "igår",
                "time": "25:61",
                "minutes": "-5",
                "participants": ["x"],
            },
        ),
        (
            reverse("groups:session_edit", args=[g, s]),
            {"kind": "coaching", "date": "2026-01-01", "time": "09:00", "version": "abc"},
        ),
        (reverse("groups:status", args=[g]), {"status": "purple"}),
        (
            reverse("groups:edit", args=[g]),
            {"kind": "x", "members": ["abc"], "ideas": ["-1"], "starts_on": "nej"},
        ),
        (
            reverse("groups:joint_create"),
            {"title": "", "groups": ["abc"], "date": "x", "time": "y", "minutes": "z"},
        ),
        (
            reverse("groups:joint_edit", args=[world["joint"].pk]),
            {"title": "", "date": "x", "time": "y", "minutes": "z", "version": "v"},
        ),
    ]
    client.force_login(world["people"]["coordinator"])
    for url, data in bad_posts:
        response = client.post(url, data)
        assert response.status_code == 400, (url, response.status_code)
    assert Action.objects.count() == 1 and Session.objects.filter(group=group).count() == 2


def test_a_session_planned_long_before_the_group_starts_is_refused(client, group, coach):
    """A little before the start is allowed (a meeting held before the group was
    registered); long before it is not."""
    client.force_login(coach)
    days = services.DAYS_BEFORE_START + 1
    before = (group.starts_on - datetime.timedelta(days=days)).isoformat()
    response = client.post(
        reverse("groups:session_create", args=[group.pk]),
        {"kind": "coaching", "date": before, "time": "09:00"},
    )
    assert response.status_code == 400 and "starts_at" not in response.context["form"].fields
    assert response.context["form"].non_field_errors()
    assert not Session.objects.exists()
