"""Reads of the trainings, given the viewer: each page's rows in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from idesluss.accounts.models import Qualification, Unit, User
from idesluss.learning.models import Attendance, Enrolment, Training, TrainingSession
from idesluss.learning.policy import follow_up_units_q, policy

Status = Enrolment.Status


def _with_counts(queryset: QuerySet[Training], viewer) -> QuerySet[Training]:
    now = timezone.now()
    mine = Enrolment.objects.filter(training=OuterRef("pk"), person_id=viewer.pk)
    return queryset.annotate(
        taken=Count(
            "enrolments", filter=Q(enrolments__status__in=Enrolment.HOLDING_PLACE), distinct=True
        ),
        waiting=Count("enrolments", filter=Q(enrolments__status=Status.WAITING), distinct=True),
        session_count=Count("sessions", distinct=True),
        next_session=Min("sessions__starts_at", filter=Q(sessions__starts_at__gte=now)),
        first_session=Min("sessions__starts_at"),
        viewer_status=Subquery(mine.values("status")[:1]),
    )


def training_list(*, viewer, page: int | str | None, past: bool = False) -> Page:
    """Trainings open for enrolment or with coming sessions, by their next session; `past`:
    the others (held and closed)."""
    trainings = _with_counts(policy.filter(viewer, "learning.view_training"), viewer)
    current = Q(next_session__isnull=False) | Q(session_count=0) | Q(enrolment_open=True)
    if past:
        trainings = trainings.exclude(current).order_by("-first_session", "-id")
    else:
        trainings = trainings.filter(current).order_by(
            F("next_session").asc(nulls_last=True), "title", "id"
        )
    return Paginator(trainings.select_related("responsible"), 20).get_page(page)


def training_for_page(*, pk: int, viewer) -> Training:
    """One training with its counts, sessions, trainer and the viewer's enrolment."""
    training = (
        _with_counts(Training.objects.filter(pk=pk), viewer)
        .select_related("responsible")
        .prefetch_related(
            Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at", "id"))
        )
        .get()
    )
    training.viewer_enrolment = (
        Enrolment.objects.filter(training=training, person_id=viewer.pk).first()
        if viewer.is_authenticated
        else None
    )
    return training


@dataclass(frozen=True)
class Participant:
    enrolment: Enrolment
    attended: int
    needed: int

    @property
    def meets_rule(self) -> bool:
        return self.needed > 0 and self.attended >= self.needed


def participants(*, training: Training, viewer, needed: int) -> list[Participant]:
    """The training's participants (enrolled, completed, then waiting in their order) the
    viewer may see, with how many sessions each attended."""
    enrolments = (
        policy.filter(viewer, "learning.view_enrolment")
        .filter(training=training)
        .exclude(status=Status.CANCELLED)
        .select_related("person__unit")
        .annotate(attended=Count("attendances"))
        .order_by("status", "waiting_since", "person__full_name", "id")
    )
    rows = [Participant(e, e.attended, needed) for e in enrolments]
    order = {Status.ENROLLED: 0, Status.COMPLETED: 1, Status.WAITING: 2}
    return sorted(rows, key=lambda row: order.get(row.enrolment.status, 3))


def attendance_sheet(*, session: TrainingSession) -> list[tuple[Enrolment, bool]]:
    """Everyone holding a place on the session's training, and whether they attended it."""
    present = set(Attendance.objects.filter(session=session).values_list("enrolment_id", flat=True))
    enrolments = (
        Enrolment.objects.filter(
            training_id=session.training_id, status__in=Enrolment.HOLDING_PLACE
        )
        .select_related("person__unit")
        .order_by("person__full_name", "id")
    )
    return [(enrolment, enrolment.pk in present) for enrolment in enrolments]


def enrolment_for_page(*, pk: int, training_id: int) -> Enrolment | None:
    return (
        Enrolment.objects.filter(pk=pk, training_id=training_id)
        .select_related("person__unit", "training", "completed_by")
        .first()
    )


def attended_sessions(*, enrolment: Enrolment) -> list[TrainingSession]:
    return list(
        TrainingSession.objects.filter(attendances__enrolment=enrolment).order_by("starts_at")
    )


