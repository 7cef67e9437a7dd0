"""Reads of learning conversations, given the viewer: each page costs a fixed number of
queries, whatever the number of sessions, participants or insights."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.conversations.models import GuidePhase, GuideVersion, Insight, Session, Theme
from idesluss.conversations.policy import policy

PAGE_SIZE = 25


def _with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.select_related("theme", "unit", "leader").annotate(
        named_count=Count("participant_rows", distinct=True),
        insight_count=Count("insights", distinct=True),
    )


def session_list(*, viewer: User, page: int | str | None, past: bool = False) -> Page:
    """The sessions the viewer may know of: coming ones soonest first, or past ones latest
    first."""
    now = timezone.now()
    sessions = policy.filter(viewer, "conversations.view_session")
    sessions = sessions.filter(ends_at__lte=now) if past else sessions.filter(ends_at__gt=now)
    sessions = _with_counts(sessions).annotate(
        may_see_notes=policy.flag(viewer, "conversations.view_notes")
    )
    order = ["-starts_at", "-id"] if past else ["starts_at", "id"]
    return Paginator(sessions.order_by(*order), PAGE_SIZE).get_page(page)


def session_for_page(*, pk: int, viewer: User) -> Session:
    """One session with what its page shows and what its permission checks read
    (`participant_ids`). Raises Session.DoesNotExist."""
    session = (
        Session.objects.select_related("theme", "unit", "leader", "guide")
        .prefetch_related(
            Prefetch(
                "participant_rows",
                queryset=Session.participants.through.objects.select_related("person").order_by(
                    "person__full_name", "person_id"
                ),
            ),
            Prefetch(
                "insights",
                queryset=Insight.objects.select_related("idea__stage").order_by("position", "id"),
            ),
            Prefetch("guide__phases", queryset=GuidePhase.objects.order_by("position")),
        )
        .get(pk=pk)
    )
    session.participant_ids = {row.person_id for row in session.participant_rows.all()}
    return session


def theme_list() -> QuerySet[Theme]:
    """Every theme, in use first, with how many sessions used it."""
    return (
        Theme.objects.prefetch_related("global_goals")
        .annotate(session_count=Count("sessions"))
        .order_by("-is_active", "title", "id")
    )


def theme_for_page(*, pk: int) -> tuple[Theme, GuideVersion | None, list[GuideVersion]]:
    """A theme, its current guide with its phases and its earlier versions. Raises
    Theme.DoesNotExist."""
    theme = Theme.objects.prefetch_related("global_goals", "vision_goals").get(pk=pk)
    versions = list(
        GuideVersion.objects.filter(theme=theme)
        .select_related("created_by")
        .prefetch_related(Prefetch("phases", queryset=GuidePhase.objects.order_by("position")))
        .annotate(session_count=Count("sessions"))
        .order_by("-number")
    )
    return theme, (versions[0] if versions else None), versions


@dataclass(frozen=True)
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    unit: object | None = None
    theme: Theme | None = None


def _filtered(sessions: QuerySet[Session], filters: Filters) -> QuerySet[Session]:
    if filters.start:
        sessions = sessions.filter(starts_at__date__gte=filters.start)
    if filters.end:
        sessions = sessions.filter(starts_at__date__lte=filters.end)
    if filters.unit is not None:
        sessions = sessions.filter(unit__path__startswith=filters.unit.path)
    if filters.theme is not None:
        sessions = sessions.filter(theme=filters.theme)
    return sessions


@dataclass(frozen=True)
class Overview:
    totals: dict
    by_month: list[dict]
    by_unit: list[dict]
    by_theme: list[dict]
    insights_to_ideas: list[Insight]


def overview(*, viewer: User, filters: Filters, ideas_limit: int = 20) -> Overview:
    """Sessions per month, unit and theme, how many took part, and the insights that became
    ideas: five queries, whatever the data."""
    sessions = _filtered(policy.filter(viewer, "conversations.view_session"), filters)
    now = timezone.now()
    totals = sessions.aggregate(
        sessions=Count("id"),
        held=Count("id", filter=Q(starts_at__lte=now)),
        recorded=Count("id", filter=Q(recorded_at__isnull=False)),
        leaders=Count("leader", distinct=True),
        attended=Sum("attended_count"),
    )
    # Apart: the join to the insights would count each session's attendance once an insight.
    participation = sessions.aggregate(
        insight_count=Count("insights"),
        idea_count=Count("insights", filter=Q(insights__idea__isnull=False)),
    )
    totals.update(insights=participation["insight_count"], ideas=participation["idea_count"])
    by_month = list(
        sessions.annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(sessions=Count("id"), attended=Sum("attended_count"))
        .order_by("month")
    )
    by_unit = list(
        sessions.values("unit__name")
        .annotate(sessions=Count("id"), attended=Sum("attended_count"))
        .order_by("-sessions", "unit__name")
    )
    by_theme = list(
        sessions.values("theme_id", "theme__title")
        .annotate(
            sessions=Count("id", distinct=True),
            insight_count=Count("insights"),
            idea_count=Count("insights", filter=Q(insights__idea__isnull=False)),
        )
        .order_by("-sessions", "theme__title")
    )
    insights = list(
        Insight.objects.filter(session__in=sessions, idea__isnull=False)
        .select_related("session__theme", "idea__stage")
        .order_by("-session__starts_at", "-id")[:ideas_limit]
    )
    return Overview(totals, by_month, by_unit, by_theme, insights)


def history(*, leader: User, filters: Filters, page: int | str | None) -> tuple[Page, dict]:
    """A leader's sessions (latest first) and their totals."""
    sessions = _filtered(Session.objects.filter(leader=leader), filters)
    totals = sessions.aggregate(
        sessions=Count("id"),
        attended=Sum("attended_count"),
        unrecorded=Count("id", filter=Q(recorded_at__isnull=True, starts_at__lte=timezone.now())),
    )
    totals["insights"] = Insight.objects.filter(session__in=sessions).count()
    totals["ideas"] = Insight.objects.filter(session__in=sessions, idea__isnull=False).count()
    listed = _with_counts(sessions).annotate(
        idea_count=Count("insights", filter=Q(insights__idea__isnull=False), distinct=True)
    )
    return Paginator(listed.order_by("-starts_at", "-id"), PAGE_SIZE).get_page(page), totals


