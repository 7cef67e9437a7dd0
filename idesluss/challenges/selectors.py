"""Reads of needs and challenges for pages: each page costs a fixed number of queries."""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.challenges.models import Challenge, Need, NeedEcho
from idesluss.ideas.models import Idea
from idesluss.workshops.models import Workshop

PAGE_SIZE = 25
IDEAS_ON_CHALLENGE = 50

NEED_SORTS = {
    "echoes": ["-echo_count", "-created_at", "-id"],
    "newest": ["-created_at", "-id"],
}


def need_list(*, viewer: User, sort: str = "echoes", q: str = "", page=None) -> Page:
    """The needs bank, most shared (or newest) first, with whether the viewer has it too."""
    needs = (
        Need.objects.select_related("unit", "recorded_by")
        .annotate(
            viewer_echoes=Exists(NeedEcho.objects.filter(need=OuterRef("pk"), user=viewer.pk))
        )
        .prefetch_related(Prefetch("challenges", queryset=Challenge.objects.only("id", "title")))
    )
    if q:
        needs = needs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    needs = needs.order_by(*NEED_SORTS.get(sort, NEED_SORTS["echoes"]))
    return Paginator(needs, PAGE_SIZE).get_page(page)


def need_for_page(*, pk: int, viewer: User) -> Need:
    """One need with its challenges and whether the viewer has it too."""
    return (
        Need.objects.select_related("unit", "recorded_by")
        .prefetch_related("challenges")
        .annotate(
            viewer_echoes=Exists(NeedEcho.objects.filter(need=OuterRef("pk"), user=viewer.pk))
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


def challenge_list() -> dict[str, list[Challenge]]:
    """Challenges grouped by status: open (closing soonest first), upcoming, closed."""
    today = timezone.localdate()
    challenges = (
        Challenge.objects.select_related("owner_unit")
        .prefetch_related("global_goals")
        .order_by("opens_on", "id")
    )
    groups: dict[str, list[Challenge]] = {
        Challenge.Status.OPEN: [],
        Challenge.Status.UPCOMING: [],
        Challenge.Status.CLOSED: [],
    }
    for challenge in challenges:
        groups[challenge.status_on(today)].append(challenge)
    groups[Challenge.Status.OPEN].sort(key=lambda c: (c.closes_on, c.pk))
    groups[Challenge.Status.CLOSED].sort(key=lambda c: (c.closes_on, c.pk), reverse=True)
    return groups


def challenge_for_page(*, pk: int) -> Challenge:
    """One challenge with its unit, goals and the needs it came from."""
    return (
        Challenge.objects.select_related("owner_unit", "created_by")
        .prefetch_related(
            "global_goals",
            "vision_goals",
            Prefetch("needs", queryset=Need.objects.order_by("-echo_count", "-id")),
        )
        .get(pk=pk)
    )


def challenge_ideas(*, challenge: Challenge, page=None) -> Page:
    """The handed-in ideas answering a challenge, newest first, one page at a time."""
    ideas = (
        Idea.objects.filter(challenge=challenge, status=Idea.Status.SUBMITTED)
        .select_related("stage", "unit", "submitter")
        .prefetch_related("global_goals")
        .order_by("-submitted_at", "-id")
    )
    return Paginator(ideas, PAGE_SIZE).get_page(page)


def challenge_workshops(*, challenge: Challenge) -> list[Workshop]:
    """The workshops working on a challenge, the latest first (one query)."""
    return list(
        Workshop.objects.filter(challenge=challenge)
        .exclude(phase=Workshop.Phase.CANCELLED)
        .order_by("-starts_at", "-id")[:20]
    )
