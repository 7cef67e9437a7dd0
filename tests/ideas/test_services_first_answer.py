"""An idea records its first answer when it comes: the first move sets when and whether it came
by the deadline set at hand-in (the local day, near midnight in Stockholm); later moves leave
both alone; the migration fills them for ideas answered before from their history."""

import datetime
import importlib
import zoneinfo
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from idesluss.ideas import services
from idesluss.ideas.models import Idea, IdeaEvent, Stage
from idesluss.ideas.selectors import answer_figures
from tests.factories import make_idea

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
DUE = datetime.date(2026, 3, 10)

fill_first_answers = importlib.import_module(
    "idesluss.ideas.migrations.0015_idea_first_answer"
).fill_first_answers


def local(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=STOCKHOLM)


def move_at(monkeypatch, moment, *, idea, to_stage, by) -> Idea:
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))
    return services.idea_move(idea=idea, to_stage=to_stage, by=by, message="Vi tittar på den.")


@pytest.fixture
def due_idea(idea):
    """The idea, its answer due on DUE (as hand-in set it)."""
    Idea.objects.filter(pk=idea.pk).update(response_due=DUE)
    idea.refresh_from_db()
    return idea


def test_a_handed_in_idea_is_not_answered_yet(due_idea):
    assert due_idea.first_answered_at is None and due_idea.answered_in_time is None


@pytest.mark.parametrize(
    ("moment", "in_time"),
    [
        (local(10, 23, 30), True),  # 22:30 UTC on the last day
        (local(11, 0, 30), False),  # still the 10th in UTC, the 11th in Stockholm: late
    ],
)
def test_the_first_move_records_the_first_answer(
    monkeypatch, settings, due_idea, manager, stage, moment, in_time
):
    settings.TIME_ZONE = "Europe/Stockholm"
    moved = move_at(
        monkeypatch, moment, idea=due_idea, to_stage=stage("innovation", "assessment"), by=manager
    )
    saved = Idea.objects.get(pk=due_idea.pk)
    assert saved.first_answered_at == moment == moved.first_answered_at
    assert saved.answered_in_time is in_time
    # The move set the next deadline; the answer was judged by the one it replaced.
    assert saved.response_due != DUE


def test_a_later_move_leaves_the_first_answer_alone(
    monkeypatch, settings, due_idea, manager, stage
):
    settings.TIME_ZONE = "Europe/Stockholm"
    move_at(
        monkeypatch,
        local(9, 10),
        idea=due_idea,
        to_stage=stage("innovation", "assessment"),
        by=manager,
    )
    move_at(
        monkeypatch,
        local(30, 10),
        idea=due_idea,
        to_stage=stage("innovation", "parked"),
        by=manager,
    )
    saved = Idea.objects.get(pk=due_idea.pk)
    assert saved.first_answered_at == local(9, 10)
    assert saved.answered_in_time is True
    assert saved.moved_at == local(30, 10)


def _history(idea: Idea, *moments: datetime.datetime) -> None:
    for moment in moments:
        event = IdeaEvent.objects.create(idea=idea, kind=IdeaEvent.Kind.MOVED)
        IdeaEvent.objects.filter(pk=event.pk).update(created_at=moment)


def test_the_migration_fills_the_first_answers_from_the_history(settings, org, employee):
    """The deadline that applied: the hand-in day plus the first stage's days (10 here; the
    improvement lane's stage has none: IDEA_RESPONSE_DAYS, 14), whatever `response_due`
    says now."""
    settings.TIME_ZONE = "Europe/Stockholm"
    settings.IDEA_RESPONSE_DAYS = 14
    Stage.objects.filter(lane="innovation", is_initial=True).update(response_days=10)
    Stage.objects.filter(lane="improvement", is_initial=True).update(response_days=None)
    ideas = {
        name: make_idea(submitter=employee, unit=org["north"], lane=lane, title=name)
        for name, lane in [
            ("on time", "innovation"),
            ("late", "innovation"),
            ("usual days", "improvement"),
            ("open", "innovation"),
        ]
    }
    Idea.objects.filter(pk__in=[idea.pk for idea in ideas.values()]).update(
        submitted_at=local(1, 9),
        response_due=datetime.date(2027, 1, 1),  # moved on since: not the deadline that applied
        first_answered_at=None,
        answered_in_time=None,
    )
    # Due on the 11th (innovation) and the 15th (improvement); a later move counts not.
    _history(ideas["on time"], local(12, 8), local(11, 23, 30))
    _history(ideas["late"], local(12, 0, 30), local(20, 9))
    _history(ideas["usual days"], local(15, 22))
    IdeaEvent.objects.create(idea=ideas["open"], kind=IdeaEvent.Kind.ASSIGNED)

    fill_first_answers(apps, SimpleNamespace(connection=connection))

    found = {
        idea.title: (idea.first_answered_at, idea.answered_in_time)
        for idea in Idea.objects.filter(pk__in=[idea.pk for idea in ideas.values()])
    }
    assert found == {
        "on time": (local(11, 23, 30), True),
        "late": (local(12, 0, 30), False),
        "usual days": (local(15, 22), True),
        "open": (None, None),
    }


def test_answer_figures_count_what_the_ideas_recorded(org, employee, django_assert_num_queries):
    """Answered in 2, 4 and 15 days (the last late), one late without an answer, one not yet
    due: the counts, the median (4 days) and what is due, in one query on PostgreSQL."""
    today = datetime.date(2026, 3, 20)
    recorded = [
        (local(1, 10), local(3, 10), True, DUE),
        (local(1, 10), local(5, 10), True, DUE),
        (local(1, 10), local(16, 10), False, DUE),
        (local(1, 10), None, None, datetime.date(2026, 3, 19)),  # late, never answered
        (local(15, 10), None, None, datetime.date(2026, 3, 20)),  # due today: not late yet
    ]
    for number, (submitted, answered, in_time, due) in enumerate(recorded):
        idea = make_idea(submitter=employee, unit=org["north"], title=f"Idé {number}")
        Idea.objects.filter(pk=idea.pk).update(
            submitted_at=submitted,
            first_answered_at=answered,
            answered_in_time=in_time,
            response_due=due,
        )
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        figures = answer_figures(ideas, today=today)
    assert (figures.answered, figures.within, figures.late_open, figures.due) == (3, 2, 1, 4)
    assert figures.median_days == pytest.approx(4.0)
    none = answer_figures(ideas.none(), today=today)
    assert (none.answered, none.median_days) == (0, None)
