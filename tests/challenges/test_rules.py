"""The needs bank and challenges: role × permission grids (docs/roles_and_permissions.md)."""

import pytest

from tests.conftest import ROLES
from tests.factories import UserFactory, make_challenge, make_need

EVERYONE = set(ROLES) - {"anonymous"}

GRID = {
    "challenges.view_need": EVERYONE,
    "challenges.record_need": EVERYONE,
    "challenges.view_challenge": EVERYONE,
    "challenges.add_challenge": {"manager", "coordinator"},
}


@pytest.mark.parametrize("perm", sorted(GRID))
@pytest.mark.parametrize("role", ROLES)
def test_role_permission_grid(person_in_role, role, perm):
    user = person_in_role(role)
    assert user.has_perm(perm) is (role in GRID[perm])


@pytest.mark.parametrize("role", ROLES)
def test_echo_anyone_but_who_recorded_it(person_in_role, role):
    need = make_need()
    user = person_in_role(role)
    assert user.has_perm("challenges.echo_need", need) is (role != "anonymous")
    if role != "anonymous":
        own = make_need(by=user)
        assert not user.has_perm("challenges.echo_need", own)


# A manager manages Hemtjänst (and Hemtjänst Norr below it), not Barn och utbildning.
@pytest.mark.parametrize(
    ("role", "own_unit", "other_unit"),
    [
        ("anonymous", False, False),
        ("employee", False, False),
        ("manager", True, False),
        ("coach", False, False),
        ("conversation_leader", False, False),
        ("coordinator", True, True),
        ("steering_group", False, False),
        ("administrator", False, False),
    ],
)
def test_change_challenge_grid(person_in_role, org, role, own_unit, other_unit):
    user = person_in_role(role)
    in_north = make_challenge(owner_unit=org["north"])
    in_bou = make_challenge(owner_unit=org["bou"])
    assert user.has_perm("challenges.change_challenge", in_north) is own_unit
    assert user.has_perm("challenges.change_challenge", in_bou) is other_unit


def test_inactive_people_may_do_nothing(org):
    coordinator = UserFactory(roles=["coordinator"])
    coordinator.is_active = False
    need = make_need()
    for perm in GRID:
        assert not coordinator.has_perm(perm)
    assert not coordinator.has_perm("challenges.echo_need", need)
