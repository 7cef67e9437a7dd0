"""Competence development: trainings with sessions, enrolment (with a waiting list),
attendance per session and completion, which may grant a qualification (accounts)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.models import Role
from idesluss.core.models import TimeStampedModel


class Grants(models.TextChoices):
    """The qualifications a training may grant (the accounts app keeps them)."""

    COACH = Role.Code.COACH.value, _("Coach")
    CONVERSATION_LEADER = Role.Code.CONVERSATION_LEADER.value, _("Conversation leader")


def sessions_required(total: int, percent: int) -> int:
    """How many of `total` sessions make `percent` per cent (rounded up; at least one)."""
    if total <= 0:
        return 0
    return max(1, (total * percent + 99) // 100)


class Training(TimeStampedModel):
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places"), default=20)
    completion_percent = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"), default=80
    )
    grants = models.CharField(
        _("grants the qualification"), max_length=40, choices=Grants.choices, blank=True
    )
    validity_months = models.PositiveSmallIntegerField(
        _("qualification valid (months)"), null=True, blank=True
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trained_trainings",
    )
    enrolment_open = models.BooleanField(_("open for enrolment"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counted up by every change of the training or its sessions: the calendar's SEQUENCE.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="learning_training_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(completion_percent__gte=1, completion_percent__lte=100),
                name="learning_training_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:detail", kwargs={"pk": self.pk})


class TrainingSession(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="learning_session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_id}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def has_begun(self) -> bool:
        return self.starts_at <= timezone.now()


class Enrolment(models.Model):
    """A person's place on a training: enrolled, waiting for a place, cancelled or completed
    (a completed person keeps their place)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    # Those holding a place.
    HOLDING_PLACE = (Status.ENROLLED, Status.COMPLETED)

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_enrolments",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    # The waiting list is served first come, first served.
    waiting_since = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Who marked it completed by hand; empty when the attendance rule completed it.
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="learning_enrolment_once"),
        ]
        indexes = [models.Index(fields=["training", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.training_id}: {self.status}"

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING_PLACE


class Attendance(models.Model):
    """That an enrolled person attended a session (no row: absent)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="learning_attendance_once"
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "session"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id} at {self.session_id}"
