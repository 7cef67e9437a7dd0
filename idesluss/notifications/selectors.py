"""Reads of notifications."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils import timezone

from idesluss.notifications.models import (
    DEFAULT_FREQUENCY,
    Frequency,
    Notification,
    Preference,
    worded,
)

# The header's unread count is kept in the configured cache (shared by every worker) for
# at most UNREAD_KEPT_SECONDS and dropped when the person gets a notification or reads
# one (notifications.services): a count read while a notification was being written can
# be behind for that long, never longer.
UNREAD_KEPT_SECONDS = 60


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    """How many of the person's notifications are unread."""
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, timeout=UNREAD_KEPT_SECONDS)
    return count


def frequencies_for(*, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's chosen e-mail frequency for one kind (the default where they chose none)."""
    user_ids = list(user_ids)
    return {
        user_id: frequency
        for (_kind, user_id), frequency in frequencies_by_kind(wanted={kind: user_ids}).items()
    }


def frequencies_by_kind(*, wanted: dict[str, Iterable[int]]) -> dict[tuple[str, int], str]:
    """`frequencies_for` of several kinds in one query: {(kind, user id): frequency}."""
    wanted = {kind: list(user_ids) for kind, user_ids in wanted.items()}
    everyone = {user_id for user_ids in wanted.values() for user_id in user_ids}
    chosen = {
        (kind, user_id): frequency
        for kind, user_id, frequency in Preference.objects.filter(
            user_id__in=everyone, kind__in=list(wanted)
        ).values_list("kind", "user_id", "frequency")
    }
    return {
        (kind, user_id): chosen.get((kind, user_id), DEFAULT_FREQUENCY.get(kind, Frequency.DAILY))
        for kind, user_ids in wanted.items()
        for user_id in user_ids
    }


NOTIFICATIONS_PER_PAGE = 30


@dataclass(frozen=True, slots=True)
class NotificationLine:
    """What the notification list shows of one notification (in the reader's language)."""

    id: int
    title: str
    body: str
    unread: bool
    created_at: datetime.datetime  # in the current time zone
    actor_name: str | None  # None: no one did it (or they are gone)


def notifications_page(*, user, page: int | str | None) -> Page:
    """A person's notifications, newest first, one page at a time (two queries), worded in
    the active language."""
    rows = Notification.objects.filter(recipient=user).values_list(
        "id", "wording", "title", "body", "read_at", "created_at", "actor__full_name"
    )
    result = Paginator(rows, NOTIFICATIONS_PER_PAGE).get_page(page)
    result.object_list = [
        NotificationLine(
            id=pk,
            title=title,
            body=body,
            unread=read_at is None,
            created_at=timezone.localtime(created_at),
            actor_name=actor_name,
        )
        for pk, wording, stored_title, stored_body, read_at, created_at, actor_name in (
            result.object_list
        )
        for title, body in [worded(wording, stored_title, stored_body)]
    ]
    return result
