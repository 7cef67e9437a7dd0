from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.forms import offer_units
from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import Challenge
from idesluss.challenges.selectors import open_challenges
from idesluss.core.dates import local
from idesluss.core.forms import IdChoiceField, IdMultipleChoiceField, LazyChoices
from idesluss.core.text import SingleLineCharField
from idesluss.core.widgets import LongSelect, LongSelectMultiple
from idesluss.goals.forms import GlobalGoalsField, VisionGoalsField
from idesluss.goals.models import GlobalGoal
from idesluss.ideas.models import Benefit, Idea, Lane, Stage
from idesluss.ideas.services import IdeaInput
from idesluss.workshops.models import Workshop
from idesluss.workshops.selectors import workshops_for_idea_form

# Typing a title or need shows similar ideas already handed in (htmx; without
# JavaScript the form works as before).
SIMILAR_LOOKUP = {
    "hx-get": reverse_lazy("ideas:similar"),
    "hx-trigger": "keyup changed delay:500ms",
    "hx-target": "#similar-ideas",
    "hx-include": "#id_title, #id_need, #id_exclude",
    "aria-controls": "similar-ideas",
}


class IdeaForm(forms.Form):
    title = SingleLineCharField(
        label=_("Title"),
        max_length=120,
        help_text=_("A few words that say what the idea is."),
        widget=forms.TextInput(attrs={"autocomplete": "off", **SIMILAR_LOOKUP}),
    )
    need = forms.CharField(
        label=_("What do you want to improve?"),
        help_text=_("The need or problem, as you see it in your work."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, **SIMILAR_LOOKUP}),
    )
    proposal = forms.CharField(
        label=_("Your idea"),
        help_text=_("What could be done? Rough is fine – others can help develop it."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    lane = forms.ChoiceField(
        label=_("What kind of idea is it?"),
        choices=[
            (Lane.IMPROVEMENT, _("Improvement – something my team can do itself")),
            (Lane.INNOVATION, _("Innovation – needs development, resources or a decision")),
        ],
        initial=Lane.IMPROVEMENT,
        widget=forms.RadioSelect,
    )
    unit = IdChoiceField(
        label=_("Which unit does it concern?"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Its manager answers you."),
        widget=LongSelect,
    )
    benefit = forms.CharField(
        label=_("Who benefits, and how?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    other_units = IdMultipleChoiceField(
        label=_("Other units it affects"),
        queryset=Unit.objects.none(),
        required=False,
        widget=LongSelectMultiple(attrs={"size": 6}),
    )
    global_goals = GlobalGoalsField()
    vision_goals = VisionGoalsField()
    challenge = IdChoiceField(
        label=_("Does it answer a challenge?"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("No challenge"),
    )
    workshop = IdChoiceField(
        label=_("Did the idea come from an idea workshop?"),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("No workshop"),
    )
    co_submitters = forms.CharField(
        label=_("Did you have the idea together with colleagues?"),
        help_text=_(
            "Their work email addresses, separated by commas. Each of them is asked to "
            "confirm before they are named with the idea."
        ),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], self.fields["other_units"])
        # Only open challenges are offered (an idea keeps the one it answers); any other
        # choice is refused by the service with the reason, not as an unknown choice.
        current = self.initial.get("challenge")

        def challenges() -> list:
            offered = list(open_challenges())
            if isinstance(current, Challenge) and current not in offered:
                offered.append(current)
            return [("", _("No challenge"))] + [
                (challenge.pk, challenge.title) for challenge in offered
            ]

        self.fields["challenge"].queryset = Challenge.objects.all()
        self.fields["challenge"].choices = LazyChoices(challenges)
        # Recent workshops and those the person took part in (the idea keeps its own).
        offered_workshops = workshops_for_idea_form(person=user)
        current_workshop = self.initial.get("workshop")
        kept = current_workshop.pk if isinstance(current_workshop, Workshop) else None

        def workshops() -> list:
            shown = list(offered_workshops)
            if kept is not None and current_workshop not in shown:
                shown.append(current_workshop)
            return [("", _("No workshop"))] + [
                (workshop.pk, f"{workshop.title} ({local(workshop.starts_at):%Y-%m-%d})")
                for workshop in shown
            ]

        available = Q(pk__in=offered_workshops.values("pk"))
        if kept is not None:
            available |= Q(pk=kept)
        self.fields["workshop"].queryset = Workshop.objects.filter(available)
        self.fields["workshop"].choices = LazyChoices(workshops)

    @classmethod
    def initial_for(cls, idea: Idea) -> dict:
        return {
            "title": idea.title,
            "need": idea.need,
            "proposal": idea.proposal,
            "benefit": idea.benefit,
            "lane": idea.lane,
            "unit": idea.unit,
            "other_units": list(idea.other_units.all()),
            "global_goals": list(idea.global_goals.all()),
            "vision_goals": list(idea.vision_goals.all()),
            "challenge": idea.challenge,
            "workshop": idea.workshop,
            # Those asked but not yet answered stay on the list (saving does not withdraw them).
            "co_submitters": ", ".join(
                [person.email for person in idea.co_submitters.all()]
                + list(
                    idea.co_submitter_invitations.filter(status="pending").values_list(
                        "person__email", flat=True
                    )
                )
            ),
        }

    def clean_co_submitters(self) -> list[User]:
        raw = self.cleaned_data["co_submitters"]
        emails = [part.strip().lower() for part in raw.replace(";", ",").split(",") if part.strip()]
        people = list(User.objects.filter(email__in=emails, is_active=True))
        unknown = sorted(set(emails) - {person.email for person in people})
        if unknown:
            raise forms.ValidationError(
                _("Nobody here has the address %(emails)s.") % {"emails": ", ".join(unknown)}
            )
        return people

    def to_input(self) -> IdeaInput:
        data = self.cleaned_data
        return IdeaInput(
            title=data["title"],
            need=data["need"],
            proposal=data["proposal"],
            benefit=data["benefit"],
            lane=data["lane"],
            unit=data["unit"],
            other_units=list(data["other_units"]),
            global_goals=list(data["global_goals"]),
            vision_goals=list(data["vision_goals"]),
            co_submitters=data["co_submitters"],
            challenge=data.get("challenge"),
            workshop=data.get("workshop"),
        )


class MoveForm(forms.Form):
    to_stage = IdChoiceField(label=_("Move to"), queryset=Stage.objects.none())
    message = forms.CharField(
        label=_("Message to the submitter"),
        help_text=_("Say what happens now and why. The submitter gets it right away."),
        error_messages={
            "required": _("Write a message to the submitter: every move must be explained.")
        },
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closing_reason = forms.CharField(
        label=_("Why is it closed?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when closing the idea."),
    )
    lesson_learned = forms.CharField(
        label=_("What did we learn?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when closing the idea."),
    )
    forwarded_to = forms.CharField(
        label=_("Forwarded to"),
        required=False,
        max_length=200,
        help_text=_("Only when forwarding: the unit, organisation or network."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, stages: list[Stage], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].queryset = Stage.objects.filter(pk__in=[s.pk for s in stages])
        self.fields["to_stage"].choices = [("", _("Choose a stage"))] + [
            (stage.pk, stage.name) for stage in stages
        ]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        help_text=_(
            "You can write **bold**, *italic*, a list with - at the start of each line, "
            "and a link as [text](https://…)."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    lane = forms.ChoiceField(
        label=_("Lane"),
        required=False,
        choices=[("", _("All lanes")), *Lane.choices],
        widget=LongSelect,
    )
    stage = IdChoiceField(
        label=_("Stage"),
        required=False,
        queryset=Stage.objects.none(),
        empty_label=_("All stages"),
        widget=LongSelect,
    )
    unit = IdChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("All units"),
        widget=LongSelect,
    )
    goal = forms.TypedChoiceField(
        label=_("Global goal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        widget=LongSelect,
    )
    challenge = IdChoiceField(
        label=_("Challenge"),
        required=False,
        queryset=Challenge.objects.none(),
        empty_label=_("All ideas"),
        widget=LongSelect,
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("supported", _("Most supported")),
            ("due", _("Answer due soonest")),
            ("moved", _("Recently moved")),
        ],
        widget=LongSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Plain (value, label) lists, not model choice iterators: cheap to build and to
        # write out (LongSelect). The querysets still validate what is submitted.
        english = (get_language() or "sv").startswith("en")
        lanes = {value: str(label).lower() for value, label in Lane.choices}
        self.fields["stage"].queryset = Stage.objects.all()
        self.fields["stage"].choices = [("", self.fields["stage"].empty_label)] + [
            (pk, f"{(name_en if english and name_en else name_sv)} ({lanes.get(lane, lane)})")
            for pk, name_sv, name_en, lane in Stage.objects.order_by("lane", "order").values_list(
                "pk", "name_sv", "name_en", "lane"
            )
        ]
        offer_units(self.fields["unit"])
        self.fields["challenge"].queryset = Challenge.objects.all()
        self.fields["challenge"].choices = [
            ("", self.fields["challenge"].empty_label),
            *Challenge.objects.order_by("-opens_on", "-id").values_list("pk", "title"),
        ]
        self.fields["goal"].choices = [("", _("All goals"))] + [
            (number, f"{number}. {name_en if english and name_en else name_sv}")
            for number, name_sv, name_en in GlobalGoal.objects.order_by("number").values_list(
                "number", "name_sv", "name_en"
            )
        ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (checked one by one by the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AttachmentsForm(forms.Form):
    files = MultipleFileField(
        label=_("Attach files"),
        required=False,
        help_text=_(
            "Photos, sketches or documents: PDF, pictures or office files, at most 10 MB each."
        ),
    )


class PersonByEmailForm(forms.Form):
    """Pick an active colleague by their work e-mail address."""

    email = forms.EmailField(
        label=_("The person's work email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        person = User.objects.filter(email=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("Nobody here has that address."))
        self.cleaned_data["person"] = person
        return email


class AssessorForm(PersonByEmailForm):
    blind = forms.BooleanField(
        label=_("Blind assessment (assessors do not see who handed the idea in)"), required=False
    )

    def clean_email(self):
        email = super().clean_email()
        self.cleaned_data["assessor"] = self.cleaned_data["person"]
        return email


class AssessmentForm(forms.Form):
    """One 1–5 score and a comment per active criterion."""

    def __init__(self, *args, criteria, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            value, comment = current.get(criterion.pk, (None, ""))
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                initial=value,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=comment,
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }

    def pairs(self):
        for criterion in self.criteria:
            yield self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Merge into idea number"),
        min_value=1,
        help_text=_("The number is in the idea's address, e.g. /ideas/123/."),
    )
    message = forms.CharField(
        label=_("Why are they the same idea?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_into(self):
        number = self.cleaned_data["into"]
        idea = Idea.objects.filter(pk=number, status=Idea.Status.SUBMITTED).first()
        if idea is None:
            raise forms.ValidationError(_("There is no handed-in idea with that number."))
        self.cleaned_data["target"] = idea
        return number


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["kind", "category", "description", "amount", "measure"]
