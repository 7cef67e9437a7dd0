"""Known data for the figures: ideas handed in, answered and implemented on fixed days of
2025, and the units of tests/conftest.py's `org` (Vård och omsorg › Hemtjänst › Hemtjänst
Norr, and Barn och utbildning)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from idesluss.ideas.models import Benefit, Idea, Stage
from idesluss.ideas.services.common import answered_by
from tests.factories import UserFactory, make_idea

TODAY = datetime.date(2026, 1, 10)
DEADLINE_DAYS = 10


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def hand_in(
    unit,
    submitted: datetime.datetime,
    *,
    moved: datetime.datetime | None = None,
    stage=None,
    **fields,
) -> Idea:
    """An idea handed in on `submitted` (due DEADLINE_DAYS later), first moved on `moved` (to
    `stage`): its first answer recorded as the move service records it."""
    idea = make_idea(unit=unit, **fields)
    due = timezone.localdate(submitted) + datetime.timedelta(days=DEADLINE_DAYS)
    Idea.objects.filter(pk=idea.pk).update(submitted_at=submitted, response_due=due)
    if moved is not None:
        Idea.objects.filter(pk=idea.pk).update(
            first_answered_at=moved, answered_in_time=answered_by(moved, due)
        )
    if stage is not None:
        Idea.objects.filter(pk=idea.pk).update(stage=stage)
    idea.refresh_from_db()
    return idea


@pytest.fixture
def figures(org):
    """A: Norr, answered in 2 days (within); B: Norr, in 15 days (late); C: Barn och
    utbildning, in 4 days (within), implemented; D: Hemtjänst, never answered (late by
    today); outside the period: E (2024); a draft in Norr; a merged duplicate in Norr."""
    Stage.objects.filter(lane="innovation", is_initial=True).update(response_days=DEADLINE_DAYS)
    implemented = Stage.objects.get(lane="innovation", code="implemented")
    ideas = {
        "A": hand_in(org["north"], at(2025, 3, 1), moved=at(2025, 3, 3)),
        "B": hand_in(org["north"], at(2025, 3, 5), moved=at(2025, 3, 20)),
        "C": hand_in(org["bou"], at(2025, 4, 1), moved=at(2025, 4, 5), stage=implemented),
        "D": hand_in(org["ht"], at(2025, 5, 1)),
        "E": hand_in(org["bou"], at(2024, 12, 31), moved=at(2025, 1, 2)),
    }
    make_idea(unit=org["north"], submit=False)
    merged = hand_in(org["north"], at(2025, 3, 2))
    Idea.objects.filter(pk=merged.pk).update(status=Idea.Status.MERGED)
    # Overdue today: D (its answer was due in May 2025).
    Idea.objects.filter(pk=ideas["D"].pk).update(response_due=datetime.date(2025, 5, 11))
    for name in "ABCE":
        Idea.objects.filter(pk=ideas[name].pk).update(response_due=datetime.date(2026, 6, 1))
    recorded = at(2025, 6, 1)
    for idea, kind, category, amount, measure in [
        (ideas["A"], "realised", "time", Decimal("100"), "hours a year"),
        (ideas["A"], "expected", "time", Decimal("150"), "hours a year"),
        (ideas["C"], "realised", "environment", Decimal("2"), "tonnes CO2"),
        (ideas["C"], "realised", "money", Decimal("5000"), "SEK a year"),
        (ideas["B"], "expected", "environment", None, ""),
    ]:
        benefit = Benefit.objects.create(
            idea=idea,
            kind=kind,
            category=category,
            description="Nytta",
            amount=amount,
            measure=measure,
        )
        Benefit.objects.filter(pk=benefit.pk).update(created_at=recorded)
    return ideas


@pytest.fixture
def steering(org):
    return UserFactory(full_name="Stina Styrgrupp", unit=org["vo"], roles=["steering_group"])


@pytest.fixture
def coordinator(org):
    return UserFactory(full_name="Cora Samordnare", unit=org["vo"], roles=["coordinator"])


@pytest.fixture(autouse=True)
def _english():
    """Labels in English, so the tests read the msgids."""
    with translation.override("en"):
        yield
