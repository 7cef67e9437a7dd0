"""Reads of groups for pages: each selects and prefetches what its page shows, so a page
costs the same number of queries however many sessions, actions or groups there are."""

import datetime
from dataclasses import dataclass

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
from idesluss.groups.models import Action, Decision, Group, GroupEvent, Session
from idesluss.ideas.models import Idea, IdeaEvent

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
                queryset=Session.objects.prefetch_related(
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
        Session.objects.select_related("group", "group__coach", "created_by")
        .prefetch_related(
            "group__members",
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
        entries.append(Entry(when=session.starts_at, kind="session", session=session))
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


def overview(*, viewer: User, page: int | str | None, weeks: int | None = None) -> Page:
    """All groups a coach or the coordinator follows up: status, last session, open and
    overdue actions; with `weeks`, only those that have not met for that long."""
    today = timezone.localdate()
    now = timezone.now()
    groups = groups_visible_to(viewer)
    if "coordinator" not in roles_of(viewer).codes:
        groups = groups.filter(coach=viewer)
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
