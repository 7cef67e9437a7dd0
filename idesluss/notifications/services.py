"""Tell people what happened: in the notification list always, by e-mail as each one chooses."""

import datetime
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils import timezone, translation

from idesluss.core.i18n import language_of
from idesluss.notifications import phrases, tasks
from idesluss.notifications.models import Frequency, Kind, Notification, Preference
from idesluss.notifications.phrases import Phrase
from idesluss.notifications.selectors import frequencies_by_kind, unread_cache_key
from idesluss.notifications.tasks import enqueue_at

MAX_BODY = 5000
MAX_BODY_PARTS = 50

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


# What a notification says: a phrase (notifications.phrases: kept as data and worded in
# the reader's language whenever it is shown), someone's own text (shown as it is), or a
# function giving the words (worded once, in the recipient's language when it is made).
Text = str | Phrase | Callable[[], str]


def _inlanguage_of(text: Text, language: str) -> str:
    if isinstance(text, str):
        return text
    with translation.override(language):
        return phrases.render(text) if isinstance(text, dict) else str(text())


def _wording(title: Text, body: Text) -> dict:
    """What to keep of the title and body to word them again when read; nothing where one
    is a function (the stored words are shown)."""
    if callable(title) or callable(body):
        return {}
    return {"title": title, "body": [body] if body else []}


def _collapse_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_COLLAPSE_WINDOW)


@dataclass(frozen=True)
class Message:
    """One notification to several people, as `notify` takes it (for `notify_all`)."""

    recipients: Iterable
    kind: str
    title: Text
    body: Text = ""
    url: str = ""
    actor: Any = None
    topic: str = ""
    collapsed: Callable[[int], Text] | None = None


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: Text,
    body: Text = "",
    url: str = "",
    actor=None,
    topic: str = "",
    collapsed: Callable[[int], Text] | None = None,
) -> list[Notification]:
    """Add a notification for each recipient (never the actor) and e-mail those who want it now.

    Title and body are best phrases (notifications.phrases): they are kept as data and
    worded in the reader's language whenever the notification is shown or e-mailed. Text
    is shown as it is; functions are worded once, in each recipient's language.

    With a `topic` (what the event is about, e.g. "idea-comments:12"), a repeat of the same
    kind of event on the same topic to the same person, while the earlier notification is
    neither read nor e-mailed and was last touched within the collapse window, is merged
    into it: its count goes up, its title becomes `collapsed(count)` (worded in the
    recipient's language) and the new body is added to it; without `collapsed` the latest
    title and body replace the earlier ones (e.g. a workshop moved twice). Immediate e-mails
    wait NOTIFICATION_EMAIL_DELAY seconds so that such repeats go in the same e-mail, and a
    topic is e-mailed at most once per window.
    """
    return notify_all(
        [
            Message(
                recipients=recipients,
                kind=kind,
                title=title,
                body=body,
                url=url,
                actor=actor,
                topic=topic,
                collapsed=collapsed,
            )
        ]
    )


def notify_all(messages: Iterable[Message]) -> list[Notification]:
    """Several notifications of one event (e.g. an invitation to some, a task to another),
    each as `notify` makes it, with the e-mail preferences read in one query and the new
    rows written in one insert. The messages are of different kinds or topics: one does not
    merge into another of the same call."""
    batch: list[tuple[Message, dict, dict[str, tuple[str, str]]]] = []
    for message in messages:
        people = {
            person.pk: person
            for person in message.recipients
            if person is not None and person.is_active
        }
        if message.actor is not None:
            people.pop(message.actor.pk, None)
        if not people:
            continue
        worded: dict[str, tuple[str, str]] = {}
        for person in people.values():
            language = language_of(person)
            if language not in worded:
                worded[language] = (
                    _inlanguage_of(message.title, language),
                    _inlanguage_of(message.body, language),
                )
        batch.append((message, people, worded))
    if not batch:
        return []
    muted = getattr(_state, "muted", False)
    now = timezone.now()
    # The rows merged into are locked (callers may be outside a transaction). Inside one,
    # no savepoint of its own: a failure here fails the caller's change anyway.
    with transaction.atomic(savepoint=False):
        merged: list[Notification] = []
        new: list[tuple[Message, dict, dict[str, tuple[str, str]], dict]] = []
        for message, people, worded in batch:
            repeats, mailed = _merge_repeats(message=message, people=people, worded=worded, now=now)
            merged += repeats
            if people:  # those not merged into an earlier notification
                new.append((message, people, worded, mailed))
        return merged + _create(new=new, muted=muted, now=now)


