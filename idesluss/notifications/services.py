"""Tell people what happened: in the notification list always, by e-mail as each one chooses."""

import datetime
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils import timezone, translation

from idesluss.core.i18n import language_of
from idesluss.notifications import tasks
from idesluss.notifications.models import Frequency, Kind, Notification, Preference
from idesluss.notifications.selectors import HEADER_UNREAD_ATTR, frequencies_for
from idesluss.notifications.tasks import enqueue_at

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


def _inlanguage_of(text: Text, language: str) -> str:
    if not callable(text):
        return text
    with translation.override(language):
        return str(text())


def _collapse_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_COLLAPSE_WINDOW)


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
        language = language_of(person)
        if language not in worded:
            worded[language] = (_inlanguage_of(title, language), _inlanguage_of(body, language))
    # The rows merged into are locked (callers may be outside a transaction). Inside one,
    # no savepoint of its own: a failure here fails the caller's change anyway.
    with transaction.atomic(savepoint=False):
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
            language = language_of(person)
            notification.count += 1
            notification.title = (
                _inlanguage_of(partial(collapsed, notification.count), language)
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
            title=worded[language_of(person)][0][:200],
            body=worded[language_of(person)][1],
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

        def enqueue() -> None:
            for when, ids in by_time.items():
                enqueue_at(tasks.send_notification_emails, when, notification_ids=ids)

        transaction.on_commit(enqueue)
    return merged + notifications


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


def notifications_send_again(*, notification_ids: Iterable[int], by) -> int:
    """The administrator asks for failed or waiting e-mails to be tried again now."""
    if not by.has_perm("notifications.change_notification"):
        raise PermissionDenied
    now = timezone.now()
    count = Notification.objects.filter(
        pk__in=list(notification_ids), emailed_at__isnull=True
    ).update(failed_at=None, attempts=Greatest("attempts", 1), next_attempt_at=now)
    if count:
        transaction.on_commit(lambda: tasks.send_due_emails.enqueue())
    return count
