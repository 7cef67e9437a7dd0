"""Backups that restore: one archive file with the database and the media files.

The archive is an uncompressed tar file holding, in this order:

- `manifest.json`: the format version, the database vendor, when it was made, the
  application's version and its applied migrations, and the size and SHA-256 of every
  other member;
- `database.dump` (PostgreSQL, `pg_dump --format=custom`, already compressed) or
  `database.sqlite3` (SQLite, copied with its online backup API);
- `media/…`: the uploaded files (MEDIA_ROOT).

Both database copies are consistent snapshots while the application writes: pg_dump reads
everything in one repeatable-read transaction, SQLite's backup API copies the pages under
one read transaction (the write-ahead log lets writers go on meanwhile).

A restore first checks the whole archive (every member present with its size and
checksum, a format and migrations this version knows, the same database vendor) and
whether the target database is empty, and changes nothing when any check fails. It then
restores the database in one transaction (PostgreSQL: pg_restore's SQL through psql
with --single-transaction; SQLite: the backup API into the target, which replaces it at
once) and writes the media files.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


@dataclass(frozen=True)
class Database:
    """Where a database is: a Django DATABASES entry, reduced to what we need."""

    vendor: str  # "postgresql" or "sqlite"
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> Database:
        engine = settings_dict["ENGINE"]
        if engine.endswith("sqlite3"):
            return cls(vendor="sqlite", name=str(settings_dict["NAME"]))
        if engine.endswith("postgresql"):
            options = settings_dict.get("OPTIONS") or {}
            libpq = tuple(
                (key, str(value))
                for key, value in options.items()
                if key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "service")
            )
            return cls(
                vendor="postgresql",
                name=str(settings_dict["NAME"]),
                host=str(settings_dict.get("HOST") or ""),
                port=str(settings_dict.get("PORT") or ""),
                user=str(settings_dict.get("USER") or ""),
                password=str(settings_dict.get("PASSWORD") or ""),
                options=libpq,
            )
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")

    def libpq_env(self) -> dict[str, str]:
        """The connection for pg_dump/pg_restore/psql, in the environment (never in argv)."""
        env = dict(os.environ)
        values = {
            "PGDATABASE": self.name,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
        }
        for key, value in self.options:
            values[f"PG{key.upper()}"] = value
        env.update({key: value for key, value in values.items() if value})
        return env


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    media_files: int


# Backup --------------------------------------------------------------------------------


def backup(*, database: Database, media_root: Path, output: Path) -> BackupResult:
    """Write one archive with the database and the media files to `output`.

    The archive is written beside `output` and renamed into place when complete, so an
    interrupted backup never leaves a file that looks whole."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} exists already; choose a new file name.")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="idesluss-backup-") as work:
        work_dir = Path(work)
        if database.vendor == "postgresql":
            db_name = PG_DUMP_NAME
            _pg_dump(database, work_dir / db_name)
        else:
            db_name = SQLITE_NAME
            _sqlite_copy(Path(database.name), work_dir / db_name)
        members = [(db_name, work_dir / db_name)]
        media_root = Path(media_root)
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    relative = path.relative_to(media_root).as_posix()
                    members.append((MEDIA_PREFIX + relative, path))
        manifest = {
            "format": FORMAT_VERSION,
            "application": "idesluss",
            "application_version": _application_version(),
            "vendor": database.vendor,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "migrations": _applied_migrations(database, work_dir / db_name),
            "database": db_name,
            "files": {},
        }
        # Media files may change while we read them: copy each once, checksumming the
        # very bytes that go into the archive.
        staged: list[tuple[str, Path]] = []
        for index, (name, path) in enumerate(members):
            if name.startswith(MEDIA_PREFIX):
                copy = work_dir / "media-copy" / str(index)
                copy.parent.mkdir(exist_ok=True)
                try:
                    shutil.copyfile(path, copy)
                except FileNotFoundError:
                    continue  # deleted while we were backing up
                path = copy
            manifest["files"][name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
            staged.append((name, path))
        partial = output.with_name(f".{output.name}.partial")
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                for name, path in staged:
                    archive.add(path, arcname=name, recursive=False)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        media_files=sum(1 for name, _ in staged if name.startswith(MEDIA_PREFIX)),
    )


