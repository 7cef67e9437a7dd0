"""Reads of groups for pages: each selects and prefetches what its page shows, so a page
costs the same number of queries however many sessions, actions or groups there are."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from idesluss.accounts.models import User
from idesluss.core.dates import add_minutes
from idesluss.core.http import parse_id
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
from idesluss.groups.policy import insider_q, policy
from idesluss.ideas.models import Idea, IdeaEvent
from idesluss.ideas.search import search_ideas

PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class GroupCard:
    """What the group list shows of a group: plain values, no model objects."""

    id: int
    name: str
    url: str
    status: str
    status_label: str
    kind_label: str
    coach: str  # the coach's name, or empty
    last_met: str  # when it last met (`|date:"j M Y"`), or empty: it has not met yet
    is_public: bool


def group_list(*, viewer: User, page: int | str | None, mine: bool = False) -> Page:
    """The groups a person may see, by name, with when each last met (two queries)."""
    groups = policy.filter(viewer, "groups.view_group")
    if mine:
        groups = groups.filter(insider_q(viewer))
    last_session = (
        Session.objects.filter(group=OuterRef("pk"), starts_at__lte=timezone.now())
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    rows = (
        groups.annotate(last_session=Subquery(last_session))
        .order_by("name", "id")
        .values_list(
            "id", "name", "status", "kind", "coach__full_name", "is_public", "last_session"
        )
    )
    result = Paginator(rows, PAGE_SIZE).get_page(page)
    url = url_format("groups:detail")
    kinds = {value: str(label) for value, label in Group.Kind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    dates = DateLabels()
    cards = [
        GroupCard(
            id=pk,
            name=name,
            url=url.format(pk),
            status=status,
            status_label=statuses.get(status, status),
            kind_label=kinds.get(kind, kind),
            coach=coach or "",
            last_met=dates.day(last) if last else "",
            is_public=is_public,
        )
        for pk, name, status, kind, coach, is_public, last in result.object_list
    ]
    result.object_list = cards
    return result


def group_for_page(*, pk: int) -> Group:
    """One group with its coach and members (two queries); `group_story` reads the rest."""
    return Group.objects.select_related("coach").prefetch_related("members").get(pk=pk)


def _joint_groups_queryset() -> QuerySet[Session]:
    return Session.objects.select_related("group").only(
        "id", "joint_id", "group__id", "group__name"
    )


def session_for_page(*, group_pk: int, session_pk: int) -> Session:
    """One session with its group (and its members), people, decisions and actions."""
    return (
        Session.objects.select_related("group", "group__coach", "created_by", "joint")
        .prefetch_related(
            "group__members",
            Prefetch("joint__sessions", queryset=_joint_groups_queryset()),
            "participants",
            "attendees",
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
            Prefetch(
                "actions", queryset=Action.objects.select_related("owner", "done_by", "created_by")
            ),
            Prefetch(
                "carried_actions",
                queryset=Action.objects.select_related("owner", "session"),
            ),
        )
        .get(pk=session_pk, group_id=group_pk)
    )


@dataclass(frozen=True, slots=True)
class SessionRow:
    """What the group's page shows of one of its sessions: plain values."""

    id: int
    kind: str
    kind_label: str
    starts_at: datetime.datetime
    when_label: str  # `starts_at|date:"j M Y H:i"`
    minutes: int
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
    # An action: who owns it and by when (`due_label`: `|date:"j M Y"`), late if not done;
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
    # `when` as the page shows it (`|date:"c"`, `|date:"j M Y H:i"`).
    when_iso: str = ""
    when_label: str = ""

    @property
    def stages(self) -> tuple[str, ...]:
        return tuple(stage for stage in (self.stage_from, self.stage_to) if stage)


@dataclass(frozen=True, slots=True)
class StageLabel:
    """An idea's stage, as ideas/_stage.html shows it."""

    kind: str
    is_final: bool
    name: str


@dataclass(frozen=True, slots=True)
class IdeaLink:
    """An idea the group carries, as its page lists it."""

    id: int
    title: str
    url: str
    stage: StageLabel | None


