"""Background work: e-mails are sent by the task worker, never inside a request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from idesluss.notifications.models import Frequency, Notification, Preference


def _send(recipient, notifications: list[Notification], digest: str | None) -> None:
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "recipient": recipient,
            "notifications": notifications,
            "digest": digest,
            "site_url": settings.SITE_URL,
            "organisation_name": settings.ORGANISATION_NAME,
        }
        subject = render_to_string("notifications/email/subject.txt", context).strip()
        text = render_to_string("notifications/email/body.txt", context)
        html = render_to_string("notifications/email/body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail notifications one by one; each is sent at most once."""
    sent = 0
    for notification_id in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update()
                .select_related("recipient")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .first()
            )
            if notification is None or not notification.recipient.is_active:
                continue
            _send(notification.recipient, [notification], digest=None)
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


@task()
def send_digests(frequency: str) -> int:
    """One e-mail per person with what they chose to get daily or weekly and have not had yet."""
    from idesluss.notifications.services import DEFAULT_FREQUENCY

    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    pending = list(
        Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
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
    for notifications in by_recipient.values():
        with transaction.atomic():
            _send(notifications[0].recipient, notifications, digest=frequency)
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                emailed_at=timezone.now()
            )
    return len(by_recipient)
