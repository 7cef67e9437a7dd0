"""Benchmark of the exports: every idea of the seeded database as CSV and as Excel (run by
hand, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idesluss_region \\
        .venv/bin/python -m bench.export_bench            # the seeded scale (bench/seed.py)
    .venv/bin/python -m bench.export_bench --ideas 5000   # a fresh SQLite file with 5,000 ideas

Each export runs in a process of its own (forked), as the coordinator, through the same
code as the page (`insights.exports`, `core.exports`): the CSV is read to its end as the
streaming response would send it, the workbook written to its temporary file. It prints
the seconds, the rows, the bytes and the process's peak memory (its maximum resident set,
which includes Django itself) against the targets of issue 15: 100,000 ideas as CSV in
under 10 s, in under 250 MB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

TARGET_SECONDS = 10.0  # for 100,000 ideas, as CSV
TARGET_PEAK_MB = 250.0


@dataclass(frozen=True)
class Measurement:
    label: str
    rows: int
    bytes: int
    seconds: float
    peak_mb: float  # the process's maximum resident set (subprocess) or Python's (in-process)

    def line(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0
        return (
            f"{self.label:<8} {self.rows:>8} rows  {self.bytes / 1e6:7.1f} MB written  "
            f"{self.seconds:6.2f} s ({rate:,.0f} rows/s)  peak {self.peak_mb:6.1f} MB"
        )


def export_csv(viewer) -> tuple[int, int]:
    """Every idea the viewer may export, as the CSV response streams it: (rows, bytes)."""
    from idesluss.core.exports import csv_lines
    from idesluss.insights.exports import ExportFilters, idea_header, idea_rows

    rows, size = -1, 0  # the header is no row
    for line in csv_lines(idea_header(), idea_rows(viewer=viewer, filters=ExportFilters())):
        rows += 1
        size += len(line)
    return rows, size


def export_excel(viewer) -> tuple[int, int]:
    """Every idea the viewer may export, as the workbook the Excel response sends."""
    from idesluss.core.exports import excel_file
    from idesluss.insights.exports import ExportFilters, idea_header, idea_rows

    counted = 0

    def counting():
        nonlocal counted
        for row in idea_rows(viewer=viewer, filters=ExportFilters()):
            counted += 1
            yield row

    with excel_file(idea_header(), counting(), title="Ideas") as file:
        size = file.seek(0, os.SEEK_END)
    return counted, size


def measure(label: str, run: Callable[[], tuple[int, int]]) -> Measurement:
    """Run an export in this process; its peak is Python's own allocations (tracemalloc)."""
    tracemalloc.start()
    began = time.perf_counter()
    try:
        rows, size = run()
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return Measurement(label, rows, size, seconds, peak / 1e6)


def _child(label: str, run: Callable, results) -> None:
    from django.db import connection

    began = time.perf_counter()
    rows, size = run()
    seconds = time.perf_counter() - began
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    connection.close()
    results.put(Measurement(label, rows, size, seconds, peak_kb / 1024))


def measure_in_subprocess(label: str, run: Callable[[], tuple[int, int]]) -> Measurement:
    """Run an export in a forked process and read its peak resident memory: what a worker
    serving the export would need."""
    from django.db import connections

    connections.close_all()  # the child opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=_child, args=(label, run, results))
    process.start()
    measurement = results.get()
    process.join()
    return measurement


def verdict(measurement: Measurement, *, ideas: int) -> str:
    """Whether a CSV measurement meets the targets, scaled to 100,000 ideas."""
    per_100k = measurement.seconds * 100_000 / max(ideas, 1)
    fast = per_100k < TARGET_SECONDS
    small = measurement.peak_mb < TARGET_PEAK_MB
    return (
        f"targets: 100,000 ideas in < {TARGET_SECONDS:.0f} s (here {per_100k:.1f} s for "
        f"100,000: {'ok' if fast else 'MISSED'}), peak < {TARGET_PEAK_MB:.0f} MB "
        f"({'ok' if small else 'MISSED'})"
    )


def make_ideas(count: int) -> None:
    """`count` handed-in ideas with goals, in bulk (a few seconds for 100,000)."""
    import datetime

    from django.utils import timezone

    from idesluss.accounts import services as account_services
    from idesluss.accounts.models import Unit, User
    from idesluss.ideas.models import Idea, Lane, Stage

    unit = Unit.objects.filter(is_active=True).first() or account_services.unit_create(
        name="Enheten", code="BENCH-EXPORT"
    )
    person = User.objects.filter(is_active=True).first() or account_services.user_create(
        email="export-bench@kommunen.example", full_name="Exportera Mera", unit=unit
    )
    stage = Stage.objects.get(lane=Lane.INNOVATION, is_initial=True)
    now = timezone.now()
    for start in range(0, count, 5000):
        ideas = Idea.objects.bulk_create(
            Idea(
                title=f"Idé {n} – =formel?" if n % 97 == 0 else f"Idé nummer {n}",
                need="Behovet",
                lane=Lane.INNOVATION,
                status=Idea.Status.SUBMITTED,
                stage=stage,
                unit=unit,
                submitter=person,
                responsible=person,
                submitted_at=now - datetime.timedelta(minutes=n),
                moved_at=now - datetime.timedelta(minutes=n),
                response_due=timezone.localdate(),
            )
            for n in range(start, min(start + 5000, count))
        )
        Idea.global_goals.through.objects.bulk_create(
            Idea.global_goals.through(idea_id=idea.pk, globalgoal_id=1 + idea.pk % 17)
            for idea in ideas
        )


def coordinator():
    """The exporting person: a superuser sees (and exports) every idea, as the coordinator."""
    from idesluss.accounts.models import User

    user = User.objects.filter(is_superuser=True, is_active=True).first()
    if user is None:
        user = User.objects.create(
            email="export-bench-admin@kommunen.example", full_name="Bänk Admin", is_superuser=True
        )
    return user


def setup(database_url: str | None) -> None:
    if "pytest" in sys.modules:
        raise SystemExit("The bench scripts are not run by the test suite.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idesluss.config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        folder = tempfile.mkdtemp(prefix="idesluss-export-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["DATA_DIR"] = folder
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--ideas", type=int, default=0, help="add this many ideas first (default: none)"
    )
    options = parser.parse_args()
    setup(options.database_url)
    from django.db import connection

    from idesluss.ideas.models import Idea

    if options.ideas:
        make_ideas(options.ideas)
    viewer = coordinator()
    count = Idea.objects.filter(status=Idea.Status.SUBMITTED).count()
    print(f"{connection.vendor}, {count} handed-in ideas")
    csv_run = measure_in_subprocess("CSV", lambda: export_csv(viewer))
    print(csv_run.line())
    print("         " + verdict(csv_run, ideas=count))
    excel_run = measure_in_subprocess("Excel", lambda: export_excel(viewer))
    print(excel_run.line())


if __name__ == "__main__":
    main()
