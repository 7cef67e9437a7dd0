"""Reads of ideas for pages: each selects and prefetches what its page shows,
so a page costs the same number of queries however many ideas there are."""

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Extract
from django.utils import timezone

from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import Challenge
from idesluss.core.db import CappedCount, Median
from idesluss.core.http import parse_id
from idesluss.core.models import bilingual
from idesluss.core.plain import url_format
from idesluss.core.widgets import PICKER_LIMIT
from idesluss.goals.selectors import GoalBadge, goal_badges_by
from idesluss.ideas import relations, workflow
from idesluss.ideas.models import (
    AssessorAssignment,
    Comment,
    CoSubmitterInvitation,
    Criterion,
    Follow,
    Idea,
    IdeaEvent,
    Lane,
    Score,
    Stage,
    Support,
)
from idesluss.ideas.policy import policy
from idesluss.ideas.search import search_ideas

PAGE_SIZE = 25
# A list counts its ideas up to this many: beyond it, the count and the last pages would
# cost a region every time someone opens the list (counting 100,000 ideas takes 10-60 ms),
# and nobody pages that far: "more than 1,000" asks for a filter.
LIST_COUNT_CAP = 1000
BOARD_COLUMN_SIZE = 30
# A board's columns count their ideas up to this many ("1,000+").
BOARD_COUNT_CAP = 1000