@dataclass(frozen=True)
class StartPanel:
    leading_coming: list[Session]
    unrecorded: list[Session]
    taking_part: list[Session]


def start_panel(*, viewer: User, leads: bool, limit: int = 5) -> StartPanel:
    """What waits for the person: sessions they lead soon and past ones not recorded (asked
    only of those who lead), and sessions they are named on."""
    now = timezone.now()
    base = Session.objects.select_related("theme", "unit")
    leading = base.filter(leader_id=viewer.pk)
    return StartPanel(
        leading_coming=(
            list(leading.filter(starts_at__gt=now).order_by("starts_at")[:limit]) if leads else []
        ),
        unrecorded=(
            list(
                leading.filter(starts_at__lte=now, recorded_at__isnull=True).order_by("-starts_at")[
                    :limit
                ]
            )
            if leads
            else []
        ),
        taking_part=list(
            base.filter(participant_rows__person_id=viewer.pk, starts_at__gt=now)
            .exclude(leader_id=viewer.pk)
            .order_by("starts_at")[:limit]
        ),
    )


def insights_for_idea(*, idea_id: int, viewer: User) -> list[Insight]:
    """The insights an idea came from, with the sessions the viewer may see."""
    return list(
        Insight.objects.filter(idea_id=idea_id)
        .select_related("session__theme")
        .annotate(
            may_see=ExpressionWrapper(
                Q(session__in=policy.filter(viewer, "conversations.view_session")),
                output_field=BooleanField(),
            )
        )
    )
