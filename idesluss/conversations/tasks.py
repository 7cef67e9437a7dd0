"""Background work of learning conversations: remind leaders of conversations not recorded."""

import datetime

from django.tasks import task
from django.utils import timezone

from idesluss.conversations import notifications
from idesluss.conversations.models import Session
from idesluss.core import periodic

# A conversation is "past" for the reminder once it ended this long ago.
GRACE = datetime.timedelta(days=1)
# Older ones are not reminded of any more (a forgotten one from last year is not news).
HORIZON = datetime.timedelta(days=30)


@periodic.job(periodic.DAILY)
@task()
def remind_unrecorded() -> int:
    """Remind each leader once of their conversations that ended a day or more ago and have
    no notes yet. Returns how many were reminded."""
    now = timezone.now()
    sessions = list(
        Session.objects.filter(
            recorded_at__isnull=True,
            reminded_at__isnull=True,
            ends_at__lte=now - GRACE,
            ends_at__gte=now - HORIZON,
            leader__is_active=True,
        ).select_related("theme", "leader")
    )
    for session in sessions:
        notifications.notify_unrecorded(session=session)
    Session.objects.filter(pk__in=[s.pk for s in sessions]).update(reminded_at=now)
    return len(sessions)
