"""`idesluss bench-seed --scale region|municipality`: the benchmark's data (bench/seed.py)."""

import sys
from types import ModuleType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Fill a dedicated PostgreSQL database with a region's (or a municipality's) Idésluss "
        "for the benchmark, by bulk inserts that keep the services' invariants (bench/seed.py)."
    )
    # Seeding needs the models only: it works while another app's URLs are half-built.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        _bench_seed().add_arguments(parser)

    def handle(self, *args, **options):
        seed = _bench_seed()
        try:
            seed.run(options, log=self.stdout.write)
        except seed.SeedRefused as refusal:
            raise CommandError(str(refusal)) from None


def _bench_seed() -> ModuleType:
    # bench/ lives beside the package in the checkout and is not installed with it.
    project = str(settings.PROJECT_DIR)
    if project not in sys.path:
        sys.path.append(project)
    from bench import seed

    return seed