def _pg_dump(database: Database, target: Path) -> None:
    _check_pg_tools(database)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
        database,
        what="pg_dump",
    )


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"The SQLite database {source} does not exist.")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        # pages=-1: all pages in one step, under one read transaction: a consistent copy.
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()


# Restore -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    media_files: int
    migrate_needed: bool


def read_manifest(archive_path: Path) -> dict[str, Any]:
    """The manifest of an archive after checking every member (nothing is written)."""
    with tempfile.TemporaryDirectory(prefix="idesluss-check-") as work:
        return _verified_extract(Path(archive_path), Path(work))


def restore(
    *, archive_path: Path, database: Database, media_root: Path, force: bool = False
) -> RestoreResult:
    """Put the archive's database and media files in place; see the module's docstring."""
    archive_path = Path(archive_path)
    with tempfile.TemporaryDirectory(prefix="idesluss-restore-") as work:
        work_dir = Path(work)
        manifest = _verified_extract(archive_path, work_dir)
        if manifest["vendor"] != database.vendor:
            raise BackupError(
                f"The backup is of a {_vendor_name(manifest['vendor'])} database and this "
                f"installation uses {_vendor_name(database.vendor)}; restoring across "
                "database systems is not supported. Nothing was changed."
            )
        newer = _unknown_migrations(manifest.get("migrations") or {})
        if newer:
            raise BackupError(
                "The backup was made by a newer version of Idésluss (it has migrations this "
                f"version does not know: {', '.join(newer[:5])}). Upgrade Idésluss first, "
                "then restore. Nothing was changed."
            )
        db_file = work_dir / manifest["database"]
        if database.vendor == "postgresql":
            _check_pg_tools(database)
            tables = _pg_tables(database)
        else:
            tables = _sqlite_tables(Path(database.name))
        if tables and not force:
            raise BackupError(
                f"The target database {database.name} is not empty ({len(tables)} tables). "
                "Restore into a new, empty database, or give --force to replace everything "
                "in it. Nothing was changed."
            )
        media_root = Path(media_root)
        media_files = [name for name in manifest["files"] if name.startswith(MEDIA_PREFIX)]
        if not force and media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
            raise BackupError(
                f"The media directory {media_root} is not empty. Restore into an empty one, "
                "or give --force to write the backup's files over it. Nothing was changed."
            )
        if database.vendor == "postgresql":
            _pg_restore(database, db_file, drop=tables)
        else:
            _sqlite_restore(db_file, Path(database.name))
        for name in media_files:
            target = media_root / name.removeprefix(MEDIA_PREFIX)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work_dir / name, target)
    return RestoreResult(
        manifest=manifest,
        media_files=len(media_files),
        migrate_needed=bool(_missing_migrations(manifest.get("migrations") or {})),
    )


def _verified_extract(archive_path: Path, work_dir: Path) -> dict[str, Any]:
    """Extract into work_dir, checking the archive is whole; the manifest."""
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist.")
    broken = (
        f"{archive_path} is not a complete Idésluss backup (truncated or damaged). "
        "Nothing was changed."
    )
    try:
        with tarfile.open(archive_path, "r:") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST:
                raise BackupError(broken)
            manifest = json.loads(archive.extractfile(first).read())
            if not isinstance(manifest, dict) or manifest.get("application") != "idesluss":
                raise BackupError(f"{archive_path} is not an Idésluss backup.")
            version = manifest.get("format")
            if not isinstance(version, int) or version > FORMAT_VERSION:
                raise BackupError(
                    f"{archive_path} has backup format {version}, newer than this version "
                    f"of Idésluss reads ({FORMAT_VERSION}). Upgrade Idésluss first, then "
                    "restore. Nothing was changed."
                )
            expected = manifest.get("files") or {}
            if manifest.get("database") not in expected:
                raise BackupError(broken)
            seen: set[str] = set()
            for member in archive:
                name = member.name
                if member is first:
                    continue
                if name not in expected or name in seen or not member.isfile():
                    raise BackupError(broken)
                if ".." in Path(name).parts or name.startswith("/"):
                    raise BackupError(broken)
                target = work_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                digest = hashlib.sha256()
                size = 0
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                want = expected[name]
                if size != want.get("size") or digest.hexdigest() != want.get("sha256"):
                    raise BackupError(broken)
                seen.add(name)
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError, AttributeError) as error:
        raise BackupError(broken) from error
    if seen != set(expected):
        raise BackupError(broken)
    return manifest


