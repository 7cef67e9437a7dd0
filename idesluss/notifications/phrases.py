"""What a notification says, kept as data and worded when it is read (issue 12, item 6).

A notification stores what happened – the English message (the catalogue's msgid) and
its values: titles, counts, days and moments as ISO text, names kept in Swedish and
English – and is worded in the reader's language each time it is shown (the list in the
interface's language, an e-mail in its recipient's). A catalogue fix or a language
switch thus reaches notifications already made.

Phrases are plain JSON (they are stored in `Notification.wording`):

- `gettext("%(title)s is now: %(stage)s", title=…, stage=…)` and `ngettext(singular,
  plural, count=…, …)`: translated when read. Their names are those of gettext, so that
  `makemessages` finds the messages as it finds any other.
- `literal("%(what)s (%(date)s)", …)`: a shape without words, never translated.
- `lines(…)`: phrases one per line.
- values: text and numbers as they are; `date(day)`, `short_date(day)`,
  `datetime(moment)`, `time_span(start, end)` in the date style of the reader's language
  (core.dates); `names(sv, en)` for reference data named in both languages (stages);
  `label(lazy)` for a model choice's label; another phrase.

A plain string where a phrase may stand is someone's own text (a comment, a message): it
is shown as it is.
"""

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from idesluss.core import dates
from idesluss.core.models import bilingual

Phrase = dict[str, Any]


def gettext(message: str, /, **params: Any) -> Phrase:
    """A message translated when read, its `%(name)s` filled with the values."""
    return {"text": message, "params": params}


def ngettext(singular: str, plural: str, /, *, count: int, **params: Any) -> Phrase:
    """A message in the singular or plural of `count` (also a value: `%(count)s`)."""
    return {"text": singular, "plural": plural, "params": {"count": count, **params}}


def literal(shape: str, /, **params: Any) -> Phrase:
    """A shape without words (punctuation around values): filled in, never translated."""
    return {"literal": shape, "params": params}


def lines(*items: Phrase | str) -> Phrase:
    """Several phrases, one per line."""
    return {"lines": list(items)}


def date(value: dt.date) -> Phrase:
    return {"date": value.isoformat()}


def short_date(value: dt.date) -> Phrase:
    return {"short_date": value.isoformat()}


def datetime(value: dt.datetime) -> Phrase:
    return {"datetime": value.isoformat()}


def time_span(start: dt.datetime, end: dt.datetime) -> Phrase:
    return {"time_span": [start.isoformat(), end.isoformat()]}


def names(name_sv: str, name_en: str) -> Phrase:
    """A name kept in Swedish and English (core.models.BilingualName)."""
    return {"names": [name_sv, name_en]}


def label(text: str | Promise) -> Phrase | str:
    """A translatable label (`gettext_lazy`, e.g. a model choice's), by its msgid."""
    if not isinstance(text, Promise):
        return str(text)
    with translation.override(None):  # no catalogue: the msgid itself
        return {"text": str(text), "params": {}}


def _value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "date" in value:
        return dates.format_date(value["date"])
    if "short_date" in value:
        return dates.format_short_date(value["short_date"])
    if "datetime" in value:
        return dates.format_datetime(value["datetime"])
    if "time_span" in value:
        return dates.format_time_span(*value["time_span"])
    if "names" in value:
        return bilingual(*value["names"])
    if "text" in value or "literal" in value or "lines" in value:
        return render(value)
    raise ValueError(value)


def render(phrase: Phrase | str | None) -> str:
    """The phrase in the active language (a string: as it is)."""
    if phrase is None:
        return ""
    if isinstance(phrase, str):
        return phrase
    if "lines" in phrase:
        return "\n".join(render(item) for item in phrase["lines"])
    if "text" not in phrase and "literal" not in phrase:
        return str(_value(phrase))  # a value alone: a day, a moment, a name
    params = {name: _value(value) for name, value in phrase.get("params", {}).items()}
    if "literal" in phrase:
        shape = phrase["literal"]
    elif "plural" in phrase:
        shape = translation.ngettext(phrase["text"], phrase["plural"], params["count"])
    else:
        shape = translation.gettext(phrase["text"])
    if not params:
        return shape
    try:
        return shape % params
    except (KeyError, TypeError, ValueError):  # a catalogue entry that lost a value
        return phrase.get("text", shape) % params
