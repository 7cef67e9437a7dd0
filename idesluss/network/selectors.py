"""Reads of the innovation network: the items on "Nätverket", the feeds followed, and what
an idea or a challenge shows about the network."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from idesluss.network.models import (
    Adopted,
    Adoption,
    Kind,
    NetworkItem,
    SharedChallenge,
    Subscription,
)

PAGE_SIZE = 25


def network_items(*, kind: str = "", page: int | str | None = None) -> Page:
    """Other organisations' challenges and good examples, newest first, with their source
    (two queries: the count and the page)."""
    items = NetworkItem.objects.select_related("subscription").order_by("-published_at", "-id")
    if kind in Kind.values:
        items = items.filter(kind=kind)
    return Paginator(items, PAGE_SIZE).get_page(page)


def subscriptions() -> list[Subscription]:
    return list(Subscription.objects.order_by("organisation", "id"))


@dataclass(frozen=True)
class ChallengeNetwork:
    shared: bool
    adoptions: list[Adoption]


def challenge_network(*, challenge_id: int) -> ChallengeNetwork:
    """Whether a challenge is shared with the network and, if so, who adopted it (the
    latest): one query for a challenge not shared, two for one shared."""
    shared = SharedChallenge.objects.filter(challenge_id=challenge_id).exists()
    adoptions = (
        list(Adoption.objects.filter(challenge_id=challenge_id).order_by("-received_at")[:20])
        if shared
        else []
    )
    return ChallengeNetwork(shared=shared, adoptions=adoptions)


def adopted_from(*, idea_id: int) -> Adopted | None:
    return Adopted.objects.filter(idea_id=idea_id).first()
