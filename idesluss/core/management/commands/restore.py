from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from idesluss.core import backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `idesluss backup` into this installation's database "
        "and media directory. The archive is checked whole first; a truncated or damaged "
        "archive, one from a newer version or another database system, or a target "
        "database that is not empty (without --force) is refused and nothing is changed. "
        "Stop the application and the task worker while restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive file made by `idesluss backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that is not empty (all its tables are dropped, in the "
            "same transaction as the restore) and write over files in the media directory.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (complete, checksums, version) and say what it holds.",
        )

    def handle(self, *args, archive: str, force: bool, check: bool, **options):
        database = backup.Database.from_settings(connections["default"].settings_dict)
        # Our own connection must not hold locks or stale state while the tables change.
        connections["default"].close()
        try:
            if check:
                manifest = backup.read_manifest(Path(archive))
                media = sum(1 for name in manifest["files"] if name.startswith("media/"))
                self.stdout.write(
                    f"{archive} is complete: a {manifest['vendor']} database and {media} media "
                    f"files, made {manifest['created_at']} by Idésluss "
                    f"{manifest['application_version']}."
                )
                return
            result = backup.restore(
                archive_path=Path(archive),
                database=database,
                media_root=Path(settings.MEDIA_ROOT),
                force=force,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database and {result.media_files} media files from {archive} "
                f"(made {result.manifest['created_at']})."
            )
        )
        if result.migrate_needed:
            self.stdout.write(
                "The backup is from an older version: run `idesluss migrate` before starting "
                "the application."
            )
