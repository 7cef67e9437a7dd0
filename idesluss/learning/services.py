"""Every change to a training goes through these functions: they check the rules, validate,
keep the audit trail and tell the people involved.

Places are counted under a lock on the training's row, so two people enrolling at once never
take more places than there are; a place given back goes to whoever has waited longest.
Completion follows the training's rule (attended at least its percentage of the sessions)
each time attendance is recorded, or the coordinator marks it by hand; completing a training
that grants a qualification grants it (accounts.services.qualification_grant)."""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts import services as account_services
from idesluss.accounts.models import User
from idesluss.accounts.selectors import roles_of
from idesluss.core.dates import date_error
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.learning import notifications
from idesluss.learning.models import (
    Attendance,
    Enrolment,
    Grants,
    Training,
    TrainingSession,
    sessions_required,
)
from idesluss.learning.policy import is_coordinator, policy

MAX_CAPACITY = 1000
MAX_VALIDITY_MONTHS = 240
Status = Enrolment.Status


def _require(by: User, perm: str, obj=None) -> None:
    if not policy.may(by, perm, obj):
        raise PermissionDenied


@dataclass
class TrainingInput:
    title: str = ""
    description: str = ""
    target_group: str = ""
    capacity: int | None = 20
    completion_percent: int | None = 80
    grants: str = ""
    validity_months: int | None = None
    responsible: User | None = None
    enrolment_open: bool = True


