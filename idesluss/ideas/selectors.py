"""Reads of ideas for pages: each selects and prefetches what its page shows,
so a page costs the same number of queries however many ideas there are."""

from dataclasses import dataclass
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import Challenge
from idesluss.ideas.models import (
    AssessorAssignment,
    Comment,
    Criterion,
    Follow,
    Idea,
    IdeaEvent,
    Lane,
    Score,
    Stage,
    Support,
)
from idesluss.ideas.search import search_ideas

PAGE_SIZE = 25
BOARD_COLUMN_SIZE = 30

SORTS = {
    "newest": ["-submitted_at", "-id"],
    "oldest": ["submitted_at", "id"],
    "supported": ["-support_count", "-submitted_at", "-id"],
    "due": ["response_due", "-submitted_at", "-id"],
    "moved": ["-moved_at", "-id"],
}


@dataclass
class IdeaFilters:
    q: str = ""
    lane: str = ""
    stage: int | None = None
    unit: Unit | None = None
    goal: int | None = None
    challenge: Challenge | None = None
    responsible: User | None = None
    overdue: bool = False
    sort: str = "newest"
    # The personal views: "mine", "following" and "waiting" (for me to answer).
    view: str = ""


def _list_queryset(*, with_goals: bool = True) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    if with_goals:
        ideas = ideas.prefetch_related("global_goals")
    return ideas.select_related("stage", "unit", "submitter", "responsible").only(
        "id",
        "title",
        "lane",
        "status",
        "submitted_at",
        "moved_at",
        "response_due",
        "support_count",
        "comment_count",
        "stage__id",
        "stage__name_sv",
        "stage__name_en",
        "stage__is_final",
        "stage__kind",
        "unit__id",
        "unit__name",
        "unit__path",
        "submitter__id",
        "submitter__full_name",
        "responsible__id",
        "responsible__full_name",
    )


def idea_list(*, viewer: User, filters: IdeaFilters, page: int | str | None) -> Page:
    """The ideas a person asked for, one page at a time."""
    ideas = _list_queryset()
    if filters.view == "mine":
        ideas = (
            Idea.objects.filter(Q(submitter=viewer) | Q(co_submitters=viewer))
            .select_related("stage", "unit", "submitter", "responsible")
            .prefetch_related("global_goals")
            .distinct()
        )
    elif filters.view == "following":
        ideas = ideas.filter(Exists(Follow.objects.filter(idea=OuterRef("pk"), user=viewer)))
    elif filters.view == "waiting":
        ideas = waiting_for(viewer, ideas)
    if filters.q:
        ideas = search_ideas(ideas, filters.q)
    if filters.lane:
        ideas = ideas.filter(lane=filters.lane)
    if filters.stage:
        ideas = ideas.filter(stage_id=filters.stage)
    if filters.unit:
        ideas = ideas.filter(unit__path__startswith=filters.unit.path)
    if filters.goal:
        ideas = ideas.filter(global_goals__number=filters.goal)
    if filters.challenge:
        ideas = ideas.filter(challenge=filters.challenge)
    if filters.responsible:
        ideas = ideas.filter(responsible=filters.responsible)
    if filters.overdue:
        ideas = overdue(ideas)
    ideas = ideas.order_by(*SORTS.get(filters.sort, SORTS["newest"]))
    return Paginator(ideas, PAGE_SIZE).get_page(page)


