"""Every change to a group goes through these functions: they check the rules, validate,
keep the red thread and tell the people involved."""

import datetime
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from idesluss.accounts import qualifications
from idesluss.accounts.models import Role, User
from idesluss.accounts.selectors import roles_of
from idesluss.core.dates import date_error, local
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.groups import notifications
from idesluss.groups.models import (
    Action,
    Decision,
    Group,
    GroupEvent,
    JointFollowUp,
    Session,
    Status,
)
from idesluss.ideas.models import Idea


class SessionChanged(ValidationError):
    """The session changed after the person loaded it; their change was not saved."""


@dataclass
class GroupInput:
    name: str = ""
    kind: str = Group.Kind.WORKGROUP
    purpose: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    coach: User | None = None
    members: list[User] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    is_public: bool = False


@dataclass
class JointInput:
    title: str = ""
    starts_at: datetime.datetime | None = None
    minutes: int = 120
    location: str = ""
    agenda: str = ""
    groups: list[Group] = field(default_factory=list)


# A session is at least a quarter of an hour and at most a working day.
MINUTES_RANGE = (15, 600)
# A meeting may be recorded from a little before the group's start date (a group is often
# registered after its first meeting), but not from long before it.
DAYS_BEFORE_START = 60


@dataclass
class SessionInput:
    kind: str = Session.Kind.COACHING
    starts_at: datetime.datetime | None = None
    minutes: int = 90
    location: str = ""
    agenda: str = ""
    notes: str = ""
    participants: list[User] = field(default_factory=list)
    attendees: list[User] = field(default_factory=list)


