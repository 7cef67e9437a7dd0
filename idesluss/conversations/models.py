"""Learning conversations (Lärande samtal): themes with a versioned conversation guide,
sessions a trained leader holds with colleagues, and the insights they record (an insight can
become an idea in the sluice)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idesluss.core.models import TimeStampedModel


class Theme(TimeStampedModel):
    """What a conversation is about; its guide is the latest `GuideVersion`."""

    title = models.CharField(_("theme"), max_length=150)
    description = models.TextField(_("what the theme is about"), max_length=4000, blank=True)
    global_goals = models.ManyToManyField(
        "goals.GlobalGoal", verbose_name=_("Global Goals"), blank=True, related_name="+"
    )
    vision_goals = models.ManyToManyField(
        "goals.VisionGoal", verbose_name=_("vision goals"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Only themes in use can be chosen for sessions.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("conversation theme")
        verbose_name_plural = _("conversation themes")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conversations:theme", kwargs={"pk": self.pk})


class GuideVersion(models.Model):
    """One version of a theme's conversation guide. A guide is never changed in place: a
    session keeps the version it was planned with, and editing makes a new version."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="guides")
    number = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation guide")
        verbose_name_plural = _("conversation guides")
        ordering = ["theme", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "number"], name="conversations_guide_one_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.number})"

    @property
    def total_minutes(self) -> int:
        return sum(phase.minutes for phase in self.phases.all())


class GuidePhase(models.Model):
    """One phase of a guide (check-in, sharing experience, …): guiding questions, one a
    line, and the suggested time."""

    guide = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("phase"), max_length=100)
    questions = models.TextField(_("guiding questions"), max_length=2000, blank=True)
    minutes = models.PositiveSmallIntegerField(_("suggested minutes"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["guide", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class Session(TimeStampedModel):
    """A learning conversation held by a leader with colleagues of a unit (or a mixed group
    when `unit` is empty); its notes are recorded once it has started."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("theme")
    )
    guide = models.ForeignKey(
        GuideVersion, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("guide")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_conversations",
        verbose_name=_("conversation leader"),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Participant",
        related_name="conversations",
        verbose_name=_("participants"),
    )
    head_count = models.PositiveIntegerField(_("expected head count"), null=True, blank=True)
    # Recorded afterwards.
    attended_count = models.PositiveIntegerField(_("took part"), null=True, blank=True)
    experiences = models.TextField(_("experiences shared"), max_length=8000, blank=True)
    lessons = models.TextField(_("lessons"), max_length=8000, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Raised by every change (the calendar file's sequence).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("learning conversation")
        verbose_name_plural = _("learning conversations")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["leader", "starts_at"], name="conv_session_leader_idx"),
            models.Index(fields=["unit", "starts_at"], name="conv_session_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="conversations_session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.theme)

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail", kwargs={"pk": self.pk})

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())


class Participant(models.Model):
    """A colleague named on a session (one who agreed to be listed); `took_part` is
    recorded afterwards."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participant_rows")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_rows"
    )
    took_part = models.BooleanField(_("took part"), null=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="conversations_participant_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class Insight(models.Model):
    """A short insight from a session; it may become an idea in the sluice."""

    MAX_LENGTH = 500

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="insights")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("insight"), max_length=MAX_LENGTH)
    idea = models.ForeignKey(
        "ideas.Idea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("idea"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        ordering = ["session", "position", "id"]
        indexes = [models.Index(fields=["idea"], name="conv_insight_idea_idx")]

    def __str__(self) -> str:
        return self.text
