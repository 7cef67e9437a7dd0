"""Good examples, the people who agreed to be named in them, news posts, and what the
organisation chooses to show on its public showcase."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idesluss.core.models import TimeStampedModel
from idesluss.core.uploads import random_path

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


def example_image_path(instance: "GoodExample", filename: str) -> str:
    return random_path("showcase/examples", filename)


def news_image_path(instance: "NewsPost", filename: str) -> str:
    return random_path("showcase/news", filename)


class GoodExample(TimeStampedModel):
    """A story of an implemented idea, a workgroup or a pilot group, told so that others
    can do the same (goda exempel)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    story = models.TextField(_("the story"), max_length=8000)
    story_html = models.TextField(editable=False, blank=True)
    benefits_realised = models.TextField(_("benefits realised"), max_length=2000, blank=True)
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(
        "groups.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    global_goals = models.ManyToManyField(
        "goals.GlobalGoal", verbose_name=_("Global Goals"), blank=True, related_name="+"
    )
    vision_goals = models.ManyToManyField(
        "goals.VisionGoal", verbose_name=_("vision goals"), blank=True, related_name="+"
    )
    image = models.FileField(_("image"), upload_to=example_image_path, max_length=255, blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    is_public = models.BooleanField(
        _("show publicly"),
        default=False,
        help_text=_("Shown on the public showcase; otherwise only to those signed in."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # The first day of the month it is the month's good example.
    featured_month = models.DateField(_("the month's good example"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("good example")
        verbose_name_plural = _("good examples")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["featured_month"], name="one_example_a_month"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("showcase:example", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Consent(models.Model):
    """Whether a person agreed to be named in a good example, and when that was recorded."""

    example = models.ForeignKey(GoodExample, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agreed = models.BooleanField(_("agreed to be named"), default=False)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent to be named")
        verbose_name_plural = _("consents to be named")
        constraints = [
            models.UniqueConstraint(fields=["example", "person"], name="one_consent_a_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.example_id}: {self.agreed}"


class NewsPost(TimeStampedModel):
    """News from the programme, for everyone signed in."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=8000)
    body_html = models.TextField(editable=False, blank=True)
    published_on = models.DateField(_("published"), db_index=True)
    image = models.FileField(_("image"), upload_to=news_image_path, max_length=255, blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("showcase:news_post", kwargs={"pk": self.pk})


class ShowcaseSettings(models.Model):
    """What the organisation shows to visitors who are not signed in besides the good
    examples marked "show publicly" (one row, edited by the coordinator)."""

    show_key_figures = models.BooleanField(_("show key figures publicly"), default=False)
    show_open_challenges = models.BooleanField(_("show open challenges publicly"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public showcase settings")
        verbose_name_plural = _("public showcase settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
