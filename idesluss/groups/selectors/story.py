"""A group's story: its sessions, its red thread in time order (events, sessions,
decisions, actions made and done, its ideas' moves) and its open actions, as plain values,
one query per kind of record however many there are."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.core.dates import add_minutes
from idesluss.core.models import bilingual
from idesluss.core.plain import DateLabels, url_format
from idesluss.groups.models import (
    Action,
    Decision,
    Group,
    GroupEvent,
    JointFollowUp,
    Session,
    Status,
)
from idesluss.groups.policy import policy
from idesluss.ideas.models import IdeaEvent
from idesluss.ideas.selectors import StageLabel, stage_label


@dataclass(frozen=True, slots=True)
class SessionRow:
    """What the group's page shows of one of its sessions: plain values."""

    id: int
    kind: str
    kind_label: str
    starts_at: datetime.datetime
    when_label: str  # `starts_at|format_datetime`, in local time
    minutes: int
    location: str
    notes: str
    agenda: str
    url: str
    ics_url: str
    joint_id: int | None
    joint_title: str
    joint_url: str
    # For a joint follow-up: the names of the other groups it gathers.
    others: tuple[str, ...]

    @property
    def ends_at(self) -> datetime.datetime:
        return add_minutes(self.starts_at, self.minutes)


@dataclass(slots=True)
class Entry:
    """One line of the red thread: plain values, and the line as the page shows it."""

    when: datetime.datetime
    kind: str  # started, edited, status, session, decision, action, done, idea
    actor_name: str = ""
    label: str = ""  # the kind as a person reads it ("Coaching session", "Status changed")
    text: str = ""  # what was decided or is to be done, the session's notes, a comment
    session: SessionRow | None = None
    planned: bool = False  # a session that has not begun
    # An action: who owns it and by when (`due_label`: `|format_date`), late if not done;
    # a status: which (`status_value` its colour); an idea: its title and the stages it
    # moved from and to (`idea_moved`; else it was handed in).
    owner_name: str = ""
    due_on: datetime.date | None = None
    due_label: str = ""
    overdue: bool = False
    status: str = ""
    status_value: str = ""
    idea_title: str = ""
    idea_moved: bool = False
    stage_from: str = ""
    stage_to: str = ""
    # `when` as the page shows it (`|date("c")`, `|format_datetime`), in local time.
    when_iso: str = ""
    when_label: str = ""

    @property
    def stages(self) -> tuple[str, ...]:
        return tuple(stage for stage in (self.stage_from, self.stage_to) if stage)


@dataclass(frozen=True, slots=True)
class IdeaLink:
    """An idea the group carries, as its page lists it."""

    id: int
    title: str
    url: str
    stage: StageLabel | None


@dataclass(frozen=True, slots=True)
class ActionRow:
    """An open action as the group's actions table shows it (the names `Action` has: the
    `actions_table` macro draws both)."""

    pk: int
    what: str
    owner_id: int
    owner_name: str
    due_on: datetime.date
    is_overdue: bool
    is_due_soon: bool
    done_at: None = None


@dataclass
class GroupStory:
    """What the group's page shows below its facts, read with one query per kind of record
    (sessions, decisions, actions, events, idea moves) however many there are."""

    ideas: list[IdeaLink]
    sessions: list[SessionRow]
    thread: list[Entry]
    open_actions: list[ActionRow]

    def upcoming(self, now: datetime.datetime) -> list[SessionRow]:
        return [session for session in self.sessions if session.ends_at >= now]


