"""The needs and challenges policies against the table in docs/roles_and_permissions.md, cell
by cell, for challenges that are upcoming, open and closed, for one object and for the
queryset alike."""

import datetime

import pytest
from django.utils import timezone

from idesluss.accounts.models import Unit
from idesluss.challenges.models import Challenge, Need
from idesluss.challenges.policy import need_policy, owner_units_q, policy, policy_for
from tests.conftest import ROLES
from tests.factories import UserFactory, make_challenge, make_need
from tests.permission_grid import rows_for

ROWS = rows_for("challenges")
# The relations the table uses, by model, and how the test builds each ("" is none): a
# manager manages Hemtjänst (and Hemtjänst Norr below it), not Barn och utbildning.
CHALLENGE_RELATIONS = {"": "bou", "unit": "north"}
NEED_RELATIONS = ["not own", "own"]
STATUSES = {  # opens, closes: days from today
    Challenge.Status.UPCOMING: (5, 30),
    Challenge.Status.OPEN: (0, 0),
    Challenge.Status.CLOSED: (-30, -1),
}


def test_every_relation_in_the_table_can_be_built():
    for perm, row in ROWS.items():
        relations = CHALLENGE_RELATIONS if policy_for(perm) is policy else NEED_RELATIONS
        assert row.relations <= set(relations), perm


GLOBAL = sorted(perm for perm in ROWS if policy_for(perm).rules[perm].q is None)
ON_CHALLENGES = sorted(perm for perm in ROWS if perm in policy.rules and perm not in GLOBAL)
ON_NEEDS = sorted(perm for perm in ROWS if perm in need_policy.rules and perm not in GLOBAL)


@pytest.mark.parametrize("role", ROLES)
def test_creating_challenges_at_all_is_for_whoever_may_for_some_unit(person_in_role, role):
    user = person_in_role(role)
    expected = bool(ROWS["challenges.add_challenge"].cells[role])
    assert policy.may(user, "challenges.add_challenge") is expected
    assert user.has_perm("challenges.add_challenge") is expected


def _days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_challenges_follow_the_table_in_every_status(person_in_role, org, role):
    user = person_in_role(role)
    challenges = {
        relation: make_challenge(owner_unit=org[unit])
        for relation, unit in CHALLENGE_RELATIONS.items()
    }
    for status, (opens, closes) in STATUSES.items():
        Challenge.objects.filter(pk__in=[c.pk for c in challenges.values()]).update(
            opens_on=_days(opens), closes_on=_days(closes)
        )
        for relation, challenge in challenges.items():
            challenge = Challenge.objects.get(pk=challenge.pk)
            assert challenge.status_on(timezone.localdate()) == status
            one = Challenge.objects.filter(pk=challenge.pk)
            for perm in ON_CHALLENGES:
                where = (perm, relation, status)
                expected = ROWS[perm].allows(role, relation)
                assert policy.may(user, perm, challenge) is expected, where
                assert user.has_perm(perm, challenge) is expected, where
                assert policy.filter(user, perm, one).exists() is expected, where
                flag = one.annotate(may=policy.flag(user, perm)).values_list("may", flat=True)
                assert flag.get() is expected, where


@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_needs_follow_the_table(person_in_role, role):
    user = person_in_role(role)
    # An anonymous visitor has recorded nothing: only "not own" applies.
    relations = ["not own"] if role == "anonymous" else NEED_RELATIONS
    for relation in relations:
        need = make_need(by=user if relation == "own" else UserFactory())
        one = Need.objects.filter(pk=need.pk)
        for perm in ON_NEEDS:
            expected = ROWS[perm].allows(role, relation)
            assert need_policy.may(user, perm, need) is expected, (perm, relation)
            assert user.has_perm(perm, need) is expected, (perm, relation)
            assert need_policy.filter(user, perm, one).exists() is expected, (perm, relation)
            flag = one.annotate(may=need_policy.flag(user, perm)).values_list("may", flat=True)
            assert flag.get() is expected, (perm, relation)


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_challenge_form_offers_the_units_the_policy_allows(person_in_role, org, role):
    user = person_in_role(role)
    offered = set(Unit.objects.filter(owner_units_q(user)))
    for unit in org.values():
        may = policy.may(user, "challenges.add_challenge", Challenge(owner_unit=unit))
        assert (unit in offered) is may, (role, unit.code)


def test_inactive_people_may_do_nothing(org):
    coordinator = UserFactory(roles=["coordinator"])
    need = make_need()
    challenge = make_challenge(owner_unit=org["north"])
    coordinator.is_active = False
    for perm in ROWS:
        assert not coordinator.has_perm(perm), perm
    assert not coordinator.has_perm("challenges.echo_need", need)
    assert not coordinator.has_perm("challenges.change_challenge", challenge)
    assert not policy.filter(coordinator, "challenges.change_challenge").exists()
