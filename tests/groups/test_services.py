import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idesluss.core.models import AuditEvent
from idesluss.groups import services
from idesluss.groups.models import Action, Group, GroupEvent, Session, Status
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_group, make_idea

TODAY = timezone.localdate


def in_days(days: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=days)


def test_a_coach_starts_a_group_from_an_idea(coach, member, idea):
    group = make_group(coach=coach, members=[member], ideas=[idea], kind=Group.Kind.PILOT)
    assert list(group.ideas.all()) == [idea] and list(idea.groups.all()) == [group]
    assert group.kind == "pilot" and group.status == Status.GREEN and not group.is_public
    assert GroupEvent.objects.get(group=group).kind == GroupEvent.Kind.STARTED
    assert AuditEvent.objects.filter(action="group.start", target_id=str(group.pk)).exists()
    assert Notification.objects.filter(recipient=member, kind=Kind.GROUP_NEWS).exists()
    assert not Notification.objects.filter(recipient=coach).exists()  # never the actor


def test_an_employee_may_not_start_a_group(member):
    with pytest.raises(PermissionDenied):
        make_group(by=member, members=[member])
    assert not Group.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": " "}, "name"),
        ({"purpose": ""}, "purpose"),
        ({"starts_on": in_days(10), "ends_on": in_days(5)}, "ends_on"),
        ({"starts_on": None}, "starts_on"),
        ({"members": []}, "members"),
        ({"coach": "not a coach"}, "coach"),
    ],
)
def test_bad_group_input_is_explained_and_nothing_saved(coach, member, fields, error):
    if fields.get("coach") == "not a coach":
        fields["coach"] = member
    fields.setdefault("members", [member])
    with pytest.raises(ValidationError) as caught:
        make_group(by=coach, **fields)
    assert error in caught.value.message_dict
    assert not Group.objects.exists()


def test_status_needs_a_comment_when_not_green(group, member):
    with pytest.raises(ValidationError) as caught:
        services.group_set_status(group=group, by=member, status=Status.RED, comment=" ")
    assert "comment" in caught.value.message_dict
    group.refresh_from_db()
    assert group.status == Status.GREEN
    services.group_set_status(group=group, by=member, status=Status.RED, comment="Vi behöver hjälp")
    group.refresh_from_db()
    assert (group.status, group.status_comment) == ("red", "Vi behöver hjälp")
    assert group.events.filter(kind="status", status="red").exists()


def test_outsiders_may_not_change_a_group(group):
    outsider = UserFactory(roles=["coach"])
    with pytest.raises(PermissionDenied):
        services.group_set_status(group=group, by=outsider, status=Status.RED, comment="x")


def test_session_invites_every_member_and_tells_them(group, coach, member, manager, session_at):
    session = session_at(group, coach, days=3)
    assert set(session.participants.all()) == {member, manager}
    assert Notification.objects.filter(recipient=member, kind=Kind.GROUP_NEWS).count() == 2


def test_a_session_before_the_group_starts_is_refused(group, coach, session_at):
    with pytest.raises(ValidationError) as caught:
        session_at(group, coach, days=-100)
    assert "starts_at" in caught.value.message_dict
    assert not Session.objects.exists()


def test_participants_must_belong_to_the_group(group, coach, session_at):
    with pytest.raises(ValidationError):
        session_at(group, coach, participants=[UserFactory()])


def test_action_owner_must_be_a_member_and_due_date_not_past(group, coach, member, session_at):
    session = session_at(group, coach)
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            session=session, by=coach, what="Ring IT", owner=UserFactory(), due_on=in_days(-1)
        )
    assert set(caught.value.message_dict) == {"owner", "due_on"}
    with pytest.raises(ValidationError) as caught:
        services.action_add(session=session, by=coach, what=" ", owner=None, due_on=None)
    assert set(caught.value.message_dict) == {"what", "owner", "due_on"}
    assert not Action.objects.exists()
    action = services.action_add(
        session=session, by=coach, what="Ring IT", owner=member, due_on=TODAY()
    )
    note = Notification.objects.get(recipient=member, kind=Kind.ACTION_ASSIGNED)
    assert "Ring IT" in note.title and note.url == session.get_absolute_url()
    assert action.group == group and not action.is_done and not action.is_overdue


def test_open_actions_roll_forward_to_the_next_session(group, coach, member, manager, session_at):
    first = session_at(group, coach, days=-14)
    done = services.action_add(session=first, by=coach, what="A", owner=member, due_on=in_days(1))
    still_open = services.action_add(
        session=first, by=coach, what="B", owner=manager, due_on=in_days(2)
    )
    services.action_set_done(action=done, by=member)
    second = session_at(group, coach, days=-7)
    assert list(second.carried_actions.all()) == [still_open]
    third_action = services.action_add(
        session=second, by=coach, what="C", owner=member, due_on=in_days(3)
    )
    third = session_at(group, coach, days=7)
    # Everything still open from earlier sessions, wherever it was made.
    assert set(third.carried_actions.all()) == {still_open, third_action}
    # A session planned before the others takes up nothing made later.
    assert session_at(group, coach, days=-20).carried_actions.count() == 0


