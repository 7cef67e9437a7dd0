"""Background work: e-mails are sent by the task worker, never inside a request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from idesluss.notifications.models import Frequency, Notification


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
    from idesluss.notifications.services import frequencies_for

    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_recipient: dict[int, list[Notification]] = {}
    for notification in pending:
        by_recipient.setdefault(notification.recipient_id, []).append(notification)
    sent = 0
    for recipient_id, notifications in by_recipient.items():
        kinds = {n.kind for n in notifications}
        wanted = []
        for kind in kinds:
            if frequencies_for(user_ids=[recipient_id], kind=kind)[recipient_id] == frequency:
                wanted.extend(n for n in notifications if n.kind == kind)
        if not wanted:
            continue
        wanted.sort(key=lambda n: n.created_at)
        with transaction.atomic():
            _send(wanted[0].recipient, wanted, digest=frequency)
            Notification.objects.filter(pk__in=[n.pk for n in wanted]).update(
                emailed_at=timezone.now()
            )
        sent += 1
    return sent
