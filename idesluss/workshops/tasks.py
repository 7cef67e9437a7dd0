"""Background work of the idea workshops."""

import datetime

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from idesluss.core import periodic
from idesluss.workshops import notifications
from idesluss.workshops.models import SignUp, Workshop


@periodic.job(periodic.DAILY)
@task()
def remind_workshops() -> int:
    """Remind everyone taking part in tomorrow's workshops, once (by e-mail unless they turned
    workshop e-mails off: a reminder in a later digest would come too late)."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    reminded = 0
    workshops = Workshop.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
        phase__in=[Workshop.Phase.CLOSED, Workshop.Phase.CANCELLED]
    )
    for workshop in workshops:
        with transaction.atomic():
            # Locked and marked in one go: a second run (or a parallel worker) skips them.
            signups = list(
                SignUp.objects.select_for_update(of=("self",))
                .filter(workshop=workshop, status__in=SignUp.TAKING_PART, reminded_at__isnull=True)
                .select_related("person")
            )
            if not signups:
                continue
            SignUp.objects.filter(pk__in=[signup.pk for signup in signups]).update(
                reminded_at=timezone.now()
            )
            notifications.notify_reminder(
                workshop=workshop, people=[signup.person for signup in signups]
            )
            reminded += len(signups)
    return reminded