def _merge_repeats(
    *, message: Message, people: dict, worded: dict[str, tuple[str, str]], now: datetime.datetime
) -> tuple[list[Notification], dict[int, datetime.datetime]]:
    """Merge a repeat on the same topic into each person's open notification (those are
    taken out of `people`); with when each of the others was last e-mailed on the topic."""
    if not message.topic:
        return [], {}
    merged: list[Notification] = []
    window_start = now - _collapse_window()
    same_topic = Notification.objects.filter(
        recipient_id__in=list(people), kind=message.kind, topic=message.topic
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
    collapsed = message.collapsed
    for notification in open_ones:
        person = people.pop(notification.recipient_id, None)
        if person is None:
            continue  # an older one of the same person's: the newest takes the repeat
        language = language_of(person)
        notification.count += 1
        title = collapsed(notification.count) if collapsed is not None else message.title
        notification.title = _inlanguage_of(title, language)[:200]
        added = worded[language][1]
        if collapsed is None:
            notification.body = added  # the latest state says it all
        elif added:
            notification.body = (f"{notification.body}\n\n{added}" if notification.body else added)[
                :MAX_BODY
            ]
        notification.wording = _merged_wording(
            notification.wording, title=title, body=message.body, replace=collapsed is None
        )
        notification.actor = message.actor
        notification.save(
            update_fields=["count", "title", "body", "wording", "actor", "updated_at"]
        )
        merged.append(notification)
    last_mailed = dict(
        same_topic.filter(recipient_id__in=list(people), emailed_at__gte=window_start)
        .values("recipient_id")
        .annotate(last=Max("emailed_at"))
        .values_list("recipient_id", "last")
    )
    return merged, last_mailed


def _merged_wording(wording: dict, *, title: Text, body: Text, replace: bool) -> dict:
    """The wording of a notification a repeat is merged into: the new title, and the new
    body in place of the earlier (`replace`) or after it. Added to one that has no wording
    kept (made before it was, or with functions), neither has the merged one."""
    new = _wording(title, body)
    if replace or not new:
        return new
    if not wording or "title" not in wording:
        return {}
    bodies = [*wording.get("body", []), *new["body"]]
    # As the stored text stops at MAX_BODY: a long discussion keeps its first comments.
    return {"title": new["title"], "body": bodies[:MAX_BODY_PARTS]}


def _create(
    *,
    new: list[tuple[Message, dict, dict[str, tuple[str, str]], dict]],
    muted: bool,
    now: datetime.datetime,
) -> list[Notification]:
    """The new notifications of every message (with its people, its wording in their
    languages, and when each was last e-mailed on its topic), in one insert, each e-mailed
    when due."""
    if not new:
        return []
    frequencies = (
        {}
        if muted
        else frequencies_by_kind(
            wanted={
                kind: {pk for message, people, *_ in new if message.kind == kind for pk in people}
                for kind in {message.kind for message, *_ in new}
            }
        )
    )
    delay = datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY)

    def send_after(kind: str, user_id: int, mailed: dict) -> datetime.datetime | None:
        if muted or frequencies[kind, user_id] != Frequency.IMMEDIATELY:
            return None
        when = now + delay
        if user_id in mailed:
            when = max(when, mailed[user_id] + _collapse_window())
        return when

    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=message.kind,
            actor=message.actor,
            title=worded[language_of(person)][0][:200],
            body=worded[language_of(person)][1],
            wording=_wording(message.title, message.body),
            url=message.url,
            topic=message.topic[:100],
            emailed_at=now if muted else None,
            send_after=send_after(message.kind, user_id, mailed),
        )
        for message, people, worded, mailed in new
        for user_id, person in people.items()
    )
    _forget_unread_counts(notification.recipient_id for notification in notifications)
    if muted:
        return notifications
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
    return notifications


def notifications_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark one's own notifications read (all of them without ids)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    marked = unread.update(read_at=timezone.now())
    _forget_unread_counts([user.pk])
    return marked


def _forget_unread_counts(user_ids: Iterable[int]) -> None:
    """The header's unread counts of these people are no longer true: drop them now and
    once more when the transaction commits (a count read in between is not kept)."""
    keys = [unread_cache_key(user_id) for user_id in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


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