def group_story(*, group: Group, viewer: User, now: datetime.datetime | None = None) -> GroupStory:
    """The group's sessions, its red thread in time order (its events, sessions, decisions,
    actions made and done, and the stage moves of its ideas) and its open actions; sessions
    after `now` are planned. Plain values, one query per kind of record. A joint follow-up
    names the other groups `viewer` may see (all of them if they take part in it)."""
    now = now or timezone.now()
    dates = DateLabels()
    sessions = _session_rows(group=group, dates=dates, viewer=viewer)
    by_id = {session.id: session for session in sessions}
    decided = _decision_entries(sessions=by_id)
    made, open_actions = _action_entries(group=group, sessions=by_id, dates=dates)
    entries = _event_entries(group=group)
    for session in sessions:
        entries.append(
            Entry(
                when=session.starts_at,
                kind="session",
                label=session.kind_label,
                text=session.notes,
                session=session,
                planned=session.starts_at > now,
            )
        )
        # Decisions and actions belong to their session: shown right after it.
        entries.extend(decided.get(session.id, ()))
        entries.extend(made.get(session.id, ()))
    ideas = _group_ideas(group=group)
    entries.extend(_idea_entries(idea_ids=[idea.id for idea in ideas]))
    order = {"session": 0, "decision": 1, "action": 2}
    # Stable: within a session its decisions come before its actions, each in recorded order.
    entries.sort(key=lambda entry: (entry.when, order.get(entry.kind, 3)))
    stamps: dict[datetime.datetime, tuple[str, str]] = {}
    for entry in entries:
        # Decisions and actions share their session's time: each time is formatted once.
        if entry.when not in stamps:
            local = timezone.template_localtime(entry.when)
            stamps[entry.when] = (local.isoformat(), dates.minute(local))
        entry.when_iso, entry.when_label = stamps[entry.when]
    return GroupStory(ideas=ideas, sessions=sessions, thread=entries, open_actions=open_actions)


def _session_rows(*, group: Group, dates: DateLabels, viewer: User) -> list[SessionRow]:
    """The group's sessions in time order; for joint follow-ups, with the other groups the
    viewer may see (`groups.view_group`) or all of them if they take part in it."""
    session_url = url_format("groups:session", group.pk)
    ics_url = url_format("groups:session_ics", group.pk)
    joint_url = url_format("groups:joint")
    kinds = {value: str(label) for value, label in Session.Kind.choices}
    rows = list(
        group.sessions.order_by("starts_at", "id").values_list(
            "id",
            "kind",
            "starts_at",
            "minutes",
            "location",
            "notes",
            "agenda",
            "joint_id",
            "joint__title",
        )
    )
    others: dict[int, list[str]] = {}
    joints = {row[7] for row in rows if row[7] is not None}
    if joints:
        # The groups one may see, and every group of a follow-up one is invited to.
        invited = policy.filter(
            viewer, "groups.view_joint_guests", JointFollowUp.objects.filter(pk__in=joints)
        )
        seen = policy.filter(viewer, "groups.view_group")
        shared = (
            Session.objects.filter(joint_id__in=joints)
            .exclude(group_id=group.pk)
            .filter(Q(group__in=seen.values("pk")) | Q(joint_id__in=invited.values("pk")))
            .order_by("starts_at", "id")
            .values_list("joint_id", "group__name")
        )
        for joint_id, name in shared:
            others.setdefault(joint_id, []).append(name)
    return [
        SessionRow(
            id=pk,
            kind=kind,
            kind_label=kinds.get(kind, kind),
            starts_at=starts_at,
            when_label=dates.minute(starts_at),
            minutes=minutes,
            location=location,
            notes=notes,
            agenda=agenda,
            url=session_url.format(pk),
            ics_url=ics_url.format(pk),
            joint_id=joint_id,
            joint_title=joint_title or "",
            joint_url=joint_url.format(joint_id) if joint_id is not None else "",
            others=tuple(others.get(joint_id, ())),
        )
        for (
            pk,
            kind,
            starts_at,
            minutes,
            location,
            notes,
            agenda,
            joint_id,
            joint_title,
        ) in rows
    ]


def _decision_entries(*, sessions: dict[int, SessionRow]) -> dict[int, list[Entry]]:
    """The decisions of the sessions, by session, in recorded order."""
    decided: dict[int, list[Entry]] = {}
    decisions = (
        Decision.objects.filter(session_id__in=sessions)
        .order_by("created_at", "id")
        .values_list("session_id", "text", "recorded_by__full_name")
    )
    for session_id, text, actor in decisions:
        decided.setdefault(session_id, []).append(
            Entry(
                when=sessions[session_id].starts_at,
                kind="decision",
                actor_name=actor or "",
                text=text,
                session=sessions[session_id],
            )
        )
    return decided


