"""Rendered fragments remembered by everything they show.

A board or a list renders the same cards for everyone who looks at it, page after page.
A card whose inputs are a frozen dataclass of plain values (every value it shows, nothing
read from the request) is rendered once per worker and language and then reused: the key
is the whole set of inputs, so a changed idea is a different key and nothing can go
stale; old keys simply fall out of the bounded cache. Templates used this way must read
nothing but `card` (no request, no CSRF token, no current time).

Filter forms are remembered the same way (`form_fragment`): by everything that decides
their markup.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# About 600 bytes a card: a few megabytes per worker at most.
FRAGMENTS_REMEMBERED = 8192


@lru_cache(maxsize=FRAGMENTS_REMEMBERED)
def _rendered(template_name: str, language: str | None, card: Hashable) -> str:
    return get_template(template_name).render({"card": card})


def fragment(template_name: str, card: Hashable) -> SafeString:
    """`template_name` rendered with `card` in the current language, remembered."""
    return mark_safe(_rendered(template_name, get_language(), card))


def forget_fragments() -> None:
    """Empty the cache (tests that change a template's translations or settings)."""
    _rendered.cache_clear()


@dataclass(frozen=True)
class _FormInput:
    """A form and everything its rendering depends on; equal (and hashed) by that alone."""

    key: tuple
    form: Any = field(compare=False, hash=False)


def _choices_key(bound_field) -> tuple:
    choices = getattr(bound_field.field, "choices", None)
    if choices is None:
        return ()
    return tuple((str(value), str(label)) for value, label in choices)


def form_fragment(template_name: str, form) -> SafeString:
    """`template_name` rendered with the form as `card`, remembered by the form's class,
    the language, every field's choices and initial value and the submitted values. For
    GET forms whose fields offer plain choices (lists, not querysets): filters. A form with
    errors is rendered each time."""
    if form.is_bound and form.errors:
        card = _FormInput(key=(), form=form)
        return mark_safe(get_template(template_name).render({"card": card}))
    submitted = ()
    if form.is_bound:
        submitted = tuple(
            (name, tuple(form.data.getlist(form.add_prefix(name))))
            if hasattr(form.data, "getlist")
            else (name, (str(form.data.get(form.add_prefix(name), "")),))
            for name in form.fields
        )
    key = (
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.is_bound,
        submitted,
        repr(sorted(form.initial.items())),
        tuple((bound.name, repr(bound.field.initial), _choices_key(bound)) for bound in form),
    )
    return fragment(template_name, _FormInput(key=key, form=form))
