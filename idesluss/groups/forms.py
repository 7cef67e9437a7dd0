import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.models import RoleAssignment, User
from idesluss.groups.models import Group, Session, Status
from idesluss.groups.services import GroupInput, SessionInput
from idesluss.ideas.models import Idea


def _people_by_email(value: str) -> list[User]:
    emails = {part.strip().lower() for part in value.replace(";", ",").split(",") if part.strip()}
    people = list(User.objects.filter(email__in=emails, is_active=True))
    missing = emails - {person.email.lower() for person in people}
    if missing:
        raise forms.ValidationError(
            _("No active colleague has the address: %(emails)s")
            % {"emails": ", ".join(sorted(missing))}
        )
    return people


class GroupForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of group"), choices=Group.Kind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=4000,
        help_text=_("What the group wants to achieve, or which method the pilot tests."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ideas = forms.CharField(
        label=_("Ideas the group carries"),
        help_text=_("Idea numbers, separated by commas (the number is in the idea's address)."),
        required=False,
        max_length=500,
    )
    members = forms.CharField(
        label=_("Members"),
        help_text=_("Work e-mail addresses of managers and employees, separated by commas."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    coach = forms.ModelChoiceField(
        label=_("Coach"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No coach yet"),
    )
    starts_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Planned end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_public = forms.BooleanField(
        label=_("Public: everyone signed in may read the group's page"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coaches = RoleAssignment.objects.filter(role__code="coach").values("user_id")
        self.fields["coach"].queryset = User.objects.filter(
            pk__in=coaches, is_active=True
        ).order_by("full_name")

    @classmethod
    def initial_for(cls, group: Group) -> dict:
        return {
            "kind": group.kind,
            "name": group.name,
            "purpose": group.purpose,
            "ideas": ", ".join(str(idea.pk) for idea in group.ideas.all()),
            "members": ", ".join(person.email for person in group.members.all()),
            "coach": group.coach,
            "starts_on": group.starts_on,
            "ends_on": group.ends_on,
            "is_public": group.is_public,
        }

    @classmethod
    def initial_from_idea(cls, idea: Idea) -> dict:
        """What is known when a group is started from an idea."""
        people = [idea.submitter, *idea.co_submitters.all()]
        return {
            "kind": Group.Kind.WORKGROUP,
            "name": idea.title,
            "purpose": "\n\n".join(part for part in (idea.need, idea.proposal) if part),
            "ideas": str(idea.pk),
            "members": ", ".join(person.email for person in people if person.is_active),
            "starts_on": timezone.localdate(),
        }

    def clean_ideas(self) -> list[Idea]:
        numbers = set()
        for part in self.cleaned_data["ideas"].replace(";", ",").split(","):
            part = part.strip().lstrip("#")
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("Write idea numbers, e.g. 12, 40."))
            numbers.add(int(part))
        ideas = list(Idea.objects.filter(pk__in=numbers, status=Idea.Status.SUBMITTED))
        missing = numbers - {idea.pk for idea in ideas}
        if missing:
            raise forms.ValidationError(
                _("There is no handed-in idea number %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in sorted(missing))}
            )
        return ideas

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The planned end cannot be before the start."))
        return data

    def clean_members(self) -> list[User]:
        return _people_by_email(self.cleaned_data["members"])

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
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    agenda = forms.CharField(
        label=_("Agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Invited"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nobody ticked: every member is invited."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
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
        when = timezone.localtime(session.starts_at)
        return {
            "kind": session.kind,
            "date": when.date(),
            "time": when.time().replace(second=0, microsecond=0),
            "agenda": session.agenda,
            "notes": session.notes,
            "participants": [person.pk for person in session.participants.all()],
            "attendees": [person.pk for person in session.attendees.all()],
            "version": session.version,
        }

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))
        return SessionInput(
            kind=data["kind"],
            starts_at=starts_at,
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
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        members = sorted(group.members.all(), key=lambda person: person.full_name)
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
