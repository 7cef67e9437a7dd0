"""Workgroups and pilot groups, their sessions, decisions and actions: the red thread."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idesluss.core.dates import add_minutes, format_datetime
from idesluss.core.models import TimeStampedModel


class Status(models.TextChoices):
    """The traffic light a group sets for itself."""

    GREEN = "green", _("Green – on track")
    YELLOW = "yellow", _("Yellow – some worries")
    RED = "red", _("Red – needs help")


class Group(TimeStampedModel):
    class Kind(models.TextChoices):
        WORKGROUP = "workgroup", _("Workgroup")
        PILOT = "pilot", _("Pilot group")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKGROUP)
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"), max_length=4000)
    ideas = models.ManyToManyField(
        "ideas.Idea", verbose_name=_("ideas"), blank=True, related_name="groups"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="work_groups"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_groups",
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GREEN
    )
    status_comment = models.CharField(_("status comment"), max_length=300, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Everyone signed in may read the group's page.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Raised by every change; a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="groups_group_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"pk": self.pk})


class GroupEvent(models.Model):
    """What happened to a group itself (its sessions and actions keep their own dates)."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Group started")
        EDITED = "edited", _("Group edited")
        STATUS = "status", _("Status changed")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    comment = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["group", "created_at"])]

    def __str__(self) -> str:
        return f"{self.group_id} {self.kind}"


class JointFollowUp(TimeStampedModel):
    """A follow-up session that gathers several groups at once (uppföljningstillfälle).

    It owns one follow-up `Session` per group, so each group's red thread, open actions,
    decisions and permissions work exactly as for a group's own sessions; the joint
    record holds what the groups share: the title, the time and the agenda."""

    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=120)
    location = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Raised by every change; a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("joint follow-up")
        verbose_name_plural = _("joint follow-ups")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.title} {format_datetime(self.starts_at)}"

    def get_absolute_url(self) -> str:
        return reverse("groups:joint", kwargs={"pk": self.pk})

    @property
    def ends_at(self):
        # Rows stored before dates had bounds may sit at the calendar's end.
        return add_minutes(self.starts_at, self.minutes)


class Session(TimeStampedModel):
    """A meeting on a group's timeline."""

    class Kind(models.TextChoices):
        COACHING = "coaching", _("Coaching session")
        FOLLOW_UP = "follow_up", _("Follow-up session")
        WORK = "work", _("Work meeting")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COACHING)
    starts_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=90)
    # Where the group meets (a joint follow-up's sessions have the joint's place).
    location = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("invited"), blank=True, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attended"),
        blank=True,
        related_name="attended_group_sessions",
    )
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    notes = models.TextField(_("notes"), max_length=20000, blank=True)
    # Set when the session is this group's part of a follow-up shared with other groups.
    joint = models.ForeignKey(
        JointFollowUp,
        verbose_name=_("joint follow-up"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    # Open actions of earlier sessions, linked when this session was planned: the session
    # takes them up, so nothing is dropped.
    carried_actions = models.ManyToManyField(
        "Action", verbose_name=_("actions carried forward"), blank=True, related_name="carried_to"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Raised by every change; a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["group", "starts_at"]),
            # The coming sessions of a person, across every group (their start page).
            models.Index(fields=["starts_at", "id"], name="groups_session_coming"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["joint", "group"], name="groups_session_joint_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_datetime(self.starts_at)}"

    def get_absolute_url(self) -> str:
        return reverse("groups:session", kwargs={"pk": self.group_id, "session_id": self.pk})

    @property
    def ends_at(self):
        # Rows stored before dates had bounds may sit at the calendar's end.
        return add_minutes(self.starts_at, self.minutes)


class Decision(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Action(models.Model):
    """Something a member will do, by a date; open until marked done."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="actions"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="actions"
    )
    what = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="group_actions",
    )
    due_on = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # When the owner was reminded that the due date is near, and that it has passed: each
    # reminder is sent once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_on"]),
            models.Index(fields=["group", "done_at"]),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def owner_name(self) -> str:
        """The owner's name, as the actions table shows it (selectors give it as a value)."""
        return self.owner.full_name

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()

    @property
    def is_due_soon(self) -> bool:
        """Open and due within the reminder window (ACTION_REMINDER_DAYS), not yet late."""
        today = timezone.localdate()
        days = getattr(settings, "ACTION_REMINDER_DAYS", 2)
        return self.done_at is None and today <= self.due_on <= today + datetime.timedelta(days)