@dataclass(frozen=True, slots=True)
class ActionRow:
    """An open action as the group's actions table shows it (the names `Action` has)."""

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
            "id", "kind", "starts_at", "minutes", "notes", "agenda", "joint_id", "joint__title"
        )
    )
    others: dict[int, list[str]] = {}
    joints = {row[6] for row in rows if row[6] is not None}
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
            notes=notes,
            agenda=agenda,
            url=session_url.format(pk),
            ics_url=ics_url.format(pk),
            joint_id=joint_id,
            joint_title=joint_title or "",
            joint_url=joint_url.format(joint_id) if joint_id is not None else "",
            others=tuple(others.get(joint_id, ())),
        )
        for pk, kind, starts_at, minutes, notes, agenda, joint_id, joint_title in rows
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
) -> tuple[dict[int, list[Entry]], list[Action]]:
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
            stage=StageLabel(kind=kind, is_final=is_final, name=_stage_name(name_sv, name_en))
            if stage_id is not None
            else None,
        )
        for pk, title, stage_id, kind, is_final, name_sv, name_en in rows
    ]


def _stage_name(name_sv: str, name_en: str | None) -> str:
    """A stage's name in the language of the page (as `Stage.name`)."""
    if (get_language() or "sv").startswith("en") and name_en:
        return name_en
    return name_sv


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
            names[pk] = _stage_name(name_sv, name_en)
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


def my_actions(*, person: User, page: int | str | None, done: bool = False) -> Page:
    """A person's actions across all groups, open ones by due date (done ones latest first)."""
    actions = Action.objects.filter(owner=person).select_related("group", "session")
    if done:
        actions = actions.filter(done_at__isnull=False).order_by("-done_at", "-id")
    else:
        actions = actions.filter(done_at__isnull=True).order_by("due_on", "id")
    return Paginator(actions, PAGE_SIZE).get_page(page)


START_LIST_SIZE = 5


def start_page_groups(person: User) -> dict:
    """What a person's start page shows of groups (two queries): their open actions, the
    earliest due first, and the sessions they are invited to or coach that have not begun."""
    actions = (
        Action.objects.filter(owner=person, done_at__isnull=True)
        .select_related("group")
        .order_by("due_on", "id")
    )
    # A subquery of the person's invitations, not a join with every participant and
    # DISTINCT (10 ms at region scale).
    invited = Session.participants.through.objects.filter(user=person).values("session_id")
    coached = Group.objects.filter(coach=person).values("pk")
    sessions = (
        Session.objects.filter(
            Q(pk__in=invited) | Q(group_id__in=coached), starts_at__gte=timezone.now()
        )
        .select_related("group")
        .order_by("starts_at", "id")
    )
    return {
        "open_actions": list(actions[:START_LIST_SIZE]),
        "coming_sessions": list(sessions[:START_LIST_SIZE]),
    }


def overview(*, viewer: User, page: int | str | None, weeks: int | None = None) -> Page:
    """All groups a coach or the coordinator follows up: status, last session, open and
    overdue actions; with `weeks`, only those that have not met for that long."""
    today = timezone.localdate()
    now = timezone.now()
    groups = groups_to_follow_up(viewer=viewer)
    last = (
        Session.objects.filter(group=OuterRef("pk"), starts_at__lte=now)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    open_count = (
        Action.objects.filter(group=OuterRef("pk"), done_at__isnull=True)
        .order_by()
        .values("group")
        .annotate(n=Count("id"))
        .values("n")
    )
    overdue_count = (
        Action.objects.filter(group=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
        .order_by()
        .values("group")
        .annotate(n=Count("id"))
        .values("n")
    )
    groups = groups.select_related("coach").annotate(
        last_session=Subquery(last),
        open_actions=Coalesce(Subquery(open_count, output_field=IntegerField()), 0),
        overdue_actions=Coalesce(Subquery(overdue_count, output_field=IntegerField()), 0),
    )
    if weeks:
        since = now - datetime.timedelta(weeks=weeks)
        groups = groups.filter(Q(last_session__lt=since) | Q(last_session__isnull=True))
    # Red first, then yellow: those need attention.
    urgency = Case(When(status="red", then=0), When(status="yellow", then=1), default=2)
    groups = groups.order_by(urgency, "name", "id")
    return Paginator(groups, PAGE_SIZE).get_page(page)


def groups_for_idea(*, idea) -> list[Group]:
    """The groups that carry an idea (uses the idea page's prefetch when there is one)."""
    return list(idea.groups.all())


def joint_for_page(*, pk: int) -> JointFollowUp:
    """A joint follow-up with each group's session: the group (coach, members), the people,
    decisions, actions and the actions carried to it. The same queries for any number of
    groups."""
    actions = Action.objects.select_related("owner", "done_by", "group", "session")
    return (
        JointFollowUp.objects.select_related("created_by")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("group", "group__coach")
                .prefetch_related(
                    "group__members",
                    "participants",
                    "attendees",
                    Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
                    Prefetch("actions", queryset=actions),
                    Prefetch("carried_actions", queryset=actions),
                )
                .order_by("group__name", "group_id"),
            )
        )
        .get(pk=pk)
    )


