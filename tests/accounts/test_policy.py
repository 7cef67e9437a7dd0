"""The accounts policy against the table in docs/roles_and_permissions.md, cell by cell, for
one object and for the queryset alike."""

import pytest

from idesluss.accounts.models import User
from idesluss.accounts.policy import policy
from tests.conftest import ROLES
from tests.permission_grid import rows_for

ROWS = {**rows_for("accounts"), **rows_for("core")}
# The relations the table uses for people, and how the test builds each: "" is none.
RELATIONS = {"": "someone else", "own": "the person themselves"}


def test_every_relation_in_the_table_can_be_built():
    for row in ROWS.values():
        assert row.relations <= set(RELATIONS), row.perm


ON_PEOPLE = sorted(perm for perm in ROWS if policy.rules[perm].q is not None)


@pytest.mark.parametrize("perm", ON_PEOPLE)
@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_people_follow_the_table_for_one_and_for_many(person_in_role, role, perm):
    user = person_in_role(role)
    # An anonymous visitor has no record of their own: only "someone else" applies.
    relations = [""] if role == "anonymous" else sorted(RELATIONS)
    for relation in relations:
        target = user if relation == "own" else person_in_role("employee")
        expected = ROWS[perm].allows(role, relation)
        assert policy.may(user, perm, target) is expected, relation
        assert user.has_perm(perm, target) is expected, relation
        listed = policy.filter(user, perm, User.objects.filter(pk=target.pk)).exists()
        assert listed is expected, relation


def test_the_flag_column_matches_the_rule(person_in_role):
    admin, employee = person_in_role("administrator"), person_in_role("employee")
    other = person_in_role("employee")
    for user in (admin, employee):
        flags = dict(
            User.objects.filter(pk__in=[employee.pk, other.pk])
            .annotate(may=policy.flag(user, "accounts.change_person"))
            .values_list("pk", "may")
        )
        assert flags == {
            pk: policy.may(user, "accounts.change_person", User.objects.get(pk=pk))
            for pk in (employee.pk, other.pk)
        }


def test_everything_stays_everything_when_combined(person_in_role):
    from django.db.models import Q

    from idesluss.core.policy import EVERYTHING

    person, other = person_in_role("employee"), person_in_role("employee")
    either = EVERYTHING | Q(pk=person.pk)
    assert set(User.objects.filter(either)) >= {person, other}
