from django import forms
from django.utils.translation import gettext_lazy as _

from idesluss.accounts import selectors as account_selectors
from idesluss.accounts.forms import offer_units
from idesluss.accounts.models import Role, Unit, User
from idesluss.conversations.models import Insight, Theme
from idesluss.conversations.services import (
    DEFAULT_PHASES,
    MAX_HEAD_COUNT,
    MAX_MINUTES,
    MAX_PHASES,
    PhaseInput,
    PromoteInput,
    RecordInput,
    SessionInput,
    ThemeInput,
)
from idesluss.core.dates import local, span_on
from idesluss.core.forms import BoundedDateField, IdChoiceField, PickerFormMixin, PickField
from idesluss.core.text import SingleLineCharField
from idesluss.core.widgets import PickerWidget
from idesluss.goals.forms import GlobalGoalsField, VisionGoalsField
from idesluss.ideas.models import Lane

PEOPLE_LOOKUP = "accounts:pick_people"
GONE = _("One of the people ticked no longer has an account here: search again.")


def _people(numbers: list[int]) -> list[User]:
    return account_selectors.people_pickable(numbers=numbers)


class ThemeForm(forms.Form):
    """A theme and its guide: up to MAX_PHASES phases, each a name, its guiding questions
    (one a line) and a suggested time. Empty phase rows are left out."""

    title = SingleLineCharField(label=_("Theme"), max_length=150)
    description = forms.CharField(
        label=_("What is the theme about?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(label=_("In use (can be chosen for sessions)"), required=False)
    global_goals = GlobalGoalsField()
    vision_goals = VisionGoalsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_PHASES + 1):
            self.fields[f"phase_{index}_name"] = SingleLineCharField(
                label=_("Phase %(number)s: name") % {"number": index},
                max_length=100,
                required=False,
            )
            self.fields[f"phase_{index}_minutes"] = forms.IntegerField(
                label=_("Phase %(number)s: suggested minutes") % {"number": index},
                min_value=1,
                max_value=MAX_MINUTES,
                required=False,
            )
            self.fields[f"phase_{index}_questions"] = forms.CharField(
                label=_("Phase %(number)s: guiding questions (one a line)") % {"number": index},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @property
    def phase_rows(self) -> list[tuple[int, list]]:
        return [
            (
                index,
                [
                    self[f"phase_{index}_name"],
                    self[f"phase_{index}_minutes"],
                    self[f"phase_{index}_questions"],
                ],
            )
            for index in range(1, MAX_PHASES + 1)
        ]

    @property
    def main_fields(self) -> list:
        return [self[name] for name in ("title", "description", "is_active")]

    @property
    def goal_fields(self) -> list:
        return [self["global_goals"], self["vision_goals"]]

    @classmethod
    def initial_for(cls, theme: Theme | None, guide) -> dict:
        if theme is None:
            initial: dict = {"is_active": True}
            phases = [(str(name), "", minutes) for name, minutes in DEFAULT_PHASES]
        else:
            initial = {
                "title": theme.title,
                "description": theme.description,
                "is_active": theme.is_active,
                "global_goals": list(theme.global_goals.all()),
                "vision_goals": list(theme.vision_goals.all()),
            }
            phases = [(p.name, p.questions, p.minutes) for p in guide.phases.all()] if guide else []
        for index, (name, questions, minutes) in enumerate(phases, start=1):
            initial[f"phase_{index}_name"] = name
            initial[f"phase_{index}_questions"] = questions
            initial[f"phase_{index}_minutes"] = minutes
        return initial

    def clean(self):
        data = super().clean()
        for index in range(1, MAX_PHASES + 1):
            name = (data.get(f"phase_{index}_name") or "").strip()
            key = f"phase_{index}_minutes"
            if name and data.get(key) is None and key not in self.errors:
                self.add_error(key, _("Give the phase a suggested time."))
        return data

    def to_input(self) -> ThemeInput:
        data = self.cleaned_data
        return ThemeInput(
            title=data["title"],
            description=data["description"],
            is_active=data["is_active"],
            global_goals=list(data["global_goals"]),
            vision_goals=list(data["vision_goals"]),
            phases=[
                PhaseInput(
                    name=data.get(f"phase_{index}_name") or "",
                    questions=data.get(f"phase_{index}_questions") or "",
                    minutes=data.get(f"phase_{index}_minutes"),
                )
                for index in range(1, MAX_PHASES + 1)
            ],
        )


class SessionForm(PickerFormMixin, forms.Form):
    theme = IdChoiceField(label=_("Theme"), queryset=Theme.objects.none(), empty_label=None)
    leader = IdChoiceField(
        label=_("Conversation leader"), queryset=User.objects.none(), empty_label=None
    )
    unit = IdChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("A mixed group (several units)"),
    )
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = PickField(
        label=_("Named participants"),
        help_text=_(
            "Name only colleagues who agreed to be listed. They are invited and see the notes."
        ),
        required=False,
        widget=PickerWidget(lookup=PEOPLE_LOOKUP, search_label=_("Find participants")),
    )
    head_count = forms.IntegerField(
        label=_("Head count"),
        min_value=0,
        max_value=MAX_HEAD_COUNT,
        required=False,
        help_text=_("How many take part, where colleagues prefer not to be listed by name."),
    )

    def __init__(self, *args, user: User, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Theme.objects.filter(is_active=True)
        if session is not None:
            themes = Theme.objects.filter(is_active=True) | Theme.objects.filter(
                pk=session.theme_id
            )
        self.fields["theme"].queryset = themes.order_by("title", "id")
        leaders = account_selectors.people_with_role(Role.Code.CONVERSATION_LEADER)
        may_choose = "coordinator" in account_selectors.roles_of(user).codes or user.is_superuser
        if not may_choose:
            # A leader plans their own conversations.
            leaders = User.objects.filter(pk=session.leader_id if session else user.pk)
        self.fields["leader"].queryset = leaders.order_by("full_name", "id")
        offer_units(self.fields["unit"])
        self.prepare_picker("participants", load=_people, search=account_selectors.people_matching)

    @classmethod
    def initial_for(cls, session) -> dict:
        start, end = local(session.starts_at), local(session.ends_at)
        return {
            "theme": session.theme_id,
            "leader": session.leader_id,
            "unit": session.unit_id,
            "date": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "end": end.time().replace(second=0, microsecond=0),
            "place": session.place,
            "participants": [row.person_id for row in session.participant_rows.all()],
            "head_count": session.head_count,
        }

    def clean_participants(self) -> list[User]:
        return self.picked("participants", GONE)

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        starts_at, ends_at = span_on(data["date"], data["start"], data["end"])
        return SessionInput(
            theme=data["theme"],
            leader=data["leader"],
            unit=data["unit"],
            starts_at=starts_at,
            ends_at=ends_at,
            place=data["place"],
            participants=data["participants"],
            head_count=data["head_count"],
        )


class RecordForm(forms.Form):
    experiences = forms.CharField(
        label=_("Experiences shared"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    lessons = forms.CharField(
        label=_("Lessons"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    insights = forms.CharField(
        label=_("Insights (one a line)"),
        help_text=_("Each a short text, at most %(max)s characters. Each can become an idea.")
        % {"max": Insight.MAX_LENGTH},
        max_length=12000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    took_part = forms.TypedMultipleChoiceField(
        label=_("Named participants who took part"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attended_count = forms.IntegerField(
        label=_("How many took part in all"),
        min_value=0,
        max_value=MAX_HEAD_COUNT,
        required=False,
        help_text=_("Leave empty to count the named participants ticked above."),
    )

    def __init__(self, *args, participants: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["took_part"].choices = participants
        if not participants:
            del self.fields["took_part"]

    def to_input(self) -> RecordInput:
        data = self.cleaned_data
        return RecordInput(
            experiences=data["experiences"],
            lessons=data["lessons"],
            insights=data["insights"].splitlines(),
            took_part=list(data.get("took_part") or []),
            attended_count=data["attended_count"],
        )


class PromoteForm(forms.Form):
    title = SingleLineCharField(label=_("Title of the idea"), max_length=150)
    need = forms.CharField(
        label=_("What do you want to improve?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposal = forms.CharField(
        label=_("The idea"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    lane = forms.ChoiceField(
        label=_("Lane"), choices=Lane.choices, initial=Lane.IMPROVEMENT, widget=forms.RadioSelect
    )
    unit = IdChoiceField(label=_("Unit the idea concerns"), queryset=Unit.objects.none())
    co_submitters = forms.TypedMultipleChoiceField(
        label=_("Co-submitters"),
        help_text=_("Named participants who agreed to stand behind the idea. They are asked."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"])
        self.people = {person.pk: person for person in people}
        self.fields["co_submitters"].choices = [
            (person.pk, person.full_name or person.email) for person in people
        ]
        if not people:
            del self.fields["co_submitters"]

    def to_input(self) -> PromoteInput:
        data = self.cleaned_data
        return PromoteInput(
            title=data["title"],
            need=data["need"],
            proposal=data["proposal"],
            lane=data["lane"],
            unit=data["unit"],
            co_submitters=[self.people[pk] for pk in data.get("co_submitters") or []],
        )


class OverviewFilterForm(forms.Form):
    """The overview's and history's filters; bad values come back as messages."""

    start = BoundedDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = BoundedDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = IdChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    theme = IdChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("title", "id"),
        required=False,
        empty_label=_("All themes"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period must not be before its start."))
        return data