def _validate_training(data: TrainingInput) -> None:
    errors: dict[str, list[str]] = {}
    if not single_line(data.title):
        errors["title"] = [_("Give the training a title.")]
    elif len(single_line(data.title)) > 150:
        errors["title"] = [_("The title can be at most 150 characters.")]
    if data.capacity is None or not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = [
            _("The number of places must be between 1 and %(max)s.") % {"max": MAX_CAPACITY}
        ]
    if data.completion_percent is None or not 1 <= data.completion_percent <= 100:
        errors["completion_percent"] = [_("The attendance needed must be between 1 and 100 %.")]
    if data.grants and data.grants not in Grants.values:
        errors["grants"] = [_("Choose a qualification from the list.")]
    if data.validity_months is not None:
        if not data.grants:
            errors["validity_months"] = [
                _("A validity only applies to a training that grants a qualification.")
            ]
        elif not 1 <= data.validity_months <= MAX_VALIDITY_MONTHS:
            errors["validity_months"] = [
                _("The validity must be between 1 and %(max)s months.")
                % {"max": MAX_VALIDITY_MONTHS}
            ]
    if data.responsible is not None and not data.responsible.is_active:
        errors["responsible"] = [_("The trainer no longer has an account here.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_save(*, by: User, data: TrainingInput, training: Training | None = None) -> Training:
    """Plan a training, or change one (the idea coordinator); more places fill the waiting
    list."""
    if training is None:
        _require(by, "learning.add_training")
        training = Training(created_by=by)
    else:
        training = Training.objects.select_for_update().get(pk=training.pk)
        _require(by, "learning.change_training", training)
    _validate_training(data)
    new = training.pk is None
    if not new and data.capacity < _taken(training):
        raise ValidationError(
            {"capacity": [_("More people are enrolled already than that number of places.")]}
        )
    training.title = single_line(data.title)
    training.description = data.description.strip()
    training.target_group = single_line(data.target_group)
    training.capacity = data.capacity
    training.completion_percent = data.completion_percent
    training.grants = data.grants
    training.validity_months = data.validity_months if data.grants else None
    training.responsible = data.responsible
    training.enrolment_open = data.enrolment_open
    if not new:
        training.version = F("version") + 1
    training.save()
    training.refresh_from_db(fields=["version"])
    if not new:
        _fill_from_waiting_list(training, by)
    audit_record(actor=by, action="training.create" if new else "training.save", target=training)
    return training


def _bump(training: Training) -> None:
    Training.objects.filter(pk=training.pk).update(version=F("version") + 1)


@transaction.atomic
def session_add(
    *,
    training: Training,
    by: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    topic: str = "",
) -> TrainingSession:
    """Add a session (date, time, place) to a training."""
    locked = Training.objects.select_for_update().get(pk=training.pk)
    _require(by, "learning.change_training", locked)
    errors: dict[str, list[str]] = {}
    if date_error(starts_at):
        errors["date"] = [date_error(starts_at)]
    elif ends_at <= starts_at:
        errors["end"] = [_("The session must end after it starts.")]
    if len(single_line(place)) > 200:
        errors["place"] = [_("The place can be at most 200 characters.")]
    if len(single_line(topic)) > 150:
        errors["topic"] = [_("The topic can be at most 150 characters.")]
    if errors:
        raise ValidationError(errors)
    session = TrainingSession.objects.create(
        training=locked,
        starts_at=starts_at,
        ends_at=ends_at,
        place=single_line(place),
        topic=single_line(topic),
    )
    _bump(locked)
    audit_record(
        actor=by, action="training.session_add", target=locked, data={"session": session.pk}
    )
    return session


@transaction.atomic
def session_delete(*, session: TrainingSession, by: User) -> None:
    """Take a session off a training; one with attendance recorded stays (it happened)."""
    locked = Training.objects.select_for_update().get(pk=session.training_id)
    _require(by, "learning.change_training", locked)
    if Attendance.objects.filter(session=session).exists():
        raise ValidationError(_("Attendance is recorded for the session: it cannot be removed."))
    pk = session.pk
    session.delete()
    _bump(locked)
    audit_record(actor=by, action="training.session_delete", target=locked, data={"session": pk})


# Enrolment and the waiting list


def _taken(training: Training) -> int:
    return Enrolment.objects.filter(training=training, status__in=Enrolment.HOLDING_PLACE).count()


def may_enrol_person(by: User, person: User) -> bool:
    """Who may enrol whom: oneself; the coordinator anyone; a manager their units' people."""
    if person.pk == by.pk:
        return policy.may(by, "learning.view_training")
    if not policy.may(by, "learning.enrol_others"):
        return False
    return is_coordinator(by) or bool(by.is_superuser) or roles_of(by).manages(person.unit)


def _enrol_one(locked: Training, person: User, by: User, now: datetime.datetime) -> Enrolment:
    enrolment = Enrolment.objects.filter(training=locked, person=person).first()
    if enrolment is not None and enrolment.status != Status.CANCELLED:
        if person.pk == by.pk:
            raise ValidationError(_("You are already enrolled in this training."))
        raise ValidationError(
            _("%(name)s is already enrolled in this training.") % {"name": person.full_name}
        )
    status = Status.ENROLLED if _taken(locked) < locked.capacity else Status.WAITING
    values = {
        "status": status,
        "enrolled_by": by,
        "enrolled_at": now if status == Status.ENROLLED else None,
        "waiting_since": now if status == Status.WAITING else None,
        "completed_at": None,
        "completed_by": None,
    }
    if enrolment is None:
        return Enrolment.objects.create(training=locked, person=person, created_at=now, **values)
    for name, value in values.items():
        setattr(enrolment, name, value)
    enrolment.save(update_fields=list(values))
    return enrolment


def _open_or_refuse(training: Training) -> None:
    if not training.enrolment_open:
        raise ValidationError(_("The training is closed for enrolment."))


@transaction.atomic
def enrol(*, training: Training, by: User, person: User | None = None) -> Enrolment:
    """Enrol oneself (or, for the coordinator and managers, a colleague); a full training
    puts them on the waiting list."""
    person = person or by
    # The training row is the lock: two people taking the last place one after the other.
    locked = Training.objects.select_for_update().get(pk=training.pk)
    _require(by, "learning.view_training", locked)
    if not may_enrol_person(by, person):
        raise PermissionDenied
    _open_or_refuse(locked)
    if not person.is_active:
        raise ValidationError(_("The person no longer has an account here."))
    enrolment = _enrol_one(locked, person, by, timezone.now())
    waiting = enrolment.status == Status.WAITING
    # Enrolled oneself: told too, as a confirmation to keep (the actor is never told).
    actor = None if person.pk == by.pk else by
    transaction.on_commit(
        lambda: notifications.notify_enrolled(
            training=locked, people=[person], by=actor, waiting=waiting
        )
    )
    audit_record(
        actor=by,
        action="training.waitlist" if waiting else "training.enrol",
        target=locked,
        data={"person": person.pk},
    )
    return enrolment


@transaction.atomic
def enrol_people(*, training: Training, by: User, people: Iterable[User]) -> list[Enrolment]:
    """Enrol several colleagues at once (coordinator: anyone; manager: their units' people);
    those already enrolled are left as they are; beyond the places they wait."""
    locked = Training.objects.select_for_update().get(pk=training.pk)
    _require(by, "learning.enrol_others")
    _open_or_refuse(locked)
    people = [person for person in people if person.is_active]
    refused = [person for person in people if not may_enrol_person(by, person)]
    if refused:
        raise ValidationError(
            _("You can enrol only people in the units you manage: %(names)s")
            % {"names": ", ".join(person.full_name for person in refused)}
        )
    existing = set(
        Enrolment.objects.filter(training=locked, person__in=people)
        .exclude(status=Status.CANCELLED)
        .values_list("person_id", flat=True)
    )
    now = timezone.now()
    made = [_enrol_one(locked, p, by, now) for p in people if p.pk not in existing]
    enrolled = [e.person for e in made if e.status == Status.ENROLLED]
    waiting = [e.person for e in made if e.status == Status.WAITING]

    def tell() -> None:
        notifications.notify_enrolled(training=locked, people=enrolled, by=by, waiting=False)
        notifications.notify_enrolled(training=locked, people=waiting, by=by, waiting=True)

    transaction.on_commit(tell)
    if made:
        audit_record(
            actor=by,
            action="training.enrol_people",
            target=locked,
            data={"people": [e.person_id for e in made]},
        )
    return made


def _fill_from_waiting_list(training: Training, by: User | None) -> list[User]:
    """Give free places to those waiting longest, and tell them (the training is locked)."""
    free = training.capacity - _taken(training)
    if free <= 0:
        return []
    waiting = list(
        Enrolment.objects.filter(training=training, status=Status.WAITING)
        .select_related("person")
        .order_by("waiting_since", "id")[:free]
    )
    now = timezone.now()
    for enrolment in waiting:
        enrolment.status, enrolment.enrolled_at = Status.ENROLLED, now
        enrolment.save(update_fields=["status", "enrolled_at"])
    people = [enrolment.person for enrolment in waiting]
    if people:
        transaction.on_commit(
            lambda: notifications.notify_moved_up(training=training, people=people, by=by)
        )
    return people


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, by: User) -> Enrolment:
    """Give a place back or leave the waiting list (oneself; a manager for their units'
    people; the coordinator for anyone); the first waiting gets the place."""
    locked = Training.objects.select_for_update().get(pk=enrolment.training_id)
    enrolment = Enrolment.objects.select_related("person__unit", "training").get(pk=enrolment.pk)
    _require(by, "learning.cancel_enrolment", enrolment)
    if enrolment.status == Status.COMPLETED:
        raise ValidationError(_("The training is completed: the enrolment cannot be cancelled."))
    if enrolment.status == Status.CANCELLED:
        raise ValidationError(_("The enrolment is already cancelled."))
    enrolment.status = Status.CANCELLED
    enrolment.save(update_fields=["status"])
    _fill_from_waiting_list(locked, by)
    audit_record(
        actor=by,
        action="training.enrolment_cancel",
        target=locked,
        data={"person": enrolment.person_id},
    )
    return enrolment


# Attendance and completion


def completion_rule(training: Training, total_sessions: int) -> str:
    """The training's rule in words, with what it means for its sessions."""
    return _(
        "Completed by attending at least %(percent)s %% of the sessions (%(needed)s of %(total)s)."
    ) % {
        "percent": training.completion_percent,
        "needed": sessions_required(total_sessions, training.completion_percent),
        "total": total_sessions,
    }


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, by: User, present: Iterable[int]
) -> list[Enrolment]:
    """Record who attended a session (enrolment ids; the rest were absent), then complete
    those the rule now completes. Returns the enrolments completed by it."""
    locked = Training.objects.select_for_update().get(pk=session.training_id)
    _require(by, "learning.record_attendance", locked)
    if session.starts_at > timezone.now():
        raise ValidationError(
            _("The session has not taken place yet: attendance can be recorded once it starts.")
        )
    holding = {
        enrolment.pk: enrolment
        for enrolment in Enrolment.objects.filter(
            training=locked, status__in=Enrolment.HOLDING_PLACE
        ).select_related("person")
    }
    wanted = {pk for pk in present if pk in holding}
    if len(wanted) != len(set(present)):
        raise ValidationError(_("Tick only people enrolled in the training."))
    had = set(
        Attendance.objects.filter(session=session, enrolment_id__in=holding).values_list(
            "enrolment_id", flat=True
        )
    )
    Attendance.objects.filter(session=session, enrolment_id__in=had - wanted).delete()
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, enrolment_id=pk, recorded_by=by, recorded_at=now)
            for pk in sorted(wanted - had)
        ]
    )
    audit_record(
        actor=by,
        action="training.attendance",
        target=locked,
        data={"session": session.pk, "present": sorted(wanted)},
    )
    return _complete_by_rule(locked, by, [holding[pk] for pk in sorted(wanted)])


