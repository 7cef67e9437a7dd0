import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Fill a dedicated PostgreSQL database with a large idea sluice for the benchmark "
        "(bench/seed_ideas.py; refuses a database that holds ideas unless --force)."
    )

    def add_arguments(self, parser):
        seed_ideas = _bench_module()
        seed_ideas.add_arguments(parser)

    def handle(self, *args, **options):
        seed_ideas = _bench_module()
        try:
            seed_ideas.run(options, log=self.stdout.write)
        except seed_ideas.SeedRefused as refusal:
            raise CommandError(str(refusal)) from None


def _bench_module():
    # bench/ lives beside the package in the checkout and is not installed with it.
    project = str(settings.PROJECT_DIR)
    if project not in sys.path:
        sys.path.append(project)
    from bench import seed_ideas

    return seed_ideas
