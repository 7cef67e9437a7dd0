"""Widgets every app's forms use."""

import html
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.safestring import mark_safe


class _LongChoices:
    """Django's select markup with the options written here, not by a template each: a
    select of every unit has hundreds of options, which cost a page 10 ms that way."""

    template_name = "core/widgets/long_select.html"

    def get_context(self, name, value, attrs):
        # The Widget's context, without ChoiceWidget's per-option dictionaries.
        context = forms.Widget.get_context(self, name, value, attrs)
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        values, chosen, options = set(context["widget"]["value"]), False, []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            # As Django: a single select marks only the first match.
            selected = (self.allow_multiple_selected or not chosen) and option_value in values
            chosen |= selected
            # The standard library's escape, as Django's does, without its lazy-string
            # wrapper (half the time of a select of every unit).
            label = label.__html__() if hasattr(label, "__html__") else html.escape(str(label))
            options.append(
                f'<option value="{html.escape(option_value)}"{" selected" if selected else ""}>'
                f"{label}</option>"
            )
        context["widget"]["options"] = mark_safe("".join(options))
        return context


class LongSelect(_LongChoices, forms.Select):
    pass


class LongSelectMultiple(_LongChoices, forms.SelectMultiple):
    pass


# How many matches a picker shows while someone types.
PICKER_LIMIT = 15


class PickerWidget(forms.Widget):
    """Search-as-you-type for long lists (people, ideas): the chosen ones as ticked
    checkboxes (radio buttons when one is chosen: `multiple=False`), a search field and a
    button. Without JavaScript the button sends the form back with the matches as more
    options; with htmx the matches come while typing. The form hands it `chosen`, `results`
    and `query` (see `core.forms.PickerFormMixin`), so no option list is ever built.

    The lookup view learns the field's name (with the form's prefix) and whether one or many
    are chosen from the address; `lookup_params` adds what the search must leave out."""

    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        *,
        lookup: str,
        search_label: str,
        multiple: bool = True,
        kind: str = "",
        attrs=None,
    ) -> None:
        super().__init__(attrs)
        self.lookup = lookup
        self.search_label = search_label
        self.multiple = multiple
        self.kind = kind or ("people" if lookup.endswith("people") else "ideas")
        self.lookup_params: dict[str, str] = {}
        self.chosen: list = []
        self.results: list = []
        self.query = ""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []

    def value_omitted_from_data(self, data, files, name) -> bool:
        # Nothing ticked is an answer too (an empty list), as for checkboxes.
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        params = {"field": name, **({} if self.multiple else {"one": "1"}), **self.lookup_params}
        context["widget"].update(
            {
                "lookup_url": f"{reverse(self.lookup)}?{urlencode(params)}",
                "search_label": self.search_label,
                "chosen": self.chosen,
                "results": self.results,
                "query": self.query,
                "kind": self.kind,
                "multiple": self.multiple,
            }
        )
        return context
