import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from idesluss.accounts import importers


class Command(BaseCommand):
    help = (
        "Import units and/or people from CSV files exported from an HR system. "
        "Valid rows are imported (in batches, each its own short transaction); each "
        "rejected row is listed with the reasons. "
        "Exits with 1 when any row was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--units", type=Path, help="CSV of units (code, name, kind, parent, managers)"
        )
        parser.add_argument(
            "--users",
            type=Path,
            help="CSV of people (email, full_name, unit, job_title, employee_number, roles, active)",
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate active people who are not in the people file (a full staff export).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the files; save nothing.")

    def handle(
        self,
        *args,
        units: Path | None,
        users: Path | None,
        deactivate_missing: bool,
        dry_run: bool,
        **options,
    ):
        if not units and not users:
            raise CommandError("Give --units FILE, --users FILE or both.")
        any_rejected = False
        for label, path, run in (
            ("Units", units, lambda f: importers.units_import(f, dry_run=dry_run)),
            (
                "People",
                users,
                lambda f: importers.users_import(
                    f, deactivate_missing=deactivate_missing, dry_run=dry_run
                ),
            ),
        ):
            if not path:
                continue
            try:
                with path.open("rb") as file:
                    report = run(file)
            except FileNotFoundError:
                raise CommandError(f"No such file: {path}") from None
            except importers.ImportFileError as error:
                raise CommandError(f"{path}: {error}") from None
            prefix = "(dry run, nothing saved) " if report.dry_run else ""
            self.stdout.write(
                f"{label}: {prefix}{report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.deactivated} deactivated, "
                f"{len(report.rejected)} rejected"
            )
            for row in report.rejected:
                any_rejected = True
                self.stdout.write(f"  line {row.line} ({row.identifier}): " + " ".join(row.reasons))
        if any_rejected:
            sys.exit(1)
