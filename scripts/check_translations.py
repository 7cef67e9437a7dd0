"""Fail when either language shows the other one.

Swedish side: extracts the strings afresh (Django's makemessages, in a scratch copy
so the working tree is untouched) and checks that every one is translated, none is
fuzzy, the placeholders of each translation are those of its English, and the
committed compiled catalogue (.mo) matches the .po file.

English side: the English interface shows the msgids and any text written outside
gettext, so it fails on a msgid that looks Swedish, on Swedish text in a template
outside `_()`/`{% trans %}`, and on a Swedish string literal in Python outside a
gettext call (demo data and accepted Swedish input are allowed, see ALLOWED_FILES).
"Looks Swedish" is pragmatic: å, ä or ö, or one of a few common Swedish words, in a
word that is not on the allow-list of names.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "idesluss" / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Words that say a text is Swedish although they have no å, ä or ö.
SWEDISH_WORDS = frozenset(
    [
        "och",
        "att",
        "det",
        "inte",
        "eller",
        "ska",
        "skall",
        "dig",
        "ditt",
        "dina",
        "jag",
        "hej",
        "tack",
        "finns",
        "redan",
        "sidan",
        "idé",
        "idéer",
        "idén",
        "välj",
        "spara",
        "avbryt",
    ]
)
# Words with å, ä or ö that the English interface may show: names, and values the
# CSV import accepts as they are (its help text quotes them).
ALLOWED_WORDS = frozenset(
    [
        "idésluss",
        "idéslussen",
        "tranås",
        "förvaltning",
        "förvaltningar",
        "verksamhet",
        "verksamheter",
        "enhet",
        "ja",
        "nej",
    ]
)
# Python files whose Swedish literals are data, not interface: the demo organisation's
# own texts, the Swedish column names and values the CSV import accepts, the Swedish
# stop words of the note clustering, and the default organisation name.
ALLOWED_FILES = (
    "*/demo.py",
    "*/demo_content.py",
    "idesluss/accounts/importers.py",
    "idesluss/workshops/clustering.py",
    "idesluss/config/settings.py",
)
GETTEXT_FUNCTIONS = frozenset(
    [
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "pgettext",
        "pgettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "npgettext",
        "npgettext_lazy",
    ]
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")

# Template regions the English interface never shows as written: comments, gettext
# blocks, expressions and tags (their text is checked as msgids), scripts and styles.
TEMPLATE_HIDDEN = re.compile(
    r"\{#.*?#\}"
    r"|\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}"
    r"|\{%-?\s*blocktrans(?:late)?\b.*?\{%-?\s*endblocktrans(?:late)?\s*-?%\}"
    r"|\{\{.*?\}\}|\{%.*?%\}"
    r"|<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>",
    re.DOTALL,
)


def looks_swedish(text: str) -> list[str]:
    """The words of `text` that say it is Swedish (empty if none)."""
    found = []
    for word in re.findall(r"\w+", text):
        lower = word.lower()
        if lower in ALLOWED_WORDS:
            continue
        if re.search("[åäö]", lower) or lower in SWEDISH_WORDS:
            found.append(word)
    return found


def catalogue_problems(fresh: Iterable[polib.POEntry], committed: polib.POFile) -> list[str]:
    """Swedish side: every extracted string has a current, complete translation."""
    problems: list[str] = []
    translated = {(e.msgctxt, e.msgid): e for e in committed if not e.obsolete}
    for entry in fresh:
        known = translated.get((entry.msgctxt, entry.msgid))
        if known is None:
            problems.append(f"not in django.po: {entry.msgid!r}")
        elif "fuzzy" in known.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not known.translated():
            problems.append(f"untranslated: {entry.msgid!r}")
        else:
            problems.extend(_placeholder_problems(known))
    # Entries the source no longer holds count too: a fuzzy or empty one is a
    # translation someone meant to finish.
    for entry in committed:
        if entry.obsolete:
            continue
        problem = (
            f"fuzzy: {entry.msgid!r}"
            if "fuzzy" in entry.flags
            else None
            if entry.translated()
            else f"untranslated: {entry.msgid!r}"
        )
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def _placeholder_problems(entry: polib.POEntry) -> list[str]:
    def names(text: str) -> set[str]:
        return {a or b for a, b in PLACEHOLDER.findall(text)}

    if entry.msgid_plural:
        wanted = names(entry.msgid_plural) | names(entry.msgid)
        given = [names(text) for text in entry.msgstr_plural.values()]
        # A singular may leave out the count ("En idé" for "%(counter)s idea").
        if (
            any(not found <= wanted for found in given)
            or not given
            or given[-1] != names(entry.msgid_plural)
        ):
            return [f"placeholders differ: {entry.msgid!r}"]
        return []
    if names(entry.msgid) != names(entry.msgstr):
        return [f"placeholders differ: {entry.msgid!r}"]
    return []


def swedish_msgids(entries: Iterable[polib.POEntry]) -> list[str]:
    """English side: msgids (what English shows) that look Swedish."""
    problems = []
    for entry in entries:
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            if words := looks_swedish(text):
                problems.append(f"Swedish in an English msgid ({', '.join(words)}): {text!r}")
    return problems


# Attributes whose values people see or hear (tooltips, alternative text, labels).
SHOWN_ATTRIBUTE = re.compile(
    r"""\b(?:alt|title|aria-label|placeholder|value|content)\s*=\s*(["'])(.*?)\1""", re.DOTALL
)


def _shown(markup: str) -> str:
    """The text of a piece of HTML a person sees: outside the tags, plus the values of
    the attributes that are read out or shown."""
    parts = []
    for tag in re.findall(r"<[^>]*>", markup):
        parts.extend(value for _quote, value in SHOWN_ATTRIBUTE.findall(tag))
    parts.append(re.sub(r"<[^>]*>", " ", markup))
    return " ".join(parts)


# One English word for one thing: the English interface says "email", as allauth does.
ENGLISH_TERMS = {re.compile(r"\b[Ee]-mail"): "email"}


def english_term_problems(entries: Iterable[polib.POEntry]) -> list[str]:
    """English side: msgids that use a word the English interface spells otherwise."""
    problems = []
    for entry in entries:
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            for pattern, term in ENGLISH_TERMS.items():
                if pattern.search(text):
                    problems.append(f"write {term!r} in English msgids: {text!r}")
    return problems


def template_problems(paths: Iterable[Path], root: Path = ROOT) -> list[str]:
    """English side: Swedish text written in templates outside gettext."""
    problems = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        # Keep the line numbers: a hidden region becomes as many newlines as it had.
        visible = TEMPLATE_HIDDEN.sub(lambda m: "\n" * m.group(0).count("\n"), source)
        for number, line in enumerate(visible.splitlines(), start=1):
            if words := looks_swedish(_shown(line)):
                where = path.relative_to(root) if path.is_relative_to(root) else path
                problems.append(f"Swedish outside gettext in {where}:{number}: {', '.join(words)}")
    return problems


def python_problems(paths: Iterable[Path], root: Path = ROOT) -> list[str]:
    """English side: Swedish string literals in Python outside gettext calls
    (docstrings and comments are for developers and are not checked)."""
    problems = []
    for path in paths:
        where = path.relative_to(root) if path.is_relative_to(root) else path
        if any(where.match(pattern) for pattern in ALLOWED_FILES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in GETTEXT_FUNCTIONS:
                    skip.update(id(inner) for inner in ast.walk(node))
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                first = node.body[0] if node.body else None
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    skip.add(id(first.value))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and (words := looks_swedish(node.value))
            ):
                problems.append(
                    f"Swedish outside gettext in {where}:{node.lineno}: {', '.join(words)}"
                )
    return problems


def template_paths(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for path in (root / "idesluss").rglob("*")
        if path.suffix in (".html", ".txt")
        and {"jinja2", "templates"} & set(path.relative_to(root).parts)
    )


def python_paths(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for path in (root / "idesluss").rglob("*.py")
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    )


def extract(root: Path = ROOT) -> polib.POFile:
    """The strings the source holds now, as makemessages finds them."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "idesluss"
        shutil.copytree(root / "idesluss", copy, ignore=shutil.ignore_patterns("__pycache__"))
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
        return polib.pofile(str(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))


def mo_problems(committed: polib.POFile, mo_path: Path = MO) -> list[str]:
    if not mo_path.exists():
        return ["django.mo is missing: run `make messages`"]
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    for entry in committed:
        if entry.obsolete or entry.msgid_plural:
            continue
        current = entry.translated() and "fuzzy" not in entry.flags
        if current and compiled.get((entry.msgctxt, entry.msgid)) != entry.msgstr:
            return [f"django.mo is out of date ({entry.msgid!r}): run `make messages`"]
    return []


def main() -> int:
    fresh = extract()
    committed = polib.pofile(str(PO)) if PO.exists() else polib.POFile()
    swedish_side = catalogue_problems(fresh, committed) + mo_problems(committed)
    english_side = (
        swedish_msgids(fresh)
        + english_term_problems(fresh)
        + template_problems(template_paths())
        + python_problems(python_paths())
    )
    if swedish_side:
        print("The Swedish interface would show English:", file=sys.stderr)
        for problem in swedish_side:
            print(f"  {problem}", file=sys.stderr)
    if english_side:
        print("The English interface would show Swedish:", file=sys.stderr)
        for problem in english_side:
            print(f"  {problem}", file=sys.stderr)
    if swedish_side or english_side:
        return 1
    print(f"Translations complete both ways ({len(fresh)} strings).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
