"""The groups policy against the table in docs/roles_and_permissions.md, cell by cell: every
permission × role × relation the table names (and none) × the statuses that matter (a public
or a private group; for a joint follow-up, how many of its groups are public), for one object
(`policy.may`, `user.has_perm`) and for the queryset (`policy.filter`) alike."""

import datetime

import pytest
from django.utils import timezone

from idesluss.groups.models import Action, Group, JointFollowUp, Session
from idesluss.groups.policy import policy
from tests.conftest import ROLES
from tests.factories import UserFactory
from tests.permission_grid import rows_for

ROWS = rows_for("groups")
ON_GROUPS = ["groups.view_group", "groups.change_group"]
ON_ACTIONS = ["groups.view_action", "groups.complete_action"]
ON_JOINTS = ["groups.view_joint", "groups.view_joint_guests", "groups.change_joint"]
GLOBAL = sorted(set(ROWS) - {*ON_GROUPS, *ON_ACTIONS, *ON_JOINTS})

SEES = "sees one of its groups"
INVITED = "invited"
PLANNED = "planned it"
CHANGES_ALL = "changes all its groups"


def _group(*, coach=None, members=(), is_public: bool = False) -> Group:
    group = Group.objects.create(
        name="Gruppen",
        purpose="Pröva.",
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        coach=coach or UserFactory(),
        is_public=is_public,
    )
    group.members.set([UserFactory(), *members])
    return group


def _at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


# Each builder makes the object with `person` in one relation and returns it with the
# relations of the table that hold (before the status adds "public" or "sees one of its
# groups").


def _build_group(relation: str, person, public: bool) -> tuple[Group, set[str]]:
    if relation == "member":
        return _group(members=[person], is_public=public), {"insider"}
    if relation == "coach of the group":
        return _group(coach=person, is_public=public), {"insider"}
    return _group(is_public=public), set()


GROUP_RELATIONS = ["", "member", "coach of the group"]


