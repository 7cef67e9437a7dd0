from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from idesluss.notifications.models import Frequency
from idesluss.notifications.tasks import send_digests

# The daily jobs of every app: tasks that take no arguments. Each app adds its own here.
DAILY_TASKS = [
    "idesluss.ideas.tasks.remind_overdue",
    "idesluss.workshops.tasks.remind_workshops",
    "idesluss.groups.tasks.remind_actions_due",
]


class Command(BaseCommand):
    help = (
        "Queue the daily jobs (reminders of overdue ideas, due actions and coming workshops; "
        "daily digests) for the task worker; with --weekly also the weekly digests. Run it "
        "from cron, e.g. every morning at 06:00 and with --weekly on Monday mornings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weekly", action="store_true", help="Also send the weekly digests.")

    def handle(self, *args, weekly: bool, **options):
        for path in DAILY_TASKS:
            import_string(path).enqueue()
        send_digests.enqueue(frequency=Frequency.DAILY)
        if weekly:
            send_digests.enqueue(frequency=Frequency.WEEKLY)
        self.stdout.write("Queued the periodic jobs.")
