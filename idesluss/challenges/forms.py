from django import forms
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.forms import offer_units
from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import IMAGE_EXTENSIONS, Challenge, Need
from idesluss.challenges.policy import owner_units_q
from idesluss.challenges.services import ChallengeInput, NeedInput
from idesluss.core.forms import BoundedDateField, IdChoiceField, IdMultipleChoiceField
from idesluss.core.text import SingleLineCharField
from idesluss.goals.forms import GlobalGoalsField, VisionGoalsField


def _unit_label(unit: Unit) -> str:
    return f"{'– ' * unit.depth}{unit.name}"


class NeedForm(forms.Form):
    title = SingleLineCharField(
        label=_("What is the need or problem?"),
        max_length=120,
        help_text=_("A few words, e.g. “We search for keys every morning”."),
    )
    description = forms.CharField(
        label=_("Describe it"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happens, and what does it lead to?"),
    )
    where = forms.CharField(
        label=_("Where does it happen?"),
        max_length=200,
        required=False,
        help_text=_("A place, a situation or a routine."),
    )
    affected = forms.CharField(
        label=_("Who is affected?"),
        max_length=200,
        required=False,
        help_text=_("Residents, pupils, colleagues, …"),
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        required=False,
        choices=[("", _("Don’t know")), *Need.Frequency.choices],
    )
    unit = IdChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.Select,
        help_text=_("Where you saw it (optional)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"])

    def to_input(self) -> NeedInput:
        return NeedInput(**self.cleaned_data)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChallengeForm(forms.Form):
    title = SingleLineCharField(label=_("Title"), max_length=120)
    question = forms.CharField(
        label=_("The question"),
        max_length=300,
        help_text=_("What should ideas answer? E.g. “How can we save time on keys?”"),
    )
    background = forms.CharField(
        label=_("Background"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    owner_unit = IdChoiceField(
        label=_("Owner unit"), queryset=Unit.objects.none(), widget=forms.Select
    )
    opens_on = BoundedDateField(label=_("Opens"), widget=DateInput)
    closes_on = BoundedDateField(
        label=_("Closes"), widget=DateInput, help_text=_("The last day ideas can be handed in.")
    )
    needs = IdMultipleChoiceField(
        label=_("Needs it comes from"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    global_goals = GlobalGoalsField()
    vision_goals = VisionGoalsField()
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in IMAGE_EXTENSIONS)}
        ),
    )
    image_alt = forms.CharField(
        label=_("What the image shows"),
        max_length=200,
        required=False,
        help_text=_("Read aloud to those who cannot see the image."),
    )

    def __init__(self, *args, user: User, need_ids: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A manager chooses among the units they manage (and those below them).
        units = Unit.objects.filter(owner_units_q(user), is_active=True).order_by("path")
        self.fields["owner_unit"].queryset = units
        self.fields["owner_unit"].label_from_instance = _unit_label
        if need_ids is None:
            del self.fields["needs"]
        else:
            self.fields["needs"].queryset = Need.objects.filter(pk__in=need_ids)

    @classmethod
    def initial_for(cls, challenge: Challenge) -> dict:
        return {
            "title": challenge.title,
            "question": challenge.question,
            "background": challenge.background,
            "owner_unit": challenge.owner_unit,
            "opens_on": challenge.opens_on,
            "closes_on": challenge.closes_on,
            "global_goals": list(challenge.global_goals.all()),
            "vision_goals": list(challenge.vision_goals.all()),
            "image_alt": challenge.image_alt,
        }

    def to_input(self) -> ChallengeInput:
        data = self.cleaned_data
        image = data.get("image")
        return ChallengeInput(
            title=data["title"],
            background=data["background"],
            question=data["question"],
            owner_unit=data["owner_unit"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            global_goals=list(data["global_goals"]),
            vision_goals=list(data["vision_goals"]),
            image=image or None,
            image_alt=data["image_alt"],
            remove_image=image is False,
        )