def overdue(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Ideas whose answer is late."""
    return ideas.filter(status=Idea.Status.SUBMITTED, response_due__lt=timezone.localdate())


def waiting_for(person: User, ideas: QuerySet[Idea] | None = None) -> QuerySet[Idea]:
    """Ideas waiting for this person's answer: they are responsible and the idea is not done."""
    ideas = _list_queryset() if ideas is None else ideas
    return ideas.filter(responsible=person, stage__is_final=False)


def _groups_queryset():
    from idesluss.groups.models import Group

    return Group.objects.prefetch_related("members").order_by("name", "id")


COMMENTS_SHOWN = 20


def idea_for_page(*, pk: int, viewer: User, all_comments: bool = False) -> Idea:
    """One idea with everything its page shows, and whether the viewer supports and follows
    it. Of the comments only the latest COMMENTS_SHOWN (oldest first, as `shown_comments`)
    unless all are asked for: a popular idea has hundreds."""
    comments = Comment.objects.select_related("author").order_by("-created_at", "-id")
    if not all_comments:
        comments = comments[:COMMENTS_SHOWN]
    idea = (
        Idea.objects.select_related(
            "stage", "unit", "submitter", "responsible", "merged_into", "challenge", "workshop"
        )
        .prefetch_related(
            "co_submitters",
            "other_units",
            "global_goals",
            "vision_goals",
            Prefetch(
                "events",
                queryset=IdeaEvent.objects.select_related("actor", "from_stage", "to_stage"),
            ),
            Prefetch("comments", queryset=comments, to_attr="newest_comments"),
            "attachments",
            "benefits",
            # The workgroups and pilot groups that carry the idea (with members, for the
            # visibility check on each).
            Prefetch("groups", queryset=_groups_queryset()),
            Prefetch(
                "assessor_assignments",
                queryset=AssessorAssignment.objects.select_related("assessor"),
            ),
        )
        .annotate(
            viewer_supports=Exists(Support.objects.filter(idea=OuterRef("pk"), user=viewer.pk)),
            viewer_follows=Exists(Follow.objects.filter(idea=OuterRef("pk"), user=viewer.pk)),
        )
        .get(pk=pk)
    )
    idea.shown_comments = idea.newest_comments[::-1]
    return idea


@dataclass
class CriterionSummary:
    criterion: Criterion
    average: float | None
    count: int


def assessment_summary(*, idea: Idea) -> list[CriterionSummary]:
    """The mean score per criterion over all assessors (one query)."""
    rows = {
        row["criterion_id"]: row
        for row in Score.objects.filter(idea=idea)
        .values("criterion_id")
        .annotate(average=Avg("value"), count=Count("id"))
    }
    return [
        CriterionSummary(
            criterion=criterion,
            average=rows.get(criterion.pk, {}).get("average"),
            count=rows.get(criterion.pk, {}).get("count", 0),
        )
        for criterion in Criterion.objects.filter(is_active=True)
    ]


@dataclass(frozen=True, slots=True)
class BoardCard:
    """What a board shows of an idea: plain values, no model objects to build."""

    id: int
    title: str
    url: str
    unit_name: str
    submitter_name: str
    support_count: int
    overdue: bool
    move_url: str  # empty when the viewer may not move the idea


@dataclass
class BoardColumn:
    stage: Stage
    ideas: list[BoardCard]
    total: int


@dataclass(frozen=True, slots=True)
class _UnitProbe:
    pk: int
    path: str


@dataclass(frozen=True, slots=True)
class _MoveProbe:
    """What the move rule (ideas/rules.py) reads of an idea on the board: building a
    model object for each card cost more than the rest of the card."""

    unit: _UnitProbe | None
    responsible_id: int | None
    status: str = Idea.Status.SUBMITTED


_URL_SENTINEL = 987654321


def _url_format(name: str) -> str:
    """A URL pattern taking one id, reversed once as a format string for hundreds of ids."""
    return reverse(name, args=[_URL_SENTINEL]).replace(str(_URL_SENTINEL), "{}")


def board(
    *,
    lane: str,
    viewer: User,
    unit: Unit | None = None,
    challenge: Challenge | None = None,
    back: str = "",
) -> list[BoardColumn]:
    """A lane's board: one column per stage with the most recently moved ideas in it.
    `back` is where the move page returns to."""
    if lane not in Lane.values:
        lane = Lane.INNOVATION
    stages = list(Stage.objects.filter(lane=lane).order_by("order"))
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED, lane=lane)
    if unit is not None:
        ideas = ideas.filter(unit__path__startswith=unit.path)
    if challenge is not None:
        ideas = ideas.filter(challenge=challenge)
    # COUNT(*), not COUNT(id): the counts come from an index alone (ideas_idea_board_totals).
    totals = dict(
        ideas.order_by()
        .values_list("stage_id")
        .annotate(count=Count("*"))
        .values_list("stage_id", "count")
    )
    detail_url, move_url = _url_format("ideas:detail"), _url_format("ideas:move")
    back = f"?next={quote(back, safe='/')}" if back else ""
    today = timezone.localdate()
    # The move rule depends on the idea's unit and on whether the viewer answers for it:
    # ask it once for each such pair, not for each card.
    movable: dict[tuple[int | None, bool], bool] = {}

    def may_move(unit_id, unit_path, responsible_id) -> bool:
        key = (unit_id, responsible_id == viewer.pk)
        if key not in movable:
            probe = _MoveProbe(
                unit=_UnitProbe(pk=unit_id, path=unit_path) if unit_id else None,
                responsible_id=responsible_id,
            )
            movable[key] = viewer.has_perm("ideas.move_idea", probe)
        return movable[key]

    columns = []
    for stage in stages:
        # One query per column: a fixed number (the lane's stages), whatever the data.
        rows = (
            ideas.filter(stage=stage)
            .order_by("-moved_at", "-id")
            .values_list(
                "id", "title", "unit_id", "unit__name", "unit__path", "submitter__full_name",
                "support_count", "response_due", "responsible_id",
            )[:BOARD_COLUMN_SIZE]
        )  # fmt: skip
        cards = [
            BoardCard(
                id=pk,
                title=title,
                url=detail_url.format(pk),
                unit_name=unit_name or "",
                submitter_name=submitter_name,
                support_count=support_count,
                overdue=response_due is not None and response_due < today,
                move_url=(
                    move_url.format(pk) + back
                    if may_move(unit_id, unit_path, responsible_id)
                    else ""
                ),
            )
            for (
                pk, title, unit_id, unit_name, unit_path, submitter_name,
                support_count, response_due, responsible_id,
            ) in rows
        ]  # fmt: skip
        columns.append(BoardColumn(stage=stage, ideas=cards, total=totals.get(stage.pk, 0)))
    return columns


