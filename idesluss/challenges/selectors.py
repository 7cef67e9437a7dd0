"""Reads of needs and challenges for pages: each page costs a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.challenges.models import Challenge, Need, NeedEcho
from idesluss.challenges.policy import need_policy
from idesluss.core.plain import url_format
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.goals.selectors import GoalBadge, goal_badges_by

PAGE_SIZE = 25
IDEAS_ON_CHALLENGE = 50

NEED_SORTS = {
    "echoes": ["-echo_count", "-created_at", "-id"],
    "newest": ["-created_at", "-id"],
}


def need_list(*, viewer: User, sort: str = "echoes", q: str = "", page=None) -> Page:
    """The needs bank, most shared (or newest) first, with whether the viewer has it too
    and the day each was recorded (`created_on`, in the current time zone)."""
    needs = (
        Need.objects.select_related("unit", "recorded_by")
        .annotate(
            viewer_echoes=Exists(NeedEcho.objects.filter(need=OuterRef("pk"), user=viewer.pk)),
            created_on=TruncDate("created_at"),
        )
        .prefetch_related(Prefetch("challenges", queryset=Challenge.objects.only("id", "title")))
    )
    needs = need_policy.filter(viewer, "challenges.view_need", needs)
    if q:
        needs = needs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    needs = needs.order_by(*NEED_SORTS.get(sort, NEED_SORTS["echoes"]))
    return Paginator(needs, PAGE_SIZE).get_page(page)


def need_for_page(*, pk: int, viewer: User) -> Need:
    """One need with its challenges, whether the viewer has it too and whether they may say
    so (not of a need they recorded), and the day it was recorded (`created_on`)."""
    return (
        Need.objects.select_related("unit", "recorded_by")
        .prefetch_related("challenges")
        .annotate(
            viewer_echoes=Exists(NeedEcho.objects.filter(need=OuterRef("pk"), user=viewer.pk)),
            may_echo=need_policy.flag(viewer, "challenges.echo_need"),
            created_on=TruncDate("created_at"),
        )
        .get(pk=pk)
    )


def with_status(challenges: QuerySet[Challenge], status: str, today: datetime.date):
    """Filter challenges by their status on `today` (the status is derived, not stored)."""
    if status == Challenge.Status.UPCOMING:
        return challenges.filter(opens_on__gt=today)
    if status == Challenge.Status.CLOSED:
        return challenges.filter(closes_on__lt=today)
    if status == Challenge.Status.OPEN:
        return challenges.filter(opens_on__lte=today, closes_on__gte=today)
    return challenges


def open_challenges(today: datetime.date | None = None) -> QuerySet[Challenge]:
    """Challenges that take ideas today."""
    today = today or timezone.localdate()
    return with_status(Challenge.objects.all(), Challenge.Status.OPEN, today).order_by(
        "closes_on", "title"
    )


@dataclass(frozen=True, slots=True)
class ChallengeCard:
    """What the challenge list shows of a challenge: plain values, no model objects."""

    id: int
    title: str
    question: str
    url: str
    unit_name: str
    opens_on: datetime.date
    closes_on: datetime.date
    goals: tuple[GoalBadge, ...]  # its Global Goals, for the `goal_badges` macro


def challenge_list() -> dict[str, list[ChallengeCard]]:
    """Challenges grouped by status: open (closing soonest first), upcoming, closed.
    Two queries: the challenges with their unit, and their Global Goals."""
    today = timezone.localdate()
    rows = (
        Challenge.objects.order_by("opens_on", "id")
        .values_list("id", "title", "question", "owner_unit__name", "opens_on", "closes_on")
    )  # fmt: skip
    rows = list(rows)
    goals = goal_badges_by(
        Challenge.global_goals.through.objects.filter(challenge_id__in=[row[0] for row in rows]),
        "challenge_id",
    )
    url = url_format("challenges:detail")
    groups: dict[str, list[ChallengeCard]] = {
        Challenge.Status.OPEN: [],
        Challenge.Status.UPCOMING: [],
        Challenge.Status.CLOSED: [],
    }
    for pk, title, question, unit_name, opens_on, closes_on in rows:
        card = ChallengeCard(
            id=pk,
            title=title,
            question=question,
            url=url.format(pk),
            unit_name=unit_name,
            opens_on=opens_on,
            closes_on=closes_on,
            goals=goals.get(pk, ()),
        )
        groups[Challenge.status_between(opens_on, closes_on, today)].append(card)
    groups[Challenge.Status.OPEN].sort(key=lambda c: (c.closes_on, c.id))
    groups[Challenge.Status.CLOSED].sort(key=lambda c: (c.closes_on, c.id), reverse=True)
    return groups


@dataclass(frozen=True, slots=True)
class NeedLine:
    """A need a challenge came from, as its page lists it."""

    url: str
    title: str
    echo_count: int  # colleagues who have it too


@dataclass
class ChallengePage:
    """One challenge with what its page shows of its goals and the needs behind it."""

    challenge: Challenge
    goals: list[GlobalGoal]
    vision_goals: list[VisionGoal]
    needs: list[NeedLine]


def challenge_for_page(*, pk: int) -> ChallengePage:
    """One challenge with its unit, goals and the needs it came from (four queries)."""
    challenge = Challenge.objects.select_related("owner_unit").get(pk=pk)
    needs = (
        Need.objects.filter(challenges=challenge)
        .order_by("-echo_count", "-id")
        .values_list("id", "title", "echo_count")
    )
    url = url_format("needs:detail")
    return ChallengePage(
        challenge=challenge,
        goals=list(GlobalGoal.objects.filter(challenges=challenge)),
        vision_goals=list(VisionGoal.objects.filter(challenges=challenge)),
        needs=[
            NeedLine(url=url.format(pk), title=title, echo_count=count)
            for pk, title, count in needs
        ],
    )
