"""The permission table of docs/roles_and_permissions.md for groups, role by role."""

import pytest

from tests.conftest import ROLES
from tests.factories import UserFactory, make_group

# Role -> (view a group that is not public, view a public one, change either, start one,
# follow-up overview). Nobody here is a member or the group's coach.
GRID = {
    "anonymous": (False, False, False, False, False),
    "employee": (False, True, False, False, False),
    "manager": (False, True, False, True, False),
    "coach": (False, True, False, True, True),
    "conversation_leader": (False, True, False, False, False),
    "coordinator": (True, True, True, True, True),
    "steering_group": (False, True, False, False, False),
    "administrator": (False, True, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_grid(person_in_role, role):
    private = make_group(is_public=False)
    public = make_group(is_public=True)
    person = person_in_role(role)
    view_private, view_public, change, add, overview = GRID[role]
    assert person.has_perm("groups.view_group", private) is view_private
    assert person.has_perm("groups.view_group", public) is view_public
    assert person.has_perm("groups.change_group", private) is change
    assert person.has_perm("groups.change_group", public) is change
    assert person.has_perm("groups.add_group") is add
    assert person.has_perm("groups.view_overview") is overview


@pytest.mark.parametrize("insider", ["member", "coach"])
def test_members_and_the_groups_coach_see_and_change_it(org, insider):
    member = UserFactory(unit=org["north"])
    coach = UserFactory(roles=["coach"])
    group = make_group(coach=coach, members=[member])
    person = member if insider == "member" else coach
    assert person.has_perm("groups.view_group", group)
    assert person.has_perm("groups.change_group", group)


def test_inactive_members_may_do_nothing(org):
    member = UserFactory(unit=org["north"])
    group = make_group(members=[member, UserFactory()])
    member.is_active = False
    assert not member.has_perm("groups.view_group", group)
    assert not member.has_perm("groups.change_group", group)


@pytest.mark.parametrize(
    ("who", "allowed"), [("owner", True), ("member", True), ("coach", True), ("outsider", False)]
)
def test_who_may_tick_off_an_action(org, session_at, who, allowed):
    import datetime

    from django.utils import timezone

    from idesluss.groups import services

    owner, other = UserFactory(), UserFactory()
    coach = UserFactory(roles=["coach"])
    group = make_group(coach=coach, members=[owner, other], is_public=True)
    session = session_at(group, coach)
    action = services.action_add(
        session=session,
        by=coach,
        what="Ring",
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    person = {"owner": owner, "member": other, "coach": coach, "outsider": UserFactory()}[who]
    assert person.has_perm("groups.complete_action", action) is allowed