def test_editing_a_session_someone_else_changed_is_refused(group, coach, member, session_at):
    session = session_at(group, coach)
    seen = session.version
    data = services.SessionInput(starts_at=session.starts_at, notes="Coachens anteckningar")
    services.session_update(session=session, by=coach, data=data, expected_version=seen)
    late = services.SessionInput(starts_at=session.starts_at, notes="Medlemmens anteckningar")
    with pytest.raises(services.SessionChanged):
        services.session_update(session=session, by=member, data=late, expected_version=seen)
    session.refresh_from_db()
    assert session.notes == "Coachens anteckningar" and session.version == seen + 1


def test_the_owner_ticks_an_action_off_and_may_open_it_again(group, coach, member, session_at):
    session = session_at(group, coach)
    action = services.action_add(
        session=session, by=coach, what="Ring", owner=member, due_on=in_days(2)
    )
    action = services.action_set_done(action=action, by=member)
    assert action.done_at and action.done_by == member
    action = services.action_set_done(action=action, by=member, done=False)
    assert action.done_at is None
    with pytest.raises(PermissionDenied):
        services.action_set_done(action=action, by=UserFactory())


def test_decisions_need_text(group, coach, session_at):
    session = session_at(group, coach)
    with pytest.raises(ValidationError):
        services.decision_add(session=session, by=coach, text="  ")
    decision = services.decision_add(session=session, by=coach, text="Vi kör")
    assert list(session.decisions.all()) == [decision]


def test_red_thread_holds_everything_in_order(group, coach, member, session_at, stage):
    from idesluss.groups import selectors
    from idesluss.ideas import services as idea_services

    idea = make_idea(submitter=member)
    group.ideas.add(idea)
    session = session_at(group, coach, days=-1)
    services.decision_add(session=session, by=coach, text="Beslut")
    action = services.action_add(
        session=session, by=coach, what="Gör", owner=member, due_on=in_days(1)
    )
    services.action_set_done(action=action, by=member)
    services.group_set_status(group=group, by=member, status="yellow", comment="Lite sent")
    manager = group.members.exclude(pk=member.pk).get()
    idea_services.idea_move(
        idea=idea, to_stage=stage("innovation", "assessment"), by=manager, message="Vi tittar"
    )
    thread = selectors.red_thread(group=selectors.group_for_page(pk=group.pk), viewer=coach)
    kinds = [entry.kind for entry in thread]
    assert kinds.index("session") < kinds.index("decision") < kinds.index("action")
    assert kinds.index("action") < kinds.index("done") < kinds.index("status")
    assert kinds[0] in ("started", "idea") and kinds[-1] == "idea"
    assert [entry.when for entry in thread] == sorted(entry.when for entry in thread)


def test_a_session_may_be_a_little_before_the_group_starts(group, coach, session_at):
    """A meeting held just before the group was registered can be recorded (issue 12,
    item 20); long before the start it is still refused."""
    start = group.starts_on
    earliest = start - datetime.timedelta(days=services.DAYS_BEFORE_START)
    days_to = (earliest - TODAY()).days
    session = session_at(group, coach, days=days_to)
    assert timezone.localtime(session.starts_at).date() >= earliest
    with pytest.raises(ValidationError) as caught:
        session_at(group, coach, days=days_to - 2)
    assert "starts_at" in caught.value.message_dict
    assert Session.objects.count() == 1


def test_a_session_has_a_place_and_a_joint_follow_ups_sessions_share_it(
    group, coach, member, session_at
):
    session = session_at(group, coach, location="  Biblioteket  ")
    assert session.location == "Biblioteket"
    with pytest.raises(ValidationError) as caught:
        session_at(group, coach, location="x" * 201)
    assert "location" in caught.value.message_dict
    other = make_group(coach=coach, members=[member], name="Andra gruppen")
    joint = services.joint_create(
        by=coach,
        data=services.JointInput(
            title="Gemensam", starts_at=timezone.now() + datetime.timedelta(days=5),
            location="Aulan", groups=[group, other],
        ),
    )  # fmt: skip
    assert set(joint.sessions.values_list("location", flat=True)) == {"Aulan"}
    services.joint_update(
        joint=joint, by=coach,
        data=services.JointInput(
            title="Gemensam", starts_at=joint.starts_at, location="Rum 2",
            groups=[group, other],
        ),
    )  # fmt: skip
    assert set(joint.sessions.values_list("location", flat=True)) == {"Rum 2"}


def test_the_coach_may_own_an_action(group, coach, member, session_at):
    """Issue 12, item 20: the coach takes on actions too; an outsider still cannot."""
    session = session_at(group, coach)
    action = services.action_add(
        session=session, by=coach, what="Boka lokal", owner=coach, due_on=in_days(2)
    )
    assert action.owner == coach
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            session=session, by=coach, what="Ring IT", owner=UserFactory(), due_on=in_days(2)
        )
    assert set(caught.value.message_dict) == {"owner"}
