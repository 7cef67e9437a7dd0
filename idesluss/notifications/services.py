"""Tell people what happened: in the notification list always, by e-mail as each one chooses."""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from idesluss.notifications.models import Frequency, Kind, Notification, Preference
from idesluss.notifications.selectors import HEADER_UNREAD_ATTR

DEFAULT_FREQUENCY = {
    Kind.IDEA_ANSWERED: Frequency.IMMEDIATELY,
    Kind.IDEA_FOR_ME: Frequency.IMMEDIATELY,
    Kind.IDEA_MERGED: Frequency.IMMEDIATELY,
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


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: Text,
    body: Text = "",
    url: str = "",
    actor=None,
) -> list[Notification]:
    """Add a notification for each recipient (never the actor) and e-mail those who want it now.

    Title and body may be functions: they are then worded in each recipient's language.
    """
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    muted = getattr(_state, "muted", False)
    worded: dict[str, tuple[str, str]] = {}
    for person in people.values():
        language = person.preferred_language or settings.LANGUAGE_CODE
        if language not in worded:
            worded[language] = (_in_language(title, language), _in_language(body, language))
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            actor=actor,
            title=worded[person.preferred_language or settings.LANGUAGE_CODE][0][:200],
            body=worded[person.preferred_language or settings.LANGUAGE_CODE][1],
            url=url,
            emailed_at=timezone.now() if muted else None,
        )
        for user_id, person in people.items()
    )
    if muted:
        return notifications
    frequencies = frequencies_for(user_ids=people, kind=kind)
    now = [n.pk for n in notifications if frequencies[n.recipient_id] == Frequency.IMMEDIATELY]
    if now:
        from idesluss.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(notification_ids=now))
    return notifications


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
