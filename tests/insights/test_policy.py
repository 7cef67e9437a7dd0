"""The insights policy against the table in docs/roles_and_permissions.md, cell by cell: every
permission × role × "unit" (a unit the person manages, or below it) or none, for one unit
(`policy.may`, `user.has_perm`) and for the queryset (`policy.filter`) alike."""

import pytest

from idesluss.accounts.models import Unit
from idesluss.insights.policy import policy
from tests.conftest import ROLES
from tests.permission_grid import rows_for

ROWS = rows_for("insights")
ON_UNITS = ["insights.view_dashboard", "insights.export"]
GLOBAL = sorted(set(ROWS) - set(ON_UNITS))


def test_every_row_has_a_rule():
    assert set(ROWS) == set(policy.rules)


@pytest.mark.django_db
@pytest.mark.parametrize("perm", ON_UNITS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", ["", "unit"])
def test_units(person_in_role, org, role, perm, relation):
    user = person_in_role(role)
    # Managers manage Hemtjänst: Hemtjänst Norr is "unit" for them, Barn och utbildning not.
    unit = org["north"] if relation == "unit" else org["bou"]
    holds = relation if role == "manager" else ""
    expected = ROWS[perm].allows(role, holds)
    assert policy.may(user, perm, unit) is expected
    assert (unit in policy.filter(user, perm, Unit.objects.all())) is expected
    if role != "anonymous":
        assert user.has_perm(perm, unit) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("perm", ON_UNITS)
@pytest.mark.parametrize("role", ROLES)
def test_some_dashboard_at_all(person_in_role, role, perm):
    """Without a unit: may they read any figures (a manager: their units')."""
    user = person_in_role(role)
    expected = ROWS[perm].allows(role, "") or ("unit" in ROWS[perm].cells[role])
    assert policy.may(user, perm) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("perm", GLOBAL)
@pytest.mark.parametrize("role", ROLES)
def test_not_about_one_unit(person_in_role, role, perm):
    user = person_in_role(role)
    assert policy.may(user, perm) is ROWS[perm].allows(role, "")
