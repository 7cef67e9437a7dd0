"""Fields that the apps above a form's app add to the form.

The idea form asks "did the idea come from an idea workshop?", but workshops sit above
ideas in the layers (README, tests/test_layers.py), so the form cannot import them. As
with panels (core/panels.py), the app above adds its field from a module of its own,
`form_fields.py`, and the form asks for the fields added to it by name:

    # workshops/form_fields.py
    @form_fields.register("ideas.idea", "workshop", order=20)
    def workshop_field(*, user, current) -> forms.Field:
        ...

    # ideas/forms.py, in IdeaForm.__init__
    self.added_fields = form_fields.add_to("ideas.idea", self, user=user)

A builder gets the person filling in the form and the field's current value (the initial
value when an existing object is edited, else None) and returns a field whose cleaned
value the form's service takes under the same name. The form's template shows the added
fields in their order.
"""

from collections.abc import Callable
from typing import Any

from django import forms

from idesluss.core.discovery import app_modules

Builder = Callable[..., forms.Field | None]

_builders: dict[str, list[tuple[int, str, Builder]]] = {}


def register(form: str, name: str, *, order: int) -> Callable[[Builder], Builder]:
    """Add the field the decorated builder returns to `form` as `name`; lower orders
    come first. A builder may return None to add nothing."""

    def decorator(builder: Builder) -> Builder:
        _builders.setdefault(form, []).append((order, name, builder))
        return builder

    return decorator


def add_to(form_name: str, form: forms.BaseForm, *, user: Any) -> list[str]:
    """Add the fields registered for `form_name` to `form`; their names, in order."""
    app_modules("form_fields")
    added = []
    for _order, name, builder in sorted(_builders.get(form_name, []), key=lambda item: item[0]):
        field = builder(user=user, current=form.initial.get(name))
        if field is not None:
            form.fields[name] = field
            added.append(name)
    return added
