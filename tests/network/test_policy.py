"""The network policy against the table in docs/roles_and_permissions.md, cell by cell, for
one challenge and for the queryset alike."""

import pytest

from idesluss.challenges.models import Challenge
from idesluss.network.policy import policy
from tests.conftest import ROLES
from tests.factories import make_challenge
from tests.permission_grid import rows_for

ROWS = rows_for("network")
# "unit": a challenge of Hemtjänst Norr (below the Hemtjänst the manager manages).
RELATIONS = {"": "bou", "unit": "north"}
GLOBAL = sorted(perm for perm in ROWS if policy.rules[perm].q is None)
ON_CHALLENGES = sorted(perm for perm in ROWS if perm not in GLOBAL)


def test_every_rule_has_a_row_and_every_relation_can_be_built():
    assert set(ROWS) == set(policy.rules)
    for perm, row in ROWS.items():
        assert row.relations <= set(RELATIONS), perm


@pytest.mark.parametrize("role", ROLES)
def test_permissions_not_about_one_challenge_follow_the_table(person_in_role, role):
    user = person_in_role(role)
    for perm in GLOBAL:
        expected = ROWS[perm].allows(role, "")
        assert policy.may(user, perm) is expected, perm
        assert user.has_perm(perm) is expected, perm


@pytest.mark.parametrize("role", ROLES)
def test_sharing_a_challenge_follows_the_table(person_in_role, org, role):
    user = person_in_role(role)
    for relation, unit in RELATIONS.items():
        challenge = make_challenge(owner_unit=org[unit])
        one = Challenge.objects.filter(pk=challenge.pk)
        for perm in ON_CHALLENGES:
            expected = ROWS[perm].allows(role, relation)
            assert policy.may(user, perm, challenge) is expected, (perm, relation)
            assert user.has_perm(perm, challenge) is expected, (perm, relation)
            assert policy.filter(user, perm, one).exists() is expected, (perm, relation)