def _pg_restore(database: Database, dump: Path, *, drop: list[str]) -> None:
    """The dump's SQL, after dropping what is there (--force), in one transaction."""
    script = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)],
        capture_output=True,
        env=database.libpq_env(),
    )
    if script.returncode != 0:
        raise BackupError(f"pg_restore could not read the dump: {_tail(script.stderr)}")
    prelude = "".join(f'DROP TABLE IF EXISTS public."{name}" CASCADE;\n' for name in drop)
    _run(
        ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"],
        database,
        what="psql (restoring the dump; nothing was changed)",
        input=prelude.encode() + script.stdout,
    )


def _sqlite_restore(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst, pages=-1)  # replaces the target's content in one step
    finally:
        dst.close()
        src.close()


# Helpers -------------------------------------------------------------------------------


def _pg_tables(database: Database) -> list[str]:
    result = _run(
        [
            "psql",
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            "--command",
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
        ],
        database,
        what="psql (reading the target database)",
    )
    return [line for line in result.stdout.decode().splitlines() if line.strip()]


def _sqlite_tables(path: Path) -> list[str]:
    if not path.exists() or path.stat().st_size == 0:
        return []
    connection = sqlite3.connect(path, timeout=30)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    finally:
        connection.close()
    return [name for (name,) in rows]


def _check_pg_tools(database: Database) -> None:
    """pg_dump and pg_restore must be there and at least as new as the server."""
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise BackupError(
                f"{tool} was not found. Install PostgreSQL's client programs of the server's "
                "major version (Debian: apt-get install postgresql-client)."
            )
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", version)
    client = int(match.group(1)) if match else 0
    server_num = _run(
        [
            "psql",
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            "--command",
            "SHOW server_version_num",
        ],
        database,
        what="psql (connecting to the database)",
    ).stdout.decode()
    server = int(server_num.strip() or 0) // 10000
    if client < server:
        raise BackupError(
            f"pg_dump is version {client} but the server is PostgreSQL {server}: install the "
            f"client programs of version {server} or newer (postgresql-client-{server})."
        )


def _run(
    command: list[str], database: Database, *, what: str, input: bytes | None = None
) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, env=database.libpq_env(), input=input)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {_tail(result.stderr)}")
    return result


def _tail(stderr: bytes) -> str:
    return stderr.decode(errors="replace").strip()[-2000:] or "(no message)"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _application_version() -> str:
    try:
        return metadata.version("idesluss")
    except metadata.PackageNotFoundError:
        return "unknown"


def _vendor_name(vendor: str) -> str:
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)


def _applied_migrations(database: Database, copy: Path) -> dict[str, list[str]]:
    """The migrations applied in the backed-up database, per app (read from the copy for
    SQLite, from the live database for PostgreSQL: migrations do not run during a backup)."""
    if database.vendor == "sqlite":
        connection = sqlite3.connect(copy)
        try:
            rows = connection.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.Error:
            rows = []
        finally:
            connection.close()
    else:
        output = _run(
            [
                "psql",
                "--no-psqlrc",
                "--tuples-only",
                "--no-align",
                "--field-separator=\t",
                "--command",
                "SELECT app, name FROM django_migrations",
            ],
            database,
            what="psql (reading the applied migrations)",
        ).stdout.decode()
        rows = [tuple(line.split("\t", 1)) for line in output.splitlines() if "\t" in line]
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    known = _known_migrations()
    return [
        f"{app}.{name}"
        for app, names in applied.items()
        for name in names
        if (app, name) not in known
    ]


def _missing_migrations(applied: dict[str, list[str]]) -> list[str]:
    done = {(app, name) for app, names in applied.items() for name in names}
    return sorted(f"{app}.{name}" for app, name in _known_migrations() - done)
