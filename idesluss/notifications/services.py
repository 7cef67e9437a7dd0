"""Tell people what happened: in the notification list always, by e-mail as each one chooses."""

import datetime
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.core.text import subject_line
from idesluss.notifications.models import Frequency, Kind, Notification, Preference
from idesluss.notifications.selectors import HEADER_UNREAD_ATTR

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
}


def frequencies_for(*, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's chosen e-mail frequency for one kind (the default where they chose none)."""
    user_ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "frequency"
        )
    )
    default = DEFAULT_FREQUENCY.get(kind, Frequency.DAILY)
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


MAX_BODY = 5000

_state = threading.local()


@contextmanager
def email_muted() -> Iterator[None]:
    """Notifications made inside go to the list only, never by e-mail (e.g. demo data)."""
    previous = getattr(_state, "muted", False)
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = previous


Text = str | Callable[[], str]


def _in_language(text: Text, language: str) -> str:
    if not callable(text):
        return text
    with translation.override(language):
        return str(text())


def _collapse_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_COLLAPSE_WINDOW)


def _language(person) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: Text,
    body: Text = "",
    url: str = "",
    actor=None,
    topic: str = "",
    collapsed: Callable[[int], str] | None = None,
) -> list[Notification]:
    """Add a notification for each recipient (never the actor) and e-mail those who want it now.

    Title and body may be functions: they are then worded in each recipient's language.

    With a `topic` (what the event is about, e.g. "idea-comments:12"), a repeat of the same
    kind of event on the same topic to the same person, while the earlier notification is
    neither read nor e-mailed and was last touched within the collapse window, is merged
    into it: its count goes up, its title becomes `collapsed(count)` (worded in the
    recipient's language) and the new body is added to it; without `collapsed` the latest
    title and body replace the earlier ones (e.g. a workshop moved twice). Immediate e-mails
    wait NOTIFICATION_EMAIL_DELAY seconds so that such repeats go in the same e-mail, and a
    topic is e-mailed at most once per window.
    """
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    muted = getattr(_state, "muted", False)
    now = timezone.now()
    worded: dict[str, tuple[str, str]] = {}
    for person in people.values():
        language = _language(person)
        if language not in worded:
            worded[language] = (_in_language(title, language), _in_language(body, language))
    with transaction.atomic():  # the rows merged into are locked (callers may be outside one)
        return _notify(
            people=people,
            kind=kind,
            worded=worded,
            url=url,
            actor=actor,
            topic=topic,
            collapsed=collapsed,
            muted=muted,
            now=now,
        )


def _notify(
    *,
    people: dict,
    kind: str,
    worded: dict[str, tuple[str, str]],
    url: str,
    actor,
    topic: str,
    collapsed: Callable[[int], str] | None,
    muted: bool,
    now: datetime.datetime,
) -> list[Notification]:
    merged: list[Notification] = []
    last_mailed: dict[int, datetime.datetime] = {}
    if topic:
        window_start = now - _collapse_window()
        same_topic = Notification.objects.filter(
            recipient_id__in=list(people), kind=kind, topic=topic
        )
        open_ones = (
            same_topic.filter(
                read_at__isnull=True,
                emailed_at__isnull=True,
                failed_at__isnull=True,
                updated_at__gte=window_start,
            )
            .select_for_update()
            .order_by("recipient_id", "-created_at")
        )
        for notification in open_ones:
            person = people.pop(notification.recipient_id, None)
            if person is None:
                continue  # an older one of the same person's: the newest takes the repeat
            language = _language(person)
            notification.count += 1
            notification.title = (
                _in_language(partial(collapsed, notification.count), language)
                if collapsed is not None
                else worded[language][0]
            )[:200]
            added = worded[language][1]
            if collapsed is None:
                notification.body = added  # the latest state says it all
            elif added:
                notification.body = (
                    f"{notification.body}\n\n{added}" if notification.body else added
                )[:MAX_BODY]
            notification.actor = actor
            notification.save(update_fields=["count", "title", "body", "actor", "updated_at"])
            merged.append(notification)
        last_mailed = dict(
            same_topic.filter(recipient_id__in=list(people), emailed_at__gte=window_start)
            .values("recipient_id")
            .annotate(last=Max("emailed_at"))
            .values_list("recipient_id", "last")
        )
    if not people:
        return merged
    frequencies = {} if muted else frequencies_for(user_ids=people, kind=kind)
    delay = datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY)

    def send_after(user_id: int) -> datetime.datetime | None:
        if muted or frequencies[user_id] != Frequency.IMMEDIATELY:
            return None
        when = now + delay
        if user_id in last_mailed:
            when = max(when, last_mailed[user_id] + _collapse_window())
        return when

    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            actor=actor,
            title=worded[_language(person)][0][:200],
            body=worded[_language(person)][1],
            url=url,
            topic=topic[:100],
            emailed_at=now if muted else None,
            send_after=send_after(user_id),
        )
        for user_id, person in people.items()
    )
    if muted:
        return merged + notifications
    # Sent by the task worker after the commit, at the earliest when each one is due.
    by_time: dict[datetime.datetime, list[int]] = {}
    for notification in notifications:
        if notification.send_after is not None:
            by_time.setdefault(notification.send_after, []).append(notification.pk)
    if by_time:
        from idesluss.notifications.tasks import send_notification_emails

        def enqueue() -> None:
            for when, ids in by_time.items():
                enqueue_at(send_notification_emails, when, notification_ids=ids)

        transaction.on_commit(enqueue)
    return merged + notifications


