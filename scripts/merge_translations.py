"""Fill untranslated Swedish strings from JSON files, then compile.

Developers (and helpers working side by side) write the Swedish for the strings they add
as `{"English msgid": "Swedish"}` in var/translations/*.json; after `make messages` this
fills every empty or fuzzy msgstr of idesluss/locale/sv/LC_MESSAGES/django.po that a file
names, and reports the strings still untranslated. A plural msgid gets its Swedish as
["singular", "plural"]. Run: .venv/bin/python scripts/merge_translations.py [files...]
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "idesluss" / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted((ROOT / "var" / "translations").glob("*.json"))
    swedish: dict[str, str | list[str]] = {}
    for path in files:
        swedish.update(json.loads(path.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO))
    filled = 0
    for entry in catalogue:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        text = swedish.get(entry.msgid)
        if text is None:
            continue
        if entry.msgid_plural:
            singular, plural = text if isinstance(text, list) else (text, text)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = text if isinstance(text, str) else text[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
        filled += 1
    catalogue.save()
    missing = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    missing += [e.msgid for e in catalogue.fuzzy_entries()]
    print(f"Filled {filled}; still untranslated or fuzzy: {len(missing)}")
    for msgid in missing:
        print(f"  {msgid!r}")
    subprocess.run(
        [sys.executable, "-m", "django", "compilemessages", "-l", "sv"],
        cwd=ROOT / "idesluss",
        check=True,
        env={
            "DEBUG": "true",
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "idesluss.config.settings",
            "PYTHONPATH": str(ROOT),
        },
    )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
