"""What /metrics shows of the notifications (core/metrics.py)."""

from idesluss.core import metrics
from idesluss.notifications.models import Notification


@metrics.gauge(
    "idesluss_emails_failed",
    "Notification emails given up after their last retry (see the back office to resend).",
)
def emails_failed() -> float:
    return Notification.objects.filter(failed_at__isnull=False).count()
