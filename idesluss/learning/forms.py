import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from idesluss.accounts import selectors as account_selectors
from idesluss.accounts.models import User
from idesluss.core.dates import span_on
from idesluss.core.forms import BoundedDateField, PickerFormMixin, PickField, PickOneField
from idesluss.core.text import SingleLineCharField
from idesluss.core.widgets import PickerWidget
from idesluss.learning.models import Grants, Training
from idesluss.learning.services import MAX_CAPACITY, MAX_VALIDITY_MONTHS, TrainingInput

PEOPLE_LOOKUP = "accounts:pick_people"
GONE = _("One of the people ticked no longer has an account here: search again.")


def _people(numbers: list[int]) -> list[User]:
    return account_selectors.people_pickable(numbers=numbers)


class TrainingForm(PickerFormMixin, forms.Form):
    title = SingleLineCharField(
        label=_("Title"), max_length=150, help_text=_("e.g. Coach training")
    )
    description = forms.CharField(
        label=_("What is the training about?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    target_group = SingleLineCharField(
        label=_("Target group"),
        max_length=300,
        required=False,
        help_text=_("e.g. Managers and staff who want to coach workgroups"),
    )
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=MAX_CAPACITY, initial=20
    )
    completion_percent = forms.IntegerField(
        label=_("Attendance needed to complete (%)"),
        min_value=1,
        max_value=100,
        initial=80,
        help_text=_("The share of the sessions a participant must attend to complete it."),
    )
    grants = forms.ChoiceField(
        label=_("Grants the qualification"),
        choices=[("", _("No qualification")), *Grants.choices],
        required=False,
    )
    validity_months = forms.IntegerField(
        label=_("Qualification valid (months)"),
        min_value=1,
        max_value=MAX_VALIDITY_MONTHS,
        required=False,
        help_text=_("Empty: the qualification does not lapse."),
    )
    responsible = PickOneField(
        label=_("Trainer"),
        required=False,
        help_text=_("The trainer may record attendance. Search by name and choose."),
        widget=PickerWidget(
            lookup=PEOPLE_LOOKUP, search_label=_("Find the trainer"), multiple=False
        ),
    )
    enrolment_open = forms.BooleanField(label=_("Open for enrolment"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_picker("responsible", load=_people, search=account_selectors.people_matching)

    @classmethod
    def initial_for(cls, training: Training) -> dict:
        return {
            "title": training.title,
            "description": training.description,
            "target_group": training.target_group,
            "capacity": training.capacity,
            "completion_percent": training.completion_percent,
            "grants": training.grants,
            "validity_months": training.validity_months,
            "responsible": [training.responsible_id] if training.responsible_id else [],
            "enrolment_open": training.enrolment_open,
        }

    def clean_responsible(self) -> User | None:
        return self.picked_one("responsible", GONE)

    def to_input(self) -> TrainingInput:
        data = self.cleaned_data
        return TrainingInput(
            title=data["title"],
            description=data["description"],
            target_group=data["target_group"],
            capacity=data["capacity"],
            completion_percent=data["completion_percent"],
            grants=data["grants"],
            validity_months=data["validity_months"],
            responsible=data["responsible"],
            enrolment_open=data["enrolment_open"],
        )


class SessionForm(forms.Form):
    prefix = "session"
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = SingleLineCharField(label=_("Place"), max_length=200, required=False)
    topic = SingleLineCharField(label=_("Topic"), max_length=150, required=False)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        starts, ends = span_on(data["date"], data["start"], data["end"])
        return starts, ends


class EnrolPeopleForm(PickerFormMixin, forms.Form):
    prefix = "enrol"
    people = PickField(
        label=_("Enrol colleagues"),
        help_text=_(
            "Search by name, work email address or unit, and tick them. Beyond the places "
            "they join the waiting list."
        ),
        widget=PickerWidget(lookup=PEOPLE_LOOKUP, search_label=_("Find colleagues to enrol")),
        error_messages={"required": _("Tick at least one colleague to enrol.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_picker("people", load=_people, search=account_selectors.people_matching)

    def clean_people(self) -> list[User]:
        return self.picked("people", GONE)


class GrantForm(PickerFormMixin, forms.Form):
    prefix = "grant"
    person = PickOneField(
        label=_("Person"),
        help_text=_("Search by name and choose."),
        widget=PickerWidget(
            lookup=PEOPLE_LOOKUP, search_label=_("Find the person"), multiple=False
        ),
        error_messages={"required": _("Choose the person to grant the qualification.")},
    )
    code = forms.ChoiceField(label=_("Qualification"), choices=Grants.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the qualification is granted.")},
    )
    expires_on = BoundedDateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: it does not lapse."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_picker("person", load=_people, search=account_selectors.people_matching)

    def clean_person(self) -> User | None:
        return self.picked_one("person", GONE)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the qualification is withdrawn.")},
    )
