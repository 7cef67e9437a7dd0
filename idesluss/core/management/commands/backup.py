from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from idesluss.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into one archive file, while the "
        "application keeps running (PostgreSQL through pg_dump, SQLite through its online "
        "backup API; both are consistent snapshots). Restore it with `idesluss restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            help="The archive to write (default: idesluss-<date-time>.tar in the current "
            "directory). An existing file is never overwritten.",
        )

    def handle(self, *args, output: str | None, **options):
        if not output:
            output = f"idesluss-{timezone.now():%Y%m%d-%H%M%S}.tar"
        database = backup.Database.from_settings(connections["default"].settings_dict)
        try:
            result = backup.backup(
                database=database, media_root=Path(settings.MEDIA_ROOT), output=Path(output)
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {database.vendor} database and {result.media_files} media "
                f"files to {result.path} ({result.size:,} bytes)."
            )
        )
