"""The workshops policy against the table in docs/roles_and_permissions.md, cell by cell, in
every phase, for one workshop (as a page loads it and bare) and for the queryset alike."""

import pytest
from django.utils import timezone

from idesluss.accounts.selectors import roles_of
from idesluss.workshops import selectors, services
from idesluss.workshops.models import SignUp, Workshop
from idesluss.workshops.policy import policy
from tests.conftest import ROLES
from tests.factories import UserFactory, make_workshop
from tests.permission_grid import rows_for

ROWS = rows_for("workshops")
# The relations the table uses, and relations it does not name (so nothing may depend on
# them): "" is none. How the test builds each is `_workshop_in`.
RELATIONS = ["facilitator", "takes part"]
NOT_NAMED = ["", "invited", "on the waiting list", "withdrawn"]
PHASES = [phase for phase, _label in Workshop.Phase.choices]


def test_every_relation_in_the_table_can_be_built():
    for row in ROWS.values():
        assert row.relations <= set(RELATIONS), row.perm


ON_WORKSHOPS = sorted(perm for perm in ROWS if policy.rules[perm].q is not None)


def _workshop_in(relation: str, user, lead) -> Workshop:
    """A workshop (planned by `lead`) to which `user` stands in `relation`."""
    if relation == "facilitator":
        return make_workshop(by=lead, facilitators=[lead, user])
    workshop = make_workshop(by=lead)
    if relation == "takes part":
        services.signup_create(workshop=workshop, by=user)
    elif relation:
        status = {
            "invited": SignUp.Status.INVITED,
            "on the waiting list": SignUp.Status.WAITING,
            "withdrawn": SignUp.Status.CANCELLED,
        }[relation]
        SignUp.objects.create(
            workshop=workshop, person=user, status=status, created_at=timezone.now()
        )
    return workshop


@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_workshops_follow_the_table_in_every_phase(person_in_role, role):
    user = person_in_role(role)
    lead = UserFactory(roles=["coordinator"])
    # An anonymous visitor stands in no relation to anything.
    relations = [""] if role == "anonymous" else [*RELATIONS, *NOT_NAMED]
    workshops = {relation: _workshop_in(relation, user, lead) for relation in relations}
    for phase in PHASES:
        Workshop.objects.filter(pk__in=[w.pk for w in workshops.values()]).update(phase=phase)
        for relation, workshop in workshops.items():
            one = Workshop.objects.filter(pk=workshop.pk)
            flags = one.annotate(
                **{perm.split(".")[1]: policy.flag(user, perm) for perm in ON_WORKSHOPS}
            ).values(*(perm.split(".")[1] for perm in ON_WORKSHOPS))[0]
            on_page = selectors.live_workshop(pk=workshop.pk, viewer=user)
            for perm in ON_WORKSHOPS:
                where = (perm, relation, phase)
                expected = ROWS[perm].allows(role, relation)
                assert policy.may(user, perm, Workshop.objects.get(pk=workshop.pk)) is expected, (
                    where
                )
                assert policy.may(user, perm, on_page) is expected, where
                assert user.has_perm(perm, workshop) is expected, where
                assert policy.filter(user, perm, one).exists() is expected, where
                assert flags[perm.split(".")[1]] is expected, where


def test_inactive_people_may_do_nothing(org):
    coordinator = UserFactory(roles=["coordinator"])
    workshop = make_workshop(by=coordinator)
    coordinator.is_active = False
    for perm in ROWS:
        assert not coordinator.has_perm(perm, workshop), perm
        if perm in ON_WORKSHOPS:
            assert not policy.filter(coordinator, perm).exists(), perm


def test_a_page_asks_no_query_for_the_permissions(django_assert_num_queries, org):
    participant = UserFactory()
    workshop = make_workshop()
    services.signup_create(workshop=workshop, by=participant)
    on_page = selectors.workshop_for_page(pk=workshop.pk, viewer=participant)
    roles_of(participant)  # the roles are read once a request
    with django_assert_num_queries(0):
        answers = {perm: policy.may(participant, perm, on_page) for perm in ON_WORKSHOPS}
    assert answers["workshops.take_part"] and not answers["workshops.view_authors"]
