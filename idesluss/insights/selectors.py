"""The programme's figures, given the viewer: reads only, in SQL, a fixed number of queries
whatever the number of ideas.

Every figure counts handed-in ideas (not drafts, which are their authors' alone, and not
duplicates merged into another idea) in the units the viewer may read
(`policy.readable_units_q`): the coordinator, the steering group and administrators the whole
organisation, a manager their units and the units below them. Counts are grouped in the
database (GROUP BY); only the small lists of units, stages and targets are rolled up here.

The answer time of an idea is from its hand-in to its first move (the first answer the
submitter gets: every move carries a message to them), as the idea recorded it
(`ideas.selectors.answer_figures` holds the rule for every reader).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import get_language

from idesluss.accounts.models import Unit, User
from idesluss.conversations.models import Session as ConversationSession
from idesluss.core.models import bilingual
from idesluss.groups.models import Group, Status
from idesluss.ideas.models import Benefit, BenefitCategory, Idea, Lane, Stage
from idesluss.ideas.selectors import answer_figures
from idesluss.ideas.workflow import on_hold_q
from idesluss.insights.models import UnitTarget
from idesluss.insights.policy import managed_paths, readable_units_q, sees_everything
from idesluss.learning.models import Attendance
from idesluss.workshops.models import SignUp, Workshop

DAYS_A_YEAR = Decimal("365.25")


# What is asked -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year_of(cls, today: datetime.date) -> Period:
        return cls(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The first moment of the first day and the first moment after the last day."""
        zone = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        after = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return first, after

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months


# What is shown --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its value and the idea list's filters behind it (empty:
    no list)."""

    label: str
    value: int | float
    params: dict = field(default_factory=dict)
    # The value as written (a share, a sum with its measure); empty: the value itself.
    shown: str = ""
    # A short label where the drawing has little room (a month's column); empty: the label.
    short: str = ""


@dataclass(frozen=True)
class Response:
    answered: int  # ideas of the period that have had their first move
    median_days: float | None  # hand-in to the first move, in days
    due: int  # answered, or unanswered after their deadline
    within: int  # answered by their deadline

    @property
    def share_within(self) -> float | None:
        return self.within / self.due if self.due else None


@dataclass(frozen=True)
class TargetRow:
    unit: Unit | None  # None: the whole organisation
    ideas: int
    employees: int
    per_employee_year: float | None
    target: Decimal | None

    @property
    def reached(self) -> bool | None:
        if self.target is None or self.per_employee_year is None:
            return None
        return Decimal(str(round(self.per_employee_year, 2))) >= self.target


@dataclass(frozen=True)
class Participation:
    workshops: int  # workshops held in the period (not cancelled)
    workshop_places: int  # sign-ups taking part (facilitators included)
    workshop_people: int  # different people taking part
    conversations: int | None = None  # places taken in learning conversations (head counts)
    trainings: int | None = None  # people who attended a training session


@dataclass(frozen=True)
class Dashboard:
    period: Period
    unit: Unit | None
    total: int
    by_stage: list[Bar]
    by_lane: list[Bar]
    by_unit: list[Bar]
    by_goal: list[Bar]
    by_month: list[Bar]
    implemented: int
    response: Response
    overdue: int
    targets: list[TargetRow]
    benefits: list[Bar]
    participation: Participation
    groups: list[Bar]

    @property
    def implementation_rate(self) -> float | None:
        return self.implemented / self.total if self.total else None


# Kept for a few minutes -------------------------------------------------------------------------

# Figures over a whole organisation's ideas cost a pass over every idea of the period: they are
# kept for a few minutes (a dashboard is read many times and changes slowly), under a key
# naming everything they depend on: what they are, the reader's language (the labels), the
# units the viewer reads, the period, the unit and the day. Bump the version when what is
# kept changes shape.
CACHE_VERSION = 1
CACHE_SECONDS = 300


def _scope_key(viewer) -> str:
    return "all" if sees_everything(viewer) else ",".join(sorted(managed_paths(viewer)))


def kept(kind: str, *parts: object, build):
    """`build()`, or what it gave for the same key in the last few minutes."""
    key = ":".join(
        ["insights", kind, str(CACHE_VERSION), get_language() or "", *(str(p) for p in parts)]
    )
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=CACHE_SECONDS)
    return value


def dashboard_kept(*, viewer, period: Period, unit: Unit | None, today: datetime.date):
    """`dashboard`, kept for a few minutes."""
    return kept(
        "dashboard",
        _scope_key(viewer),
        period.start,
        period.end,
        unit.pk if unit else "",
        today,
        build=lambda: dashboard(viewer=viewer, period=period, unit=unit, today=today),
    )


def benefit_summary_kept(*, viewer, period: Period, unit: Unit | None, today: datetime.date):
    """`benefit_summary`, kept for a few minutes."""
    return kept(
        "benefits",
        _scope_key(viewer),
        period.start,
        period.end,
        unit.pk if unit else "",
        today,
        build=lambda: benefit_summary(viewer=viewer, period=period, unit=unit),
    )


def glance_kept(*, today: datetime.date, full: bool = True):
    """`glance`, kept for a few minutes (the same for everyone)."""
    return kept("glance", full, today, build=lambda: glance(today=today, full=full))


# The building blocks ---------------------------------------------------------------------------


def scope_q(viewer, unit: Unit | None, field: str = "unit") -> Q:
    """Rows whose `field` is a unit the viewer may read (and, with `unit`, at or below it)."""
    q = readable_units_q(viewer, field)
    if unit is not None:
        q &= Q(**{f"{field}__path__startswith": unit.path})
    return q


def ideas_in_scope(viewer, unit: Unit | None) -> QuerySet[Idea]:
    """The handed-in ideas (not merged duplicates) of the units the viewer may read."""
    return Idea.objects.filter(scope_q(viewer, unit), status=Idea.Status.SUBMITTED)


def ideas_handed_in(viewer, unit: Unit | None, period: Period) -> QuerySet[Idea]:
    first, after = period.moments()
    return ideas_in_scope(viewer, unit).filter(submitted_at__gte=first, submitted_at__lt=after)


def implemented_q(prefix: str = "") -> Q:
    """Ideas that reached the end of their lane's main line (implemented, done)."""
    return Q(**{f"{prefix}stage__is_final": True, f"{prefix}stage__kind": Stage.Kind.MAIN})