def _action_entries(
    *, group: Group, sessions: dict[int, SessionRow], dates: DateLabels
) -> tuple[dict[int, list[Entry]], list[ActionRow]]:
    """The actions of the sessions (and their ticking off), by session, by due date; and
    the open ones, earliest due first, as the actions table reads them."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(getattr(settings, "ACTION_REMINDER_DAYS", 2))
    actions = (
        Action.objects.filter(session_id__in=sessions)
        .order_by("due_on", "id")
        .values_list(
            "id", "session_id", "what", "owner_id", "owner__full_name", "due_on", "done_at",
            "done_by__full_name", "created_by__full_name",
        )
    )  # fmt: skip
    made: dict[int, list[Entry]] = {}
    open_actions = []
    for pk, session_id, what, owner_id, owner, due_on, done_at, done_by, created_by in actions:
        session = sessions[session_id]
        overdue = done_at is None and due_on < today
        lines = made.setdefault(session_id, [])
        lines.append(
            Entry(
                when=session.starts_at,
                kind="action",
                actor_name=created_by or "",
                text=what,
                session=session,
                owner_name=owner,
                due_on=due_on,
                due_label=dates.day(due_on),
                overdue=overdue,
            )
        )
        if done_at:
            # Ticked off before a session planned ahead: still shown after it.
            lines.append(
                Entry(
                    when=max(done_at, session.starts_at),
                    kind="done",
                    actor_name=done_by or "",
                    text=what,
                    session=session,
                )
            )
        else:
            open_actions.append(
                ActionRow(
                    pk=pk,
                    what=what,
                    owner_id=owner_id,
                    owner_name=owner,
                    due_on=due_on,
                    is_overdue=overdue,
                    is_due_soon=today <= due_on <= soon,
                )
            )
    # Already by due date and id, as the table lists them.
    return made, open_actions


def _group_ideas(*, group: Group) -> list[IdeaLink]:
    """The ideas the group carries, newest first (as the prefetch gave them)."""
    url = url_format("ideas:detail")
    rows = group.ideas.values_list(
        "id", "title", "stage_id", "stage__kind", "stage__is_final", "stage__name_sv",
        "stage__name_en",
    )  # fmt: skip
    return [
        IdeaLink(
            id=pk,
            title=title,
            url=url.format(pk),
            stage=stage_label(stage_id, kind, is_final, name_sv, name_en),
        )
        for pk, title, stage_id, kind, is_final, name_sv, name_en in rows
    ]


def _event_entries(*, group: Group) -> list[Entry]:
    """What happened to the group itself: started, edited, its status changed."""
    started = timezone.make_aware(datetime.datetime.combine(group.starts_on, datetime.time.min))
    event_kinds, statuses = dict(GroupEvent.Kind.choices), dict(Status.choices)
    events = group.events.order_by("created_at", "id").values_list(
        "kind", "status", "comment", "created_at", "actor__full_name"
    )
    entries = []
    for kind, status, comment, when, actor in events:
        if kind == GroupEvent.Kind.STARTED:
            # A group is often recorded after it started: it starts the thread on its date.
            when = min(when, started)
        label = str(event_kinds.get(kind, kind))
        status_label = str(statuses.get(status, status)) if status else ""
        entries.append(
            Entry(
                when=when,
                kind=kind,
                actor_name=actor or "",
                label=label,
                text=comment,
                status=status_label,
                status_value=status,
            )
        )
    return entries


def _idea_entries(*, idea_ids: list[int]) -> list[Entry]:
    """The stage moves of the group's ideas."""
    if not idea_ids:
        return []
    moves = IdeaEvent.objects.filter(
        idea_id__in=idea_ids, kind__in=[IdeaEvent.Kind.MOVED, IdeaEvent.Kind.SUBMITTED]
    ).values_list(
        "kind", "created_at", "actor__full_name", "idea__title",
        "from_stage_id", "from_stage__name_sv", "from_stage__name_en",
        "to_stage_id", "to_stage__name_sv", "to_stage__name_en",
    )  # fmt: skip
    names: dict[int | None, str] = {None: ""}

    def name(pk: int | None, name_sv: str, name_en: str) -> str:
        if pk not in names:
            names[pk] = bilingual(name_sv, name_en)
        return names[pk]

    entries = []
    for kind, when, actor, title, a_id, a_sv, a_en, b_id, b_sv, b_en in moves:
        entries.append(
            Entry(
                when=when,
                kind="idea",
                actor_name=actor or "",
                idea_title=title,
                idea_moved=kind == IdeaEvent.Kind.MOVED,
                stage_from=name(a_id, a_sv, a_en),
                stage_to=name(b_id, b_sv, b_en),
            )
        )
    return entries


def red_thread(*, group: Group, viewer: User) -> list[Entry]:
    """The group's story in time order (see `group_story`)."""
    return group_story(group=group, viewer=viewer).thread
