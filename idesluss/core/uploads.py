"""Uploaded files: safe names, and written only once the database has kept their row.

A file written inside a transaction that later rolls back stays in the media folder
with nothing pointing at it, and a later row that happens to compute the same path
(SQLite hands out a rolled-back id again) finds it. So uploads are stored under a
random directory, their names are cleaned and shortened to fit, and the bytes are
written by `save_on_commit` only after the transaction commits.
"""

import logging
import tempfile
import unicodedata
import uuid
from collections.abc import Callable

from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

# Characters file systems or browsers treat specially; they become "_".
UNSAFE = set('<>:"/\\|?*')
# One path component on common file systems is at most 255 bytes; stay well below.
MAX_NAME_BYTES = 150
# Uploads up to this size wait for the commit in memory, larger ones in a temporary file.
SPOOL_BYTES = 1024 * 1024


def safe_filename(name: str, *, max_chars: int = 100, fallback: str = "file") -> str:
    """The last part of an uploaded file's name, without control or path characters,
    shortened to `max_chars` characters (and `MAX_NAME_BYTES` bytes) keeping its extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        "_" if char in UNSAFE else " " if char.isspace() else char
        for char in name
        if not unicodedata.category(char).startswith("C") or char.isspace()
    )
    name = " ".join(name.split())
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10 or not extension.isalnum():
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    stem = stem.strip(" .") or fallback
    max_stem = max(1, max_chars - len(suffix))
    stem = stem[:max_stem]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES and len(stem) > 1:
        stem = stem[:-1]
    return stem.rstrip(" .") + suffix if stem.rstrip(" .") else fallback + suffix


def random_path(prefix: str, filename: str) -> str:
    """`prefix/<random>/<safe name>`: no two uploads ever share a path."""
    return f"{prefix}/{uuid.uuid4().hex}/{safe_filename(filename)}"


def save_on_commit(
    field_file: FieldFile,
    *,
    filename: str,
    content: File,
    on_failure: Callable[[], None] | None = None,
) -> None:
    """Give the file field its final name now and write the bytes once the transaction
    commits; if it rolls back, nothing is written. If writing fails, `on_failure` undoes
    the row's reference (the error is logged, the request does not fail)."""
    field = field_file.field
    name = field.generate_filename(field_file.instance, filename)
    field_file.name = name
    field_file._committed = True  # the model's save must not write it inside the transaction
    storage = field_file.storage
    # A copy of our own: the upload itself is closed (and its temporary file removed)
    # when the request ends, which may come before the commit. An anonymous temporary
    # file disappears by itself if the transaction rolls back and this is never written.
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by write)
    for chunk in content.chunks():
        copy.write(chunk)
    copy.seek(0)

    def write() -> None:
        try:
            with File(copy, name=name) as bytes_to_write:
                stored = storage.save(name, bytes_to_write, max_length=field.max_length)
        except Exception:
            logger.exception("Could not store the uploaded file %s", name)
            if on_failure is not None:
                on_failure()
            return
        if stored != name:
            instance = field_file.instance
            type(instance)._default_manager.filter(pk=instance.pk).update(**{field.attname: stored})
            field_file.name = stored

    transaction.on_commit(write)


def delete_on_commit(field_file: FieldFile | None, name: str) -> None:
    """Remove a replaced file once the transaction that replaced it has committed."""
    if not name or field_file is None:
        return
    storage = field_file.storage
    transaction.on_commit(lambda: storage.delete(name))