def overdue_q(today: datetime.date) -> Q:
    """Open ideas whose answer is late (as `ideas.workflow.due` says for one)."""
    return (
        Q(response_due__lt=today, stage__is_final=False, status=Idea.Status.SUBMITTED)
        & ~on_hold_q()
    )


def response(ideas: QuerySet[Idea], *, today: datetime.date) -> Response:
    """How fast the ideas were first answered: the median time and how many were answered by
    their deadline, from what each idea recorded of its first answer (one query on
    PostgreSQL, two on SQLite; `ideas.selectors.answer_figures`)."""
    figures = answer_figures(ideas, today=today)
    return Response(
        answered=figures.answered,
        median_days=figures.median_days,
        due=figures.due,
        within=figures.within,
    )


@dataclass(frozen=True)
class _Tree:
    """The active units (id → unit) and the rows a chart by unit shows: the chosen unit's
    children (the roots for the whole organisation), or the chosen unit itself if it has
    none."""

    units: dict[int, Unit]
    rows: list[Unit]

    def under(self, row: Unit, counts: dict[int | None, int]) -> int:
        return sum(
            n
            for pk, n in counts.items()
            if pk in self.units and self.units[pk].path.startswith(row.path)
        )


def _tree(viewer, unit: Unit | None) -> _Tree:
    units = {
        u.pk: u
        for u in Unit.objects.filter(readable_units_q(viewer))
        .only("pk", "name", "path", "depth", "parent_id")
        .order_by("path")
    }
    if unit is not None:
        rows = [u for u in units.values() if u.parent_id == unit.pk] or [unit]
    elif sees_everything(viewer):
        rows = [u for u in units.values() if u.parent_id is None]
    else:
        # A manager: the units they manage (the highest ones, not those below them).
        paths = sorted(readable_paths(viewer))
        rows = [u for u in units.values() if u.path in paths]
    return _Tree(units=units, rows=rows)


