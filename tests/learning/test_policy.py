"""The learning policy against the table in docs/roles_and_permissions.md, cell by cell, for
one training or enrolment and for the queryset alike."""

import pytest

from idesluss.learning import services
from idesluss.learning.models import Enrolment, Training
from idesluss.learning.policy import policy
from tests.conftest import ROLES
from tests.factories import UserFactory, make_training
from tests.permission_grid import rows_for

ROWS = rows_for("learning")
ON_TRAININGS = sorted(
    perm for perm in ROWS if policy.rules[perm].q is not None and policy.rules[perm].model is None
)
ON_ENROLMENTS = sorted(perm for perm in ROWS if policy.rules[perm].model is Enrolment)
TRAINING_RELATIONS = ["trainer", "unit"]
ENROLMENT_RELATIONS = ["own", "trainer", "unit"]
# Relations the table does not name: nothing may depend on them.
NOT_NAMED = ["", "enrolled", "waiting"]


def test_every_relation_in_the_table_can_be_built():
    for perm, row in ROWS.items():
        allowed = ENROLMENT_RELATIONS if perm in ON_ENROLMENTS else TRAINING_RELATIONS
        assert row.relations <= set(allowed), perm


def _training_in(relation: str, user, lead, org) -> Training:
    """A training to which `user` stands in `relation` (an outsider enrolled in it)."""
    training = make_training(
        by=lead, capacity=2, responsible=user if relation == "trainer" else None
    )
    services.enrol(training=training, by=UserFactory(unit=org["bou"]))
    if relation == "unit":
        services.enrol(training=training, by=UserFactory(unit=org["north"]))
    elif relation in ("enrolled", "waiting"):
        if relation == "waiting":
            services.enrol(training=training, by=UserFactory(unit=org["bou"]))
        services.enrol(training=training, by=user)
    return training


def _enrolment_in(relation: str, user, lead, org) -> Enrolment:
    """An enrolment to which `user` stands in `relation`."""
    training = make_training(by=lead, responsible=user if relation == "trainer" else None)
    if relation == "own":
        return services.enrol(training=training, by=user)
    unit = org["north"] if relation == "unit" else org["bou"]
    return services.enrol(training=training, by=UserFactory(unit=unit))


@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_trainings_follow_the_table(person_in_role, org, role):
    # Outside the units the manager manages: their own enrolment is not their unit's.
    user = person_in_role(role) if role == "anonymous" else person_in_role(role, unit=org["bou"])
    lead = UserFactory(roles=["coordinator"], unit=org["bou"])
    relations = [""] if role == "anonymous" else [*TRAINING_RELATIONS, *NOT_NAMED]
    for relation in relations:
        training = _training_in(relation, user, lead, org)
        one = Training.objects.filter(pk=training.pk)
        for perm in ON_TRAININGS:
            where = (perm, relation)
            expected = ROWS[perm].allows(role, relation)
            assert policy.may(user, perm, Training.objects.get(pk=training.pk)) is expected, where
            assert user.has_perm(perm, training) is expected, where
            assert policy.filter(user, perm, one).exists() is expected, where


@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_enrolments_follow_the_table(person_in_role, org, role):
    # Outside the units the manager manages: their own enrolment is not their unit's.
    user = person_in_role(role) if role == "anonymous" else person_in_role(role, unit=org["bou"])
    lead = UserFactory(roles=["coordinator"], unit=org["bou"])
    relations = [""] if role == "anonymous" else [*ENROLMENT_RELATIONS, ""]
    for relation in relations:
        enrolment = _enrolment_in(relation, user, lead, org)
        one = Enrolment.objects.filter(pk=enrolment.pk)
        for perm in ON_ENROLMENTS:
            where = (perm, relation)
            expected = ROWS[perm].allows(role, relation)
            fresh = Enrolment.objects.select_related("person__unit", "training").get(
                pk=enrolment.pk
            )
            assert policy.may(user, perm, fresh) is expected, where
            assert user.has_perm(perm, fresh) is expected, where
            assert policy.filter(user, perm, one).exists() is expected, where


def test_inactive_people_may_do_nothing(org):
    coordinator = UserFactory(roles=["coordinator"])
    training = make_training(by=coordinator)
    coordinator.is_active = False
    for perm in ON_TRAININGS:
        assert not coordinator.has_perm(perm, training), perm
        assert not policy.filter(coordinator, perm).exists(), perm
