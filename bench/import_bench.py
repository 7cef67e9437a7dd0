"""Benchmark of the HR import: 50,000 people from one CSV file (run by hand, not a test).

    .venv/bin/python -m bench.import_bench                  # a fresh SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idesluss_importbench \\
        .venv/bin/python -m bench.import_bench               # PostgreSQL (database created)

It imports 50,000 people (with units, job titles and, for one in twenty, a role) into an
empty organisation, then the same file again (nothing changes), then a dry run, and
prints each time. Meanwhile a second process writes one small row every 20 ms, as other
people's requests do, and the longest of those writes is printed: the import holds the
database for one batch at a time, so that write never waits long.
"""

import argparse
import io
import multiprocessing
import os
import statistics
import sys
import tempfile
import time


def setup(database_url: str | None) -> None:
    if "pytest" in sys.modules:
        raise SystemExit("The bench scripts are not run by the test suite.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idesluss.config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        folder = tempfile.mkdtemp(prefix="idesluss-import-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["DATA_DIR"] = folder
    import django

    if os.environ["DATABASE_URL"].startswith("postgres"):
        _create_postgres_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def units_csv(count: int) -> str:
    lines = ["code;name;kind;parent", "K;Kommunen;förvaltning;"]
    lines += [f"U{n};Enhet {n};enhet;K" for n in range(count)]
    return "\n".join(lines) + "\n"


def people_csv(count: int, units: int) -> str:
    lines = ["e-post;namn;enhet;befattning;anställningsnummer;roller;aktiv"]
    for n in range(count):
        role = "coach" if n % 20 == 0 else ""
        lines.append(
            f"person{n}@kommunen.example;Person Nummer {n};U{n % units};"
            f"Handläggare;{100000 + n};{role};ja"
        )
    return "\n".join(lines) + "\n"


def _write_until_stopped(stop, results) -> None:
    """Someone else using the site (another process, as another request would be): one
    small write every 20 ms, each timed."""
    from django.db import connection, transaction

    from idesluss.core.models import AuditEvent

    durations, failures = [], 0
    while not stop.is_set():
        began = time.perf_counter()
        try:
            with transaction.atomic():
                AuditEvent.objects.create(action="bench.write", target_type="bench", target_id="1")
        except Exception:
            failures += 1
        durations.append(time.perf_counter() - began)
        time.sleep(0.02)
    connection.close()
    results.put((durations[1:], failures))  # the first write opens the connection


class Writer:
    def __init__(self) -> None:
        from django.db import connections

        connections.close_all()  # the child process opens its own
        context = multiprocessing.get_context("fork")
        self.stop = context.Event()
        self.results = context.Queue()
        self.process = context.Process(target=_write_until_stopped, args=(self.stop, self.results))
        self.durations: list[float] = []
        self.failures = 0

    def start(self) -> None:
        self.process.start()
        time.sleep(0.5)

    def join(self) -> None:
        self.stop.set()
        self.durations, self.failures = self.results.get()
        self.process.join()


BATCHES: list[float] = []


def _time_batches() -> None:
    """Time each batch's transaction: the longest is what another writer can wait for."""
    from idesluss.accounts import importers

    write = importers._write_people

    def timed_write(*args, **kwargs):
        began = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            BATCHES.append(time.perf_counter() - began)

    importers._write_people = timed_write


def timed(label: str, run) -> float:
    BATCHES.clear()
    writer = Writer()
    writer.start()
    began, cpu = time.perf_counter(), time.process_time()
    report = run()
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu
    writer.join()
    longest = max(writer.durations) * 1000 if writer.durations else 0
    median = statistics.median(writer.durations) * 1000 if writer.durations else 0
    print(
        f"{label:<16} {seconds:5.1f} s (CPU {cpu:4.1f} s)  created {report.created:>6}  updated {report.updated:>6}"
        f"  unchanged {report.unchanged:>6}  rejected {len(report.rejected):>4}   "
        f"other writes: {len(writer.durations)} (median {median:.0f} ms, "
        f"longest {longest:.0f} ms, failed {writer.failures})"
    )
    if BATCHES:
        print(
            f"{'':<16} {len(BATCHES)} batches of {importers_batch_size()} rows: median "
            f"{statistics.median(BATCHES) * 1000:.0f} ms, longest {max(BATCHES) * 1000:.0f} ms"
        )
    return seconds


def importers_batch_size() -> int:
    from idesluss.accounts import importers

    return importers.BATCH_SIZE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    options = parser.parse_args()
    setup(options.database_url)
    from django.db import connection

    from idesluss.accounts import importers

    _time_batches()
    print(f"{connection.vendor}, {options.people} people in {options.units} units")
    importers.units_import(io.BytesIO(units_csv(options.units).encode()))
    content = people_csv(options.people, options.units).encode()
    timed("first import", lambda: importers.users_import(io.BytesIO(content)))
    timed("same file again", lambda: importers.users_import(io.BytesIO(content)))
    timed("dry run", lambda: importers.users_import(io.BytesIO(content), dry_run=True))


if __name__ == "__main__":
    main()