def readable_paths(viewer) -> set[str]:
    """The highest of the units a manager manages (those not below another of them)."""
    paths = set(managed_paths(viewer))
    return {p for p in paths if not any(p != q and p.startswith(q) for q in paths)}


def target_for(unit: Unit, targets: dict[int, Decimal], units: dict[int, Unit]) -> Decimal | None:
    """The unit's target, or its nearest ancestor's that has one."""
    for pk in [unit.pk, *reversed(unit.ancestor_ids)]:
        if pk in targets:
            return targets[pk]
    return None


def _targets(
    tree: _Tree, ideas_by_unit: dict, people_by_unit: dict, period: Period, unit: Unit | None
) -> list[TargetRow]:
    targets = dict(UnitTarget.objects.values_list("unit_id", "ideas_per_employee"))
    years = Decimal(period.days) / DAYS_A_YEAR

    def row(of: Unit | None, ideas: int, people: int, target: Decimal | None) -> TargetRow:
        rate = float(Decimal(ideas) / people / years) if people else None
        return TargetRow(of, ideas, people, rate, target)

    rows = []
    for u in tree.rows:
        rows.append(
            row(
                u,
                tree.under(u, ideas_by_unit),
                tree.under(u, people_by_unit),
                target_for(u, targets, tree.units),
            )
        )
    return rows


def _label(value: str, choices) -> str:
    return str(dict(choices).get(value, value))


def _share(part: int, whole: int) -> str:
    return formats.number_format(round(100 * part / whole), 0) + " %" if whole else "–"


# The dashboard --------------------------------------------------------------------------------


