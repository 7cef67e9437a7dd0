"""Background work: e-mails are sent by the task worker, never inside a request."""

from django.tasks import task

from idesluss.notifications import services


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail notifications one by one when due; each is sent at most once."""
    return services.notifications_email(notification_ids=notification_ids)


@task()
def send_due_emails() -> int:
    """Send delayed e-mails that are due and retry failed ones whose time has come."""
    return services.notifications_send_due()


@task()
def send_digests(frequency: str) -> int:
    """One e-mail per person with what they chose to get daily or weekly and have not had yet."""
    return services.digests_send(frequency=frequency)
