"""Widgets every app's forms use."""

import html

from django import forms
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
