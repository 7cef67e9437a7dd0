"""Idea workshops: a theme, goals, a time and place, facilitators and sign-ups; during the
workshop short notes, clusters of them and dot votes; afterwards the ideas they became."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from idesluss.core.models import TimeStampedModel


class Workshop(TimeStampedModel):
    class Phase(models.TextChoices):
        """Where the workshop is; the facilitators move it along (and back, if needed)."""

        PLANNED = "planned", pgettext_lazy("workshop phase", "Planned")
        CAPTURE = "capture", _("Capturing notes")
        VOTING = "voting", _("Voting")
        CLOSED = "closed", pgettext_lazy("workshop phase", "Closed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("theme"), max_length=150)
    description = models.TextField(_("what the workshop is about"), max_length=4000, blank=True)
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    global_goals = models.ManyToManyField(
        "goals.GlobalGoal", verbose_name=_("Global Goals"), blank=True, related_name="workshops"
    )
    vision_goals = models.ManyToManyField(
        "goals.VisionGoal", verbose_name=_("vision goals"), blank=True, related_name="workshops"
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_workshops",
    )
    capacity = models.PositiveIntegerField(_("places"), default=20)
    dots_per_person = models.PositiveSmallIntegerField(_("dots per person"), default=3)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PLANNED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Raised by every change of the workshop itself; also the calendar entry's SEQUENCE.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("idea workshop")
        verbose_name_plural = _("idea workshops")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="workshops_workshop_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="workshops_workshop_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", kwargs={"pk": self.pk})

    @property
    def is_over(self) -> bool:
        return self.phase in (self.Phase.CLOSED, self.Phase.CANCELLED)

    @property
    def is_upcoming(self) -> bool:
        return not self.is_over and self.ends_at > timezone.now()


class SignUp(models.Model):
    """A person's place at a workshop: invited, signed up, waiting for a place, cancelled, or
    facilitating."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited, not signed up yet")
        SIGNED_UP = "signed_up", _("Signed up")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Withdrawn")
        FACILITATING = "facilitating", _("Facilitator")

    # Those who take part: they may post notes and vote.
    TAKING_PART = (Status.SIGNED_UP, Status.FACILITATING)

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_signups",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    signed_up_at = models.DateTimeField(_("signed up"), null=True, blank=True)
    # The waiting list is served first come, first served.
    waiting_since = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="workshops_signup_once"),
        ]
        indexes = [models.Index(fields=["workshop", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.workshop_id}: {self.status}"

    @property
    def takes_part(self) -> bool:
        return self.status in self.TAKING_PART


class Cluster(models.Model):
    """A group of notes the facilitator has named."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="clusters"
    )
    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    promoted_idea = models.ForeignKey(
        "ideas.Idea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("made into idea"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    """A short idea a participant posted during the workshop."""

    MAX_LENGTH = 280

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="workshop_notes",
        verbose_name=_("written by"),
    )
    text = models.CharField(_("note"), max_length=MAX_LENGTH)
    cluster = models.ForeignKey(
        Cluster,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
        verbose_name=_("cluster"),
    )
    promoted_idea = models.ForeignKey(
        "ideas.Idea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("made into idea"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["workshop", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One dot on one note; a person may put several of their dots on the same note."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="votes")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["workshop", "voter"])]

    def __str__(self) -> str:
        return f"{self.voter_id} on {self.note_id}"
