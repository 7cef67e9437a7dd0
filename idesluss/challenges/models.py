import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from idesluss.core.dates import format_date
from idesluss.core.models import TimeStampedModel

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


class Need(TimeStampedModel):
    """A need or problem someone has seen in their work (the needs bank, behovsbank)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")
        SOMETIMES = "sometimes", _("Now and then")

    title = models.CharField(_("what"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    where = models.CharField(_("where"), max_length=200, blank=True)
    affected = models.CharField(_("who is affected"), max_length=200, blank=True)
    frequency = models.CharField(
        _("how often"), max_length=20, choices=Frequency.choices, blank=True
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="recorded_needs",
    )
    # Kept by the services from the NeedEcho rows.
    echo_count = models.PositiveIntegerField(_("we have it too"), default=0)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-echo_count", "-created_at", "-id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", kwargs={"pk": self.pk})


class NeedEcho(models.Model):
    """'Vi har också detta problem': one per person and need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="echoes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "user"], name="challenges_needecho_once"),
        ]
        indexes = [models.Index(fields=["user", "need"])]

    def __str__(self) -> str:
        return f"{self.user_id} has {self.need_id} too"


def challenge_image_path(instance: "Challenge", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix.lstrip(".") not in IMAGE_EXTENSIONS:
        suffix = ""
    return f"challenges/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Challenge(TimeStampedModel):
    """A question the organisation asks for ideas on, for a period (utmaning, brinnfråga)."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=120)
    background = models.TextField(_("background"), max_length=4000)
    question = models.CharField(_("the question"), max_length=300)
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    opens_on = models.DateField(_("opens"), db_index=True)
    closes_on = models.DateField(_("closes"), db_index=True)
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs it came from"), blank=True, related_name="challenges"
    )
    global_goals = models.ManyToManyField(
        "goals.GlobalGoal", verbose_name=_("Global Goals"), blank=True, related_name="challenges"
    )
    vision_goals = models.ManyToManyField(
        "goals.VisionGoal", verbose_name=_("vision goals"), blank=True, related_name="challenges"
    )
    image = models.FileField(
        _("image"),
        upload_to=challenge_image_path,
        max_length=255,
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="challenges_challenge_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", kwargs={"pk": self.pk})

    def status_on(self, day: datetime.date) -> str:
        """Open from its first to its last day (both included)."""
        return self.status_between(self.opens_on, self.closes_on, day)

    @classmethod
    def status_between(
        cls, opens_on: datetime.date, closes_on: datetime.date, day: datetime.date
    ) -> str:
        """The status on `day` of a challenge open from `opens_on` to `closes_on` (both
        included), for lists read as plain values."""
        if day < opens_on:
            return cls.Status.UPCOMING
        if day > closes_on:
            return cls.Status.CLOSED
        return cls.Status.OPEN

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def closed_reason(self) -> str:
        """Why no ideas can be handed in now (empty while open)."""
        status = self.status
        if status == self.Status.UPCOMING:
            return gettext("The challenge opens for ideas on %(date)s.") % {
                "date": format_date(self.opens_on)
            }
        if status == self.Status.CLOSED:
            return gettext("The challenge closed for ideas on %(date)s.") % {
                "date": format_date(self.closes_on)
            }
        return ""
