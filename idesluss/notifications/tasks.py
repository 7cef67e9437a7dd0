"""Background work: e-mails are sent by the task worker, never inside a request. The tasks
are thin: the work is in delivery.py; a failed e-mail's retry is queued for its time."""

import datetime

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from idesluss.core import periodic
from idesluss.notifications import delivery
from idesluss.notifications.models import Frequency


def enqueue_at(task, when: datetime.datetime, **kwargs) -> None:
    """Queue a task to run at `when`: now if it is due, later where the task backend can
    wait; otherwise the periodic sweep (send_due_emails) picks the work up when it is due."""
    if when <= timezone.now():
        task.enqueue(**kwargs)
    elif task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(**kwargs)


def _retry_at(when: datetime.datetime) -> None:
    transaction.on_commit(lambda: enqueue_at(send_due_emails, when))


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail notifications one by one when due; each is sent at most once."""
    return delivery.notifications_email(notification_ids=notification_ids, on_retry=_retry_at)


@periodic.job(periodic.MAIL)
@task()
def send_due_emails() -> int:
    """Send delayed e-mails that are due and retry failed ones whose time has come."""
    return delivery.notifications_send_due(on_retry=_retry_at)


@periodic.job(periodic.WEEKLY, frequency=Frequency.WEEKLY)
@periodic.job(periodic.DAILY, frequency=Frequency.DAILY)
@task()
def send_digests(frequency: str) -> int:
    """One e-mail per person with what they chose to get daily or weekly and have not had yet."""
    return delivery.digests_send(frequency=frequency, on_retry=_retry_at)
