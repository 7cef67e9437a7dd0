from django import forms
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.models import Unit, User
from idesluss.core.forms import BoundedDateField, IdChoiceField
from idesluss.core.text import SingleLineCharField, single_line
from idesluss.goals.forms import GlobalGoalsField, VisionGoalsField
from idesluss.ideas.models import Benefit, Idea
from idesluss.showcase.models import IMAGE_EXTENSIONS, GoodExample, NewsPost
from idesluss.showcase.services import ExampleInput, NewsInput


def _unit_label(unit: Unit) -> str:
    return f"{'– ' * unit.depth}{unit.name}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _image_fields() -> tuple[forms.FileField, forms.CharField]:
    return (
        forms.FileField(
            label=_("Image"),
            required=False,
            help_text=_("JPEG, PNG or WebP, at most 5 MB."),
            widget=forms.ClearableFileInput(
                attrs={"accept": ",".join(f".{ext}" for ext in IMAGE_EXTENSIONS)}
            ),
        ),
        forms.CharField(
            label=_("What the image shows"),
            max_length=200,
            required=False,
            help_text=_("Required with an image: read aloud to those who cannot see it."),
        ),
    )


class PeopleChoiceField(forms.MultipleChoiceField):
    """The people an example may name, each with an "agreed to be named" tick."""

    def to_python(self, value):
        values = super().to_python(value)
        return [int(v) for v in values if str(v).isascii() and str(v).isdigit() and len(v) < 19]

    def validate(self, value):
        allowed = {int(key) for key, _label in self.choices}
        if any(v not in allowed for v in value):
            raise forms.ValidationError(_("Choose among the people listed."))


class ExampleForm(forms.Form):
    title = SingleLineCharField(label=_("Title"), max_length=120)
    summary = SingleLineCharField(
        label=_("Summary"),
        max_length=300,
        help_text=_("One or two sentences shown in lists."),
    )
    story = forms.CharField(
        label=_("The story"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What was the need, what was done and what did it give? "
            "**bold**, *italics*, lists with - and links work."
        ),
    )
    benefits_realised = forms.CharField(
        label=_("Benefits realised"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    unit = IdChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, widget=forms.Select
    )
    global_goals = GlobalGoalsField()
    vision_goals = VisionGoalsField()
    agreed = PeopleChoiceField(
        label=_("Agreed to be named"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick only those who have said yes. Nobody else is named in the story; "
            "the date of each answer is recorded."
        ),
    )
    is_public = forms.BooleanField(
        label=_("Show publicly on the showcase"),
        required=False,
        help_text=_("Otherwise only those signed in see it once it is published."),
    )
    image, image_alt = _image_fields()

    def __init__(self, *args, people: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("path")
        self.fields["unit"].label_from_instance = _unit_label
        if people:
            self.fields["agreed"].choices = [(person.pk, person.full_name) for person in people]
        else:
            del self.fields["agreed"]

    @staticmethod
    def initial_from_idea(idea: Idea) -> dict:
        """A draft from an implemented idea: its title, need, idea, realised benefits, goals
        and unit (nobody ticked as agreeing)."""
        parts = []
        if idea.need:
            parts.append(idea.need.strip())
        if idea.proposal:
            parts.append(idea.proposal.strip())
        realised = [
            benefit.description
            for benefit in idea.benefits.all()
            if benefit.kind == Benefit.Kind.REALISED
        ]
        return {
            "title": idea.title,
            "summary": single_line(idea.need)[:300] or idea.title,
            "story": "\n\n".join(parts),
            "benefits_realised": "\n".join(f"- {line}" for line in realised),
            "unit": idea.unit,
            "global_goals": list(idea.global_goals.all()),
            "vision_goals": list(idea.vision_goals.all()),
        }

    @staticmethod
    def initial_for(example: GoodExample) -> dict:
        return {
            "title": example.title,
            "summary": example.summary,
            "story": example.story,
            "benefits_realised": example.benefits_realised,
            "unit": example.unit,
            "global_goals": list(example.global_goals.all()),
            "vision_goals": list(example.vision_goals.all()),
            "agreed": [c.person_id for c in example.consents.all() if c.agreed],
            "is_public": example.is_public,
            "image_alt": example.image_alt,
        }

    def to_input(self) -> ExampleInput:
        data = self.cleaned_data
        image = data.get("image")
        return ExampleInput(
            title=data["title"],
            summary=data["summary"],
            story=data["story"],
            benefits_realised=data["benefits_realised"],
            unit=data["unit"],
            global_goals=list(data["global_goals"]),
            vision_goals=list(data["vision_goals"]),
            is_public=data["is_public"],
            agreed=list(data.get("agreed") or []),
            image=image or None,
            image_alt=data["image_alt"],
            remove_image=image is False,
        )


class NewsForm(forms.Form):
    title = SingleLineCharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("**bold**, *italics*, lists with - and links work."),
    )
    published_on = BoundedDateField(label=_("Published"), widget=DateInput)
    image, image_alt = _image_fields()

    @staticmethod
    def initial_for(post: NewsPost) -> dict:
        return {
            "title": post.title,
            "body": post.body,
            "published_on": post.published_on,
            "image_alt": post.image_alt,
        }

    def to_input(self) -> NewsInput:
        data = self.cleaned_data
        image = data.get("image")
        return NewsInput(
            title=data["title"],
            body=data["body"],
            published_on=data["published_on"],
            image=image or None,
            image_alt=data["image_alt"],
            remove_image=image is False,
        )


class SettingsForm(forms.Form):
    show_key_figures = forms.BooleanField(
        label=_("Show key figures publicly"),
        required=False,
        help_text=_("Ideas handed in this year, implemented, and answered within the deadline."),
    )
    show_open_challenges = forms.BooleanField(
        label=_("Show open challenges publicly"),
        required=False,
        help_text=_("Their title, question, period, unit and goals; never a person's name."),
    )
