"""Reads of groups for pages: each selects and prefetches what its page shows, so a page
costs the same number of queries however many sessions, actions or groups there are."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.accounts.selectors import roles_of
from idesluss.groups.models import Action, Decision, Group, GroupEvent, JointFollowUp, Session
from idesluss.ideas.models import Idea, IdeaEvent
from idesluss.ideas.search import search_ideas

PAGE_SIZE = 25


def groups_visible_to(user: User) -> QuerySet[Group]:
    """The groups a person may see: public ones, their own, the ones they coach; all for the
    coordinator. Mirrors `groups.view_group`."""
    groups = Group.objects.all()
    if not user.is_authenticated or not user.is_active:
        return groups.none()
    if "coordinator" in roles_of(user).codes:
        return groups
    mine = Group.members.through.objects.filter(group_id=OuterRef("pk"), user_id=user.pk)
    return groups.filter(Q(is_public=True) | Q(coach=user) | Exists(mine))


def group_list(*, viewer: User, page: int | str | None, mine: bool = False) -> Page:
    """The groups a person may see, their own first."""
    groups = groups_visible_to(viewer)
    if mine:
        mine_q = Group.members.through.objects.filter(group_id=OuterRef("pk"), user_id=viewer.pk)
        groups = groups.filter(Q(coach=viewer) | Exists(mine_q))
    groups = (
        groups.select_related("coach")
        .annotate(
            last_session=Max(
                "sessions__starts_at", filter=Q(sessions__starts_at__lte=timezone.now())
            )
        )
        .order_by("name", "id")
    )
    return Paginator(groups, PAGE_SIZE).get_page(page)


def group_for_page(*, pk: int) -> Group:
    """One group with its members, ideas, sessions (with decisions and actions) and events."""
    return (
        Group.objects.select_related("coach", "created_by")
        .prefetch_related(
            "members",
            Prefetch("ideas", queryset=_ideas_queryset()),
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("joint").prefetch_related(
                    # A joint follow-up names the other groups it gathers.
                    Prefetch("joint__sessions", queryset=_joint_groups_queryset()),
                    Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
                    Prefetch(
                        "actions",
                        queryset=Action.objects.select_related("owner", "done_by", "created_by"),
                    ),
                ),
            ),
            Prefetch("events", queryset=GroupEvent.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def _joint_groups_queryset() -> QuerySet[Session]:
    return Session.objects.select_related("group").only(
        "id", "joint_id", "group__id", "group__name"
    )


def _ideas_queryset() -> QuerySet[Idea]:
    return Idea.objects.select_related("stage").only(
        "id",
        "title",
        "status",
        "stage__id",
        "stage__name_sv",
        "stage__name_en",
        "stage__kind",
        "stage__is_final",
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


@dataclass
class Entry:
    """One line of the red thread."""

    when: datetime.datetime
    kind: str  # started, edited, status, session, decision, action, done, idea
    actor: User | None = None
    session: Session | None = None
    decision: Decision | None = None
    action: Action | None = None
    event: GroupEvent | None = None
    idea_event: IdeaEvent | None = None
    # For a joint follow-up: the names of the other groups it gathers.
    others: list[str] = field(default_factory=list)


def red_thread(*, group: Group) -> list[Entry]:
    """The group's story in time order: its events, sessions, decisions, actions (made and
    done) and the stage moves of its ideas. One query beyond `group_for_page`."""
    entries: list[Entry] = []
    started = timezone.make_aware(datetime.datetime.combine(group.starts_on, datetime.time.min))
    for event in group.events.all():
        when = event.created_at
        if event.kind == GroupEvent.Kind.STARTED:
            # A group is often recorded after it started: it starts the thread on its date.
            when = min(when, started)
        entries.append(Entry(when=when, kind=event.kind, actor=event.actor, event=event))
    for session in group.sessions.all():
        others = []
        if session.joint_id is not None:
            others = [
                other.group.name
                for other in session.joint.sessions.all()
                if other.group_id != session.group_id
            ]
        entries.append(
            Entry(when=session.starts_at, kind="session", session=session, others=others)
        )
        for decision in session.decisions.all():
            # Decisions and actions belong to their session: shown right after it.
            entries.append(
                Entry(
                    when=session.starts_at,
                    kind="decision",
                    actor=decision.recorded_by,
                    session=session,
                    decision=decision,
                )
            )
        for action in session.actions.all():
            entries.append(
                Entry(
                    when=session.starts_at,
                    kind="action",
                    actor=action.created_by,
                    session=session,
                    action=action,
                )
            )
            if action.done_at:
                # Ticked off before a session planned ahead: still shown after it.
                entries.append(
                    Entry(
                        when=max(action.done_at, session.starts_at),
                        kind="done",
                        actor=action.done_by,
                        session=session,
                        action=action,
                    )
                )
    idea_ids = [idea.pk for idea in group.ideas.all()]
    if idea_ids:
        moves = IdeaEvent.objects.filter(
            idea_id__in=idea_ids, kind__in=[IdeaEvent.Kind.MOVED, IdeaEvent.Kind.SUBMITTED]
        ).select_related("idea", "actor", "from_stage", "to_stage")
        for event in moves:
            entries.append(
                Entry(when=event.created_at, kind="idea", actor=event.actor, idea_event=event)
            )
    order = {"session": 0, "decision": 1, "action": 2}
    # Stable: within a session its decisions come before its actions, each in recorded order.
    entries.sort(key=lambda entry: (entry.when, order.get(entry.kind, 3)))
    return entries


def open_actions(*, group: Group) -> list[Action]:
    """The group's open actions from the prefetched sessions, earliest due first."""
    actions = [a for s in group.sessions.all() for a in s.actions.all() if a.done_at is None]
    return sorted(actions, key=lambda action: (action.due_on, action.pk))


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
    sessions = (
        Session.objects.filter(
            Q(participants=person) | Q(group__coach=person), starts_at__gte=timezone.now()
        )
        .select_related("group")
        .order_by("starts_at", "id")
        .distinct()
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


def joint_participants(*, joint: JointFollowUp) -> list[User]:
    """Everyone invited from every group of the follow-up, each once, by name."""
    people = {p.pk: p for session in joint.sessions.all() for p in session.participants.all()}
    return sorted(people.values(), key=lambda person: (person.full_name, person.pk))


def groups_to_follow_up(*, viewer: User) -> QuerySet[Group]:
    """The groups a coach (the ones they coach) or the coordinator (all) follows up."""
    groups = groups_visible_to(viewer)
    if "coordinator" not in roles_of(viewer).codes:
        groups = groups.filter(coach=viewer)
    return groups


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
    """The group's sessions from today on (uses the page's prefetch)."""
    now = timezone.now()
    return [session for session in group.sessions.all() if session.ends_at >= now]


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
    number = text.lstrip("#")
    if number.isdigit() and len(number) < 12:
        ideas = ideas.filter(pk=int(number))
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
