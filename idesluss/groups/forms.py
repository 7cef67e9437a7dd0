import datetime

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idesluss.accounts import selectors as account_selectors
from idesluss.accounts.models import Role, User
from idesluss.core.dates import at, local
from idesluss.core.forms import BoundedDateField, IdChoiceField, IdMultipleChoiceField, PickField
from idesluss.core.http import parse_ids
from idesluss.core.text import SingleLineCharField
from idesluss.core.widgets import PickerWidget
from idesluss.groups import selectors
from idesluss.groups.models import Group, JointFollowUp, Session, Status
from idesluss.groups.services import MINUTES_RANGE, GroupInput, JointInput, SessionInput
from idesluss.ideas import selectors as idea_selectors
from idesluss.ideas.models import Idea


def _numbers(values) -> list[int]:
    """Primary keys from submitted or initial values; anything else is left out."""
    return parse_ids(str(getattr(item, "pk", item)) for item in values or [])


def _in_order(objects, numbers: list[int]) -> list:
    found = {obj.pk: obj for obj in objects}
    return [found[number] for number in numbers if number in found]


PEOPLE_PICKER = {"lookup": "groups:pick_people", "search_label": _("Find people to add")}
IDEAS_PICKER = {"lookup": "groups:pick_ideas", "search_label": _("Find ideas to add")}


class GroupForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of group"), choices=Group.Kind.choices, widget=forms.RadioSelect
    )
    name = SingleLineCharField(label=_("Name"), max_length=150)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=4000,
        help_text=_("What the group wants to achieve, or which method the pilot tests."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ideas = PickField(
        label=_("Ideas the group carries"),
        help_text=_("Search by words or by the idea's number; tick the ones the group carries."),
        required=False,
        widget=PickerWidget(**IDEAS_PICKER),
    )
    members = PickField(
        label=_("Members"),
        help_text=_("Managers and employees from any unit: search by name, email address or unit."),
        widget=PickerWidget(**PEOPLE_PICKER),
        error_messages={"required": _("A group needs at least one member.")},
    )
    coach = IdChoiceField(
        label=_("Coach"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No coach yet"),
    )
    starts_on = BoundedDateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = BoundedDateField(
        label=_("Planned end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_public = forms.BooleanField(
        label=_("Public: everyone signed in may read the group's page"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = account_selectors.qualified_people(
            Role.Code.COACH
        ).order_by("full_name")
        self._prepare_picker("members", self._people, account_selectors.people_matching)
        self._prepare_picker("ideas", self._ideas, idea_selectors.ideas_matching)

    @staticmethod
    def _people(numbers: list[int]) -> list[User]:
        return list(User.objects.filter(pk__in=numbers, is_active=True).select_related("unit"))

    @staticmethod
    def _ideas(numbers: list[int]) -> list[Idea]:
        return list(
            Idea.objects.filter(pk__in=numbers, status=Idea.Status.SUBMITTED).select_related(
                "stage"
            )
        )

    def _prepare_picker(self, name: str, load, search) -> None:
        """What the picker shows: the ticked ones (one query) and what the search found (one
        more, only when searching)."""
        if self.is_bound:
            numbers = _numbers(self.data.getlist(name) if hasattr(self.data, "getlist") else [])
            query = (self.data.get(f"{name}_q") or "")[:200]
        else:
            numbers = _numbers(self.initial.get(name) or self.fields[name].initial)
            query = ""
        chosen = _in_order(load(numbers), numbers) if numbers else []
        widget = self.fields[name].widget
        widget.chosen = chosen
        widget.query = query
        widget.results = search(text=query, exclude=set(numbers)) if query.strip() else []

    def hide_errors(self) -> None:
        """Shown again after a search (no JavaScript): nothing is wrong yet."""
        self._errors = ErrorDict()

    @classmethod
    def initial_for(cls, group: Group) -> dict:
        return {
            "kind": group.kind,
            "name": group.name,
            "purpose": group.purpose,
            "ideas": [idea.pk for idea in group.ideas.all()],
            "members": [person.pk for person in group.members.all()],
            "coach": group.coach,
            "starts_on": group.starts_on,
            "ends_on": group.ends_on,
            "is_public": group.is_public,
        }

    @classmethod
    def initial_from_ideas(cls, ideas: list[Idea], *, viewer: User) -> dict:
        """What is known when a group is started from ideas (e.g. a workshop's chosen ones):
        their titles and needs, the ideas, and their submitters and co-submitters (of the
        ideas whose authors the viewer may see: not those they assess blind)."""
        people: dict[int, User] = {}
        for idea in ideas:
            if not viewer.has_perm("ideas.view_authors", idea):
                continue
            for person in (idea.submitter, *idea.co_submitters.all()):
                if person is not None and person.is_active:
                    people.setdefault(person.pk, person)
        if len(ideas) == 1:
            name = ideas[0].title
            purpose = "\n\n".join(part for part in (ideas[0].need, ideas[0].proposal) if part)
        else:
            name = ""
            purpose = "\n\n".join(
                f"{idea.title}: {idea.need}" if idea.need else idea.title for idea in ideas
            )
        return {
            "kind": Group.Kind.WORKGROUP,
            "name": name[:150],
            "purpose": purpose[:4000],
            "ideas": [idea.pk for idea in ideas],
            "members": list(people),
            "starts_on": timezone.localdate(),
        }

    def _clean_picked(self, name: str, message: str) -> list:
        numbers = self.cleaned_data[name]
        chosen = {obj.pk: obj for obj in self.fields[name].widget.chosen}
        if any(number not in chosen for number in numbers):
            raise forms.ValidationError(message)
        return [chosen[number] for number in numbers]

    def clean_ideas(self) -> list[Idea]:
        return self._clean_picked(
            "ideas", _("One of the ideas ticked is no longer open: search for it again.")
        )

    def clean_members(self) -> list[User]:
        return self._clean_picked(
            "members",
            _("One of the people ticked no longer has an account here: search again."),
        )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The planned end cannot be before the start."))
        return data

    def to_input(self) -> GroupInput:
        data = self.cleaned_data
        return GroupInput(
            name=data["name"],
            kind=data["kind"],
            purpose=data["purpose"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            coach=data["coach"],
            members=data["members"],
            ideas=data["ideas"],
            is_public=data["is_public"],
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=300,
        required=False,
        help_text=_("Briefly: why this colour? Required for yellow and red."),
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=Session.Kind.choices)
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=MINUTES_RANGE[0],
        max_value=MINUTES_RANGE[1],
        initial=90,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 15}),
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    participants = IdMultipleChoiceField(
        label=_("Invited"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nobody ticked: every member is invited."),
    )
    attendees = IdMultipleChoiceField(
        label=_("Attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # A joint follow-up's groups share its kind, time and place: those are changed on its page.
    SHARED = ("kind", "date", "time", "minutes", "location")

    def __init__(self, *args, group: Group, joint: JointFollowUp | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.joint = joint
        if joint is not None:
            for name in self.SHARED:
                del self.fields[name]
        people = {person.pk: person for person in group.members.all()}
        if group.coach_id:
            people[group.coach_id] = group.coach
        ordered = sorted(people.values(), key=lambda person: person.full_name)
        queryset = User.objects.filter(pk__in=people)
        for name in ("participants", "attendees"):
            self.fields[name].queryset = queryset
            self.fields[name].choices = [(person.pk, person.full_name) for person in ordered]

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        when = local(session.starts_at)
        return {
            "kind": session.kind,
            "date": when.date(),
            "time": when.time().replace(second=0, microsecond=0),
            "minutes": session.minutes,
            "location": session.location,
            "agenda": session.agenda,
            "notes": session.notes,
            "participants": [person.pk for person in session.participants.all()],
            "attendees": [person.pk for person in session.attendees.all()],
            "version": session.version,
        }

    @classmethod
    def initial_for_new(cls, group: Group, last: Session | selectors.SessionRow | None) -> dict:
        """Sensible defaults, so a session is planned in a few clicks: the next weekday at
        the group's usual time and length (that of its latest session), everyone invited."""
        today = timezone.localdate()
        when = today + datetime.timedelta(days=1)
        if last is not None:
            usual = local(last.starts_at)
            time, minutes = usual.time().replace(second=0, microsecond=0), last.minutes
            kind = last.kind if last.joint_id is None else Session.Kind.COACHING
            # The group's usual place (a joint follow-up's is not the group's own).
            location = last.location if last.joint_id is None else ""
        else:
            time, minutes = datetime.time(9, 0), 90
            kind = Session.Kind.COACHING if group.coach_id else Session.Kind.WORK
            location = ""
        while when.weekday() >= 5:
            when += datetime.timedelta(days=1)
        invited = [person.pk for person in group.members.all()]
        if group.coach_id:
            invited.append(group.coach_id)
        return {
            "kind": kind,
            "date": when,
            "time": time,
            "minutes": minutes,
            "location": location,
            "participants": invited,
        }

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        if self.joint is not None:
            starts_at, kind = self.joint.starts_at, Session.Kind.FOLLOW_UP
            minutes, location = self.joint.minutes, self.joint.location
        else:
            starts_at = at(data["date"], data["time"])
            kind, minutes = data["kind"], data["minutes"] or 90
            location = data["location"]
        return SessionInput(
            kind=kind,
            starts_at=starts_at,
            minutes=minutes,
            location=location,
            agenda=data["agenda"],
            notes=data["notes"],
            participants=list(data["participants"]),
            attendees=list(data["attendees"]),
        )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.Form):
    what = forms.CharField(label=_("What is to be done"), max_length=300)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = BoundedDateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        # The members, and the coach (who may take on an action too).
        people = {person.pk: person for person in group.members.all()}
        if group.coach_id:
            people[group.coach_id] = group.coach
        members = sorted(people.values(), key=lambda person: person.full_name)
        self._members = {person.pk: person for person in members}
        self.fields["owner"].choices = [("", _("Choose a member"))] + [
            (person.pk, person.full_name) for person in members
        ]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_on

    def owner_person(self) -> User | None:
        return self._members.get(self.cleaned_data.get("owner"))


class JointForm(forms.Form):
    """Plan (or change) a follow-up that gathers several groups."""

    title = SingleLineCharField(
        label=_("Title"), max_length=150, initial=_("Joint follow-up"), strip=True
    )
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=MINUTES_RANGE[0],
        max_value=MINUTES_RANGE[1],
        initial=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 15}),
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    groups = IdMultipleChoiceField(
        label=_("Groups to gather"),
        help_text=_("At least two. Each group's open actions are taken up at the follow-up."),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least two groups to follow up together."),
            "invalid_choice": _("You cannot plan a follow-up for one of the groups chosen."),
            "invalid_pk_value": _("Choose groups from the list."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["groups"]
        else:
            choices = list(groups)
            self.fields["groups"].queryset = Group.objects.filter(pk__in=[g.pk for g in choices])
            self.fields["groups"].choices = [(group.pk, group.name) for group in choices]

    @classmethod
    def initial_for(cls, joint: JointFollowUp) -> dict:
        when = local(joint.starts_at)
        return {
            "title": joint.title,
            "date": when.date(),
            "time": when.time().replace(second=0, microsecond=0),
            "minutes": joint.minutes,
            "location": joint.location,
            "agenda": joint.agenda,
            "version": joint.version,
        }

    def to_input(self) -> JointInput:
        data = self.cleaned_data
        return JointInput(
            title=data["title"],
            starts_at=at(data["date"], data["time"]),
            minutes=data["minutes"],
            location=data["location"],
            agenda=data["agenda"],
            groups=list(data.get("groups") or []),
        )
