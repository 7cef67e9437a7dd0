from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from idesluss.notifications.models import Frequency
from idesluss.notifications.tasks import send_digests, send_due_emails

# The daily jobs of every app: tasks that take no arguments. Each app adds its own here.
DAILY_TASKS = [
    "idesluss.ideas.tasks.remind_overdue",
    "idesluss.workshops.tasks.remind_workshops",
    "idesluss.groups.tasks.remind_actions_due",
]


class Command(BaseCommand):
    help = (
        "Queue the daily jobs (reminders of overdue ideas, due actions and coming workshops; "
        "daily digests; e-mails that are due or to be tried again) for the task worker; with "
        "--weekly also the weekly digests; with --mail only the e-mails that are due. Run it "
        "from cron, e.g. every morning at 06:00, with --weekly on Monday mornings and with "
        "--mail every ten minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weekly", action="store_true", help="Also send the weekly digests.")
        parser.add_argument(
            "--mail",
            action="store_true",
            help="Only send delayed e-mails that are due and retry failed ones.",
        )

    def handle(self, *args, weekly: bool, mail: bool, **options):
        send_due_emails.enqueue()
        if mail:
            self.stdout.write("Queued the e-mails that are due.")
            return
        for path in DAILY_TASKS:
            import_string(path).enqueue()
        send_digests.enqueue(frequency=Frequency.DAILY)
        if weekly:
            send_digests.enqueue(frequency=Frequency.WEEKLY)
        self.stdout.write("Queued the periodic jobs.")