def _complete_by_rule(training: Training, by: User, enrolments: list[Enrolment]) -> list[Enrolment]:
    """Complete the still-enrolled of `enrolments` who attended enough sessions."""
    candidates = [e for e in enrolments if e.status == Status.ENROLLED]
    if not candidates:
        return []
    total = TrainingSession.objects.filter(training=training).count()
    needed = sessions_required(total, training.completion_percent)
    attended = attended_counts([e.pk for e in candidates])
    done = [e for e in candidates if needed and attended.get(e.pk, 0) >= needed]
    for enrolment in done:
        _complete(training, enrolment, by, by_hand=False)
    return done


def attended_counts(enrolment_ids: list[int]) -> dict[int, int]:
    """How many sessions each enrolment attended."""
    rows = (
        Attendance.objects.filter(enrolment_id__in=enrolment_ids)
        .values("enrolment_id")
        .annotate(n=Count("id"))
    )
    return {row["enrolment_id"]: row["n"] for row in rows}


def _complete(training: Training, enrolment: Enrolment, by: User, *, by_hand: bool) -> None:
    enrolment.status = Status.COMPLETED
    enrolment.completed_at = timezone.now()
    enrolment.completed_by = by if by_hand else None
    enrolment.save(update_fields=["status", "completed_at", "completed_by"])
    audit_record(
        actor=by,
        action="training.complete",
        target=training,
        data={"person": enrolment.person_id, "by_hand": by_hand},
    )
    if training.grants:
        grant_for_training(training=training, person=enrolment.person, by=by)
    person, code = enrolment.person, training.grants
    transaction.on_commit(
        lambda: notifications.notify_completed(
            training=training, person=person, by=by, qualification=code
        )
    )