def _validate_group(data: GroupInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the group a name.")]
    if not data.purpose.strip():
        errors["purpose"] = [_("Say what the group is for.")]
    if data.kind not in Group.Kind.values:
        errors["kind"] = [_("Choose workgroup or pilot group.")]
    if data.starts_on is None:
        errors["starts_on"] = [_("Give the start date.")]
    elif date_error(data.starts_on):
        errors["starts_on"] = [date_error(data.starts_on)]
    elif date_error(data.ends_on):
        errors["ends_on"] = [date_error(data.ends_on)]
    elif data.ends_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The planned end cannot be before the start.")]
    if data.coach is not None and "coach" not in roles_of(data.coach).codes:
        errors["coach"] = [qualifications.missing_message(data.coach, Role.Code.COACH)]
    if not [person for person in data.members if person.is_active]:
        errors["members"] = [_("A group needs at least one member.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_save(*, by: User, data: GroupInput, group: Group | None = None) -> Group:
    """Start a group (managers, coaches, the coordinator) or edit one (its insiders)."""
    if group is None:
        if not by.has_perm("groups.add_group"):
            raise PermissionDenied
        group = Group(created_by=by)
    else:
        group = Group.objects.select_for_update().get(pk=group.pk)
        if not by.has_perm("groups.change_group", group):
            raise PermissionDenied
    _validate_group(data)
    new = group.pk is None
    group.name = single_line(data.name)
    group.kind = data.kind
    group.purpose = data.purpose.strip()
    group.starts_on = data.starts_on
    group.ends_on = data.ends_on
    group.coach = data.coach
    group.is_public = data.is_public
    if not new:
        group.version = F("version") + 1
    group.save()
    group.refresh_from_db(fields=["version"])
    group.members.set([person for person in data.members if person.is_active])
    group.ideas.set(data.ideas)
    GroupEvent.objects.create(
        group=group, actor=by, kind=GroupEvent.Kind.STARTED if new else GroupEvent.Kind.EDITED
    )
    if new:
        notifications.notify_group_started(group=group, by=by)
    audit_record(actor=by, action="group.start" if new else "group.save", target=group)
    return group


@transaction.atomic
def group_set_status(*, group: Group, by: User, status: str, comment: str) -> Group:
    """The group sets its traffic light, with a short comment that says why."""
    locked = Group.objects.select_for_update().get(pk=group.pk)
    if not by.has_perm("groups.change_group", locked):
        raise PermissionDenied
    comment = comment.strip()
    errors: dict[str, list[str]] = {}
    if status not in Status.values:
        errors["status"] = [_("Choose green, yellow or red.")]
    if len(comment) > 300:
        errors["comment"] = [_("The comment can be at most 300 characters.")]
    if status in (Status.YELLOW, Status.RED) and not comment:
        errors["comment"] = [_("Say briefly why the status is yellow or red.")]
    if errors:
        raise ValidationError(errors)
    locked.status, locked.status_comment = status, comment
    locked.version = F("version") + 1
    locked.save(update_fields=["status", "status_comment", "version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    GroupEvent.objects.create(
        group=locked, actor=by, kind=GroupEvent.Kind.STATUS, status=status, comment=comment
    )
    audit_record(actor=by, action="group.status", target=locked, data={"status": status})
    return locked


def _validate_session(
    group: Group, data: SessionInput, *, kept: datetime.datetime | None = None
) -> None:
    """`kept`: the time the session has now; kept as it is, it is not checked again (a
    joint follow-up's sessions keep its time, whatever it is)."""
    errors: dict[str, list[str]] = {}
    if data.kind not in Session.Kind.values:
        errors["kind"] = [_("Choose the kind of session.")]
    if data.starts_at is None:
        errors["starts_at"] = [_("Give the date and time.")]
    elif data.starts_at != kept and date_error(data.starts_at):
        errors["starts_at"] = [date_error(data.starts_at)]
    elif local(data.starts_at).date() < group.starts_on - datetime.timedelta(
        days=DAYS_BEFORE_START
    ):
        errors["starts_at"] = [
            _("A session can be at most %(days)s days before the group starts (%(date)s).")
            % {"days": DAYS_BEFORE_START, "date": date_format(group.starts_on, "j F Y")}
        ]
    if len(data.location.strip()) > 200:
        errors["location"] = [_("Keep the place to at most 200 characters.")]
    if not MINUTES_RANGE[0] <= data.minutes <= MINUTES_RANGE[1]:
        errors["minutes"] = [
            _("A session lasts between %(low)s and %(high)s minutes.")
            % {"low": MINUTES_RANGE[0], "high": MINUTES_RANGE[1]}
        ]
    allowed = {person.pk for person in group.members.all()} | {group.coach_id}
    if any(person.pk not in allowed for person in [*data.participants, *data.attendees]):
        errors["participants"] = [_("Participants must be members or the coach of the group.")]
    if errors:
        raise ValidationError(errors)


def _session_make(
    *, group: Group, by: User, data: SessionInput, joint: JointFollowUp | None = None
) -> Session:
    session = Session.objects.create(
        group=group,
        kind=data.kind,
        starts_at=data.starts_at,
        minutes=data.minutes,
        location=data.location.strip(),
        agenda=data.agenda.strip(),
        notes=data.notes.strip(),
        joint=joint,
        created_by=by,
    )
    session.participants.set(data.participants or list(group.members.all()))
    session.attendees.set(data.attendees)
    # Roll forward: every open action made at an earlier session is taken up here.
    session.carried_actions.set(
        Action.objects.filter(
            group=group, done_at__isnull=True, session__starts_at__lt=session.starts_at
        )
    )
    return session


@transaction.atomic
def session_create(*, group: Group, by: User, data: SessionInput) -> Session:
    """Plan a session; the group's open actions from earlier sessions are carried to it."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not by.has_perm("groups.change_group", group):
        raise PermissionDenied
    _validate_session(group, data)
    session = _session_make(group=group, by=by, data=data)
    notifications.notify_session_planned(session=session, by=by)
    audit_record(actor=by, action="session.create", target=session)
    return session


@transaction.atomic
def session_update(
    *, session: Session, by: User, data: SessionInput, expected_version: int | None = None
) -> Session:
    """Record agenda, notes and attendance; a change based on an older version is refused."""
    locked = Session.objects.select_for_update().select_related("group").get(pk=session.pk)
    if not by.has_perm("groups.change_group", locked.group):
        raise PermissionDenied
    if expected_version is not None and locked.version != expected_version:
        raise SessionChanged(
            _(
                "Someone else changed this session while you were writing. Your text was not "
                "saved: it is still in the form below, next to what is saved now."
            )
        )
    if locked.joint_id is not None:
        # The groups share the time of a joint follow-up: it moves on the joint's page.
        joint = JointFollowUp.objects.get(pk=locked.joint_id)
        data = replace(
            data,
            kind=Session.Kind.FOLLOW_UP,
            starts_at=joint.starts_at,
            minutes=joint.minutes,
            location=joint.location,
        )
    _validate_session(locked.group, data, kept=locked.starts_at)
    locked.kind = data.kind
    locked.starts_at = data.starts_at
    locked.minutes = data.minutes
    locked.location = data.location.strip()
    locked.agenda = data.agenda.strip()
    locked.notes = data.notes.strip()
    locked.version = F("version") + 1
    locked.save(
        update_fields=[
            "kind", "starts_at", "minutes", "location", "agenda", "notes", "version",
            "updated_at",
        ]
    )  # fmt: skip
    locked.refresh_from_db(fields=["version"])
    locked.participants.set(data.participants)
    locked.attendees.set(data.attendees)
    audit_record(actor=by, action="session.save", target=locked)
    return locked


@transaction.atomic
def decision_add(*, session: Session, by: User, text: str) -> Decision:
    """Record a decision made at a session."""
    if not by.has_perm("groups.change_group", session.group):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the decision.")]})
    if len(text) > 2000:
        raise ValidationError({"text": [_("A decision can be at most 2000 characters.")]})
    decision = Decision.objects.create(session=session, text=text, recorded_by=by)
    audit_record(actor=by, action="decision.add", target=decision)
    return decision


@transaction.atomic
def action_add(
    *, session: Session, by: User, what: str, owner: User | None, due_on: datetime.date | None
) -> Action:
    """Give a member or the group's coach something to do by a date; they are told."""
    group = session.group
    if not by.has_perm("groups.change_group", group):
        raise PermissionDenied
    what = what.strip()
    errors: dict[str, list[str]] = {}
    if not what:
        errors["what"] = [_("Say what is to be done.")]
    elif len(what) > 300:
        errors["what"] = [_("Keep it to at most 300 characters.")]
    owners = {person.pk for person in group.members.all()} | {group.coach_id}
    if owner is None or owner.pk not in owners:
        errors["owner"] = [_("The owner must be one of the group's members or its coach.")]
    if due_on is None:
        errors["due_on"] = [_("Give a due date.")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [_("The due date cannot be in the past.")]
    elif date_error(due_on):
        errors["due_on"] = [date_error(due_on)]
    if errors:
        raise ValidationError(errors)
    action = Action.objects.create(
        group=group, session=session, what=what, owner=owner, due_on=due_on, created_by=by
    )
    notifications.notify_action_assigned(action=action, by=by)
    audit_record(actor=by, action="action.add", target=action)
    return action


@transaction.atomic
def action_set_done(*, action: Action, by: User, done: bool = True) -> Action:
    """Tick an action off (or open it again): its owner or the group's insiders."""
    locked = (
        Action.objects.select_for_update(of=("self",)).select_related("group").get(pk=action.pk)
    )
    if not by.has_perm("groups.complete_action", locked):
        raise PermissionDenied
    if done and locked.done_at is None:
        locked.done_at, locked.done_by = timezone.now(), by
    elif not done:
        locked.done_at, locked.done_by = None, None
    locked.save(update_fields=["done_at", "done_by"])
    audit_record(actor=by, action="action.done" if done else "action.reopen", target=locked)
    return locked


def _validate_joint(data: JointInput, groups: list[Group], *, new: bool = True) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the follow-up a title.")]
    elif len(data.title.strip()) > 150:
        errors["title"] = [_("Keep the title to at most 150 characters.")]
    if data.starts_at is None:
        errors["starts_at"] = [_("Give the date and time.")]
    elif date_error(data.starts_at):
        errors["starts_at"] = [date_error(data.starts_at)]
    else:
        day = local(data.starts_at).date()
        earliest = day + datetime.timedelta(days=DAYS_BEFORE_START)
        late = [group.name for group in groups if group.starts_on > earliest]
        if late:
            errors["starts_at"] = [
                _("The follow-up can be at most %(days)s days before these groups start: %(names)s")
                % {"days": DAYS_BEFORE_START, "names": ", ".join(late)}
            ]
    if not MINUTES_RANGE[0] <= data.minutes <= MINUTES_RANGE[1]:
        errors["minutes"] = [
            _("A session lasts between %(low)s and %(high)s minutes.")
            % {"low": MINUTES_RANGE[0], "high": MINUTES_RANGE[1]}
        ]
    if len(data.location.strip()) > 200:
        errors["location"] = [_("Keep the place to at most 200 characters.")]
    if len(data.agenda) > 4000:
        errors["agenda"] = [_("Keep the agenda to at most 4000 characters.")]
    if new and len(groups) < 2:
        errors["groups"] = [_("Choose at least two groups to follow up together.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def joint_create(*, by: User, data: JointInput) -> JointFollowUp:
    """Gather several groups to one follow-up: each group gets a follow-up session on its own
    red thread, with its open actions carried to it, and everyone in them is told once."""
    if not by.has_perm("groups.plan_joint"):
        raise PermissionDenied
    groups = list(
        Group.objects.select_for_update(of=("self",))
        .select_related("coach")
        .prefetch_related("members")
        .filter(pk__in={group.pk for group in data.groups})
        .order_by("name", "id")
    )
    if any(not by.has_perm("groups.change_group", group) for group in groups):
        raise PermissionDenied
    _validate_joint(data, groups)
    joint = JointFollowUp.objects.create(
        title=single_line(data.title),
        starts_at=data.starts_at,
        minutes=data.minutes,
        location=data.location.strip(),
        agenda=data.agenda.strip(),
        created_by=by,
    )
    for group in groups:
        _session_make(
            group=group,
            by=by,
            joint=joint,
            data=SessionInput(
                kind=Session.Kind.FOLLOW_UP,
                starts_at=joint.starts_at,
                minutes=joint.minutes,
                location=joint.location,
                agenda=joint.agenda,
            ),
        )
    notifications.notify_joint_planned(joint=joint, groups=groups, by=by)
    audit_record(
        actor=by,
        action="joint.create",
        target=joint,
        data={"groups": [group.pk for group in groups]},
    )
    return joint


@transaction.atomic
def joint_update(
    *, joint: JointFollowUp, by: User, data: JointInput, expected_version: int | None = None
) -> JointFollowUp:
    """Change the title, time, place or agenda the groups share; each group's session moves
    along (an agenda a group has rewritten is kept). A change based on an older version is
    refused."""
    locked = JointFollowUp.objects.select_for_update().get(pk=joint.pk)
    sessions = list(
        Session.objects.filter(joint=locked)
        .select_related("group", "group__coach")
        .prefetch_related("group__members")
    )
    groups = [session.group for session in sessions]
    if not by.has_perm("groups.change_joint", locked):
        raise PermissionDenied
    if expected_version is not None and locked.version != expected_version:
        raise SessionChanged(
            _(
                "Someone else changed this follow-up while you were writing. Your changes were "
                "not saved: they are still in the form below, next to what is saved now."
            )
        )
    # The groups stay as they are (a group that ended meanwhile may keep its session).
    _validate_joint(data, groups, new=False)
    moved = locked.starts_at != data.starts_at
    old_agenda = locked.agenda
    locked.title = single_line(data.title)
    locked.starts_at = data.starts_at
    locked.minutes = data.minutes
    locked.location = data.location.strip()
    locked.agenda = data.agenda.strip()
    locked.version = F("version") + 1
    locked.save(
        update_fields=[
            "title",
            "starts_at",
            "minutes",
            "location",
            "agenda",
            "version",
            "updated_at",
        ]
    )
    locked.refresh_from_db(fields=["version"])
    Session.objects.filter(joint=locked).update(
        starts_at=locked.starts_at,
        minutes=locked.minutes,
        location=locked.location,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    Session.objects.filter(joint=locked, agenda=old_agenda).update(agenda=locked.agenda)
    if moved:
        notifications.notify_joint_moved(joint=locked, groups=groups, by=by)
    audit_record(actor=by, action="joint.save", target=locked)
    return locked
