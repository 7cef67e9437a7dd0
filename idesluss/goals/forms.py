"""The goal fields every form that links to goals uses (ideas, challenges, workshops)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from idesluss.core.forms import IdMultipleChoiceField
from idesluss.goals.models import GlobalGoal, VisionGoal


class GoalCheckboxes(forms.CheckboxSelectMultiple):
    """The Global Goals as checkboxes in each goal's colour, numbered."""

    template_name = "goals/widgets/goal_checkboxes.html"
    option_template_name = "goals/widgets/goal_option.html"


class GlobalGoalsField(IdMultipleChoiceField):
    """Any of the 17 Global Goals (optional)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Global Goals (Agenda 2030)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", GoalCheckboxes)
        super().__init__(queryset=GlobalGoal.objects.all(), **kwargs)


class VisionGoalsField(IdMultipleChoiceField):
    """Any of the organisation's vision goals in use (optional)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Our vision goals"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset=VisionGoal.objects.filter(is_active=True), **kwargs)
