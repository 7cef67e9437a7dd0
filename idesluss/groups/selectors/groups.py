"""The groups as lists show them: the group list's cards, the follow-up overview, and
the groups a person follows up."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.core.plain import DateLabels, url_format
from idesluss.groups.models import Action, Group, Session, Status
from idesluss.groups.policy import insider_q, policy

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
    last_met: str  # when it last met (`|format_date`), or empty: it has not met yet
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


@dataclass(frozen=True, slots=True)
class IdeaGroupLine:
    """A group carrying an idea, as the idea's page lists it."""

    name: str
    url: str
    kind_label: str
    status: str
    status_label: str


def groups_carrying(*, idea_id: int, viewer: User) -> list[IdeaGroupLine]:
    """The groups carrying an idea that the viewer may see (a private group is not there
    for those outside it), by name (one query)."""
    rows = (
        policy.filter(viewer, "groups.view_group", Group.objects.filter(ideas=idea_id))
        .order_by("name", "id")
        .values_list("id", "name", "kind", "status")
    )
    url = url_format("groups:detail")
    kinds = {value: str(label) for value, label in Group.Kind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    return [
        IdeaGroupLine(
            name=name,
            url=url.format(pk),
            kind_label=kinds.get(kind, kind),
            status=status,
            status_label=statuses.get(status, status),
        )
        for pk, name, kind, status in rows
    ]


def groups_to_follow_up(*, viewer: User) -> QuerySet[Group]:
    """The groups a coach (the ones they coach) or the coordinator (all) follows up."""
    return Group.objects.filter(policy.follow_up_q(viewer))