def my_trainings(*, person) -> list[Enrolment]:
    """The person's enrolments still going on (enrolled or waiting), with their next session."""
    now = timezone.now()
    next_session = (
        TrainingSession.objects.filter(training=OuterRef("training_id"), starts_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return list(
        Enrolment.objects.filter(person=person, status__in=[Status.ENROLLED, Status.WAITING])
        .select_related("training")
        .annotate(next_session=Subquery(next_session))
        .order_by("next_session", "id")[:10]
    )


def open_places(*, limit: int = 10) -> list[Training]:
    """Trainings open for enrolment with coming sessions: their free places and waiting lists
    (the coordinator's panel)."""
    now = timezone.now()
    trainings = (
        Training.objects.filter(enrolment_open=True)
        .annotate(
            taken=Count(
                "enrolments",
                filter=Q(enrolments__status__in=Enrolment.HOLDING_PLACE),
                distinct=True,
            ),
            waiting=Count("enrolments", filter=Q(enrolments__status=Status.WAITING), distinct=True),
            next_session=Min("sessions__starts_at", filter=Q(sessions__starts_at__gte=now)),
        )
        .filter(next_session__isnull=False)
        .order_by("next_session", "id")
    )
    return list(trainings[:limit])


def coming_sessions(*, training: Training) -> list[TrainingSession]:
    return [s for s in training.sessions.all() if s.ends_at >= timezone.now()]


# Follow-up


def follow_up_rows(*, viewer, unit_id: int | None = None) -> QuerySet[Enrolment]:
    """Who in which unit has which training (enrolled, waiting, completed), as the viewer may
    follow it up: all for the coordinator and steering group, a manager's units else."""
    rows = (
        Enrolment.objects.exclude(status=Status.CANCELLED)
        .filter(follow_up_units_q(viewer))
        .filter(person__is_active=True)
    )
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).only("path").first()
        rows = rows.filter(person__unit__path__startswith=unit.path) if unit else rows.none()
    return rows.select_related("person__unit", "training").order_by(
        "person__unit__path", "person__full_name", "person_id", "training__title", "id"
    )


def follow_up_page(*, viewer, unit_id: int | None, page: int | str | None) -> Page:
    return Paginator(follow_up_rows(viewer=viewer, unit_id=unit_id), 50).get_page(page)


def today() -> datetime.date:
    return timezone.localdate()


def people_on(page_rows: list[Enrolment]) -> list[User]:
    return [row.person for row in page_rows]


def qualifications_by_person(rows: list[Enrolment]) -> dict[int, list[tuple[str, object]]]:
    """The active qualifications of the people on `rows` (one query): person id -> [(label,
    expires_on)]."""
    ids = {row.person_id for row in rows}
    if not ids:
        return {}
    held: dict[int, list[tuple[str, object]]] = {}
    for qualification in active_qualifications().filter(user_id__in=ids).order_by("code"):
        held.setdefault(qualification.user_id, []).append(
            (str(qualification.get_code_display()), qualification.expires_on)
        )
    return held


def active_qualifications():
    """Qualifications not withdrawn and not expired."""
    today = timezone.localdate()
    return Qualification.objects.filter(withdrawn_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def qualification_holders() -> dict[str, list]:
    """Per qualification code, its holders not withdrawn (lapsed ones too), by name."""
    holders: dict[str, list] = {}
    rows = (
        Qualification.objects.filter(withdrawn_at__isnull=True)
        .select_related("user__unit", "granted_by")
        .order_by("code", "user__full_name", "id")
    )
    for qualification in rows:
        holders.setdefault(qualification.code, []).append(qualification)
    return holders


def qualification_for_change(*, pk: int) -> Qualification | None:
    return Qualification.objects.filter(pk=pk).select_related("user").first()


def trainings_granting(code: str) -> list[str]:
    """The titles of the trainings open for enrolment that grant the qualification `code`
    (for accounts.qualifications.missing_message)."""
    return list(
        Training.objects.filter(grants=code, enrolment_open=True)
        .order_by("title")
        .values_list("title", flat=True)
        .distinct()[:5]
    )


def my_qualifications(*, person) -> list:
    """The person's active qualifications."""
    return list(active_qualifications().filter(user=person).order_by("code"))
