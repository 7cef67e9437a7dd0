from functools import partial

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from idesluss.accounts import selectors as account_selectors
from idesluss.accounts.forms import offer_units
from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import Challenge
from idesluss.challenges.selectors import open_challenges
from idesluss.core import form_fields
from idesluss.core.forms import (
    IdChoiceField,
    IdMultipleChoiceField,
    LazyChoices,
    PickerFormMixin,
    PickField,
    PickOneField,
)
from idesluss.core.text import SingleLineCharField
from idesluss.core.widgets import LongSelect, LongSelectMultiple, PickerWidget
from idesluss.goals.forms import GlobalGoalsField, VisionGoalsField
from idesluss.goals.models import GlobalGoal
from idesluss.ideas import selectors as idea_selectors
from idesluss.ideas.models import Benefit, Idea, Lane, Stage
from idesluss.ideas.services import IdeaInput

# Typing a title or need shows similar ideas already handed in (htmx; without
# JavaScript the form works as before).
SIMILAR_LOOKUP = {
    "hx-get": reverse_lazy("ideas:similar"),
    "hx-trigger": "keyup changed delay:500ms",
    "hx-target": "#similar-ideas",
    "hx-include": "#id_title, #id_need, #id_exclude",
    "aria-controls": "similar-ideas",
}


PEOPLE_LOOKUP = "accounts:pick_people"
IDEAS_LOOKUP = "ideas:pick_ideas"


def _people(numbers: list[int]) -> list[User]:
    return account_selectors.people_pickable(numbers=numbers)


class IdeaForm(PickerFormMixin, forms.Form):
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
    co_submitters = PickField(
        label=_("Did you have the idea together with colleagues?"),
        help_text=_(
            "Search by name, email address or unit and tick them. Each of them is asked to "
            "confirm before they are named with the idea."
        ),
        required=False,
        widget=PickerWidget(lookup=PEOPLE_LOOKUP, search_label=_("Find colleagues")),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], self.fields["other_units"])
        # Colleagues by name, address or unit (never oneself: one cannot co-submit one's own).
        self.prepare_picker(
            "co_submitters",
            load=_people,
            search=account_selectors.people_matching,
            leave_out={user.pk} if user is not None and user.pk else set(),
        )
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
        # What the apps above add (the workshop the idea came from), shown in this order.
        self.added_fields = form_fields.add_to("ideas.idea", self, user=user)

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
            "co_submitters": [person.pk for person in idea.co_submitters.all()]
            + list(
                idea.co_submitter_invitations.filter(status="pending").values_list(
                    "person_id", flat=True
                )
            ),
        }

    def clean_co_submitters(self) -> list[User]:
        return self.picked(
            "co_submitters",
            _("One of the colleagues ticked no longer has an account here: search again."),
        )

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
            workshop=data.get("workshop"),  # added by the workshops app, when installed
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
    prefix = "comment"

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


PERSONAL_VIEWS = ("", "mine", "following", "waiting")


def idea_filters(query) -> tuple[IdeaFilterForm, idea_selectors.IdeaFilters]:
    """The idea list's filters from its query string, as the list reads them (values that
    do not fit are left out): the list and its exports (insights) share them."""
    view = query.get("view", "")
    if view not in PERSONAL_VIEWS:
        view = ""
    params = query.copy()
    if view == "waiting" and not params.get("sort"):
        # What waits for the person: the most urgent first (the earliest date).
        params["sort"] = "due"
    form = IdeaFilterForm(params or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = idea_selectors.IdeaFilters(
        q=(data.get("q") or "").strip(),
        lane=data.get("lane") or "",
        stage=data["stage"].pk if data.get("stage") else None,
        unit=data.get("unit"),
        goal=data.get("goal"),
        challenge=data.get("challenge"),
        overdue=bool(data.get("overdue")),
        sort=data.get("sort") or "newest",
        view=view,
    )
    return form, filters


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


class PersonForm(PickerFormMixin, forms.Form):
    """Choose the active colleague who answers for an idea (search by name, address or
    unit)."""

    prefix = "responsible"
    person = PickOneField(
        label=_("Who answers for the idea"),
        help_text=_("Search by name, work email address or unit, and choose one."),
        widget=PickerWidget(
            lookup=PEOPLE_LOOKUP, search_label=_("Find the person"), multiple=False
        ),
        error_messages={"required": _("Choose a person.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_picker("person", load=_people, search=account_selectors.people_matching)

    def clean_person(self) -> User:
        return self.picked_one(
            "person", _("The person chosen no longer has an account here: search again.")
        )


class AssessorForm(PickerFormMixin, forms.Form):
    prefix = "assessor"
    assessor = PickOneField(
        label=_("Who is asked to assess the idea"),
        help_text=_("Search by name, work email address or unit, and choose one."),
        widget=PickerWidget(
            lookup=PEOPLE_LOOKUP, search_label=_("Find the assessor"), multiple=False
        ),
        error_messages={"required": _("Choose who is asked to assess.")},
    )
    blind = forms.BooleanField(
        label=_("Blind assessment (assessors do not see who handed the idea in)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_picker("assessor", load=_people, search=account_selectors.people_matching)

    def clean_assessor(self) -> User:
        return self.picked_one(
            "assessor", _("The person chosen no longer has an account here: search again.")
        )


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


class MergeForm(PickerFormMixin, forms.Form):
    """The idea a duplicate is merged into: a handed-in idea the person may see, not the
    duplicate itself (the picker offers no other, and the form refuses any other)."""

    prefix = "merge"
    into = PickOneField(
        label=_("The idea it duplicates"),
        help_text=_("Search by words, by the idea's number or by its address, and choose one."),
        widget=PickerWidget(lookup=IDEAS_LOOKUP, search_label=_("Find the idea"), multiple=False),
        error_messages={"required": _("Choose the idea to merge into.")},
    )
    message = forms.CharField(
        label=_("Why are they the same idea?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, idea: Idea, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_picker(
            "into",
            load=lambda numbers: [
                found
                for found in idea_selectors.ideas_pickable(numbers=numbers, viewer=viewer)
                if found.pk != idea.pk
            ],
            search=partial(idea_selectors.ideas_matching, viewer=viewer),
            leave_out={idea.pk},
        )

    def clean_into(self) -> Idea:
        return self.picked_one(
            "into", _("There is no handed-in idea with that number that you may see.")
        )


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["kind", "category", "description", "amount", "measure"]
