from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idesluss.notifications import phrases


class Kind(models.TextChoices):
    """What a notification is about; each person chooses how they hear of each kind."""

    IDEA_ANSWERED = "idea_answered", _("Answers to my ideas (stage changes)")
    IDEA_FOLLOWED = "idea_followed", _("News on ideas I follow")
    IDEA_COMMENTED = "idea_commented", _("Comments on my ideas and ideas I follow")
    IDEA_FOR_ME = "idea_for_me", _("New ideas for me to answer")
    IDEA_OVERDUE = "idea_overdue", _("Ideas waiting too long for an answer")
    IDEA_MERGED = "idea_merged", _("Ideas merged into others")
    IDEA_INVITED = "idea_invited", _("Invitations to be co-submitter of an idea, and answers")
    ACTION_ASSIGNED = "action_assigned", _("Actions given to me in groups")
    GROUP_NEWS = "group_news", _("News from my groups (sessions, new members)")
    ACTION_DUE = "action_due", _("Reminders before my actions are due")
    WORKSHOP_NEWS = "workshop_news", _("Workshops: invitations, sign-ups and reminders")
    NEED_NEWS = "need_news", _("News on needs I recorded or share")
    GOOD_EXAMPLE = "good_example", _("My ideas becoming good examples")
    NETWORK_ADOPTED = (
        "network_adopted",
        _("A network organisation adopted my challenge"),
    )
    CONVERSATION_NEWS = (
        "conversation_news",
        _("Learning conversations: invitations and reminders to record them"),
    )
    TRAINING_NEWS = (
        "training_news",
        _("Trainings: enrolments, places, completions and qualifications about to lapse"),
    )


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off (only in the notification list)")


# How each kind is e-mailed unless the person chose otherwise.
DEFAULT_FREQUENCY = {
    Kind.IDEA_ANSWERED: Frequency.IMMEDIATELY,
    Kind.IDEA_FOR_ME: Frequency.IMMEDIATELY,
    Kind.IDEA_MERGED: Frequency.IMMEDIATELY,
    Kind.IDEA_INVITED: Frequency.IMMEDIATELY,
    Kind.IDEA_FOLLOWED: Frequency.DAILY,
    Kind.IDEA_COMMENTED: Frequency.DAILY,
    Kind.IDEA_OVERDUE: Frequency.DAILY,
    Kind.ACTION_ASSIGNED: Frequency.IMMEDIATELY,
    Kind.GROUP_NEWS: Frequency.DAILY,
    # Reminders are sent by the morning job: worth an e-mail that morning, not a digest.
    Kind.ACTION_DUE: Frequency.IMMEDIATELY,
    Kind.WORKSHOP_NEWS: Frequency.IMMEDIATELY,
    Kind.NEED_NEWS: Frequency.DAILY,
    Kind.GOOD_EXAMPLE: Frequency.IMMEDIATELY,
    Kind.NETWORK_ADOPTED: Frequency.DAILY,
    Kind.TRAINING_NEWS: Frequency.IMMEDIATELY,
    Kind.CONVERSATION_NEWS: Frequency.IMMEDIATELY,
}


def worded(wording: dict, title: str, body: str) -> tuple[str, str]:
    """A notification's title and text in the active language; as stored where it was
    made without its wording (before it was kept) or the wording no longer renders."""
    if not wording or "title" not in wording:
        return title, body
    try:
        return (
            phrases.render(wording["title"]),
            "\n\n".join(phrases.render(part) for part in wording.get("body", [])),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return title, body


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What happened, as data (notifications.phrases: {"title": phrase, "body": [phrase, …]}),
    # worded in the reader's language when shown. `title` and `body` keep the words in the
    # recipient's language at the time (for the back office and search), and are what a
    # notification made before the wording was kept shows.
    wording = models.JSONField(_("wording"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What it is about ("idea-comments:12"): repeated events on the same thing to the same
    # person within a short while are collapsed into one notification; `count` says how many.
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    count = models.PositiveIntegerField(_("events"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    # E-mail delivery: not before `send_after` (so that events close together go in one
    # e-mail); failed attempts are counted and retried with back-off until `failed_at`.
    send_after = models.DateTimeField(_("email not before"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
            models.Index(fields=["recipient", "kind", "topic"]),
            # The failed e-mails, counted at every scrape of /metrics (a few rows of many).
            models.Index(
                fields=["failed_at"],
                name="notification_failed_idx",
                condition=models.Q(failed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def worded_title(self) -> str:
        """The title in the active language."""
        return worded(self.wording, self.title, self.body)[0]

    def worded_body(self) -> str:
        """The text in the active language."""
        return worded(self.wording, self.title, self.body)[1]

    @property
    def delivery(self) -> str:
        """Where its e-mail stands, in words for the back office."""
        if self.emailed_at:
            return str(_("sent"))
        if self.failed_at:
            return str(_("failed"))
        if self.attempts:
            return str(_("retrying"))
        return str(_("waiting"))


class Preference(models.Model):
    """How one person wants to hear of one kind of notification by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.frequency}"
