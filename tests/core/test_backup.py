"""`idesluss backup` and `idesluss restore`, on the database the suite runs on.

The demo data is built in a database of its own (not the test database), backed up by the
real command while another process keeps writing (supports, through the service), and
restored by the real command into a new, empty database. How the copy is judged:

The writer changes each idea at most once (one new support per idea, and its counter), so
every row of the source has at most two versions: before the writes (B) and after them
(F). A consistent snapshot taken in between holds, row by row, for every table: the row
as it is in both when B and F agree, and otherwise either B's or F's version. Which writes
it holds must be a prefix of the writes in commit order: every write finished before the
backup started, none begun after it ended; and each restored idea's support counter must
match its restored support rows (a write is in the copy whole or not at all).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from idesluss.core import backup

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = settings.DATABASES["default"]
VENDOR = "sqlite" if DEFAULT["ENGINE"].endswith("sqlite3") else "postgresql"

WRITER = r"""
import os, sys, time
from pathlib import Path
import django
django.setup()
from idesluss.accounts.models import User
from idesluss.ideas.models import Idea, Support
from idesluss.ideas.services.participation import idea_support

stop, after = Path(sys.argv[1]), Path(sys.argv[2])
people = list(User.objects.filter(is_active=True).order_by("pk")[:120])
pairs = []
for idea in Idea.objects.exclude(submitted_at=None).order_by("pk")[:400]:
    supporters = set(Support.objects.filter(idea=idea).values_list("user_id", flat=True))
    for person in people:
        if person.pk not in supporters and person.has_perm("ideas.support_idea", idea):
            pairs.append((idea, person))
            break
print(f"ready {len(pairs)}", flush=True)
for index, (idea, person) in enumerate(pairs):
    if stop.exists():
        break
    begun_after = after.exists()
    idea_support(idea=idea, by=person)
    print(f"done {index} {idea.pk} {person.pk} {int(begun_after)}", flush=True)
    time.sleep(0.02)
