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
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "frequency"
        )
    )
    default = DEFAULT_FREQUENCY.get(kind, Frequency.DAILY)
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}
