"""Reads of notifications."""

from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

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
