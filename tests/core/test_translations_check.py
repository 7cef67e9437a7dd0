"""scripts/check_translations.py fails when either language shows the other one
(issue 12, item 8): tiny catalogues and files in, the problems it names out."""

import importlib.util
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "check_translations", ROOT / "scripts" / "check_translations.py"
)
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


def catalogue(tmp_path: Path, body: str) -> polib.POFile:
    path = tmp_path / f"{abs(hash(body))}.po"
    path.write_text(HEADER + body, encoding="utf-8")
    return polib.pofile(str(path))


FRESH = 'msgid "Save"\nmsgstr ""\n\nmsgid "Cancel"\nmsgstr ""\n\nmsgctxt "list of actions"\nmsgid "Open"\nmsgstr ""\n'


def test_a_complete_catalogue_passes(tmp_path):
    committed = catalogue(
        tmp_path,
        'msgid "Save"\nmsgstr "Spara"\n\nmsgid "Cancel"\nmsgstr "Avbryt"\n\n'
        'msgctxt "list of actions"\nmsgid "Open"\nmsgstr "Öppna"\n',
    )
    assert check.catalogue_problems(catalogue(tmp_path, FRESH), committed) == []


def test_untranslated_fuzzy_and_missing_strings_fail(tmp_path):
    committed = catalogue(
        tmp_path,
        'msgid "Save"\nmsgstr ""\n\n#, fuzzy\nmsgid "Cancel"\nmsgstr "Avbryt"\n\n'
        'msgid "Open"\nmsgstr "Öppen"\n',
    )
    problems = check.catalogue_problems(catalogue(tmp_path, FRESH), committed)
    assert problems == [
        "untranslated: 'Save'",
        "fuzzy: 'Cancel'",
        # The context is part of the key: "Open" without it does not translate it.
        "not in django.po: 'Open'",
    ]


def test_a_fuzzy_entry_the_source_no_longer_has_fails_too(tmp_path):
    committed = catalogue(tmp_path, '#, fuzzy\nmsgid "Gone"\nmsgstr "Borta"\n')
    assert check.catalogue_problems([], committed) == ["fuzzy: 'Gone'"]


def test_a_translation_must_keep_the_placeholders(tmp_path):
    fresh = catalogue(
        tmp_path,
        'msgid "Answer by %(date)s."\nmsgstr ""\n\n'
        'msgid "%(counter)s idea"\nmsgid_plural "%(counter)s ideas"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    )
    wrong = catalogue(
        tmp_path,
        'msgid "Answer by %(date)s."\nmsgstr "Svara senast %(datum)s."\n\n'
        'msgid "%(counter)s idea"\nmsgid_plural "%(counter)s ideas"\n'
        'msgstr[0] "En idé"\nmsgstr[1] "Flera idéer"\n',
    )
    right = catalogue(
        tmp_path,
        'msgid "Answer by %(date)s."\nmsgstr "Svara senast %(date)s."\n\n'
        'msgid "%(counter)s idea"\nmsgid_plural "%(counter)s ideas"\n'
        'msgstr[0] "En idé"\nmsgstr[1] "%(counter)s idéer"\n',
    )
    assert check.catalogue_problems(fresh, wrong) == [
        "placeholders differ: 'Answer by %(date)s.'",
        "placeholders differ: '%(counter)s idea'",
    ]
    assert check.catalogue_problems(fresh, right) == []


@pytest.mark.parametrize(
    ("text", "swedish"),
    [
        ("Save the idea", []),
        ("Idésluss – back office", []),
        ("Use förvaltning, verksamhet or enhet.", []),
        ("Spara idén", ["Spara", "idén"]),
        ("Tack och välkommen", ["Tack", "och", "välkommen"]),
    ],
)
def test_looks_swedish(text, swedish):
    assert check.looks_swedish(text) == swedish


def test_msgids_that_look_swedish_fail(tmp_path):
    fresh = catalogue(
        tmp_path,
        'msgid "Save"\nmsgstr ""\n\nmsgid "Skicka in idén"\nmsgstr ""\n\n'
        'msgid "%(n)s idea"\nmsgid_plural "%(n)s idéer"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    )
    problems = check.swedish_msgids(fresh)
    assert len(problems) == 2
    assert "'Skicka in idén'" in problems[0]
    assert "'%(n)s idéer'" in problems[1]


def test_english_msgids_say_email(tmp_path):
    fresh = catalogue(
        tmp_path,
        'msgid "Email"\nmsgstr ""\n\nmsgid "Send the e-mail again"\nmsgstr ""\n\n'
        'msgid "E-mail address"\nmsgstr ""\n',
    )
    assert check.english_term_problems(fresh) == [
        "write 'email' in English msgids: 'Send the e-mail again'",
        "write 'email' in English msgids: 'E-mail address'",
    ]


def test_swedish_written_in_a_template_fails_with_its_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "{# Hälsning till den som läser #}\n"
        '<h1>{{ _("Welcome") }}</h1>\n'
        "<p title=\"{{ _('Välkommen') }}\">{% trans %}Välkommen tillbaka{% endtrans %}</p>\n"
        "<script>const hej = 'å';</script>\n"
        '<p class="lead">Välkommen till Idésluss</p>\n'
        '<img alt="Bild på en idé">\n',
        encoding="utf-8",
    )
    assert check.template_problems([page], root=tmp_path) == [
        "Swedish outside gettext in page.html:5: Välkommen",
        "Swedish outside gettext in page.html:6: på, idé",
    ]


def test_swedish_literals_in_python_fail_outside_gettext_and_demo_data(tmp_path):
    app = tmp_path / "idesluss" / "things"
    app.mkdir(parents=True)
    (app / "views.py").write_text(
        '"""Vyer för saker."""\n'
        "from django.utils.translation import gettext as _\n"
        'OK = _("Spara")\n'
        'BAD = "Spara ändringar"\n'
        'ALSO_OK = "Save"\n',
        encoding="utf-8",
    )
    (app / "demo.py").write_text('NAME = "Förskolan Solrosen"\n', encoding="utf-8")
    paths = sorted(app.glob("*.py"))
    assert check.python_problems(paths, root=tmp_path) == [
        "Swedish outside gettext in idesluss/things/views.py:4: Spara, ändringar"
    ]


def test_the_project_shows_no_swedish_in_english_outside_the_catalogue():
    # The quick half of the check, without makemessages: the full script runs in `make test`.
    assert check.template_problems(check.template_paths()) == []
    assert check.python_problems(check.python_paths()) == []
    committed = polib.pofile(str(check.PO))
    assert check.swedish_msgids(e for e in committed if not e.obsolete) == []
    assert check.english_term_problems(e for e in committed if not e.obsolete) == []
    assert check.catalogue_problems([], committed) == []
