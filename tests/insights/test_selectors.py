"""The figures from known data: exact counts, the median answer time, the share answered
within the deadline, targets inherited down the tree and benefits summed."""

import datetime
from decimal import Decimal

import pytest

from idesluss.insights import selectors
from idesluss.insights.models import UnitTarget
from tests.factories import UserFactory, make_training
from tests.insights.conftest import TODAY

YEAR = selectors.Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def _bars(bars) -> dict:
    return {bar.label: bar.value for bar in bars}


@pytest.mark.django_db
def test_the_coordinator_sees_the_whole_organisation(figures, coordinator, org):
    data = selectors.dashboard(viewer=coordinator, period=YEAR, unit=None, today=TODAY)
    # A, B, C, D: not E (2024), not the draft, not the merged duplicate.
    assert data.total == 4
    assert _bars(data.by_lane) == {"Improvement": 0, "Innovation": 4}
    assert _bars(data.by_unit) == {"Vård och omsorg": 3, "Barn och utbildning": 1}
    assert data.implemented == 1
    assert data.implementation_rate == 0.25
    # Answered after 2, 15 and 4 days: the median is 4.
    assert data.response.answered == 3
    assert data.response.median_days == pytest.approx(4.0)
    # Within 10 days: A and C; late: B (answered) and D (unanswered, its deadline passed).
    assert (data.response.within, data.response.due) == (2, 4)
    assert data.response.share_within == 0.5
    assert data.overdue == 1
    assert sum(bar.value for bar in data.by_month) == 4
    months = [bar.value for bar in data.by_month]
    assert months[:5] == [0, 0, 2, 1, 1] and len(months) == 12
    assert _bars(data.benefits)["Time saved"] == 1
    assert _bars(data.benefits)["Environment and climate"] == 1


@pytest.mark.django_db
def test_a_manager_sees_only_their_units(figures, manager, org):
    data = selectors.dashboard(viewer=manager, period=YEAR, unit=None, today=TODAY)
    # Hemtjänst and below: A, B (Norr), D (Hemtjänst); C of Barn och utbildning is absent.
    assert data.total == 3
    assert _bars(data.by_unit) == {"Hemtjänst": 3}
    assert "Barn och utbildning" not in _bars(data.by_unit)
    assert data.implemented == 0
    assert data.response.median_days == pytest.approx(8.5)
    assert (data.response.within, data.response.due) == (1, 3)
    assert _bars(data.benefits)["Environment and climate"] == 0
    # Asking for another unit does not widen what they see.
    other = selectors.dashboard(viewer=manager, period=YEAR, unit=org["bou"], today=TODAY)
    assert other.total == 0


@pytest.mark.django_db
def test_one_unit_and_its_children(figures, coordinator, org):
    data = selectors.dashboard(viewer=coordinator, period=YEAR, unit=org["ht"], today=TODAY)
    assert data.total == 3
    assert _bars(data.by_unit) == {"Hemtjänst Norr": 2}


@pytest.mark.django_db
def test_targets_are_inherited_from_the_nearest_ancestor(figures, coordinator, org):
    UnitTarget.objects.create(unit=org["vo"], ideas_per_employee=Decimal("0.50"))
    UnitTarget.objects.create(unit=org["north"], ideas_per_employee=Decimal("2"))
    data = selectors.dashboard(viewer=coordinator, period=YEAR, unit=org["vo"], today=TODAY)
    (row,) = data.targets
    assert row.unit == org["ht"]
    assert row.target == Decimal("0.50")
    north = selectors.dashboard(viewer=coordinator, period=YEAR, unit=org["ht"], today=TODAY)
    assert north.targets[0].target == Decimal("2")
    # Hemtjänst: the submitters of A, B, D, the draft and the duplicate; 3 ideas in a year.
    assert row.employees == 5
    assert row.ideas == 3
    assert row.per_employee_year == pytest.approx(3 / 5 * 365.25 / 365)
    lines = {line.unit.pk: line for line in selectors.target_lines()}
    assert lines[org["ht"].pk].own is None and lines[org["ht"].pk].inherited == Decimal("0.50")
    assert lines[org["north"].pk].own == Decimal("2")


