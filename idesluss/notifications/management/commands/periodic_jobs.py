from django.core.management.base import BaseCommand

from idesluss.ideas.tasks import remind_overdue
from idesluss.notifications.models import Frequency
from idesluss.notifications.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Queue the daily jobs (overdue reminders, daily digests) for the task worker; with "
        "--weekly also the weekly digests. Run it from cron, e.g. every morning at 06:00 and "
        "with --weekly on Monday mornings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weekly", action="store_true", help="Also send the weekly digests.")

    def handle(self, *args, weekly: bool, **options):
        remind_overdue.enqueue()
        send_digests.enqueue(frequency=Frequency.DAILY)
        if weekly:
            send_digests.enqueue(frequency=Frequency.WEEKLY)
        self.stdout.write("Queued the periodic jobs.")
