"""What this installation publishes to the network: a list of providers, each returning
`FeedItem`s (network/feed.json and feed.atom are built from all of them).

A provider is registered by the app that owns the things it publishes:

    from idesluss.network import items

    @items.register
    def good_examples() -> list[items.FeedItem]: ...

A provider decides what is public-safe: a FeedItem carries no person's name or email, only
titles, questions, periods, unit names and goals (docs/network.md, "Privacy").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

# At most this many items of each provider go into the feed, newest first.
MAX_ITEMS = 200


@dataclass(frozen=True)
class FeedItem:
    id: str  # stable and unique across the installation, e.g. "challenge:12"
    kind: str  # network.models.Kind: "challenge" or "good_example"
    title: str
    summary: str
    url: str  # absolute
    published: datetime.datetime
    updated: datetime.datetime
    question: str = ""
    unit: str = ""
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    global_goals: list[int] = field(default_factory=list)
    vision_goals: list[str] = field(default_factory=list)


Provider = Callable[[], list[FeedItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Publish what `provider` returns in the network's feeds."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def feed_items() -> list[FeedItem]:
    """Every provider's items, newest change first."""
    found = [item for provider in _providers for item in provider()[:MAX_ITEMS]]
    return sorted(found, key=lambda item: (item.updated, item.id), reverse=True)


@register
def shared_challenges() -> list[FeedItem]:
    """Challenges shared with the network that are not closed yet: title, question, period,
    owner unit and goals. Never the background (free text that may name people) nor who
    made or shared it."""
    from idesluss.challenges.models import Challenge
    from idesluss.goals.models import GlobalGoal, VisionGoal

    today = timezone.localdate()
    challenges = (
        Challenge.objects.filter(network_share__isnull=False, closes_on__gte=today)
        .select_related("owner_unit", "network_share")
        .prefetch_related(
            Prefetch("global_goals", queryset=GlobalGoal.objects.order_by("number")),
            Prefetch("vision_goals", queryset=VisionGoal.objects.order_by("order", "id")),
        )
        .order_by("-network_share__shared_at", "-id")[:MAX_ITEMS]
    )
    return [
        FeedItem(
            id=f"challenge:{challenge.pk}",
            kind="challenge",
            title=challenge.title,
            summary=challenge.question,
            question=challenge.question,
            url=absolute(reverse("challenges:detail", kwargs={"pk": challenge.pk})),
            published=challenge.network_share.shared_at,
            updated=max(challenge.updated_at, challenge.network_share.shared_at),
            unit=challenge.owner_unit.name,
            opens_on=challenge.opens_on,
            closes_on=challenge.closes_on,
            global_goals=[goal.number for goal in challenge.global_goals.all()],
            vision_goals=[goal.name for goal in challenge.vision_goals.all()],
        )
        for challenge in challenges
    ]


@register
def public_good_examples() -> list[FeedItem]:
    """Good examples published and marked "show publicly" (the showcase's own choice of
    what is public-safe: no person's name)."""
    from idesluss.showcase.selectors import published_public_examples

    return [
        FeedItem(
            id=f"good_example:{example.id}",
            kind="good_example",
            title=example.title,
            summary=example.summary,
            url=example.url if example.url.startswith("http") else absolute(example.url),
            published=example.published_at,
            updated=max(example.updated_at, example.published_at),
            unit=example.unit_name,
            global_goals=list(example.goals),
        )
        for example in published_public_examples(limit=MAX_ITEMS)
    ]