def joint_participants(
    *, joint: JointFollowUp, sessions: list[Session] | None = None
) -> list[User]:
    """Everyone invited from every group of the follow-up (or of `sessions`, some of its
    groups' parts), each once, by name."""
    sessions = list(joint.sessions.all()) if sessions is None else sessions
    people = {p.pk: p for session in sessions for p in session.participants.all()}
    return sorted(people.values(), key=lambda person: (person.full_name, person.pk))


@dataclass(frozen=True, slots=True)
class JointPart:
    """One group's part of a joint follow-up, as a viewer may see it."""

    session: Session
    group: Group
    can_see: bool  # `groups.view_group`: its page, status, notes, decisions and actions
    can_change: bool


@dataclass(frozen=True, slots=True)
class JointView:
    """What a person sees of a joint follow-up: the groups they may see; those invited see
    every group's name and everyone invited (they meet), never a group's own record."""

    parts: list[JointPart]
    participants: list[User]


def joint_view(*, joint: JointFollowUp, viewer: User) -> JointView:
    """A joint follow-up (from `joint_for_page`) as `viewer` may see it."""
    guests = policy.may(viewer, "groups.view_joint_guests", joint)
    parts = []
    for session in joint.sessions.all():
        can_see = policy.may(viewer, "groups.view_group", session.group)
        if can_see or guests:
            can_change = can_see and policy.may(viewer, "groups.change_group", session.group)
            parts.append(
                JointPart(
                    session=session, group=session.group, can_see=can_see, can_change=can_change
                )
            )
    invited = joint_participants(
        joint=joint, sessions=[part.session for part in parts if guests or part.can_see]
    )
    return JointView(parts=parts, participants=invited)


def groups_to_follow_up(*, viewer: User) -> QuerySet[Group]:
    """The groups a coach (the ones they coach) or the coordinator (all) follows up."""
    return Group.objects.filter(policy.follow_up_q(viewer))


def groups_for_joint(*, viewer: User) -> QuerySet[Group]:
    """The running groups a person may gather to a joint follow-up, by name."""
    today = timezone.localdate()
    return (
        groups_to_follow_up(viewer=viewer)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("coach")
        .order_by("name", "id")
    )


def upcoming_sessions(*, group: Group) -> list[Session]:
    """The group's sessions that have not ended (one query)."""
    now = timezone.now()
    sessions = group.sessions.select_related("joint").order_by("starts_at", "id")
    return [session for session in sessions if session.ends_at >= now]


# How many matches a picker shows at a time: enough to choose from, few enough to read.
PICKER_LIMIT = 15


def people_matching(*, text: str, exclude: set[int] | None = None) -> list[User]:
    """Active people whose name, e-mail address or unit contains every word typed, by name;
    at most PICKER_LIMIT (one query however many people there are)."""
    words = text.replace("\x00", "").split()[:5]
    if not words:
        return []
    people = User.objects.filter(is_active=True)
    for word in words:
        word = word[:100]
        people = people.filter(
            Q(full_name__icontains=word) | Q(email__icontains=word) | Q(unit__name__icontains=word)
        )
    if exclude:
        people = people.exclude(pk__in=exclude)
    return list(
        people.select_related("unit")
        .only("id", "full_name", "email", "unit__id", "unit__name")
        .order_by("full_name", "id")[:PICKER_LIMIT]
    )


def ideas_matching(*, text: str, exclude: set[int] | None = None) -> list[Idea]:
    """Handed-in ideas a group may carry: by number ("#12" or "12") or by their words, best
    first; at most PICKER_LIMIT (one query)."""
    text = text.replace("\x00", "").strip()[:200]
    if not text:
        return []
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    if exclude:
        ideas = ideas.exclude(pk__in=exclude)
    number = parse_id(text.lstrip("#"))
    if number is not None:
        ideas = ideas.filter(pk=number)
    else:
        ideas = search_ideas(ideas, text, by_rank=True)
    return list(ideas.select_related("stage").only(*_IDEA_FIELDS)[:PICKER_LIMIT])


_IDEA_FIELDS = (
    "id",
    "title",
    "status",
    "stage__id",
    "stage__name_sv",
    "stage__name_en",
    "stage__kind",
    "stage__is_final",
)
