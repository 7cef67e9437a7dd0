"""Exports for the steering group and funders: ideas, groups, group sessions and workshops as
CSV or Excel, with the filters the viewer chose, and only what the viewer may see.

Each export is an `Export` in `EXPORTS` (name → columns, rows, who may use it). Rows are
read as values, `ROWS_AT_ONCE` at a time (`.iterator(chunk_size=…)`), and what a row needs
from other tables (goals, benefits, a group's ideas) is read in one query per chunk: a
export costs the same few queries per chunk of rows however many there are, and holds one
chunk in memory (core/exports.py writes them: the CSV streamed line by line, the workbook
in a temporary file).

Names of people appear only where the pages show them to the viewer: an idea's submitter
not for a blind assessor of it (`ideas.view_authors`, as the idea list's cards).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import batched

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idesluss.accounts.models import Unit
from idesluss.conversations.models import Session as ConversationSession
from idesluss.core.models import bilingual
from idesluss.core.policy import EVERYTHING, NOTHING
from idesluss.groups.models import Group, Session
from idesluss.groups.models import Status as GroupStatus
from idesluss.groups.policy import view_group_q
from idesluss.ideas.models import Benefit, BenefitCategory, Idea, Lane, Stage
from idesluss.ideas.policy import policy as idea_policy
from idesluss.ideas.selectors import IdeaFilters, filtered_ideas, with_authors_hidden
from idesluss.insights.policy import readable_units_q
from idesluss.learning.models import Enrolment, Grants, Training, TrainingSession
from idesluss.workshops.models import SignUp, Workshop

# Rows read (and written) at a time; each chunk costs one query per related table.
ROWS_AT_ONCE = 2000
# An Excel workbook is written before it is sent (openpyxl with lxml writes some 7,000
# rows of ideas a second on two shared cores: bench/export_bench.py): beyond this many rows
# it could outlast the worker's timeout on a busy machine, so a larger export is asked to
# be a CSV file (streamed, some 30,000 rows a second) or narrowed.
EXCEL_MAX_ROWS = 50_000


def may_export(user) -> bool:
    """The insights policy's `insights.export`: the coordinator, the steering group and
    administrators for the whole organisation, managers for their units."""
    return user is not None and user.has_perm("insights.export")


def unit_scope(user, field: str = "unit") -> Q:
    """The rows (whose `field` is a unit) the person may export, by the insights policy."""
    if not may_export(user):
        return NOTHING
    return readable_units_q(user, field)


@dataclass(frozen=True)
class ExportFilters:
    """What the exports page (or the idea list's export link) asked for. The period is
    inclusive: from the first day's start to the last day's end, in local time."""

    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    unit: Unit | None = None
    # The idea list's own filters (ideas only).
    ideas: IdeaFilters = field(default_factory=IdeaFilters)

    def moments(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """The period as [start, end) moments (None: open)."""
        return period_moments(self.first_day, self.last_day)


def period_moments(
    first_day: datetime.date | None, last_day: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """A period of days as [start, end) aware moments in the current time zone."""

    def start_of(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    start = start_of(first_day) if first_day else None
    end = start_of(last_day + datetime.timedelta(days=1)) if last_day else None
    return start, end


def _in_period(field_name: str, filters: ExportFilters) -> Q:
    start, end = filters.moments()
    condition = Q()
    if start:
        condition &= Q(**{f"{field_name}__gte": start})
    if end:
        condition &= Q(**{f"{field_name}__lt": end})
    return condition


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _chunks(rows: QuerySet) -> Iterator[tuple]:
    """The rows of `rows` a chunk at a time (one query, read as it goes)."""
    return batched(rows.iterator(chunk_size=ROWS_AT_ONCE), ROWS_AT_ONCE)


# Ideas ---------------------------------------------------------------------------------


def implemented_q(prefix: str = "") -> Q:
    """Ideas that are implemented: in a final stage of the main line ("Införd", "Klart"),
    not a side exit such as closed or forwarded."""
    return Q(**{f"{prefix}stage__is_final": True, f"{prefix}stage__kind": Stage.Kind.MAIN})


def ideas_for_export(*, viewer, filters: ExportFilters) -> QuerySet[Idea]:
    """The ideas of the idea list with its filters, narrowed to what the viewer may see and
    export (a manager: their units) and to the period they were handed in."""
    ideas = filtered_ideas(viewer=viewer, filters=filters.ideas)
    ideas = idea_policy.filter(viewer, "ideas.view_idea", ideas).filter(unit_scope(viewer))
    if filters.unit is not None:
        ideas = ideas.filter(unit__path__startswith=filters.unit.path)
    return ideas.filter(_in_period("submitted_at", filters))


def idea_header() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Lane"),
        _("Stage"),
        _("Unit"),
        _("Handed in"),
        _("Submitter"),
        _("Responsible"),
        _("Answer due"),
        _("Implemented"),
        _("Global Goals"),
        _("Supports"),
        _("Comments"),
        _("Expected benefits"),
        _("Realised benefits"),
    ]


_IDEA_FIELDS = (
    "id", "title", "lane", "stage_id", "unit__name",
    "submitted_at", "authors_hidden", "submitter__full_name", "responsible__full_name",
    "response_due", "is_implemented", "moved_at", "support_count", "comment_count",
)  # fmt: skip


def idea_rows(*, viewer, filters: ExportFilters) -> Iterator[list]:
    """One row per idea (`idea_header`): three queries per ROWS_AT_ONCE ideas."""
    ideas = (
        with_authors_hidden(ideas_for_export(viewer=viewer, filters=filters), viewer=viewer)
        .annotate(is_implemented=_flag(implemented_q()))
        .values_list(*_IDEA_FIELDS)
    )
    lanes = {value: str(label) for value, label in Lane.choices}
    categories = {value: str(label) for value, label in BenefitCategory.choices}
    # Looked up once, not per row (the language and the time zone are request-local).
    stages = {
        pk: bilingual(name_sv, name_en)
        for pk, name_sv, name_en in Stage.objects.values_list("pk", "name_sv", "name_en")
    }
    zone = timezone.get_current_timezone()

    def day(moment: datetime.datetime | None) -> datetime.date | None:
        return moment.astimezone(zone).date() if moment else None

    for chunk in _chunks(ideas):
        ids = [row[0] for row in chunk]
        goals = _goals_of(ids)
        benefits = _benefits_of(ids, categories)
        for (
            pk, title, lane, stage_id, unit_name, submitted_at,
            authors_hidden, submitter, responsible, response_due, is_implemented, moved_at,
            supports, comments,
        ) in chunk:  # fmt: skip
            yield [
                pk,
                title,
                lanes.get(lane, lane),
                stages.get(stage_id, "") if stage_id else "",
                unit_name or "",
                day(submitted_at),
                "" if authors_hidden else submitter,
                responsible or "",
                response_due,
                day(moved_at) if is_implemented else None,
                goals.get(pk, ""),
                supports,
                comments,
                benefits.get((pk, Benefit.Kind.EXPECTED), ""),
                benefits.get((pk, Benefit.Kind.REALISED), ""),
            ]


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _goals_of(idea_ids: list[int]) -> dict[int, str]:
    """The Global Goals' numbers of these ideas ("3, 11"), in one query."""
    through = Idea.global_goals.through.objects.filter(idea_id__in=idea_ids)
    numbers: dict[int, list[int]] = defaultdict(list)
    for idea_id, number in through.order_by("globalgoal__number").values_list(
        "idea_id", "globalgoal__number"
    ):
        numbers[idea_id].append(number)
    return {pk: ", ".join(map(str, found)) for pk, found in numbers.items()}


def _benefits_of(idea_ids: list[int], categories: dict[str, str]) -> dict[tuple, str]:
    """The benefits of these ideas by (idea, kind), one line each ("Time saved: fewer trips
    (120 hours a year)"), in one query."""
    lines: dict[tuple, list[str]] = defaultdict(list)
    for idea_id, kind, category, description, amount, measure in (
        Benefit.objects.filter(idea_id__in=idea_ids)
        .order_by("idea_id", "kind", "category", "id")
        .values_list("idea_id", "kind", "category", "description", "amount", "measure")
    ):
        line = f"{categories.get(category, category)}: {description}"
        if amount is not None:
            line += f" ({amount.normalize():f} {measure})".replace(" )", ")")
        lines[(idea_id, kind)].append(line)
    return {key: "\n".join(found) for key, found in lines.items()}


# Groups --------------------------------------------------------------------------------


def groups_for_export(*, viewer, filters: ExportFilters) -> Q:
    """The groups the viewer may see (groups' policy: a private group only for its members,
    its coach and the coordinator) and export (a manager: those with a member or an idea
    of their units), running some of the period, with a member or an idea of the unit
    asked for."""
    if not may_export(viewer):
        return NOTHING
    condition = view_group_q(viewer)
    scope = unit_scope(viewer, "user__unit")
    if scope != EVERYTHING:
        condition &= _group_of_units(scope, unit_scope(viewer, "idea__unit"))
    if filters.unit is not None:
        path = filters.unit.path
        condition &= _group_of_units(
            Q(user__unit__path__startswith=path), Q(idea__unit__path__startswith=path)
        )
    if filters.first_day:
        condition &= Q(ends_on__isnull=True) | Q(ends_on__gte=filters.first_day)
    if filters.last_day:
        condition &= Q(starts_on__lte=filters.last_day)
    return condition


def _group_of_units(members: Q, ideas: Q) -> Q:
    """Groups with a member (`members`, a Q over memberships) or an idea (`ideas`) there."""
    member_of = Group.members.through.objects.filter(members, group_id=OuterRef("pk"))
    idea_of = Group.ideas.through.objects.filter(ideas, group_id=OuterRef("pk"))
    return Q(Exists(member_of)) | Q(Exists(idea_of))


def group_header() -> list[str]:
    return [
        _("Number"),
        _("Name"),
        _("Kind"),
        _("Status"),
        _("Coach"),
        _("Start"),
        _("Planned end"),
        _("Members"),
        _("Ideas"),
    ]


def group_rows(*, viewer, filters: ExportFilters) -> Iterator[list]:
    """One row per group (`group_header`): two queries per ROWS_AT_ONCE groups."""
    groups = (
        Group.objects.filter(groups_for_export(viewer=viewer, filters=filters))
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-starts_on", "-id")
        .values_list(
            "id", "name", "kind", "status", "coach__full_name", "starts_on", "ends_on",
            "member_count",
        )
    )  # fmt: skip
    kinds = dict(Group.Kind.choices)
    statuses = dict(GroupStatus.choices)
    for chunk in _chunks(groups):
        ideas: dict[int, list[str]] = defaultdict(list)
        for group_id, idea_id in (
            Group.ideas.through.objects.filter(group_id__in=[row[0] for row in chunk])
            .order_by("idea_id")
            .values_list("group_id", "idea_id")
        ):
            ideas[group_id].append(f"#{idea_id}")
        for pk, name, kind, status, coach, starts_on, ends_on, members in chunk:
            yield [
                pk,
                name,
                str(kinds.get(kind, kind)),
                str(statuses.get(status, status)),
                coach or "",
                starts_on,
                ends_on,
                members,
                ", ".join(ideas.get(pk, [])),
            ]


def session_header() -> list[str]:
    return [
        _("Number"),
        _("Group"),
        _("Kind"),
        _("Date and time"),
        _("Length in minutes"),
        _("Place"),
        _("Attended"),
    ]


def session_rows(*, viewer, filters: ExportFilters) -> Iterator[list]:
    """One row per session of the groups the viewer may export, in the period: one query."""
    groups = groups_for_export(viewer=viewer, filters=ExportFilters(unit=filters.unit))
    sessions = (
        Session.objects.filter(group__in=Group.objects.filter(groups))
        .filter(_in_period("starts_at", filters))
        .annotate(attended=Count("attendees", distinct=True))
        .order_by("-starts_at", "-id")
        .values_list("id", "group__name", "kind", "starts_at", "minutes", "location", "attended")
    )
    kinds = dict(Session.Kind.choices)
    for chunk in _chunks(sessions):
        for pk, group, kind, starts_at, minutes, location, attended in chunk:
            yield [pk, group, str(kinds.get(kind, kind)), _local(starts_at), minutes, location,
                   attended]  # fmt: skip


# Workshops -----------------------------------------------------------------------------


def workshop_header() -> list[str]:
    return [
        _("Number"),
        _("Theme"),
        _("Phase"),
        _("Starts"),
        _("Ends"),
        _("Place"),
        _("Places"),
        _("Taking part"),
        _("Ideas"),
        _("Global Goals"),
    ]


def workshop_rows(*, viewer, filters: ExportFilters) -> Iterator[list]:
    """One row per workshop in the period (every signed-in person sees the workshops; the
    numbers name nobody): two queries per ROWS_AT_ONCE workshops."""
    workshops = (
        Workshop.objects.filter(_in_period("starts_at", filters))
        .annotate(
            taking_part=Count(
                "signups", filter=Q(signups__status__in=SignUp.TAKING_PART), distinct=True
            ),
            idea_count=Count("ideas", filter=Q(ideas__status=Idea.Status.SUBMITTED), distinct=True),
        )
        .order_by("-starts_at", "-id")
        .values_list(
            "id", "title", "phase", "starts_at", "ends_at", "place", "capacity", "taking_part",
            "idea_count",
        )
    )  # fmt: skip
    phases = dict(Workshop.Phase.choices)
    for chunk in _chunks(workshops):
        goals: dict[int, list[str]] = defaultdict(list)
        for workshop_id, number in (
            Workshop.global_goals.through.objects.filter(workshop_id__in=[row[0] for row in chunk])
            .order_by("globalgoal__number")
            .values_list("workshop_id", "globalgoal__number")
        ):
            goals[workshop_id].append(str(number))
        for pk, title, phase, starts_at, ends_at, place, capacity, taking_part, ideas in chunk:
            yield [
                pk, title, str(phases.get(phase, phase)), _local(starts_at), _local(ends_at),
                place, capacity, taking_part, ideas, ", ".join(goals.get(pk, [])),
            ]  # fmt: skip


# Learning conversations ------------------------------------------------------------------


def conversation_header() -> list[str]:
    return [
        _("Number"),
        _("Theme"),
        _("Unit"),
        _("Conversation leader"),
        _("Starts"),
        _("Place"),
        _("Recorded"),
        _("Took part"),
        _("Insights"),
        _("Insights that became ideas"),
    ]


def conversation_rows(*, viewer, filters: ExportFilters) -> Iterator[list]:
    """One row per learning conversation of the units the viewer may export, in the period:
    counts only, never the notes (those are for the leader, the participants and the
    coordinator). Conversations of a mixed group (no unit) for the whole organisation only.
    One query."""
    scope = unit_scope(viewer)
    if filters.unit is not None:
        scope &= Q(unit__path__startswith=filters.unit.path)
    sessions = (
        ConversationSession.objects.filter(scope)
        .filter(_in_period("starts_at", filters))
        .annotate(
            insight_count=Count("insights", distinct=True),
            idea_count=Count("insights", filter=Q(insights__idea__isnull=False), distinct=True),
        )
        .order_by("-starts_at", "-id")
        .values_list(
            "id", "theme__title", "unit__name", "leader__full_name", "starts_at", "place",
            "recorded_at", "attended_count", "insight_count", "idea_count",
        )
    )  # fmt: skip
    for chunk in _chunks(sessions):
        for (
            pk,
            theme,
            unit,
            leader,
            starts_at,
            place,
            recorded,
            took_part,
            insights,
            ideas,
        ) in chunk:
            yield [
                pk, theme, unit or _("Mixed group"), leader, _local(starts_at), place,
                _local_date(recorded), took_part, insights, ideas,
            ]  # fmt: skip


# Trainings -------------------------------------------------------------------------------


def training_header() -> list[str]:
    return [
        _("Number"),
        _("Training"),
        _("Grants the qualification"),
        _("First session"),
        _("Sessions"),
        _("Places"),
        _("Enrolled"),
        _("On the waiting list"),
        _("Completed"),
    ]


def training_rows(*, viewer, filters: ExportFilters) -> Iterator[list]:
    """One row per training with a session in the period: its places and how many people of
    the units the viewer may export are enrolled, waiting or completed (names are in the
    trainings' own follow-up). One query."""
    scope = unit_scope(viewer, "enrolments__person__unit")
    if filters.unit is not None:
        scope &= Q(enrolments__person__unit__path__startswith=filters.unit.path)
    enrolled = Q(scope, enrolments__person__is_active=True)

    def people(status: str) -> Count:
        return Count("enrolments", filter=enrolled & Q(enrolments__status=status), distinct=True)

    trainings = (
        Training.objects.filter(
            pk__in=TrainingSession.objects.filter(_in_period("starts_at", filters)).values(
                "training_id"
            )
        )
        .annotate(
            first_session=Min("sessions__starts_at"),
            session_count=Count("sessions", distinct=True),
            enrolled=people(Enrolment.Status.ENROLLED),
            waiting=people(Enrolment.Status.WAITING),
            completed=people(Enrolment.Status.COMPLETED),
        )
        .order_by("title", "id")
        .values_list(
            "id", "title", "grants", "first_session", "session_count", "capacity", "enrolled",
            "waiting", "completed",
        )
    )  # fmt: skip
    grants = dict(Grants.choices)
    for chunk in _chunks(trainings):
        for pk, title, code, first, sessions, places, enrolled_, waiting, completed in chunk:
            yield [
                pk, title, str(grants.get(code, "")) if code else "", _local(first), sessions,
                places, enrolled_, waiting, completed,
            ]  # fmt: skip


# The registry --------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """One export: its name in the address, its title, its columns and rows, and who may use
    it. The trainings' and learning conversations' exports are added here (lead) when
    those apps are merged."""

    name: str
    title: str | Promise
    header: Callable[[], list[str]]
    rows: Callable[..., Iterable[list]]
    may: Callable[[object], bool] = may_export
    # Whether the idea list's filters apply (the export link of the idea list).
    idea_filters: bool = False
    # Whether the unit filter applies.
    by_unit: bool = True
    # How many rows it would have (one query), for exports that can be large.
    count: Callable[..., int] | None = None


EXPORTS: dict[str, Export] = {
    export.name: export
    for export in (
        Export(
            "ideas",
            gettext_lazy("Ideas"),
            idea_header,
            idea_rows,
            idea_filters=True,
            count=lambda *, viewer, filters: (
                ideas_for_export(viewer=viewer, filters=filters).order_by().count()
            ),
        ),
        Export("groups", gettext_lazy("Workgroups and pilot groups"), group_header, group_rows),
        Export("sessions", gettext_lazy("Group sessions"), session_header, session_rows),
        Export(
            "workshops",
            gettext_lazy("Idea workshops"),
            workshop_header,
            workshop_rows,
            by_unit=False,
        ),
        Export(
            "conversations",
            gettext_lazy("Learning conversations"),
            conversation_header,
            conversation_rows,
        ),
        Export(
            "trainings", gettext_lazy("Trainings"), training_header, training_rows, by_unit=True
        ),
    )
}


def exports_for(user) -> list[Export]:
    """The exports this person may use, in the page's order."""
    return [export for export in EXPORTS.values() if export.may(user)]
