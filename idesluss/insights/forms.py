"""The dashboards' filters (a period and a unit) and the targets' form."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.forms import offer_units
from idesluss.accounts.models import Unit
from idesluss.core.dates import date_error
from idesluss.core.forms import IdChoiceField
from idesluss.insights.policy import readable_units_q, sees_everything

# A longer period is a typing mistake (and a chart of hundreds of months).
MAX_PERIOD_DAYS = 5 * 366


class PeriodForm(forms.Form):
    """From, to and unit, read from the query string; the defaults: this year, every unit the
    viewer may read."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = IdChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=None
    )

    def __init__(self, *args, viewer, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        field = self.fields["unit"]
        if sees_everything(viewer):
            field.empty_label = _("The whole organisation")
            offer_units(field)
        else:
            field.empty_label = _("All my units")
            units = Unit.objects.filter(readable_units_q(viewer), is_active=True).order_by("path")
            field.queryset = units
            field.choices = [("", field.empty_label)] + [
                (u.pk, "– " * u.depth + u.name) for u in units
            ]

    def clean_start(self):
        return self._bounded("start")

    def clean_end(self):
        return self._bounded("end")

    def _bounded(self, name: str):
        value = self.cleaned_data.get(name)
        message = date_error(value)
        if message:
            raise forms.ValidationError(message)
        return value

    def clean(self):
        data = super().clean()
        start = data.get("start") or datetime.date(self.today.year, 1, 1)
        end = data.get("end") or datetime.date(self.today.year, 12, 31)
        if "start" in self.errors or "end" in self.errors:
            return data
        if end < start:
            raise forms.ValidationError(_("The period must end on or after its first day."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most five years."))
        data["start"], data["end"] = start, end
        return data


class TargetForm(forms.Form):
    unit = IdChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    ideas_per_employee = forms.DecimalField(
        label=_("Ideas per employee and year"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Empty: the unit takes the target of the unit above it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"])
