"""Fail when a user-facing string lacks its Swedish translation.

Extracts the strings afresh (Django's makemessages, in a scratch copy so the
working tree is untouched) and checks that every one is translated, none is
fuzzy, and the committed compiled catalogue (.mo) matches the .po file.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "idesluss" / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "idesluss"
        shutil.copytree(ROOT / "idesluss", copy, ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "DEBUG": "true", "PYTHONPATH": scratch}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "sv",
                "--no-location",
                "--no-obsolete",
                "--ignore",
                "static/*",
            ],
            cwd=copy,
            env={**env, "DJANGO_SETTINGS_MODULE": "idesluss.config.settings"},
            check=True,
            capture_output=True,
        )
        fresh = polib.pofile(str(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(PO)) if PO.exists() else polib.POFile()
    translated = {(e.msgctxt, e.msgid): e for e in committed if not e.obsolete}
    for entry in fresh:
        known = translated.get((entry.msgctxt, entry.msgid))
        if known is None:
            problems.append(f"not in django.po: {entry.msgid!r}")
        elif "fuzzy" in known.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not known.translated():
            problems.append(f"untranslated: {entry.msgid!r}")
    if not MO.exists():
        problems.append("django.mo is missing: run `make messages`")
    else:
        compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO))}
        for key, entry in translated.items():
            current = entry.translated() and "fuzzy" not in entry.flags
            if current and not entry.msgid_plural and compiled.get(key) != entry.msgstr:
                problems.append(f"django.mo is out of date ({entry.msgid!r}): run `make messages`")
                break
    if problems:
        print("Swedish translations are incomplete:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"Swedish translations complete ({len(fresh)} strings).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
