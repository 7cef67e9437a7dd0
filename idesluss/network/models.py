"""The innovation network: what this installation shares, whom it follows, what it took over.

- `SharedChallenge`: a challenge the coordinator or its unit's manager chose to publish in
  the open feed (network/feed.json, feed.atom). Only what is public-safe goes out (items.py).
- `Subscription`: another organisation's JSON Feed this installation reads; each fetch
  records how it went, so a broken feed is reported and skipped (fetching.py).
- `NetworkItem`: a challenge or good example read from a subscription, as plain text.
- `Adoption`: another organisation told us (POST /network/adopted/) it adopted one of our
  items; `Adopted`: a local idea made from a network item ("we want to adopt this").
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CHALLENGE = "challenge", _("Challenge")
    GOOD_EXAMPLE = "good_example", _("Good example")


class SharedChallenge(models.Model):
    challenge = models.OneToOneField(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="network_share",
    )
    shared_at = models.DateTimeField(_("shared"), db_index=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("challenge shared with the network")
        verbose_name_plural = _("challenges shared with the network")

    def __str__(self) -> str:
        return str(self.challenge_id)


class Subscription(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Not fetched yet")
        OK = "ok", _("Fetched")
        FAILED = "failed", _("Failed")

    organisation = models.CharField(_("organisation"), max_length=120)
    feed_url = models.URLField(_("feed address"), max_length=500, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("last fetched successfully"), null=True, blank=True)

    class Meta:
        verbose_name = _("network subscription")
        verbose_name_plural = _("network subscriptions")
        ordering = ["organisation", "id"]

    def __str__(self) -> str:
        return self.organisation


class NetworkItem(models.Model):
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="items", verbose_name=_("source")
    )
    external_id = models.CharField(max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    question = models.CharField(_("the question"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    adopt_url = models.URLField(max_length=500, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    global_goals = models.JSONField(default=list, blank=True)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("network item")
        verbose_name_plural = _("network items")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "external_id"], name="network_item_once_per_feed"
            ),
        ]
        indexes = [models.Index(fields=["kind", "-published_at", "-id"])]

    def __str__(self) -> str:
        return self.title


class Adopted(models.Model):
    """A local idea made from a network item; the notice to the source is sent once."""

    idea = models.OneToOneField(
        "ideas.Idea", on_delete=models.CASCADE, related_name="network_source"
    )
    item = models.ForeignKey(
        NetworkItem, null=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    # Kept so the idea still names its source after the subscription is removed.
    organisation = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    # Telling the source is tried again by the daily job, a few times at most.
    notify_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("adopted network item")
        verbose_name_plural = _("adopted network items")

    def __str__(self) -> str:
        return self.title


class Adoption(models.Model):
    """Another organisation adopted one of our shared challenges (told through the adopt
    endpoint)."""

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="network_adoptions"
    )
    organisation = models.CharField(_("organisation"), max_length=120)
    idea_title = models.CharField(_("their idea"), max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adoption by a network organisation")
        verbose_name_plural = _("adoptions by network organisations")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.organisation
