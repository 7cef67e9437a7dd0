"""Who may do what with trainings, enrolments and qualifications, for one object and for
many, from one rule each.

The table is docs/roles_and_permissions.md; `tests/learning/test_policy.py` checks it cell by
cell. Everyone signed in sees the trainings and enrols themselves; the idea coordinator runs
them; a training's trainer records its attendance; managers enrol their units' people, see
their attendance and follow their units up.
"""

from __future__ import annotations

from django.db.models import Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds, managed_units_q
from idesluss.accounts.selectors import roles_of
from idesluss.core.policy import EVERYTHING, NOTHING, Policy, Rule
from idesluss.learning.models import Enrolment, Training


def is_coordinator(user) -> bool:
    return holds(user, Role.Code.COORDINATOR)


def _role(*codes: str):
    return lambda user, obj=None: holds(user, *codes)


# The relations the table names.


def is_trainer(user, training: Training | None) -> bool:
    """The person is the training's trainer ("trainer")."""
    return training is not None and training.responsible_id == user.pk


def participant_in_unit(user, training: Training | None) -> bool:
    """One of the training's participants (enrolled, waiting or completed) belongs to a unit
    the person manages ("unit")."""
    if training is None or training.pk is None or not roles_of(user).managed_paths:
        return False
    return (
        Enrolment.objects.filter(training_id=training.pk)
        .exclude(status=Enrolment.Status.CANCELLED)
        .filter(managed_units_q(user, "person__unit"))
        .exists()
    )


def participant_in_unit_q(user) -> Q:
    if not roles_of(user).managed_paths:
        return NOTHING
    enrolments = Enrolment.objects.exclude(status=Enrolment.Status.CANCELLED).filter(
        managed_units_q(user, "person__unit")
    )
    return Q(pk__in=enrolments.values("training_id"))


def _everyone(user, obj=None) -> bool:
    return True


def _everyone_q(user) -> Q:
    return EVERYTHING


def _coordinator(user, obj=None) -> bool:
    return is_coordinator(user)


def _coordinator_q(user) -> Q:
    return EVERYTHING if is_coordinator(user) else NOTHING


def _records(user, training) -> bool:
    return is_coordinator(user) or is_trainer(user, training)


def _records_q(user) -> Q:
    return EVERYTHING if is_coordinator(user) else Q(responsible_id=user.pk)


def _sees_attendance(user, training) -> bool:
    return _records(user, training) or participant_in_unit(user, training)


def _sees_attendance_q(user) -> Q:
    if is_coordinator(user):
        return EVERYTHING
    return Q(responsible_id=user.pk) | participant_in_unit_q(user)


# On one enrolment: "own", "trainer" (of its training), "unit" (the person is in a unit
# the viewer manages).


def _enrolment_unit(user, enrolment: Enrolment) -> bool:
    person = enrolment.person
    return person.unit_id is not None and roles_of(user).manages(person.unit)


def _sees_enrolment(user, enrolment: Enrolment | None) -> bool:
    if enrolment is None:
        return False
    return (
        is_coordinator(user)
        or enrolment.person_id == user.pk
        or is_trainer(user, enrolment.training)
        or _enrolment_unit(user, enrolment)
    )


def _sees_enrolment_q(user) -> Q:
    if is_coordinator(user):
        return EVERYTHING
    return (
        Q(person_id=user.pk)
        | Q(training__responsible_id=user.pk)
        | managed_units_q(user, "person__unit")
    )


def _cancels_enrolment(user, enrolment: Enrolment | None) -> bool:
    if enrolment is None:
        return False
    return (
        is_coordinator(user) or enrolment.person_id == user.pk or _enrolment_unit(user, enrolment)
    )


def _cancels_enrolment_q(user) -> Q:
    if is_coordinator(user):
        return EVERYTHING
    return Q(person_id=user.pk) | managed_units_q(user, "person__unit")


class LearningPolicy(Policy):
    """Trainings are everyone's to see and enrol in; the coordinator plans them, enrols
    anyone and grants qualifications; managers enrol and follow up their units' people."""

    model = Training
    rules = {
        "learning.view_training": Rule(check=_everyone, q=_everyone_q),
        "learning.add_training": Rule(check=_coordinator, doc="Plan a training."),
        "learning.change_training": Rule(check=_coordinator, q=_coordinator_q),
        "learning.record_attendance": Rule(
            check=_records,
            q=_records_q,
            doc="Record who attended a session (the trainer and the coordinator).",
        ),
        "learning.view_attendance": Rule(
            check=_sees_attendance,
            q=_sees_attendance_q,
            doc="The participants and their attendance: the coordinator, the trainer and the "
            "managers of a participant's unit.",
        ),
        "learning.enrol_others": Rule(
            check=_role(Role.Code.COORDINATOR, Role.Code.MANAGER),
            doc="Enrol colleagues: the coordinator anyone, a manager their units' people "
            "(the service checks the person).",
        ),
        "learning.view_enrolment": Rule(
            check=_sees_enrolment,
            q=_sees_enrolment_q,
            model=Enrolment,
            doc="An enrolment and its certificate.",
        ),
        "learning.cancel_enrolment": Rule(
            check=_cancels_enrolment, q=_cancels_enrolment_q, model=Enrolment
        ),
        "learning.view_follow_up": Rule(
            check=_role(Role.Code.COORDINATOR, Role.Code.MANAGER, Role.Code.STEERING_GROUP),
            doc="Who has which training and qualification (managers: their units), and its "
            "exports.",
        ),
        "learning.manage_qualifications": Rule(
            check=_coordinator, doc="The qualification overview: grant and withdraw."
        ),
        "learning.manage_back_office": Rule(check=_coordinator),
    }


policy = LearningPolicy()


def follow_up_units_q(user, field: str = "person__unit") -> Q:
    """The rows of the follow-up the person sees: everything for the coordinator and the
    steering group, their units' people for a manager."""
    if holds(user, Role.Code.COORDINATOR, Role.Code.STEERING_GROUP) or getattr(
        user, "is_superuser", False
    ):
        return EVERYTHING
    return managed_units_q(user, field)
