"""Background work of the trainings: a reminder before a qualification lapses."""

import datetime

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from idesluss.accounts.models import Qualification
from idesluss.core import periodic
from idesluss.learning import notifications

REMIND_DAYS_BEFORE = 30


@periodic.job(periodic.DAILY)
@task()
def remind_lapsing_qualifications() -> int:
    """Tell each holder of a qualification that lapses within 30 days, once (the reminder is
    marked on the qualification; a renewal with a new expiry clears it in accounts)."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    with transaction.atomic():
        lapsing = list(
            Qualification.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                withdrawn_at__isnull=True,
                reminded_at__isnull=True,
                expires_on__isnull=False,
                expires_on__gte=today,
                expires_on__lte=horizon,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("expires_on", "id")
        )
        Qualification.objects.filter(pk__in=[q.pk for q in lapsing]).update(
            reminded_at=timezone.now()
        )
        for qualification in lapsing:
            notifications.notify_lapsing(
                person=qualification.user,
                code=qualification.code,
                expires_on=qualification.expires_on,
            )
    return len(lapsing)