def dashboard(*, viewer, period: Period, unit: Unit | None, today: datetime.date) -> Dashboard:
    """Every figure of the dashboard for the viewer, the period and (optionally) one unit
    and the units below it, in a fixed number of queries."""
    ideas = ideas_handed_in(viewer, unit, period)
    stages = {
        row["pk"]: row
        for row in Stage.objects.values(
            "pk", "name_sv", "name_en", "lane", "order", "kind", "is_final"
        )
    }
    by_stage_rows = dict(
        ideas.order_by().values("stage_id").annotate(n=Count("pk")).values_list("stage_id", "n")
    )
    unit_param = {"unit": unit.pk} if unit else {}
    by_stage = [
        Bar(
            f"{bilingual(s['name_sv'], s['name_en'])} ({_label(s['lane'], Lane.choices).lower()})",
            by_stage_rows.get(pk, 0),
            {"stage": pk, **unit_param},
        )
        for pk, s in sorted(stages.items(), key=lambda item: (item[1]["lane"], item[1]["order"]))
        if by_stage_rows.get(pk)
    ]
    # The lanes and the implemented ideas follow from the stages (a stage is in one lane):
    # one pass over the ideas gives all three.
    by_lane_rows: dict[str, int] = defaultdict(int)
    implemented = 0
    for pk, n in by_stage_rows.items():
        stage = stages.get(pk)
        if stage is None:
            continue
        by_lane_rows[stage["lane"]] += n
        if stage["is_final"] and stage["kind"] == Stage.Kind.MAIN:
            implemented += n
    by_lane = [
        Bar(str(label), by_lane_rows.get(value, 0), {"lane": value, **unit_param})
        for value, label in Lane.choices
    ]
    total = sum(by_stage_rows.values())

    tree = _tree(viewer, unit)
    ideas_by_unit = dict(
        ideas.order_by().values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )
    people_by_unit = dict(
        User.objects.filter(scope_q(viewer, unit), is_active=True)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    by_unit = [Bar(u.name, tree.under(u, ideas_by_unit), {"unit": u.pk}) for u in tree.rows]

    goals = (
        Idea.global_goals.through.objects.filter(idea__in=ideas)
        .order_by()
        .values("globalgoal__number", "globalgoal__name_sv", "globalgoal__name_en")
        .annotate(n=Count("idea_id"))
        .order_by("globalgoal__number")
    )
    by_goal = [
        Bar(
            f"{g['globalgoal__number']}. {bilingual(g['globalgoal__name_sv'], g['globalgoal__name_en'])}",
            g["n"],
            {"goal": g["globalgoal__number"], **unit_param},
        )
        for g in goals
    ]

    month_rows = {
        timezone.localtime(m).date() if isinstance(m, datetime.datetime) else m: n
        for m, n in ideas.order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }
    months = period.months()
    short = "M" if len({m.year for m in months}) == 1 else "M y"
    by_month = [
        Bar(
            formats.date_format(m, "YEAR_MONTH_FORMAT"),
            month_rows.get(m, 0),
            short=formats.date_format(m, short),
        )
        for m in months
    ]

    overdue = ideas_in_scope(viewer, unit).filter(overdue_q(today)).count()
    return Dashboard(
        period=period,
        unit=unit,
        total=total,
        by_stage=by_stage,
        by_lane=by_lane,
        by_unit=by_unit,
        by_goal=by_goal,
        by_month=by_month,
        implemented=implemented,
        response=response(ideas, today=today),
        overdue=overdue,
        targets=_targets(tree, ideas_by_unit, people_by_unit, period, unit),
        benefits=benefit_bars(viewer=viewer, period=period, unit=unit),
        participation=participation(viewer=viewer, period=period, unit=unit),
        groups=groups_by_status(
            ideas_q=None
            if unit is None and sees_everything(viewer)
            else scope_q(viewer, unit, "idea__unit"),
            today=today,
        ),
    )


def benefit_bars(*, viewer, period: Period, unit: Unit | None) -> list[Bar]:
    """Realised benefits recorded in the period, by category (how many)."""
    rows = dict(
        benefits_in_scope(viewer, period, unit)
        .filter(kind=Benefit.Kind.REALISED)
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    return [Bar(str(label), rows.get(value, 0)) for value, label in BenefitCategory.choices]


def participation(*, viewer, period: Period, unit: Unit | None) -> Participation:
    """Who took part in the programme's workshops in the period (people of the units read)."""
    first, after = period.moments()
    held = Workshop.objects.filter(starts_at__gte=first, starts_at__lt=after).exclude(
        phase=Workshop.Phase.CANCELLED
    )
    taking_part = SignUp.objects.filter(
        scope_q(viewer, unit, "person__unit"),
        workshop__in=held,
        status__in=SignUp.TAKING_PART,
    )
    counts = taking_part.aggregate(places=Count("pk"), people=Count("person_id", distinct=True))
    return Participation(
        workshops=held.filter(signups__in=taking_part).distinct().count(),
        workshop_places=counts["places"],
        workshop_people=counts["people"],
        conversations=conversations_participation(viewer=viewer, period=period, unit=unit),
        trainings=trainings_participation(viewer=viewer, period=period, unit=unit),
    )


def conversations_participation(*, viewer, period: Period, unit: Unit | None) -> int | None:
    """Places taken in learning conversations held in the period: the head counts their
    leaders recorded (colleagues may take part without being named). Conversations of a
    mixed group (no unit) count for the whole organisation only."""
    first, after = period.moments()
    total = ConversationSession.objects.filter(
        scope_q(viewer, unit),
        starts_at__gte=first,
        starts_at__lt=after,
        recorded_at__isnull=False,
    ).aggregate(places=Sum("attended_count"))["places"]
    return total or 0


def trainings_participation(*, viewer, period: Period, unit: Unit | None) -> int | None:
    """People (of the units read) who attended a training session in the period."""
    first, after = period.moments()
    return Attendance.objects.filter(
        scope_q(viewer, unit, "enrolment__person__unit"),
        session__starts_at__gte=first,
        session__starts_at__lt=after,
    ).aggregate(people=Count("enrolment__person_id", distinct=True))["people"]


def groups_by_status(*, ideas_q: Q | None, today: datetime.date) -> list[Bar]:
    """Running groups by their traffic light: every group (`ideas_q` None: the whole
    organisation), or the groups carrying an idea `ideas_q` (over the groups' idea links)
    admits: a unit's and a manager's."""
    groups = Group.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    if ideas_q is not None:
        groups = groups.filter(
            pk__in=Group.ideas.through.objects.filter(ideas_q).values("group_id")
        )
    rows = dict(
        groups.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [
        Bar(str(label), rows.get(value, 0), {"status": value}) for value, label in Status.choices
    ]


# Benefits summed --------------------------------------------------------------------------------


def benefits_in_scope(viewer, period: Period, unit: Unit | None) -> QuerySet[Benefit]:
    """Benefits recorded in the period on handed-in ideas of the units the viewer reads."""
    first, after = period.moments()
    return Benefit.objects.filter(
        scope_q(viewer, unit, "idea__unit"),
        idea__status=Idea.Status.SUBMITTED,
        created_at__gte=first,
        created_at__lt=after,
    )


@dataclass(frozen=True)
class BenefitSum:
    """Benefits of one group (a category, unit, goal or month): how many expected and
    realised, and their amounts summed per measure (hours a year and SEK do not add up)."""

    label: str
    expected: int
    realised: int
    amounts: list[tuple[str, Decimal, Decimal]]  # (measure, expected, realised)


@dataclass(frozen=True)
class BenefitSummary:
    period: Period
    unit: Unit | None
    by_category: list[BenefitSum]
    by_unit: list[BenefitSum]
    by_goal: list[BenefitSum]
    by_month: list[BenefitSum]
    realised_chart: list[Bar]


def _sums(rows, key: str, labels: dict) -> list[BenefitSum]:
    grouped: dict = defaultdict(lambda: {"expected": 0, "realised": 0, "amounts": {}})
    for row in rows:
        entry = grouped[row[key]]
        entry[row["kind"]] += row["n"]
        if row["amount"] is not None:
            measure = row["measure"] or ""
            expected, realised = entry["amounts"].get(measure, (Decimal(0), Decimal(0)))
            if row["kind"] == Benefit.Kind.EXPECTED:
                expected += row["amount"]
            else:
                realised += row["amount"]
            entry["amounts"][measure] = (expected, realised)
    return [
        BenefitSum(
            label=label,
            expected=grouped[value]["expected"],
            realised=grouped[value]["realised"],
            amounts=[(m, e, r) for m, (e, r) in sorted(grouped[value]["amounts"].items())],
        )
        for value, label in labels.items()
        if value in grouped
    ]


def benefit_summary(*, viewer, period: Period, unit: Unit | None) -> BenefitSummary:
    """Expected and realised benefits added up by category, unit, goal and month (four
    grouped queries and the unit tree)."""
    benefits = benefits_in_scope(viewer, period, unit).order_by()

    def grouped(*by: str):
        return list(
            benefits.values(*by, "kind", "measure").annotate(n=Count("pk"), amount=Sum("amount"))
        )

    categories = {value: str(label) for value, label in BenefitCategory.choices}
    by_category = _sums(grouped("category"), "category", categories)

    tree = _tree(viewer, unit)
    unit_rows = grouped("idea__unit")
    row_of = {}
    for pk, u in tree.units.items():
        for row in tree.rows:
            if u.path.startswith(row.path):
                row_of[pk] = row.pk
    rolled = [{**r, "row": row_of.get(r["idea__unit"])} for r in unit_rows]
    by_unit = _sums(
        [r for r in rolled if r["row"] is not None], "row", {u.pk: u.name for u in tree.rows}
    )

    goal_rows = list(
        Benefit.objects.filter(pk__in=benefits.values("pk"))
        .order_by()
        .values(
            "idea__global_goals__number",
            "idea__global_goals__name_sv",
            "idea__global_goals__name_en",
            "kind",
            "measure",
        )
        .filter(idea__global_goals__isnull=False)
        .annotate(n=Count("pk"), amount=Sum("amount"))
    )
    goals = {
        r["idea__global_goals__number"]: f"{r['idea__global_goals__number']}. "
        + bilingual(r["idea__global_goals__name_sv"], r["idea__global_goals__name_en"])
        for r in sorted(goal_rows, key=lambda r: r["idea__global_goals__number"])
    }
    by_goal = _sums(goal_rows, "idea__global_goals__number", goals)

    month_rows = [
        {
            **r,
            "month": timezone.localtime(r["month"]).date()
            if isinstance(r["month"], datetime.datetime)
            else r["month"],
        }
        for r in benefits.annotate(month=TruncMonth("created_at"))
        .values("month", "kind", "measure")
        .annotate(n=Count("pk"), amount=Sum("amount"))
    ]
    months = {m: formats.date_format(m, "YEAR_MONTH_FORMAT") for m in period.months()}
    by_month = _sums(month_rows, "month", months)
    realised = {s.label: s.realised for s in by_category}
    return BenefitSummary(
        period=period,
        unit=unit,
        by_category=by_category,
        by_unit=by_unit,
        by_goal=by_goal,
        by_month=by_month,
        realised_chart=[Bar(label, realised.get(label, 0)) for label in categories.values()],
    )


# The start page's figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Glance:
    """The programme at a glance, this year, for the whole organisation (the short version
    leaves out what is None)."""

    year: int
    ideas: int
    implemented: int
    realised_benefits: int
    workshop_people: int
    target: int | None = None  # ideas hoped for this year (employees × their unit's target)
    response: Response | None = None
    groups: list[Bar] | None = None


def glance(*, today: datetime.date, full: bool = True) -> Glance:
    """This year's figures for the whole organisation: the steering group's start page (full)
    and everyone's (short: four counts). They count handed-in ideas, which everyone signed in
    may see on the idea list."""
    period = Period.year_of(today)
    first, after = period.moments()
    ideas = Idea.objects.filter(
        status=Idea.Status.SUBMITTED, submitted_at__gte=first, submitted_at__lt=after
    )
    counts = ideas.aggregate(total=Count("pk"), implemented=Count("pk", filter=implemented_q()))
    return Glance(
        year=today.year,
        ideas=counts["total"],
        implemented=counts["implemented"],
        realised_benefits=Benefit.objects.filter(
            kind=Benefit.Kind.REALISED,
            idea__status=Idea.Status.SUBMITTED,
            created_at__gte=first,
            created_at__lt=after,
        ).count(),
        workshop_people=SignUp.objects.filter(
            workshop__starts_at__gte=first,
            workshop__starts_at__lt=after,
            status__in=SignUp.TAKING_PART,
        )
        .exclude(workshop__phase=Workshop.Phase.CANCELLED)
        .values("person_id")
        .distinct()
        .count(),
        target=yearly_target() if full else None,
        response=response(ideas, today=today) if full else None,
        groups=groups_by_status(ideas_q=None, today=today) if full else None,
    )


def yearly_target() -> int | None:
    """Ideas hoped for in a year: each unit's active employees × its (inherited) target."""
    targets = dict(UnitTarget.objects.values_list("unit_id", "ideas_per_employee"))
    if not targets:
        return None
    units = {u.pk: u for u in Unit.objects.only("pk", "path", "parent_id")}
    people = User.objects.filter(is_active=True, unit__isnull=False).order_by()
    total = Decimal(0)
    for unit_id, n in people.values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"):
        target = target_for(units[unit_id], targets, units) if unit_id in units else None
        total += (target or 0) * n
    return round(total)


# Targets ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetLine:
    unit: Unit
    own: Decimal | None  # set on this unit
    inherited: Decimal | None  # from the nearest ancestor with a target


def target_lines() -> list[TargetLine]:
    """Every active unit in tree order with its own and its inherited target (two queries)."""
    targets = dict(UnitTarget.objects.values_list("unit_id", "ideas_per_employee"))
    units = list(Unit.objects.filter(is_active=True).order_by("path"))
    by_pk = {u.pk: u for u in units}
    return [
        TargetLine(
            unit=u,
            own=targets.get(u.pk),
            inherited=next((targets[pk] for pk in reversed(u.ancestor_ids) if pk in targets), None),
        )
        for u in units
        if u.pk in by_pk
    ]
