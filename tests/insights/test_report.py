"""The steering-group report: its figures for known data, per role, in a fixed number of
queries, and its page."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from idesluss.accounts.selectors import roles_of
from idesluss.ideas.models import Benefit, BenefitCategory, Idea, Lane
from idesluss.insights.report import steering_report
from tests.factories import UserFactory, make_group, make_idea, make_workshop

FIRST, LAST = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)


def moment(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, 10, 0))


@pytest.fixture
def coordinator(org):
    return UserFactory(unit=org["vo"], roles=["coordinator"])


@pytest.fixture
def period_data(org, employee, stage):
    """In March: three ideas handed in (two in Hemtjänst Norr, one in Barn och utbildning);
    one answered after 2 days, one after 20 (the deadline is 14); one implemented in March
    (handed in in February); a realised benefit; a workshop."""
    colleague = UserFactory(unit=org["bou"])

    def idea(unit, submitter, day, month=3, **fields):
        made = make_idea(submitter=submitter, unit=unit, **fields)
        Idea.objects.filter(pk=made.pk).update(submitted_at=moment(month, day))
        return made

    quick = idea(org["north"], employee, 2)
    slow = idea(org["north"], employee, 3)
    idea(org["bou"], colleague, 4)
    old = idea(org["north"], employee, 10, month=2, lane=Lane.IMPROVEMENT)
    # First answered as the move service records it: the deadline was the hand-in day + 14.
    Idea.objects.filter(pk=quick.pk).update(first_answered_at=moment(3, 4), answered_in_time=True)
    Idea.objects.filter(pk=slow.pk).update(first_answered_at=moment(3, 23), answered_in_time=False)
    Idea.objects.filter(pk=old.pk).update(
        stage=stage("improvement", "done"), moved_at=moment(3, 15)
    )
    benefit = Benefit.objects.create(
        idea=old, category=BenefitCategory.MONEY, kind=Benefit.Kind.REALISED,
        description="Lägre kostnad", amount=Decimal("5000"), measure="kr",
    )  # fmt: skip
    Benefit.objects.filter(pk=benefit.pk).update(created_at=moment(3, 16))
    return {"quick": quick, "slow": slow, "old": old}


def test_the_report_counts_the_period(coordinator, period_data):
    report = steering_report(viewer=coordinator, first_day=FIRST, last_day=LAST)
    assert report.handed_in == 3
    assert report.implemented == 1
    assert report.answered == 2
    assert report.answered_in_time == 1
    assert report.median_days == 11.0  # (2 + 20) / 2
    assert [(row.count, row.ideas) for row in report.benefits] == [(1, 1)]


def test_the_report_rolls_units_up_to_the_top(coordinator, period_data):
    report = steering_report(viewer=coordinator, first_day=FIRST, last_day=LAST)
    assert sorted((row.name, row.handed_in, row.implemented) for row in report.units) == [
        ("Barn och utbildning", 1, 0),
        ("Vård och omsorg", 2, 1),
    ]


def test_a_managers_report_is_of_their_units(manager, period_data):
    report = steering_report(viewer=manager, first_day=FIRST, last_day=LAST)
    assert report.handed_in == 2
    assert [(row.name, row.handed_in) for row in report.units] == [("Hemtjänst Norr", 2)]


def test_the_report_costs_a_fixed_number_of_queries_however_much_data(
    coordinator, period_data, org
):
    roles_of(coordinator)
    make_group(members=[UserFactory(unit=org["north"])])
    make_workshop(starts_in_days=-3)
    with CaptureQueriesContext(connection) as first:
        steering_report(viewer=coordinator, first_day=FIRST, last_day=LAST)
    for n in range(5):
        make_idea(submitter=UserFactory(unit=org["bou"]), unit=org["bou"], title=f"Idé {n}")
    with CaptureQueriesContext(connection) as second:
        steering_report(viewer=coordinator, first_day=FIRST, last_day=LAST)
    # SQLite has no percentile: the median's middle rows cost it one more query.
    assert len(first) == len(second) == (6 if connection.vendor == "postgresql" else 7)


def test_the_report_page(client, coordinator, period_data):
    client.force_login(coordinator)
    response = client.get("/insights/report/", {"from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 200
    assert response.context["report"].handed_in == 3
    assert b"data-print" in response.content
    assert b"report.css" in response.content


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-03-31", "to": "2026-03-01"},
        {"from": "9999-12-31", "to": "9999-12-31"},
        {"from": "²", "to": ""},
        {"from": "2026-03-01", "to": "2026-03-31", "unit": "²"},
    ],
)
def test_bad_periods_bring_a_message(client, coordinator, query):
    client.force_login(coordinator)
    response = client.get("/insights/report/", query)
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert response.context["report"] is None


def test_the_report_defaults_to_this_year(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/insights/report/")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.first_day == datetime.date(timezone.localdate().year, 1, 1)
    assert report.last_day == timezone.localdate()
