from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idesluss.accounts import selectors as account_selectors
from idesluss.accounts.forms import offer_units
from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import Challenge
from idesluss.core.dates import local, span_on
from idesluss.core.forms import BoundedDateField, IdChoiceField, PickerFormMixin, PickField
from idesluss.core.text import SingleLineCharField
from idesluss.core.widgets import LongSelect, PickerWidget
from idesluss.goals.forms import GlobalGoalsField, VisionGoalsField
from idesluss.ideas.models import Lane
from idesluss.workshops.models import Note, Workshop
from idesluss.workshops.services import PromoteInput, WorkshopInput

PEOPLE_LOOKUP = "accounts:pick_people"


def _people(numbers: list[int]) -> list[User]:
    return account_selectors.people_pickable(numbers=numbers)


GONE = _("One of the people ticked no longer has an account here: search again.")


class WorkshopForm(PickerFormMixin, forms.Form):
    title = SingleLineCharField(
        label=_("Theme"),
        max_length=150,
        help_text=_("e.g. Health and wellbeing at work"),
    )
    description = forms.CharField(
        label=_("What is the workshop about?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    challenge = IdChoiceField(
        label=_("Does it work on a challenge?"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("No challenge"),
    )
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("If people join online (Teams, Zoom, …)."),
    )
    facilitators = PickField(
        label=_("Facilitators"),
        help_text=_("Search by name, work email address or unit, and tick them."),
        widget=PickerWidget(lookup=PEOPLE_LOOKUP, search_label=_("Find facilitators")),
        error_messages={"required": _("A workshop needs at least one facilitator.")},
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000, initial=20)
    dots_per_person = forms.IntegerField(
        label=_("Dots per participant"),
        min_value=1,
        max_value=20,
        initial=3,
        help_text=_("How many dots each participant votes with."),
    )
    global_goals = GlobalGoalsField()
    vision_goals = VisionGoalsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        current = self.initial.get("challenge")
        offered = Q(closes_on__gte=today)
        if isinstance(current, Challenge):
            offered |= Q(pk=current.pk)
        self.fields["challenge"].queryset = Challenge.objects.filter(offered).order_by(
            "-opens_on", "-id"
        )
        self.prepare_picker("facilitators", load=_people, search=account_selectors.people_matching)

    @classmethod
    def initial_for(cls, workshop: Workshop) -> dict:
        start = local(workshop.starts_at)
        end = local(workshop.ends_at)
        return {
            "title": workshop.title,
            "description": workshop.description,
            "challenge": workshop.challenge,
            "date": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "end": end.time().replace(second=0, microsecond=0),
            "place": workshop.place,
            "online_url": workshop.online_url,
            "facilitators": [person.pk for person in workshop.facilitators.all()],
            "capacity": workshop.capacity,
            "dots_per_person": workshop.dots_per_person,
            "global_goals": list(workshop.global_goals.all()),
            "vision_goals": list(workshop.vision_goals.all()),
        }

    def clean_facilitators(self) -> list[User]:
        return self.picked("facilitators", GONE)

    def to_input(self) -> WorkshopInput:
        data = self.cleaned_data
        starts_at, ends_at = span_on(data["date"], data["start"], data["end"])
        return WorkshopInput(
            title=data["title"],
            description=data["description"],
            challenge=data["challenge"],
            global_goals=list(data["global_goals"]),
            vision_goals=list(data["vision_goals"]),
            starts_at=starts_at,
            ends_at=ends_at,
            place=data["place"],
            online_url=data["online_url"],
            facilitators=data["facilitators"],
            capacity=data["capacity"],
            dots_per_person=data["dots_per_person"],
        )


class InviteForm(PickerFormMixin, forms.Form):
    prefix = "invite"
    people = PickField(
        label=_("Invite colleagues"),
        help_text=_(
            "Search by name, work email address or unit, and tick them. They are told and "
            "can sign up."
        ),
        widget=PickerWidget(lookup=PEOPLE_LOOKUP, search_label=_("Find colleagues to invite")),
        error_messages={"required": _("Tick at least one colleague to invite.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_picker("people", load=_people, search=account_selectors.people_matching)

    def clean_people(self) -> list[User]:
        return self.picked("people", GONE)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your idea, in a few words"),
        max_length=Note.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": Note.MAX_LENGTH}),
        error_messages={"required": _("Write your idea on the note.")},
    )


class ClusterNameForm(forms.Form):
    name = SingleLineCharField(label=_("Name of the cluster"), max_length=120)


class PromoteForm(forms.Form):
    title = SingleLineCharField(label=_("Title"), max_length=120)
    need = forms.CharField(
        label=_("What do we want to improve?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposal = forms.CharField(
        label=_("The idea"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    lane = forms.ChoiceField(
        label=_("What kind of idea is it?"),
        choices=[
            (Lane.IMPROVEMENT, _("Improvement – something a team can do itself")),
            (Lane.INNOVATION, _("Innovation – needs development, resources or a decision")),
        ],
        initial=Lane.INNOVATION,
        widget=forms.RadioSelect,
    )
    unit = IdChoiceField(
        label=_("Which unit does it concern?"),
        queryset=Unit.objects.none(),
        help_text=_("Its manager answers the idea's authors."),
        widget=LongSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"])

    def to_input(self) -> PromoteInput:
        data = self.cleaned_data
        return PromoteInput(
            title=data["title"],
            need=data["need"],
            proposal=data["proposal"],
            lane=data["lane"],
            unit=data["unit"],
        )