def _build_action(relation: str, person, public: bool) -> tuple[Action, set[str]]:
    holds: set[str] = set()
    if relation in ("member", "owner", "owner who left"):
        group = _group(members=[person], is_public=public)
        holds = {"insider"}
    elif relation == "coach of the group":
        group = _group(coach=person, is_public=public)
        holds = {"insider"}
    else:
        group = _group(is_public=public)
    session = Session.objects.create(group=group, starts_at=_at(-7))
    owner = person if relation.startswith("owner") else group.members.first()
    action = Action.objects.create(
        group=group,
        session=session,
        what="Ring",
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    if relation.startswith("owner"):
        holds.add("owner")
    if relation == "owner who left":
        group.members.remove(person)
        holds.discard("insider")
    return action, holds


ACTION_RELATIONS = ["", "member", "coach of the group", "owner", "owner who left"]


def _build_joint(relation: str, person, public: int) -> tuple[JointFollowUp, set[str]]:
    """A joint follow-up of groups A and B (`public` of them public, A first)."""
    in_a = relation in ("member of A", "member of A, invited", "member of A and B")
    in_b = relation == "member of A and B"
    a = _group(
        members=[person] if in_a else [],
        coach=person if relation.startswith("coach of A") else None,
        is_public=public >= 1,
    )
    b = _group(
        members=[person] if in_b else [],
        coach=person if relation == "coach of A and B" else None,
        is_public=public >= 2,
    )
    joint = JointFollowUp.objects.create(
        title="Gemensam", starts_at=_at(7), created_by=person if relation == PLANNED else None
    )
    parts = [
        Session.objects.create(group=g, joint=joint, starts_at=joint.starts_at) for g in (a, b)
    ]
    for part, group in zip(parts, (a, b), strict=True):
        part.participants.set(group.members.all())
    if relation in ("invited", "member of A, invited"):
        parts[0].participants.add(person)
    if relation == "invited":
        # Invited, then left the group: still invited, no longer sees it.
        a.members.remove(person)
    if relation == "member of A and B":
        # Joined both after the follow-up was planned: not invited to it.
        for part in parts:
            part.participants.remove(person)
    holds = {
        "": set(),
        "member of A": {SEES},
        "member of A, invited": {SEES, INVITED},
        "member of A and B": {SEES, CHANGES_ALL},
        "invited": {INVITED},
        "coach of A": {SEES, INVITED},
        "coach of A and B": {SEES, INVITED, CHANGES_ALL},
        PLANNED: {INVITED, PLANNED},
    }[relation]
    if relation == "member of A":
        parts[0].participants.remove(person)
    return joint, holds


JOINT_RELATIONS = [
    "",
    "member of A",
    "member of A, invited",
    "member of A and B",
    "invited",
    "coach of A",
    "coach of A and B",
    PLANNED,
]


def _expected(perm: str, role: str, holds: set[str]) -> bool:
    cell = ROWS[perm].cells[role]
    return "✔" in cell or bool(cell & holds)


def _check(user, perm: str, obj, expected: bool, what: str) -> None:
    assert policy.may(user, perm, obj) is expected, what
    assert user.has_perm(perm, obj) is expected, what
    listed = policy.filter(user, perm, type(obj).objects.filter(pk=obj.pk)).exists()
    assert listed is expected, what
    flagged = (
        type(obj)
        .objects.filter(pk=obj.pk)
        .annotate(may=policy.flag(user, perm))
        .values_list("may", flat=True)
        .get()
    )
    assert bool(flagged) is expected, what


def test_the_lists_above_sort_the_tables_permissions_by_object():
    assert {*ON_GROUPS, *ON_ACTIONS, *ON_JOINTS} <= set(ROWS)
    for perm in GLOBAL:
        assert policy.rules[perm].q is None, perm


def test_every_relation_in_the_table_can_be_built():
    built = {
        "groups": {"public", "insider"},
        "actions": {"public", "insider", "owner"},
        "joints": {SEES, INVITED, PLANNED, CHANGES_ALL},
    }
    for perm in ON_GROUPS:
        assert ROWS[perm].relations <= built["groups"], perm
    for perm in ON_ACTIONS:
        assert ROWS[perm].relations <= built["actions"], perm
    for perm in ON_JOINTS:
        assert ROWS[perm].relations <= built["joints"], perm
    for perm in GLOBAL:
        assert not ROWS[perm].relations, perm


@pytest.mark.parametrize("perm", ON_GROUPS)
@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_groups_follow_the_table(person_in_role, role, perm):
    relations = [""] if role == "anonymous" else GROUP_RELATIONS
    for relation in relations:
        for public in (False, True):
            user = person_in_role(role)
            group, holds = _build_group(relation, user, public)
            holds |= {"public"} if public else set()
            _check(user, perm, group, _expected(perm, role, holds), f"{relation} {public=}")


@pytest.mark.parametrize("perm", ON_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_actions_follow_the_table(person_in_role, role, perm):
    relations = [""] if role == "anonymous" else ACTION_RELATIONS
    for relation in relations:
        for public in (False, True):
            user = person_in_role(role)
            action, holds = _build_action(relation, user, public)
            holds |= {"public"} if public else set()
            action = Action.objects.select_related("group").get(pk=action.pk)
            _check(user, perm, action, _expected(perm, role, holds), f"{relation} {public=}")


@pytest.mark.parametrize("perm", ON_JOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_joint_follow_ups_follow_the_table(person_in_role, role, perm):
    relations = [""] if role == "anonymous" else JOINT_RELATIONS
    for relation in relations:
        # None, one or both of its groups public.
        for public in (0, 1, 2):
            user = person_in_role(role)
            joint, holds = _build_joint(relation, user, public)
            holds |= {SEES} if public else set()
            joint = JointFollowUp.objects.prefetch_related(
                "sessions__group__members", "sessions__participants"
            ).get(pk=joint.pk)
            _check(user, perm, joint, _expected(perm, role, holds), f"{relation} {public=}")


def test_the_coordinator_answers_for_every_group_without_a_group(person_in_role):
    """The back office asks for model permissions without an object: the coordinator's."""
    coordinator, employee = person_in_role("coordinator"), person_in_role("employee")
    for perm in [*ON_GROUPS, *ON_ACTIONS, *ON_JOINTS]:
        assert coordinator.has_perm(perm) is True, perm
        assert employee.has_perm(perm) is False, perm


def test_inactive_members_may_do_nothing(person_in_role):
    member = person_in_role("coordinator")
    group = _group(members=[member], is_public=True)
    member.is_active = False
    for perm in ON_GROUPS:
        assert not member.has_perm(perm, group)
        assert not policy.filter(member, perm).exists()