print("end", flush=True)
"""


# Two databases of the same vendor, reachable by URL and readable row by row ------------


@dataclass
class Place:
    """A database and a media directory for one installation."""

    url: str
    media: Path
    name: str

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(self.media),
            DEBUG="true",
            PASSWORD_HASHER="md5",
            CACHE_URL="locmem://",
            DJANGO_SETTINGS_MODULE="idesluss.config.settings",
            PYTHONPATH=str(ROOT),
        )
        env.update(extra)
        return env

    def create(self) -> None:
        self.media.mkdir(parents=True, exist_ok=True)
        if VENDOR == "postgresql":
            with _pg_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.name}"')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.name}{suffix}").unlink(missing_ok=True)

    def drop(self) -> None:
        shutil.rmtree(self.media, ignore_errors=True)
        if VENDOR == "postgresql":
            with _pg_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.name}{suffix}").unlink(missing_ok=True)

    def tables(self) -> list[str]:
        if VENDOR == "postgresql":
            with _pg_connect(self.name) as conn:
                rows = conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                ).fetchall()
            return [name for (name,) in rows]
        if not Path(self.name).exists():
            return []
        import sqlite3

        conn = sqlite3.connect(self.name)
        try:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            ).fetchall()
        finally:
            conn.close()
        return [name for (name,) in rows]

    def rows(self) -> dict[str, dict[tuple, tuple]]:
        """Every table, each row by its primary key."""
        result: dict[str, dict[tuple, tuple]] = {}
        if VENDOR == "postgresql":
            with _pg_connect(self.name) as conn:
                for table in self.tables():
                    keys = [
                        name
                        for (name,) in conn.execute(
                            "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                            "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                            [f'public."{table}"'],
                        ).fetchall()
                    ]
                    result[table] = _by_key(conn.execute(f'SELECT * FROM "{table}"'), keys)
            return result
        import sqlite3

        conn = sqlite3.connect(self.name)
        try:
            # A full-text index's segments (<name>_data, <name>_idx) are its inner b-tree,
            # merged as FTS5 pleases; its rows and documents (the virtual table by rowid,
            # <name>_content, <name>_docsize) are compared, and its integrity checked.
            segments = {
                f"{name}{suffix}"
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE sql LIKE '%USING fts5%'"
                )
                for suffix in ("_data", "_idx")
            }
            for table in self.tables():
                if table in segments:
                    continue
                info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
                keys = [column[1] for column in sorted(info, key=lambda c: c[5]) if column[5]]
                if keys:
                    result[table] = _by_key(conn.execute(f'SELECT * FROM "{table}"'), keys)
                else:  # the full-text index (a virtual table): its rows by rowid
                    cursor = conn.execute(f'SELECT rowid AS "(rowid)", * FROM "{table}"')
                    result[table] = _by_key(cursor, ["(rowid)"])
        finally:
            conn.close()
        return result

    def media_files(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.media).as_posix(): path.read_bytes()
            for path in self.media.rglob("*")
            if path.is_file()
        }


def _by_key(cursor, keys: list[str]) -> dict[tuple, tuple]:
    columns = [column[0] for column in cursor.description]
    assert keys, "every table has a primary key"
    positions = [columns.index(key) for key in keys]
    return {tuple(row[p] for p in positions): tuple(row) for row in cursor.fetchall()}


def _pg_connect(name: str, **kwargs):
    import psycopg

    return psycopg.connect(
        dbname=name,
        host=DEFAULT.get("HOST") or None,
        port=DEFAULT.get("PORT") or None,
        user=DEFAULT.get("USER") or None,
        password=DEFAULT.get("PASSWORD") or None,
        **kwargs,
    )


def _pg_admin():
    return _pg_connect("postgres", autocommit=True)


def _place(tmp: Path, label: str) -> Place:
    if VENDOR == "postgresql":
        base = str(DEFAULT["NAME"]).removeprefix("test_")
        name = f"{base}_backup_{label}"[:63]
        host = DEFAULT.get("HOST") or "127.0.0.1"
        port = DEFAULT.get("PORT") or 5432
        user = DEFAULT.get("USER") or "postgres"
        password = DEFAULT.get("PASSWORD")
        auth = f"{user}:{password}" if password else user
        return Place(url=f"postgres://{auth}@{host}:{port}/{name}", media=tmp / label, name=name)
    path = tmp / f"{label}.sqlite3"
    return Place(url=f"sqlite:///{path}", media=tmp / f"{label}-media", name=str(path))


def idesluss(place: Place, *args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=place.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# The scenario: demo data, a backup while writing, a restore into an empty database -----


@dataclass
class Scenario:
    source: Place
    target: Place
    archive: Path
    before: dict[str, dict[tuple, tuple]]
    after: dict[str, dict[tuple, tuple]]
    restored: dict[str, dict[tuple, tuple]]
    writes: list[tuple[int, int, int, bool]]  # index, idea, person, begun after the backup
    done_before_backup: int
    restore_output: str
    tmp: Path
    extra: list[Place] = field(default_factory=list)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("backup")
    source, target = _place(tmp, "src"), _place(tmp, "dst")
    extra: list[Place] = []
    try:
        source.create()
        for command in (("migrate", "--no-input", "-v", "0"), ("seed_demo",)):
            result = idesluss(source, *command)
            assert result.returncode == 0, result.stderr
        (source.media / "ideas").mkdir(parents=True, exist_ok=True)
        (source.media / "ideas" / "skiss.txt").write_text("En skiss av idén.\n")
        (source.media / "ideas" / "bild.png").write_bytes(bytes(range(256)) * 40)
        before = source.rows()

        stop, after_flag = tmp / "stop", tmp / "backup-done"
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(stop), str(after_flag)],
            env=source.env(),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        writes: list[tuple[int, int, int, bool]] = []
        lines: list[str] = []

        def read() -> None:
            for line in writer.stdout:
                lines.append(line.strip())
                if line.startswith("done "):
                    _done, index, idea, person, begun_after = line.split()
                    writes.append((int(index), int(idea), int(person), begun_after == "1"))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            _wait(lambda: len(writes) >= 5 or "end" in lines, "the writer's first writes")
            done_before_backup = len(writes)
            archive = tmp / "backup.tar"
            result = idesluss(source, "backup", str(archive))
            assert result.returncode == 0, result.stderr
            after_flag.touch()
            seen = len(writes)
            _wait(lambda: len(writes) >= seen + 5 or "end" in lines, "writes after the backup")
        finally:
            stop.touch()
            try:
                writer.wait(timeout=60)
            finally:
                writer.kill()
            reader.join(timeout=10)
        assert writer.returncode == 0, writer.stderr.read()
        after = source.rows()

        target.create()
        result = idesluss(target, "restore", str(archive))
        assert result.returncode == 0, result.stderr
        yield Scenario(
            source=source,
            target=target,
            archive=archive,
            before=before,
            after=after,
            restored=target.rows(),
            writes=writes,
            done_before_backup=done_before_backup,
            restore_output=result.stdout,
            tmp=tmp,
            extra=extra,
        )
    finally:
        for place in (source, target, *extra):
            place.drop()


def _wait(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}.")
        time.sleep(0.05)


def test_the_restore_is_the_snapshot_row_by_row(scenario):
    before, after, restored = scenario.before, scenario.after, scenario.restored
    assert set(restored) == set(after)
    assert sum(len(rows) for rows in restored.values()) > 2000, "the demo data is there"
    for table in sorted(after):
        keys = set(before.get(table, {})) | set(after[table]) | set(restored[table])
        for key in keys:
            old, new = before.get(table, {}).get(key), after[table].get(key)
            got = restored[table].get(key)
            if old == new:
                assert got == old, f"{table} {key}: {got!r} != {old!r}"
            else:
                assert got in (old, new), f"{table} {key}: {got!r} is neither before nor after"


def test_the_restore_holds_the_writes_up_to_one_moment(scenario):
    restored = scenario.restored
    columns = _support_columns(scenario)
    supports = {
        (row[columns["idea_id"]], row[columns["user_id"]])
        for row in restored["ideas_support"].values()
    }
    writes = scenario.writes
    held = [(idea, person) in supports for _index, idea, person, _after in writes]
    count = sum(held)
    # A prefix of the writes in commit order: all of the first `count`, none after.
    assert held == [True] * count + [False] * (len(writes) - count)
    assert count >= scenario.done_before_backup >= 5
    assert not any(after for (_i, _d, _p, after), kept in zip(writes, held, strict=True) if kept)
    assert len(writes) - count >= 5, "the writer went on after the backup"
    # Each restored idea's counter matches its restored supports (each write is whole).
    per_idea: dict[int, int] = {}
    for idea, _person in supports:
        per_idea[idea] = per_idea.get(idea, 0) + 1
    idea_columns = _columns(scenario, "ideas_idea")
    for row in restored["ideas_idea"].values():
        assert row[idea_columns["support_count"]] == per_idea.get(row[idea_columns["id"]], 0)


def test_the_restored_full_text_index_is_whole(scenario):
    if VENDOR != "sqlite":
        pytest.skip("SQLite's own full-text index; PostgreSQL's is rebuilt by pg_restore.")
    import sqlite3

    conn = sqlite3.connect(scenario.target.name)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE sql LIKE '%USING fts5%'"
            )
        ]
        assert names
        for name in names:  # raises when the index does not match its documents
            conn.execute(f'INSERT INTO "{name}"("{name}", rank) VALUES (\'integrity-check\', 1)')
    finally:
        conn.close()


def test_the_media_files_are_restored(scenario):
    assert scenario.target.media_files() == scenario.source.media_files()
    assert "ideas/skiss.txt" in scenario.target.media_files()
    assert "2 media files" in scenario.restore_output


def _columns(scenario: Scenario, table: str) -> dict[str, int]:
    if VENDOR == "postgresql":
        with _pg_connect(scenario.target.name) as conn:
            cursor = conn.execute(f'SELECT * FROM "{table}" LIMIT 0')
            return {column[0]: i for i, column in enumerate(cursor.description)}
    import sqlite3

    conn = sqlite3.connect(scenario.target.name)
    try:
        cursor = conn.execute(f'SELECT * FROM "{table}" LIMIT 0')
        return {column[0]: i for i, column in enumerate(cursor.description)}
    finally:
        conn.close()


def _support_columns(scenario: Scenario) -> dict[str, int]:
    return _columns(scenario, "ideas_support")


# Bad input: refused with a clear message, nothing changed ------------------------------


@pytest.fixture
def empty(scenario):
    place = _place(scenario.tmp, f"empty{len(scenario.extra)}")
    scenario.extra.append(place)
    place.create()
    return place


def _rewritten(archive: Path, target: Path, change) -> Path:
    """A copy of the archive with its manifest changed by `change` (checksums kept)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_a_truncated_backup_is_refused(scenario, empty):
    truncated = scenario.tmp / "truncated.tar"
    data = scenario.archive.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    result = idesluss(empty, "restore", str(truncated))
    assert result.returncode != 0
    assert "not a complete Idésluss backup (truncated or damaged)" in result.stderr
    assert empty.tables() == []
    assert empty.media_files() == {}


