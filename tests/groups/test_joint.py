"""Joint follow-ups: one follow-up that gathers several groups, each with its own part."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from idesluss.groups import services
from idesluss.groups.models import Action, JointFollowUp, Session
from idesluss.notifications.models import Kind, Notification
from tests.conftest import ROLES
from tests.factories import UserFactory, make_group
from tests.queries import page_queries


def at(days: int, hour: int = 13) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def joint_data(groups, **extra) -> services.JointInput:
    data = {"title": "Gemensam uppföljning", "starts_at": at(7), "groups": list(groups)}
    data.update(extra)
    return services.JointInput(**data)


@pytest.fixture
def coordinator(org):
    return UserFactory(full_name="Sofia Samordnare", roles=["coordinator"])


@pytest.fixture
def three(coach, member, manager):
    """Three groups: A (member, manager) and B (member) coached by the coach, C by another."""
    other_coach = UserFactory(full_name="Olle Coach", roles=["coach"])
    a = make_group(coach=coach, members=[member, manager], name="Grupp A")
    b = make_group(
        coach=coach, members=[member, UserFactory(full_name="Bo Bengtsson")], name="Grupp B"
    )
    c = make_group(
        coach=other_coach, members=[UserFactory(full_name="Cissi Carlsson")], name="Grupp C"
    )
    return a, b, c


def test_the_coordinator_gathers_three_groups(coordinator, three, coach, member, session_at):
    a, b, c = three
    earlier = session_at(a, coach, days=-14)
    open_action = services.action_add(
        session=earlier, by=coach, what="Ring IT", owner=member, due_on=timezone.localdate()
    )
    done = services.action_add(
        session=earlier, by=coach, what="Klar sak", owner=member, due_on=timezone.localdate()
    )
    services.action_set_done(action=done, by=member)
    Notification.objects.all().delete()

    joint = services.joint_create(by=coordinator, data=joint_data([a, b, c], location="Sal 1"))

    sessions = {session.group: session for session in joint.sessions.all()}
    assert set(sessions) == {a, b, c}
    for group, session in sessions.items():
        assert session.kind == Session.Kind.FOLLOW_UP and session.starts_at == joint.starts_at
        assert set(session.participants.all()) == set(group.members.all())
    # Each group's open actions roll into its own part, and only those.
    assert list(sessions[a].carried_actions.all()) == [open_action]
    assert not sessions[b].carried_actions.exists()
    # Everyone in the groups is told once, even the member who is in two of them.
    told = list(
        Notification.objects.filter(kind=Kind.GROUP_NEWS).values_list("recipient", flat=True)
    )
    everyone = {p.pk for g in (a, b, c) for p in [*g.members.all(), g.coach]}
    assert sorted(told) == sorted(everyone)
    assert Notification.objects.filter(recipient=member).get().url == joint.get_absolute_url()


def test_decisions_and_actions_belong_to_each_group(coordinator, three, member):
    a, _b, c = three
    joint = services.joint_create(by=coordinator, data=joint_data([a, c]))
    part_c = joint.sessions.get(group=c)
    # The member of A is not in C: they cannot own C's action.
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            session=part_c, by=coordinator, what="Gör", owner=member, due_on=timezone.localdate()
        )
    assert "owner" in caught.value.message_dict
    cissi = c.members.get()
    action = services.action_add(
        session=part_c, by=coordinator, what="Gör", owner=cissi, due_on=timezone.localdate()
    )
    assert action.group == c


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"title": " "}, "title"),
        ({"starts_at": None}, "starts_at"),
        ({"starts_at": at(-400)}, "starts_at"),  # before the groups started
        ({"minutes": 5}, "minutes"),
        ({"only_one": True}, "groups"),
    ],
)
def test_bad_joint_input_is_explained_and_nothing_saved(coordinator, three, fields, error):
    groups = list(three)
    if fields.pop("only_one", False):
        groups = groups[:1]
    with pytest.raises(ValidationError) as caught:
        services.joint_create(by=coordinator, data=joint_data(groups, **fields))
    assert error in caught.value.message_dict
    assert not JointFollowUp.objects.exists() and not Session.objects.exists()


def test_a_coach_gathers_only_groups_they_may_change(coach, three, member):
    a, b, c = three
    joint = services.joint_create(by=coach, data=joint_data([a, b]))
    assert joint.sessions.count() == 2
    with pytest.raises(PermissionDenied):
        services.joint_create(by=coach, data=joint_data([a, c]))
    with pytest.raises(PermissionDenied):
        services.joint_create(by=member, data=joint_data([a, b]))
    assert JointFollowUp.objects.count() == 1


def test_moving_a_joint_moves_every_part_and_keeps_rewritten_agendas(coordinator, three, coach):
    a, b, c = three
    joint = services.joint_create(by=coordinator, data=joint_data([a, b, c], agenda="Läget"))
    part_a = joint.sessions.get(group=a)
    services.session_update(
        session=part_a,
        by=coach,
        data=services.SessionInput(
            # A joint part keeps the joint's kind and time, whatever is sent.
            kind=Session.Kind.WORK,
            starts_at=at(30),
            agenda="Vår egen agenda",
            notes="Anteckningar",
        ),
    )
    part_a.refresh_from_db()
    assert (part_a.kind, part_a.starts_at) == (Session.Kind.FOLLOW_UP, joint.starts_at)
    Notification.objects.all().delete()
    joint = services.joint_update(
        joint=joint,
        by=coordinator,
        data=joint_data([], starts_at=at(8, 9), agenda="Läget och hinder", minutes=60),
        expected_version=joint.version,
    )
    assert joint.version == 2
    parts = {s.group: s for s in Session.objects.filter(joint=joint)}
    assert all(s.starts_at == at(8, 9) and s.minutes == 60 for s in parts.values())
    assert parts[a].agenda == "Vår egen agenda" and parts[a].notes == "Anteckningar"
    assert parts[b].agenda == parts[c].agenda == "Läget och hinder"
    assert Notification.objects.filter(kind=Kind.GROUP_NEWS).exists()
    # A change based on the version before is refused, and nothing changes.
    with pytest.raises(services.SessionChanged):
        services.joint_update(
            joint=joint, by=coordinator, data=joint_data([], title="Annat"), expected_version=1
        )
    assert JointFollowUp.objects.get().title == "Gemensam uppföljning"


def test_each_groups_red_thread_shows_the_joint(client, coordinator, three, member):
    a, b, c = three
    joint = services.joint_create(by=coordinator, data=joint_data([a, b, c]))
    client.force_login(member)
    page = client.get(a.get_absolute_url())
    assert joint.get_absolute_url() in page.text
    entry = next(e for e in page.context["thread"] if e.kind == "session")
    assert entry.session.joint_id == joint.pk and entry.session.others == ("Grupp B", "Grupp C")
    assert "Gemensam uppföljning ”Gemensam uppföljning” med Grupp B, Grupp C" in page.text


# Role -> status of the joint page, its edit page and its calendar file. The groups are not
# public; "member" is in group A only (the manager), "outsider" in none.
JOINT_PAGES = {
    "anonymous": (302, 302, 302),
    "outsider": (404, 404, 404),
    "member": (200, 403, 200),
    "coach": (200, 200, 200),  # coaches A and B (not C): planned it, so may change it
    "other_coach": (200, 403, 200),  # coaches C only
    "coordinator": (200, 200, 200),
}


@pytest.mark.parametrize("who", JOINT_PAGES)
def test_who_sees_and_changes_a_joint_follow_up(client, coach, three, manager, who):
    a, b, c = three
    joint = services.joint_create(by=coach, data=joint_data([a, b]))
    joint_c = services.joint_create(
        by=UserFactory(roles=["coordinator"]), data=joint_data([a, c], title="Med C")
    )
    person = {
        "outsider": UserFactory(),
        "member": manager,
        "coach": coach,
        "other_coach": c.coach,
        "coordinator": UserFactory(roles=["coordinator"]),
    }.get(who)
    if person is not None:
        client.force_login(person)
    target = joint_c if who == "other_coach" else joint
    expected = JOINT_PAGES[who]
    for name, status in zip(("joint", "joint_edit", "joint_ics"), expected, strict=True):
        response = client.get(reverse(f"groups:{name}", args=[target.pk]))
        assert response.status_code == status, (name, who)
    response = client.post(
        reverse("groups:joint_edit", args=[target.pk]),
        {"title": "Flyttad", "date": at(9).date().isoformat(), "time": "10:00", "minutes": 60},
    )
    changed = expected[1] == 200
    assert response.status_code == (302 if changed else expected[1])
    assert JointFollowUp.objects.get(pk=target.pk).title == ("Flyttad" if changed else target.title)


def test_other_groups_parts_stay_private_on_the_joint_page(client, coordinator, three, member):
    a, _b, c = three
    joint = services.joint_create(by=coordinator, data=joint_data([a, c]))
    part_c = joint.sessions.get(group=c)
    services.decision_add(session=part_c, by=coordinator, text="Hemligt beslut i C")
    client.force_login(member)
    page = client.get(joint.get_absolute_url())
    assert page.status_code == 200
    # The groups and everyone invited are named (they meet together) ...
    assert "Grupp C" in page.text and "Cissi Carlsson" in page.text
    # ... but what C decided is C's, and C's page stays closed.
    assert "Hemligt beslut i C" not in page.text
    assert c.get_absolute_url() not in page.text
    assert client.get(part_c.get_absolute_url()).status_code == 404


def test_plan_a_joint_follow_up_from_the_overview(client, coordinator, three):
    a, b, c = three
    client.force_login(coordinator)
    overview = client.get(reverse("groups:overview"))
    assert reverse("groups:joint_create") in overview.text
    assert f'name="group" value="{a.pk}"' in overview.text
    url = reverse("groups:joint_create")
    page = client.get(f"{url}?group={a.pk}&group={c.pk}&group=x&group=99999")
    assert page.status_code == 200
    assert page.context["form"].initial["groups"] == [a.pk, c.pk, 99999]
    assert re.search(rf'name="groups" value="{a.pk}"[^>]* checked', page.text)
    assert not re.search(rf'name="groups" value="{b.pk}"[^>]* checked', page.text)
    data = {
        "title": "Gemensam uppföljning",
        "date": at(7).date().isoformat(),
        "time": "13:00",
        "minutes": "120",
        "location": "Sal 1",
        "agenda": "Läget",
        "groups": [a.pk, c.pk],
    }
    # Bad input: one group, a date in the wrong order, a group that does not exist.
    bad = client.post(url, {**data, "groups": [a.pk]})
    assert bad.status_code == 400 and "groups" in bad.context["form"].errors
    bad = client.post(url, {**data, "groups": [a.pk, "abc"]})
    assert bad.status_code == 400 and "groups" in bad.context["form"].errors
    bad = client.post(url, {**data, "date": at(-400).date().isoformat()})
    assert bad.status_code == 400 and "date" not in bad.context["form"].errors
    assert bad.context["form"].non_field_errors() or bad.context["form"].errors
    assert not JointFollowUp.objects.exists()
    response = client.post(url, data)
    joint = JointFollowUp.objects.get()
    assert response.status_code == 302 and response["Location"] == joint.get_absolute_url()
    page = client.get(joint.get_absolute_url())
    assert "Grupp A" in page.text and "Grupp C" in page.text


@pytest.mark.parametrize("role", ROLES)
def test_who_may_plan_a_joint_follow_up(client, person_in_role, role):
    person = person_in_role(role)
    if role != "anonymous":
        client.force_login(person)
    response = client.get(reverse("groups:joint_create"))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in ("coach", "coordinator") else 403)


def test_a_coach_with_fewer_than_two_groups_is_told(client, coach, member):
    make_group(coach=coach, members=[member])
    client.force_login(coach)
    page = client.get(reverse("groups:joint_create"))
    assert page.status_code == 200 and 'name="title"' not in page.text


def test_a_stale_joint_edit_is_told_and_nothing_lost(client, coordinator, three):
    a, b, _c = three
    joint = services.joint_create(by=coordinator, data=joint_data([a, b], agenda="Gammal"))
    url = reverse("groups:joint_edit", args=[joint.pk])
    client.force_login(coordinator)
    form = client.get(url).context["form"]
    services.joint_update(
        joint=joint, by=coordinator, data=joint_data([], agenda="Någon annans agenda")
    )
    mine = {**form.initial, "agenda": "Min agenda"}
    mine = {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in mine.items()
    }
    response = client.post(url, mine)
    assert response.status_code == 409
    assert "Min agenda" in response.text and "Någon annans agenda" in response.text
    assert JointFollowUp.objects.get().agenda == "Någon annans agenda"
    again = {**mine, "version": response.context["form"]["version"].value()}
    assert client.post(url, again).status_code == 302
    assert JointFollowUp.objects.get().agenda == "Min agenda"


def test_the_joint_page_costs_the_same_for_more_groups(client, coordinator, coach):
    def build(count: int) -> JointFollowUp:
        groups = []
        for index in range(count):
            member = UserFactory()
            group = make_group(coach=coach, members=[member, UserFactory()], name=f"G{index}")
            groups.append(group)
        joint = services.joint_create(by=coordinator, data=joint_data(groups))
        for session in joint.sessions.all():
            services.decision_add(session=session, by=coordinator, text="Beslut")
            services.action_add(
                session=session,
                by=coordinator,
                what="Gör",
                owner=session.group.members.first(),
                due_on=timezone.localdate(),
            )
        return joint

    small, large = build(2), build(6)
    client.force_login(coordinator)
    counts = []
    for joint in (small, large):
        counts.append(page_queries(client, joint.get_absolute_url()))
    assert counts[0] == counts[1], counts


def test_missing_joint_follow_ups_are_not_found(client, coordinator):
    client.force_login(coordinator)
    for name in ("joint", "joint_edit", "joint_ics"):
        assert client.get(reverse(f"groups:{name}", args=[987654])).status_code == 404
    assert client.get("/groups/follow-up/joint/abc/").status_code == 404
    assert Action.objects.count() == 0
