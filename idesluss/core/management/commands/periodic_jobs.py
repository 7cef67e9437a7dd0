from django.core.management.base import BaseCommand

from idesluss.core import periodic


class Command(BaseCommand):
    help = (
        "Queue the daily jobs of every app (reminders of overdue ideas, due actions and "
        "coming workshops; daily digests; e-mails that are due or to be tried again) for the "
        "task worker; with --weekly also the weekly jobs (weekly digests); with --mail only "
        "the e-mails that are due. Run it from cron, e.g. every morning at 06:00, with "
        "--weekly on Monday mornings and with --mail every ten minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weekly", action="store_true", help="Also queue the weekly jobs.")
        parser.add_argument(
            "--mail",
            action="store_true",
            help="Only send delayed e-mails that are due and retry failed ones.",
        )

    def handle(self, *args, weekly: bool, mail: bool, **options):
        schedules = [periodic.MAIL]
        if not mail:
            schedules.append(periodic.DAILY)
            if weekly:
                schedules.append(periodic.WEEKLY)
        queued = periodic.jobs(*schedules)
        for registered in queued:
            registered.task.enqueue(**registered.kwargs)
        if mail:
            self.stdout.write("Queued the e-mails that are due.")
        else:
            self.stdout.write(f"Queued the periodic jobs ({len(queued)}).")