def test_a_damaged_backup_is_refused(scenario, empty):
    damaged = scenario.tmp / "damaged.tar"
    data = bytearray(scenario.archive.read_bytes())
    data[len(data) // 3] ^= 0xFF
    damaged.write_bytes(bytes(data))
    result = idesluss(empty, "restore", str(damaged))
    assert result.returncode != 0
    assert "truncated or damaged" in result.stderr
    assert empty.tables() == []


def test_a_backup_of_a_newer_format_is_refused(scenario, empty):
    newer = _rewritten(
        scenario.archive,
        scenario.tmp / "newer-format.tar",
        lambda manifest: manifest.update(format=backup.FORMAT_VERSION + 1),
    )
    result = idesluss(empty, "restore", str(newer))
    assert result.returncode != 0
    assert f"has backup format {backup.FORMAT_VERSION + 1}, newer than" in result.stderr
    assert empty.tables() == []


def test_a_backup_from_a_newer_version_is_refused(scenario, empty):
    newer = _rewritten(
        scenario.archive,
        scenario.tmp / "newer-version.tar",
        lambda manifest: manifest["migrations"]["ideas"].append("9999_from_the_future"),
    )
    result = idesluss(empty, "restore", str(newer))
    assert result.returncode != 0
    assert "made by a newer version of Idésluss" in result.stderr
    assert "ideas.9999_from_the_future" in result.stderr
    assert empty.tables() == []


def test_a_backup_of_the_other_database_system_is_refused(scenario, empty):
    other = "sqlite" if VENDOR == "postgresql" else "postgresql"
    crossed = _rewritten(
        scenario.archive,
        scenario.tmp / "crossed.tar",
        lambda manifest: manifest.update(vendor=other),
    )
    result = idesluss(empty, "restore", str(crossed))
    assert result.returncode != 0
    assert "restoring across database systems is not supported" in result.stderr
    assert empty.tables() == []


def test_a_database_that_is_not_empty_is_refused_unless_forced(scenario):
    source = scenario.source
    result = idesluss(source, "restore", str(scenario.archive))
    assert result.returncode != 0
    assert "is not empty" in result.stderr and "--force" in result.stderr
    assert source.rows() == scenario.after, "nothing changed"

    # With --force the target's tables are replaced by the backup's.
    result = idesluss(scenario.target, "restore", "--force", str(scenario.archive))
    assert result.returncode == 0, result.stderr
    assert scenario.target.rows() == scenario.restored


def test_the_check_option_reads_the_archive_only(scenario):
    result = idesluss(scenario.source, "restore", "--check", str(scenario.archive))
    assert result.returncode == 0, result.stderr
    assert f"is complete: a {VENDOR} database and 2 media files" in result.stdout
