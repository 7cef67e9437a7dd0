"""Single-line text: titles and names are one line wherever they are typed or imported,
because they end up in e-mail subjects, page titles and lists."""

import re
import unicodedata

from django import forms

_SPACES = re.compile(r"\s+")


def single_line(value: str | None) -> str:
    """The text on one line: line breaks (also U+2028/U+2029), tabs and other control
    characters become single spaces, runs of spaces one space, no spaces at the ends."""
    if not value:
        return ""
    # A null byte is no text (PostgreSQL refuses to keep it): it goes, it does not part words.
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Zl", "Zp"} else char
        for char in str(value).replace("\x00", "")
    )
    return _SPACES.sub(" ", text).strip()


def subject_line(value: str | None, *, limit: int = 150) -> str:
    """A safe e-mail subject from any text, stored data included: one line, at most
    `limit` characters, cut at a word where one is near and marked with an ellipsis."""
    text = single_line(value)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return f"{cut.rstrip(' ,.;:-–')}…"


class SingleLineCharField(forms.CharField):
    """A text field for titles and names: whatever is pasted into it is kept on one line."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value not in self.empty_values else value


class SingleLineFieldsAdmin:
    """For back-office pages (ModelAdmin): titles and names edited there stay on one line."""

    single_line_fields = ("title", "name", "full_name", "job_title")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if (
            db_field.name in self.single_line_fields
            and db_field.get_internal_type() == "CharField"
            and not db_field.choices
        ):
            kwargs.setdefault("form_class", SingleLineCharField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
