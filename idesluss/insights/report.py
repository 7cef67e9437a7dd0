"""The steering group's report of a period: the key figures, computed with aggregate SQL in
a fixed number of queries (six on PostgreSQL) however many ideas, groups and workshops there
are. An idea's first answer and whether it came in time are what the idea recorded
(`ideas.selectors.answer_figures`).

For a manager the figures are of their own units (and those below them); for the whole
organisation's roles of every unit, or of the unit asked for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from idesluss.accounts.models import Unit
from idesluss.core.policy import EVERYTHING
from idesluss.groups.models import Group
from idesluss.groups.models import Status as GroupStatus
from idesluss.ideas.models import Benefit, BenefitCategory, Idea
from idesluss.ideas.selectors import answer_figures, answered_in_time_q
from idesluss.insights.exports import (
    _group_of_units,
    implemented_q,
    period_moments,
    unit_scope,
)
from idesluss.workshops.models import SignUp, Workshop


@dataclass(frozen=True)
class UnitFigures:
    name: str
    handed_in: int
    implemented: int
    answered_in_time: int


@dataclass(frozen=True)
class Count_:
    label: str
    count: int
    ideas: int = 0


@dataclass(frozen=True)
class SteeringReport:
    first_day: datetime.date
    last_day: datetime.date
    unit_name: str
    handed_in: int
    implemented: int
    answered: int
    answered_in_time: int
    median_days: float | None
    units: list[UnitFigures]
    benefits: list[Count_]
    groups: list[Count_]
    workshops_held: int
    workshop_participants: int

    @property
    def in_time_share(self) -> int | None:
        """The share of the period's ideas answered within the deadline, in per cent."""
        if not self.handed_in:
            return None
        return round(100 * self.answered_in_time / self.handed_in)


def _ideas_in_scope(viewer, unit: Unit | None) -> QuerySet[Idea]:
    ideas = Idea.objects.exclude(status=Idea.Status.DRAFT).filter(unit_scope(viewer))
    if unit is not None:
        ideas = ideas.filter(unit__path__startswith=unit.path)
    return ideas


def steering_report(
    *, viewer, first_day: datetime.date, last_day: datetime.date, unit: Unit | None = None
) -> SteeringReport:
    """The key figures of a period for the steering group (six queries on PostgreSQL)."""
    start, end = period_moments(first_day, last_day)
    handed_in = Q(submitted_at__gte=start, submitted_at__lt=end)
    implemented = implemented_q() & Q(
        status=Idea.Status.SUBMITTED, moved_at__gte=start, moved_at__lt=end
    )
    ideas = _ideas_in_scope(viewer, unit).filter(handed_in | implemented)
    per_unit = list(
        ideas.order_by()
        .values("unit_id", "unit__path")
        .annotate(
            handed_in=Count("id", filter=handed_in),
            implemented=Count("id", filter=implemented),
            in_time=Count("id", filter=handed_in & answered_in_time_q()),
        )
    )
    total = {
        key: sum(row[key] for row in per_unit) for key in ("handed_in", "implemented", "in_time")
    }
    answers = answer_figures(ideas.filter(handed_in), today=last_day)
    return SteeringReport(
        first_day=first_day,
        last_day=last_day,
        unit_name=unit.name if unit else "",
        handed_in=total["handed_in"],
        implemented=total["implemented"],
        answered=answers.answered,
        answered_in_time=answers.within,
        median_days=None if answers.median_days is None else round(answers.median_days, 1),
        units=_unit_table(per_unit),
        benefits=_benefits(viewer, unit, start, end),
        groups=_groups(viewer, unit, first_day, last_day),
        **_workshops(start, end),
    )


def _unit_table(rows: list[dict]) -> list[UnitFigures]:
    """The per-unit rows rolled up to the first level of the tree where the ideas' units
    part ways (the departments for the whole organisation, the units below a manager's
    own); their names in one query."""
    paths = [
        [int(part) for part in (row["unit__path"] or "").strip("/").split("/") if part]
        for row in rows
    ]
    depth = _parting_depth([ids for ids in paths if ids])
    totals: dict[int | None, list[int]] = {}
    for row, ids in zip(rows, paths, strict=True):
        key = (ids[depth] if len(ids) > depth else ids[-1]) if ids else None
        found = totals.setdefault(key, [0, 0, 0])
        found[0] += row["handed_in"]
        found[1] += row["implemented"]
        found[2] += row["in_time"]
    names = dict(Unit.objects.filter(pk__in=[k for k in totals if k]).values_list("pk", "name"))
    table = [
        UnitFigures(
            name=names.get(key, "") if key else _("No unit"),
            handed_in=found[0],
            implemented=found[1],
            answered_in_time=found[2],
        )
        for key, found in totals.items()
    ]
    return sorted(table, key=lambda figures: (figures.name == _("No unit"), figures.name))


def _parting_depth(paths: list[list[int]]) -> int:
    """The first depth at which these unit paths lead to different units (or the deepest
    they share)."""
    depth = 0
    while paths and all(len(ids) > depth + 1 for ids in paths):
        if len({ids[depth] for ids in paths}) > 1:
            break
        depth += 1
    return depth


def _benefits(viewer, unit, start, end) -> list[Count_]:
    """Realised benefits recorded in the period, per category (one query)."""
    benefits = Benefit.objects.filter(
        unit_scope(viewer, "idea__unit"),
        kind=Benefit.Kind.REALISED,
        created_at__gte=start,
        created_at__lt=end,
    )
    if unit is not None:
        benefits = benefits.filter(idea__unit__path__startswith=unit.path)
    rows = dict(
        (category, (count, ideas))
        for category, count, ideas in benefits.order_by()
        .values("category")
        .annotate(count=Count("id"), ideas=Count("idea", distinct=True))
        .values_list("category", "count", "ideas")
    )
    return [
        Count_(label=str(label), count=rows[value][0], ideas=rows[value][1])
        for value, label in BenefitCategory.choices
        if value in rows
    ]


def _groups(viewer, unit, first_day, last_day) -> list[Count_]:
    """The groups running some of the period, per traffic light (one query)."""
    groups = Group.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=first_day), starts_on__lte=last_day
    )
    scope = unit_scope(viewer, "user__unit")
    if scope != EVERYTHING:
        groups = groups.filter(_group_of_units(scope, unit_scope(viewer, "idea__unit")))
    if unit is not None:
        groups = groups.filter(
            _group_of_units(
                Q(user__unit__path__startswith=unit.path),
                Q(idea__unit__path__startswith=unit.path),
            )
        )
    counts = dict(
        groups.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [
        Count_(label=str(label), count=counts.get(value, 0)) for value, label in GroupStatus.choices
    ]


def _workshops(start, end) -> dict[str, int]:
    """The idea workshops held in the period (not cancelled) and their participants (one
    query). Workshops belong to no unit: the whole organisation's, for every viewer."""
    figures = (
        Workshop.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(phase=Workshop.Phase.CANCELLED)
        .aggregate(
            held=Count("id", distinct=True),
            participants=Count(
                "signups", filter=Q(signups__status__in=SignUp.TAKING_PART), distinct=True
            ),
        )
    )
    return {
        "workshops_held": figures["held"],
        "workshop_participants": figures["participants"],
    }