def grant_for_training(*, training: Training, person: User, by: User):
    """Grant (or renew) the qualification a completed training gives."""
    expires_on = None
    if training.validity_months:
        expires_on = add_months(timezone.localdate(), training.validity_months)
    return account_services.qualification_grant(
        person=person,
        code=training.grants,
        by=by,
        source="training",
        expires_on=expires_on,
        training_title=training.title,
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, by: User) -> Enrolment:
    """The coordinator marks an enrolled person completed by hand (the rule is shown to them);
    a qualification the training grants is granted."""
    locked = Training.objects.select_for_update().get(pk=enrolment.training_id)
    _require(by, "learning.change_training", locked)
    enrolment = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
    if enrolment.status != Status.ENROLLED:
        raise ValidationError(_("Only someone enrolled (not waiting or cancelled) can complete."))
    _complete(locked, enrolment, by, by_hand=True)
    return enrolment


# Qualifications granted and withdrawn by the idea coordinator (accounts keeps them)


def qualification_give(
    *,
    person: User,
    code: str,
    by: User,
    reason: str,
    expires_on: datetime.date | None = None,
):
    """The coordinator grants (or renews) a qualification, with a reason; audited."""
    _require(by, "learning.manage_qualifications")
    errors: dict[str, list[str]] = {}
    if code not in Grants.values:
        errors["code"] = [_("Choose a qualification from the list.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the qualification is granted.")]
    if expires_on is not None and expires_on <= timezone.localdate():
        errors["expires_on"] = [_("The qualification must be valid after today.")]
    if not person.is_active:
        errors["person"] = [_("The person no longer has an account here.")]
    if errors:
        raise ValidationError(errors)
    return account_services.qualification_grant(
        person=person,
        code=code,
        by=by,
        source="granted",
        reason=reason.strip(),
        expires_on=expires_on,
    )


def qualification_take(*, qualification, by: User, reason: str):
    """The coordinator withdraws a qualification, with a reason; audited."""
    _require(by, "learning.manage_qualifications")
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the qualification is withdrawn.")]})
    if qualification.withdrawn_at is not None:
        raise ValidationError(_("The qualification is already withdrawn."))
    return account_services.qualification_withdraw(
        qualification=qualification, by=by, reason=reason.strip()
    )
