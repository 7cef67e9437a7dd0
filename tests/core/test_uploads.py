"""Names of uploaded files: safe, short enough, with their extension."""

import pytest

from idesluss.core.uploads import MAX_NAME_BYTES, random_path, safe_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("skiss.png", "skiss.png"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\anna\\Mina dokument\\plan.docx", "plan.docx"),
        ("plan\x00\x1f.pdf", "plan.pdf"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("  Protokoll \t  mars .pdf", "Protokoll mars.pdf"),
        ("...", "file"),
        ("", "file"),
        (".pdf", "file.pdf"),
        ("utan ändelse", "utan ändelse"),
        ("Ångström.PDF", "Ångström.PDF"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_a_long_name_is_shortened_keeping_its_extension():
    name = safe_filename("å" * 500 + ".docx", max_chars=200)
    assert name.endswith(".docx")
    assert len(name) <= 200 and len(name.encode()) <= MAX_NAME_BYTES
    assert name.startswith("ååå")


def test_random_paths_differ_for_the_same_name():
    first, second = random_path("ideas", "plan.pdf"), random_path("ideas", "plan.pdf")
    assert first != second
    assert first.startswith("ideas/") and first.endswith("/plan.pdf")