SORTS = {
    "newest": ["-submitted_at", "-id"],
    "oldest": ["submitted_at", "id"],
    "supported": ["-support_count", "-submitted_at", "-id"],
    # Ideas without a date last, on every database (SQLite puts NULL first when ascending).
    "due": [F("response_due").asc(nulls_last=True), "-submitted_at", "-id"],
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


def _list_queryset() -> QuerySet[Idea]:
    """The handed-in ideas, which the lists show (`card_page` reads what a card shows)."""
    return Idea.objects.filter(status=Idea.Status.SUBMITTED)


def idea_list(*, viewer: User, filters: IdeaFilters, page: int | str | None) -> Page:
    """The ideas a person asked for, one page at a time."""
    ideas = filtered_ideas(viewer=viewer, filters=filters)
    return card_page(
        CappedPaginator(card_rows(ideas, viewer=viewer), PAGE_SIZE, cap=LIST_COUNT_CAP), page
    )


def filtered_ideas(*, viewer: User, filters: IdeaFilters) -> QuerySet[Idea]:
    """The ideas a person asked for, in the order asked for: the idea list's filters, which
    its exports (insights) apply alike."""
    ideas = _list_queryset()
    if filters.view == "mine":
        # Their own, drafts and merged ones too: every idea they are an author of, as far
        # as they may see it (a draft: its authors').
        ideas = policy.filter(
            viewer, "ideas.view_idea", Idea.objects.filter(relations.AUTHOR.q(viewer))
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
    return ideas.order_by(*SORTS.get(filters.sort, SORTS["newest"]))


def ideas_answering(*, challenge_id: int, viewer: User, page: int | str | None) -> Page:
    """The handed-in ideas answering a challenge, newest first, one page of cards at a
    time (three queries: the count, the page and its goals)."""
    ideas = _list_queryset().filter(challenge=challenge_id).order_by("-submitted_at", "-id")
    return card_page(Paginator(card_rows(ideas, viewer=viewer), PAGE_SIZE), page)


def with_authors_hidden(ideas: QuerySet[Idea], *, viewer: User) -> QuerySet[Idea]:
    """Annotate `authors_hidden`: the viewer may not see who handed the idea in
    (`ideas.view_authors`, in SQL: they assess it blind), so its cards show no submitter."""
    return ideas.annotate(authors_hidden=policy.authors_hidden_flag(viewer))


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows (`capped` says whether there are more):
    the count reads at most cap + 1 index entries, not the whole table, and the pages
    reach as far as the cap."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)


@dataclass(frozen=True, slots=True)
class IdeaCard:
    """What an idea list and a board show of an idea (one card type for both), as plain
    values in the current language. A board reads no goals (None: its cards show none);
    `move_url` is the board's, empty where the viewer may not move the idea."""

    id: int
    title: str
    url: str
    stage_name: str
    stage_kind: str
    stage_final: bool
    is_draft: bool
    lane: str
    unit_name: str
    submitter_name: str
    submitted_on: datetime.date | None
    support_count: int
    comment_count: int
    overdue: bool
    goals: tuple[GoalBadge, ...] | None
    move_url: str = ""
    # The date that matters (an answer owed, or on hold the day it is looked at again).
    due: workflow.Due | None = None


# What a card shows of an idea, read as values (no model instances, no joins a card does
# not need); `card_page` makes the cards.
_CARD_FIELDS = (
    "id", "title", "status", "lane", "submitted_at", "response_due", "support_count",
    "comment_count", "stage_id", "stage__name_sv", "stage__name_en", "stage__kind",
    "stage__is_final", "unit__name", "submitter__full_name", "authors_hidden", "stage__code",
)  # fmt: skip


def card_rows(ideas: QuerySet[Idea], *, viewer: User) -> QuerySet:
    """`ideas` (ordered) as the rows a card is made of, for `viewer` (a blind assessor's
    cards name no submitter)."""
    return with_authors_hidden(ideas, viewer=viewer).values_list(*_CARD_FIELDS)


def card_page(paginator: Paginator, number: int | str | None) -> Page:
    """One page of `card_rows`, its rows made cards (one more query: their goals)."""
    result = paginator.get_page(number)
    result.object_list = cards_from_rows(list(result.object_list))
    return result


def cards_from_rows(rows: list[tuple]) -> list[IdeaCard]:
    today = timezone.localdate()
    detail_url = url_format("ideas:detail")
    lanes = {value: str(label) for value, label in Lane.choices}
    goals = goal_badges_by(
        Idea.global_goals.through.objects.filter(idea_id__in=[row[0] for row in rows]), "idea_id"
    )
    cards = []
    for (
        pk, title, status, lane, submitted_at, response_due, support_count, comment_count,
        stage_id, name_sv, name_en, kind, is_final, unit_name, submitter_name, authors_hidden,
        stage_code,
    ) in rows:  # fmt: skip
        due = workflow.due(
            status=status, stage_code=stage_code, is_final=bool(is_final),
            response_due=response_due, today=today,
        )  # fmt: skip
        cards.append(
            IdeaCard(
                id=pk,
                title=title,
                url=detail_url.format(pk),
                stage_name=bilingual(name_sv, name_en) if stage_id else "",
                stage_kind=kind or "",
                stage_final=bool(is_final),
                is_draft=status == Idea.Status.DRAFT,
                lane=lanes.get(lane, lane),
                unit_name=unit_name or "",
                submitter_name="" if authors_hidden else submitter_name,
                submitted_on=timezone.localdate(submitted_at) if submitted_at else None,
                support_count=support_count,
                comment_count=comment_count,
                overdue=bool(due and due.overdue),
                goals=goals.get(pk, ()),
                due=due,
            )
        )
    return cards


def overdue(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Ideas whose answer is late: only an idea still waiting for an answer (handed in,
    not in a final stage, not on hold: a parked idea's date is a review date) can be."""
    return ideas.filter(
        status=Idea.Status.SUBMITTED, stage__is_final=False, response_due__lt=timezone.localdate()
    ).exclude(workflow.on_hold_q())


def waiting_q(person: User) -> Q:
    """Ideas waiting for this person's answer: they are responsible and the idea is not
    done (the relations of the permission table, ideas/relations.py), and not on hold
    before its review date (workflow.py: a parked idea waits for nobody until then)."""
    waiting = (relations.RESPONSIBLE & relations.NOT_DONE).q(person)
    return relations.q_and(waiting, ~workflow.resting_q(timezone.localdate()))


def waiting_for(person: User, ideas: QuerySet[Idea] | None = None) -> QuerySet[Idea]:
    """Ideas waiting for this person's answer (`waiting_q`)."""
    ideas = _list_queryset() if ideas is None else ideas
    return ideas.filter(waiting_q(person))


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
    """The mean score per criterion over all assessors (one query). Scores by people
    connected to the idea (stored before they could not assess it) do not count."""
    connected = relations.author_ids(idea) | {idea.responsible_id}
    # Asked to be co-submitter counts as connected too (relations.CONNECTED).
    invited = CoSubmitterInvitation.objects.filter(idea=idea, person=OuterRef("assessor"))
    rows = {
        row["criterion_id"]: row
        for row in Score.objects.filter(idea=idea)
        .exclude(assessor_id__in=[pk for pk in connected if pk is not None])
        .exclude(Exists(invited))
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


@dataclass
class BoardColumn:
    stage: Stage
    ideas: list[IdeaCard]
    total: int  # counted up to BOARD_COUNT_CAP
    capped: bool = False  # there are more than `total`


@dataclass(frozen=True, slots=True)
class StageLabel:
    """What the stage badge (`stage_badge`, macros/ideas.html) shows of a stage: plain
    values, in the current language."""

    kind: str
    is_final: bool
    name: str


def stage_label(
    pk: int | None, kind: str, is_final: bool, name_sv: str, name_en: str
) -> StageLabel | None:
    """A stage read as values (`stage_id`, `stage__kind`, ...) for the stage badge; None
    for an idea without a stage."""
    if pk is None:
        return None
    return StageLabel(kind=kind, is_final=is_final, name=bilingual(name_sv, name_en))


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
    totals = _capped_totals(ideas, [stage.pk for stage in stages], cap=BOARD_COUNT_CAP)
    detail_url, move_url = url_format("ideas:detail"), url_format("ideas:move")
    back = f"?next={quote(back, safe='/')}" if back else ""
    today = timezone.localdate()
    # Whether the viewer may move each card (the workflow's rule, ideas/workflow.py) is a
    # column of the query, like whether its authors are hidden: nothing is asked per card.
    may_move = workflow.may_move_flag(viewer)

    # The columns differ only in their stage: the rules' expressions are built once.
    cards_of = (
        with_authors_hidden(ideas, viewer=viewer)
        .annotate(may_move=may_move)
        .order_by("-moved_at", "-id")
        .values_list(
            "stage_id", "moved_at", "id", "title", "unit__name", "submitter_id",
            "support_count", "response_due", "authors_hidden", "may_move",
            "submitted_at", "comment_count",
        )
    )  # fmt: skip

    def column(stage_id: int) -> QuerySet:
        return cards_of.filter(stage_id=stage_id)[:BOARD_COLUMN_SIZE]

    # Each column is the stage's most recently moved ideas: on PostgreSQL one query for
    # all of them (a UNION ALL of the columns), elsewhere one query per column; a fixed
    # number either way, whatever the data.
    if stages and connection.features.supports_slicing_ordering_in_compound:
        first, *others = (column(stage.pk) for stage in stages)
        rows = list(first.union(*others, all=True).order_by()) if others else list(first)
        # Each part is in order, but a union promises no order: sort again, as each column.
        rows.sort(key=lambda row: (row[1] is not None, row[1], row[2]), reverse=True)
    else:
        rows = [row for stage in stages for row in column(stage.pk)]
    # The submitters' names in a query of their own: joined in each column, PostgreSQL
    # looks up the submitter of every idea of a unit's stage before it keeps the latest 30.
    # (Asked also for an empty board, so that the page's query count does not depend on it.)
    submitters = {row[5] for row in rows if not row[8]} or {0}
    names = dict(User.objects.filter(pk__in=submitters).values_list("pk", "full_name"))
    lane_label = str(Lane(lane).label)
    by_pk = {stage.pk: stage for stage in stages}
    cards: dict[int, list[IdeaCard]] = {stage.pk: [] for stage in stages}
    for (
        stage_id, _moved_at, pk, title, unit_name, submitter_id, support_count,
        response_due, authors_hidden, movable, submitted_at, comment_count,
    ) in rows:  # fmt: skip
        stage = by_pk[stage_id]
        due = workflow.due(
            status=Idea.Status.SUBMITTED, stage_code=stage.code, is_final=stage.is_final,
            response_due=response_due, today=today,
        )  # fmt: skip
        cards[stage_id].append(
            IdeaCard(
                id=pk,
                title=title,
                url=detail_url.format(pk),
                stage_name=stage.name,
                stage_kind=stage.kind,
                stage_final=stage.is_final,
                is_draft=False,
                lane=lane_label,
                unit_name=unit_name or "",
                submitter_name="" if authors_hidden else names.get(submitter_id, ""),
                submitted_on=timezone.localdate(submitted_at) if submitted_at else None,
                support_count=support_count,
                comment_count=comment_count,
                overdue=bool(due and due.overdue),
                goals=None,
                move_url=move_url.format(pk) + back if movable else "",
                due=due,
            )
        )
    return [
        BoardColumn(
            stage=stage,
            ideas=cards[stage.pk],
            total=min(totals[stage.pk], BOARD_COUNT_CAP),
            capped=totals[stage.pk] > BOARD_COUNT_CAP,
        )
        for stage in stages
    ]


def _capped_totals(ideas: QuerySet, stage_ids: list[int], *, cap: int) -> dict[int, int]:
    """How many of `ideas` are in each stage, counted up to cap + 1, in one query: each
    count reads at most cap + 1 index entries (a region's innovation lane holds 40,000
    ideas, which took 10 ms to count on every view of the board)."""
    if not stage_ids:
        return {}
    column = ideas.filter(stage_id=OuterRef("pk")).order_by().values("pk")[: cap + 1]
    return dict(
        Stage.objects.filter(pk__in=stage_ids)
        .order_by()
        .annotate(total=CappedCount(column))
        .values_list("pk", "total")
    )


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
    waiting = Idea.objects.filter(waiting_q(person)).aggregate(
        waiting=Count("id"),
        overdue=Count("id", filter=Q(response_due__lt=today) & ~workflow.on_hold_q()),
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


@dataclass(frozen=True, slots=True)
class WaitingIdea:
    """An idea on a person's start page that waits for them, with its date (`workflow.Due`:
    an answer owed, or the review date of a parked idea whose day has come)."""

    idea: Idea
    due: workflow.Due | None


def start_page_ideas(person: User, mine: Q | None = None) -> dict[str, list]:
    """What a person's start page lists (two queries, and one for `_mine` if not given): the
    ideas waiting for their answer, the most pressing first (the earliest date; those
    without one last), and their own ideas, the latest news first."""
    today = timezone.localdate()
    waiting = [
        WaitingIdea(idea=idea, due=workflow.due_of(idea, today))
        for idea in Idea.objects.filter(waiting_q(person))
        .select_related("stage", "submitter")
        .only(
            "id", "title", "status", "response_due", "stage", "submitter__id",
            "submitter__full_name",
        )
        .order_by(F("response_due").asc(nulls_last=True), "submitted_at", "id")[:START_LIST_SIZE]
    ]  # fmt: skip
    mine = (
        Idea.objects.filter(mine or _mine(person), status=Idea.Status.SUBMITTED)
        .select_related("stage")
        .only("id", "title", "moved_at", "submitted_at", "support_count", "stage")
        .order_by("-moved_at", "-id")[:START_LIST_SIZE]
    )
    return {"waiting": waiting, "mine": list(mine)}


def ideas_matching(
    *,
    text: str,
    exclude: set[int] | None = None,
    limit: int = PICKER_LIMIT,
    viewer: User | None = None,
) -> list[Idea]:
    """Handed-in ideas, for a picker (a group's ideas, a merge's target): by number ("#12",
    "12" or the idea's address) or by their words, best first; with a `viewer`, only those
    they may see; at most `limit` (one query)."""
    text = text.replace("\x00", "").strip()[:200]
    if not text:
        return []
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    if viewer is not None:
        ideas = ideas.filter(policy.q(viewer, "ideas.view_idea"))
    if exclude:
        ideas = ideas.exclude(pk__in=exclude)
    number = parse_id(_IDEA_ADDRESS.sub(r"\1", text).lstrip("#"))
    if number is not None:
        ideas = ideas.filter(pk=number)
    else:
        ideas = search_ideas(ideas, text, by_rank=True)
    return list(ideas.select_related("stage").only(*_IDEA_FIELDS)[:limit])


# An idea's address pasted into a picker ("https://…/ideas/12/" or "/ideas/12/"): its number.
_IDEA_ADDRESS = re.compile(r"^(?:https?://[^/\s]+)?/ideas/(\d+)/?(?:[?#]\S*)?$")


def ideas_pickable(*, numbers: list[int], viewer: User | None = None) -> list[Idea]:
    """The handed-in ideas among `numbers` (those `viewer` may see), as a picker shows them
    chosen (one query)."""
    ideas = Idea.objects.filter(pk__in=numbers, status=Idea.Status.SUBMITTED)
    if viewer is not None:
        ideas = ideas.filter(policy.q(viewer, "ideas.view_idea"))
    return list(ideas.select_related("stage").only(*_IDEA_FIELDS))


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


# First answers ---------------------------------------------------------------------------------
# An idea's first answer is its first move (every move tells the submitter why); the move
# service records when it came and whether it came by the deadline set at hand-in
# (`Idea.first_answered_at`, `Idea.answered_in_time`). Every figure of answers reads these.


@dataclass(frozen=True)
class AnswerFigures:
    answered: int  # ideas first answered
    within: int  # of those, answered by their deadline
    late_open: int  # never answered, and their deadline has passed
    median_days: float | None  # the median time from hand-in to the first answer, in days
    others: dict = field(default_factory=dict)  # the caller's aggregates, computed alongside

    @property
    def due(self) -> int:
        """The ideas whose answer was due: the answered and those late without one."""
        return self.answered + self.late_open


def answered_q() -> Q:
    return Q(first_answered_at__isnull=False)


def answered_in_time_q() -> Q:
    return Q(answered_in_time=True)


def late_open_q(today: datetime.date) -> Q:
    """Never answered, and the deadline has passed (an idea without one cannot be late)."""
    return Q(first_answered_at__isnull=True, response_due__lt=today)


def _answer_wait() -> ExpressionWrapper:
    return ExpressionWrapper(
        F("first_answered_at") - F("submitted_at"), output_field=DurationField()
    )


def answer_figures(
    ideas: QuerySet[Idea],
    *,
    today: datetime.date,
    median: bool = True,
    also: dict[str, Aggregate] | None = None,
) -> AnswerFigures:
    """How these ideas were first answered: how many, how many in time, how many are late
    without an answer, and the median wait (with `median`), in one aggregate query over the
    ideas on PostgreSQL (a second query for the median's middle rows elsewhere). `also`:
    more aggregates over the same ideas, returned in `others`."""
    aggregates = {
        "answered": Count("pk", filter=answered_q()),
        "within": Count("pk", filter=answered_in_time_q()),
        "late_open": Count("pk", filter=late_open_q(today)),
        **(also or {}),
    }
    postgres = connection.vendor == "postgresql"
    if median and postgres:
        # percentile_cont leaves the unanswered ideas' missing waits out.
        aggregates["median_seconds"] = Median(Extract(_answer_wait(), "epoch"))
    figures = ideas.aggregate(**aggregates)
    seconds = figures.pop("median_seconds", None)
    answered = figures.pop("answered")
    if median and not postgres and answered:
        # No percentile: the middle one or two waits, in order.
        middle = list(
            ideas.filter(answered_q())
            .annotate(wait=_answer_wait())
            .order_by("wait", "pk")
            .values_list("wait", flat=True)[(answered - 1) // 2 : answered // 2 + 1]
        )
        seconds = sum(wait.total_seconds() for wait in middle) / len(middle)
    return AnswerFigures(
        answered=answered,
        within=figures.pop("within"),
        late_open=figures.pop("late_open"),
        median_days=None if seconds is None else seconds / 86400,
        others=figures,
    )
