"""E-mail delivery: what the task worker runs (tasks.py), never a request.

Each e-mail is one attempt; a failed one is recorded on its notifications with the next
attempt's time (back-off from NOTIFICATION_RETRY_DELAYS) or given up after the last, so
nothing is silently dropped. `on_retry(when)` lets the caller queue the retry; without it
the periodic sweep (`send_due_emails`) picks it up when due.
"""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.core.i18n import language_of
from idesluss.core.text import subject_line
from idesluss.notifications.models import DEFAULT_FREQUENCY, Frequency, Notification, Preference

Retry = Callable[[datetime.datetime], None]

logger = logging.getLogger(__name__)


def _subject(notifications: list[Notification], digest: str | None) -> str:
    if digest == Frequency.DAILY:
        text = _("Idésluss: today's news")
    elif digest == Frequency.WEEKLY:
        text = _("Idésluss: the week's news")
    elif len(notifications) > 1:
        text = ngettext(
            "Idésluss: %(count)s notification",
            "Idésluss: %(count)s notifications",
            len(notifications),
        ) % {"count": len(notifications)}
    else:
        text = f"Idésluss: {notifications[0].worded_title()}"
    # Titles are single-line on input, but older data may not be: the subject never breaks.
    return subject_line(text)


def _email(recipient, notifications: list[Notification], digest: str | None) -> None:
    with translation.override(language_of(recipient)):
        context = {
            "recipient": recipient,
            "notifications": notifications,
            "digest": digest,
            "site_url": settings.SITE_URL,
            "organisation_name": settings.ORGANISATION_NAME,
        }
        subject = _subject(notifications, digest)
        text = render_to_string("notifications/email/body.txt", context)
        html = render_to_string("notifications/email/body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _deliver(
    recipient,
    notifications: list[Notification],
    *,
    digest: str | None,
    now: datetime.datetime | None = None,
    on_retry: Retry | None = None,
) -> bool:
    """Send one e-mail; on failure record the attempt on each notification and plan the
    next one (or give up after the last back-off). True when it went out."""
    ids = [notification.pk for notification in notifications]
    try:
        _email(recipient, notifications, digest)
    except Exception as error:  # any mailer failure: SMTP, connection, bad address, ...
        _record_failure(ids, error, now=now or timezone.now(), on_retry=on_retry)
        return False
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now(), next_attempt_at=None)
    return True


def _record_failure(
    ids: list[int], error: Exception, *, now: datetime.datetime, on_retry: Retry | None
) -> None:
    delays = settings.NOTIFICATION_RETRY_DELAYS
    message = f"{type(error).__name__}: {error}"[:2000]
    next_attempt: datetime.datetime | None = None
    for notification in Notification.objects.filter(pk__in=ids):
        notification.attempts += 1
        notification.last_error = message
        if notification.attempts > len(delays):
            notification.failed_at, notification.next_attempt_at = now, None
            logger.error("E-mail of notification %s failed for good: %s", notification.pk, message)
        else:
            notification.next_attempt_at = now + datetime.timedelta(
                seconds=delays[notification.attempts - 1]
            )
            next_attempt = min(filter(None, [next_attempt, notification.next_attempt_at]))
            logger.warning(
                "E-mail of notification %s failed (attempt %s), trying again at %s: %s",
                notification.pk,
                notification.attempts,
                notification.next_attempt_at.isoformat(),
                message,
            )
        notification.save(
            update_fields=["attempts", "last_error", "next_attempt_at", "failed_at", "updated_at"]
        )
    if next_attempt is not None and on_retry is not None:
        on_retry(next_attempt)


def _due(now: datetime.datetime):
    """Notifications whose e-mail should go out by now: first tries and retries."""
    return Notification.objects.filter(
        Q(attempts=0, send_after__lte=now) | Q(attempts__gt=0, next_attempt_at__lte=now),
        emailed_at__isnull=True,
        failed_at__isnull=True,
        recipient__is_active=True,
    )


def notifications_email(*, notification_ids: Iterable[int], on_retry: Retry | None = None) -> int:
    """E-mail these notifications one by one, those that are due; each is sent at most once."""
    sent = 0
    for notification_id in notification_ids:
        with transaction.atomic():
            notification = (
                _due(timezone.now())
                .select_for_update()
                .select_related("recipient")
                .filter(pk=notification_id)
                .first()
            )
            if notification is not None and _deliver(
                notification.recipient, [notification], digest=None, on_retry=on_retry
            ):
                sent += 1
    return sent


def notifications_send_due(
    *, now: datetime.datetime | None = None, on_retry: Retry | None = None
) -> int:
    """Send everything that is due (delayed immediate e-mails, retries of failed ones),
    one e-mail per person. Run by a task at the retry time and by the periodic jobs."""
    now = now or timezone.now()
    sent = 0
    recipient_ids = sorted(set(_due(now).values_list("recipient_id", flat=True)))
    for recipient_id in recipient_ids:
        with transaction.atomic():
            notifications = list(
                _due(now)
                .filter(recipient_id=recipient_id)
                .select_for_update()
                .select_related("recipient")
                .order_by("created_at", "id")
            )
            if notifications and _deliver(
                notifications[0].recipient, notifications, digest=None, now=now, on_retry=on_retry
            ):
                sent += 1
    return sent


def digests_send(*, frequency: str, on_retry: Retry | None = None) -> int:
    """One e-mail per person with what they chose to get daily or weekly and have not had
    yet (notifications already being retried are left to the retries)."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    pending = list(
        Notification.objects.filter(emailed_at__isnull=True, attempts=0, recipient__is_active=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    chosen = {
        (p.user_id, p.kind): p.frequency
        for p in Preference.objects.filter(user_id__in={n.recipient_id for n in pending})
    }
    by_recipient: dict[int, list[Notification]] = {}
    for notification in pending:
        wanted = chosen.get(
            (notification.recipient_id, notification.kind),
            DEFAULT_FREQUENCY.get(notification.kind, Frequency.DAILY),
        )
        if wanted == frequency:
            by_recipient.setdefault(notification.recipient_id, []).append(notification)
    sent = 0
    for notifications in by_recipient.values():
        with transaction.atomic():
            if _deliver(
                notifications[0].recipient, notifications, digest=frequency, on_retry=on_retry
            ):
                sent += 1
    return sent