def enqueue_at(task, when: datetime.datetime, **kwargs) -> None:
    """Queue a task to run at `when`: now if it is due, later where the task backend can
    wait; otherwise the periodic sweep (send_due_emails) picks the work up when it is due."""
    if when <= timezone.now():
        task.enqueue(**kwargs)
    elif task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(**kwargs)


def notifications_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark one's own notifications read (all of them without ids)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    # The count read with the user row (notifications/selectors.py) is no longer true.
    user.__dict__.pop(HEADER_UNREAD_ATTR, None)
    return unread.update(read_at=timezone.now())


def preferences_save(*, user, choices: dict[str, str]) -> None:
    """Store how a person wants to hear of each kind."""
    valid_kinds, valid_frequencies = set(Kind.values), set(Frequency.values)
    with transaction.atomic():
        for kind, frequency in choices.items():
            if kind not in valid_kinds or frequency not in valid_frequencies:
                raise ValueError(f"{kind}={frequency}")
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"frequency": frequency}
            )


# E-mail delivery. Sending happens in the task worker (tasks.py calls these).

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
        text = f"Idésluss: {notifications[0].title}"
    # Titles are single-line on input, but older data may not be: the subject never breaks.
    return subject_line(text)


def _email(recipient, notifications: list[Notification], digest: str | None) -> None:
    with translation.override(_language(recipient)):
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
) -> bool:
    """Send one e-mail; on failure record the attempt on each notification and plan the
    next one (or give up after the last back-off). True when it went out."""
    ids = [notification.pk for notification in notifications]
    try:
        _email(recipient, notifications, digest)
    except Exception as error:  # any mailer failure: SMTP, connection, bad address, ...
        _record_failure(ids, error, now=now or timezone.now())
        return False
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now(), next_attempt_at=None)
    return True


def _record_failure(ids: list[int], error: Exception, *, now: datetime.datetime) -> None:
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
    if next_attempt is not None:
        from idesluss.notifications.tasks import send_due_emails

        transaction.on_commit(lambda: enqueue_at(send_due_emails, next_attempt))


def _due(now: datetime.datetime):
    """Notifications whose e-mail should go out by now: first tries and retries."""
    return Notification.objects.filter(
        Q(attempts=0, send_after__lte=now) | Q(attempts__gt=0, next_attempt_at__lte=now),
        emailed_at__isnull=True,
        failed_at__isnull=True,
        recipient__is_active=True,
    )


def notifications_email(*, notification_ids: Iterable[int]) -> int:
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
                notification.recipient, [notification], digest=None
            ):
                sent += 1
    return sent


def notifications_send_due(*, now: datetime.datetime | None = None) -> int:
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
                notifications[0].recipient, notifications, digest=None, now=now
            ):
                sent += 1
    return sent


def digests_send(*, frequency: str) -> int:
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
            if _deliver(notifications[0].recipient, notifications, digest=frequency):
                sent += 1
    return sent


def notifications_send_again(*, notification_ids: Iterable[int], by) -> int:
    """The administrator asks for failed or waiting e-mails to be tried again now."""
    if not by.has_perm("notifications.change_notification"):
        raise PermissionDenied
    now = timezone.now()
    count = Notification.objects.filter(
        pk__in=list(notification_ids), emailed_at__isnull=True
    ).update(failed_at=None, attempts=Greatest("attempts", 1), next_attempt_at=now)
    if count:
        from idesluss.notifications.tasks import send_due_emails

        transaction.on_commit(lambda: send_due_emails.enqueue())
    return count
