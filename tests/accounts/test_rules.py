"""The role × permission grid of docs/roles_and_permissions.md."""

import pytest

from tests.conftest import ROLES

A, E, M, C, L, K, S, D = ROLES  # anonymous … administrator

GRID = {
    "core.access_backoffice": {K, D},
    "core.view_audit_trail": {D},
    "accounts.view_organisation": {E, M, C, L, K, S, D},
    "accounts.view_person": {E, M, C, L, K, S, D},
    "accounts.change_unit": {D},
    "accounts.import_people": {D},
    "accounts.assign_role": {D},
    "accounts.change_user": {D},
}


@pytest.mark.parametrize("perm", sorted(GRID))
@pytest.mark.parametrize("role", ROLES)
def test_role_permission_grid(person_in_role, role, perm):
    user = person_in_role(role)
    assert user.has_perm(perm) is (role in GRID[perm])


@pytest.mark.parametrize("role", ROLES)
def test_change_person_is_self_or_administrator(person_in_role, role):
    user = person_in_role(role)
    other = person_in_role("employee")
    assert user.has_perm("accounts.change_person", other) is (role == D)
    if role != A:
        assert user.has_perm("accounts.change_person", user)


def test_inactive_people_may_do_nothing(person_in_role):
    admin = person_in_role("administrator")
    admin.is_active = False
    for perm in GRID:
        assert not admin.has_perm(perm)


def test_superusers_may_do_everything(db):
    from idesluss.accounts.models import User

    root = User.objects.create_superuser("root@kommunen.example", "x" * 12, full_name="Root")
    assert all(root.has_perm(perm) for perm in GRID)