def _mine(person: User) -> Q:
    """Ideas the person handed in, alone or with others (one query for the few they
    co-submitted). Written out as ids: `submitter OR id IN (subquery)` makes PostgreSQL
    scan every idea, while `submitter OR id IN (1, 2)` combines two index lookups."""
    co_submitted = list(
        Idea.co_submitters.through.objects.filter(user=person).values_list("idea_id", flat=True)
    )
    if not co_submitted:
        return Q(submitter=person)
    return Q(submitter=person) | Q(pk__in=co_submitted)


def counts_for_person(person: User, mine: Q | None = None) -> dict[str, int]:
    """The numbers on a person's start page (two queries, and one for `_mine` if not given)."""
    today = timezone.localdate()
    mine = Idea.objects.filter(mine or _mine(person)).aggregate(
        mine=Count("id", filter=Q(status=Idea.Status.SUBMITTED)),
        drafts=Count("id", filter=Q(status=Idea.Status.DRAFT, submitter=person)),
    )
    waiting = Idea.objects.filter(
        responsible=person, status=Idea.Status.SUBMITTED, stage__is_final=False
    ).aggregate(
        waiting=Count("id"),
        overdue=Count("id", filter=Q(response_due__lt=today)),
    )
    return {**mine, **waiting}


START_LIST_SIZE = 5


def start_page(person: User) -> dict:
    """Everything the start page shows of ideas: the counts and the short lists."""
    mine = _mine(person)
    return {
        "counts": counts_for_person(person, mine),
        **start_page_ideas(person, mine),
    }


def start_page_ideas(person: User, mine: Q | None = None) -> dict[str, list[Idea]]:
    """What a person's start page lists (two queries, and one for `_mine` if not given): the
    ideas waiting for their answer, the most pressing first, and their own ideas, the
    latest news first."""
    waiting = (
        Idea.objects.filter(responsible=person, status=Idea.Status.SUBMITTED, stage__is_final=False)
        .select_related("stage", "submitter")
        .only("id", "title", "response_due", "stage", "submitter__id", "submitter__full_name")
        .order_by(F("response_due").asc(nulls_last=True), "submitted_at", "id")[:START_LIST_SIZE]
    )
    mine = (
        Idea.objects.filter(mine or _mine(person), status=Idea.Status.SUBMITTED)
        .select_related("stage")
        .only("id", "title", "moved_at", "submitted_at", "support_count", "stage")
        .order_by("-moved_at", "-id")[:START_LIST_SIZE]
    )
    return {"waiting": list(waiting), "mine": list(mine)}
