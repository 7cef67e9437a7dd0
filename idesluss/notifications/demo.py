"""The demo's people have read what they were told more than a week ago, as people do:
only the past week's notifications wait unread."""

import datetime
from collections import defaultdict

from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.core.demo import DemoContext, demo_clock, register
from idesluss.notifications.models import Notification
from idesluss.notifications.services import notifications_mark_read

READ_AFTER = datetime.timedelta(days=7)


@register(order=90)
def read_old_notifications(context: DemoContext) -> None:
    """Mark older notifications read (the demo's histories reach back a year)."""
    cutoff = timezone.now() - READ_AFTER
    unread: dict[int, list[int]] = defaultdict(list)
    for pk, recipient in Notification.objects.filter(
        read_at__isnull=True, created_at__lt=cutoff
    ).values_list("pk", "recipient_id"):
        unread[recipient].append(pk)
    people = User.objects.in_bulk(list(unread))
    with demo_clock(cutoff):
        for recipient, ids in sorted(unread.items()):
            notifications_mark_read(user=people[recipient], notification_ids=ids)
    context.log(f"  {sum(len(ids) for ids in unread.values())} older notifications read")
