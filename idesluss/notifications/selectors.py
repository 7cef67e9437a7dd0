"""Reads of notifications."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from idesluss.notifications.models import DEFAULT_FREQUENCY, Frequency, Notification, Preference

# Set on the user object by the authentication backend (accounts/backends.py), which reads
# it with the user row; dropped when the person's notifications are marked read.
HEADER_UNREAD_ATTR = "header_unread"


def unread_count_subquery() -> Coalesce:
    """A user row's unread notifications, to annotate the user with."""
    return Coalesce(
        Subquery(
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(count=Count("*"))
            .values("count")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def unread_count(user) -> int:
    """How many of the person's notifications are unread: read with the user row when the
    request signed them in, otherwise counted."""
    known = getattr(user, HEADER_UNREAD_ATTR, None)
    if known is not None:
        return known
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


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


NOTIFICATIONS_PER_PAGE = 30


@dataclass(frozen=True, slots=True)
class NotificationLine:
    """What the notification list shows of one notification."""

    id: int
    title: str
    body: str
    unread: bool
    created_at: datetime.datetime  # in the current time zone
    actor_name: str | None  # None: no one did it (or they are gone)


def notifications_page(*, user, page: int | str | None) -> Page:
    """A person's notifications, newest first, one page at a time (two queries)."""
    rows = Notification.objects.filter(recipient=user).values_list(
        "id", "title", "body", "read_at", "created_at", "actor__full_name"
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
        for pk, title, body, read_at, created_at, actor_name in result.object_list
    ]
    return result