@pytest.mark.django_db
def test_yearly_target_sums_employees_times_their_target(org, coordinator):
    UserFactory(unit=org["north"])
    UserFactory(unit=org["bou"])
    UnitTarget.objects.create(unit=org["vo"], ideas_per_employee=Decimal("3"))
    # Norr: 1 person, Vård och omsorg: the coordinator (3 each); Barn och utbildning none.
    assert selectors.yearly_target() == 6


@pytest.mark.django_db
def test_benefits_summed_by_category_unit_goal_and_month(figures, coordinator, org):
    summary = selectors.benefit_summary(viewer=coordinator, period=YEAR, unit=None)
    by_category = {row.label: row for row in summary.by_category}
    assert by_category["Time saved"].realised == 1
    assert by_category["Time saved"].expected == 1
    assert by_category["Time saved"].amounts == [("hours a year", Decimal("150"), Decimal("100"))]
    assert by_category["Environment and climate"].realised == 1
    assert by_category["Environment and climate"].expected == 1
    assert by_category["Environment and climate"].amounts == [
        ("tonnes CO2", Decimal("0"), Decimal("2"))
    ]
    by_unit = {row.label: (row.expected, row.realised) for row in summary.by_unit}
    assert by_unit == {"Vård och omsorg": (2, 1), "Barn och utbildning": (0, 2)}
    by_month = {row.label: row.realised for row in summary.by_month}
    assert list(by_month.values()) == [3]
    manager_view = selectors.benefit_summary(
        viewer=UserFactory(roles=[("manager", org["bou"])]), period=YEAR, unit=None
    )
    assert {row.label for row in manager_view.by_unit} == {"Barn och utbildning"}
    assert "Time saved" not in {row.label for row in manager_view.by_category}


@pytest.mark.django_db
def test_the_glance_counts_this_year(figures, org):
    glance = selectors.glance(today=datetime.date(2025, 12, 1))
    assert (glance.ideas, glance.implemented, glance.realised_benefits) == (4, 1, 3)
    assert glance.response.share_within == 0.5
    short = selectors.glance(today=datetime.date(2025, 12, 1), full=False)
    assert short.response is None and short.ideas == 4


def test_learning_conversations_count_the_places_their_leaders_recorded(
    figures, coordinator, manager, org
):
    from idesluss.conversations.models import Session
    from tests.factories import make_conversation
    from tests.insights.conftest import at

    for unit, took_part, recorded, when in (
        (org["north"], 7, True, at(2025, 6, 1)),
        (org["bou"], 5, True, at(2025, 6, 2)),
        (org["north"], 9, False, at(2025, 6, 3)),  # not recorded yet
        (None, 4, True, at(2025, 6, 4)),  # a mixed group: the whole organisation's
        (org["north"], 3, True, at(2024, 6, 1)),  # before the period
    ):
        session = make_conversation(unit=unit, starts_in_days=-1)
        Session.objects.filter(pk=session.pk).update(
            starts_at=when, attended_count=took_part, recorded_at=when if recorded else None
        )
    whole = selectors.dashboard(viewer=coordinator, period=YEAR, unit=None, today=TODAY)
    assert whole.participation.conversations == 7 + 5 + 4
    own = selectors.dashboard(viewer=manager, period=YEAR, unit=None, today=TODAY)
    assert own.participation.conversations == 7


def test_trainings_count_the_people_who_attended_a_session(figures, coordinator, manager, org):
    from idesluss.learning import services as learning
    from idesluss.learning.models import TrainingSession
    from tests.insights.conftest import at

    training = make_training(by=coordinator, sessions_days=(-3, -2), capacity=10)
    ours, theirs, absent = (
        UserFactory(unit=org["north"]),
        UserFactory(unit=org["bou"]),
        UserFactory(unit=org["north"]),
    )
    enrolments = [
        learning.enrol(training=training, by=coordinator, person=p) for p in (ours, theirs, absent)
    ]
    for session in training.sessions.all():
        learning.attendance_record(
            session=session, by=coordinator, present=[e.pk for e in enrolments[:2]]
        )
    # Held in the dashboard's period (2025).
    TrainingSession.objects.filter(training=training).update(
        starts_at=at(2025, 6, 1), ends_at=at(2025, 6, 1, hour=12)
    )
    whole = selectors.dashboard(viewer=coordinator, period=YEAR, unit=None, today=TODAY)
    assert whole.participation.trainings == 2
    own = selectors.dashboard(viewer=manager, period=YEAR, unit=None, today=TODAY)
    assert own.participation.trainings == 1
