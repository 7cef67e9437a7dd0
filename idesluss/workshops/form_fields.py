"""The fields this app adds to other apps' forms (core/form_fields.py)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from idesluss.core import form_fields
from idesluss.core.dates import format_date
from idesluss.core.forms import IdChoiceField, LazyChoices
from idesluss.workshops.models import Workshop
from idesluss.workshops.selectors import workshops_for_idea_form


@form_fields.register("ideas.idea", "workshop", order=20)
def workshop_the_idea_came_from(*, user, current: Workshop | None) -> forms.Field:
    """Recent workshops and those the person took part in; an idea keeps its own."""
    offered = workshops_for_idea_form(person=user)
    kept = current.pk if isinstance(current, Workshop) else None

    def choices() -> list:
        shown = list(offered)
        if kept is not None and current not in shown:
            shown.append(current)
        return [("", _("No workshop"))] + [
            (workshop.pk, f"{workshop.title} ({format_date(workshop.starts_at)})")
            for workshop in shown
        ]

    available = Q(pk__in=offered.values("pk"))
    if kept is not None:
        available |= Q(pk=kept)
    field = IdChoiceField(
        label=_("Did the idea come from an idea workshop?"),
        queryset=Workshop.objects.filter(available),
        required=False,
        empty_label=_("No workshop"),
    )
    field.choices = LazyChoices(choices)
    return field
