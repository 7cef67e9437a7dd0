"""Every change to learning conversations goes through these functions: they check the
rules, validate with clear messages, keep the audit trail and tell the people involved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idesluss.accounts import qualifications
from idesluss.accounts.models import Role, Unit, User
from idesluss.accounts.selectors import roles_of
from idesluss.conversations import notifications
from idesluss.conversations.models import (
    GuidePhase,
    GuideVersion,
    Insight,
    Participant,
    Session,
    Theme,
)
from idesluss.conversations.policy import policy
from idesluss.core.dates import date_error, format_datetime
from idesluss.core.services import audit_record
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.ideas.models import Idea, Lane
from idesluss.ideas.services import IdeaInput, submit_idea

MAX_PHASES = 8
MAX_MINUTES = 240
MAX_HEAD_COUNT = 500
MAX_INSIGHTS = 20

# The phases a new guide starts from (the coordinator changes them as they like).
DEFAULT_PHASES = [
    (gettext_lazy("Check-in"), 10),
    (gettext_lazy("Sharing experience"), 20),
    (gettext_lazy("Reflection"), 20),
    (gettext_lazy("What we learned"), 10),
    (gettext_lazy("Next step"), 10),
]


@dataclass
class PhaseInput:
    name: str = ""
    questions: str = ""
    minutes: int | None = None


@dataclass
class ThemeInput:
    title: str = ""
    description: str = ""
    global_goals: list[GlobalGoal] = field(default_factory=list)
    vision_goals: list[VisionGoal] = field(default_factory=list)
    is_active: bool = True
    phases: list[PhaseInput] = field(default_factory=list)


@dataclass
class SessionInput:
    theme: Theme | None = None
    leader: User | None = None
    unit: Unit | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str = ""
    participants: list[User] = field(default_factory=list)
    head_count: int | None = None


@dataclass
class RecordInput:
    experiences: str = ""
    lessons: str = ""
    insights: list[str] = field(default_factory=list)
    took_part: list[int] = field(default_factory=list)  # ids of named participants
    attended_count: int | None = None


@dataclass
class PromoteInput:
    title: str = ""
    need: str = ""
    proposal: str = ""
    lane: str = Lane.IMPROVEMENT
    unit: Unit | None = None
    co_submitters: list[User] = field(default_factory=list)


def _require(by: User, perm: str, obj=None) -> None:
    if not policy.may(by, perm, obj):
        raise PermissionDenied


# Themes and guides --------------------------------------------------------------------------


def _validate_theme(data: ThemeInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the theme a name.")]
    elif len(data.title.strip()) > 150:
        errors["title"] = [_("The theme can be at most 150 characters.")]
    phases = [phase for phase in data.phases if phase.name.strip()]
    if not phases:
        errors["phases"] = [_("A conversation guide needs at least one phase.")]
    elif len(phases) > MAX_PHASES:
        errors["phases"] = [_("A guide can have at most %(max)s phases.") % {"max": MAX_PHASES}]
    for phase in phases:
        if phase.minutes is None or not 1 <= phase.minutes <= MAX_MINUTES:
            errors.setdefault("phases", []).append(
                _("Give each phase a suggested time between 1 and %(max)s minutes.")
                % {"max": MAX_MINUTES}
            )
            break
    if errors:
        raise ValidationError(errors)


def _guide_changed(guide: GuideVersion | None, phases: list[PhaseInput]) -> bool:
    if guide is None:
        return True
    old = [(p.name, p.questions, p.minutes) for p in guide.phases.all()]
    new = [(p.name.strip(), p.questions.strip(), p.minutes) for p in phases]
    return old != new


@transaction.atomic
def theme_save(*, by: User, data: ThemeInput, theme: Theme | None = None) -> Theme:
    """Write a theme and its guide. A changed guide becomes a new version: sessions planned
    with the old one keep it."""
    _require(by, "conversations.manage_themes")
    _validate_theme(data)
    new = theme is None
    theme = Theme(created_by=by) if new else Theme.objects.select_for_update().get(pk=theme.pk)
    theme.title = data.title.strip()
    theme.description = data.description.strip()
    theme.is_active = data.is_active
    if new:
        theme.save()
    else:
        theme.save(update_fields=["title", "description", "is_active", "updated_at"])
    theme.global_goals.set(data.global_goals)
    theme.vision_goals.set(data.vision_goals)
    phases = [phase for phase in data.phases if phase.name.strip()]
    current = current_guide(theme)
    if _guide_changed(current, phases):
        number = (theme.guides.aggregate(top=Max("number"))["top"] or 0) + 1
        guide = GuideVersion.objects.create(theme=theme, number=number, created_by=by)
        GuidePhase.objects.bulk_create(
            GuidePhase(
                guide=guide,
                position=index,
                name=phase.name.strip(),
                questions=phase.questions.strip(),
                minutes=phase.minutes,
            )
            for index, phase in enumerate(phases, start=1)
        )
    audit_record(
        actor=by,
        action="conversations.theme_create" if new else "conversations.theme_change",
        target=theme,
    )
    return theme


def current_guide(theme: Theme) -> GuideVersion | None:
    """The newest version of the theme's guide."""
    return theme.guides.order_by("-number").prefetch_related("phases").first()


# Sessions -----------------------------------------------------------------------------------


def is_conversation_leader(person: User) -> bool:
    return Role.Code.CONVERSATION_LEADER in roles_of(person).codes


def _validate_session(data: SessionInput, session: Session | None) -> None:
    errors: dict[str, list[str]] = {}
    if data.theme is None:
        errors["theme"] = [_("Choose the theme of the conversation.")]
    elif not data.theme.is_active and (session is None or session.theme_id != data.theme.pk):
        errors["theme"] = [_("That theme is no longer in use: choose another.")]
    if data.leader is None:
        errors["leader"] = [_("Choose the conversation leader.")]
    elif not data.leader.is_active or not is_conversation_leader(data.leader):
        errors["leader"] = [
            qualifications.missing_message(data.leader, Role.Code.CONVERSATION_LEADER)
        ]
    if data.starts_at is None:
        errors["starts_at"] = [_("Give the date and start time.")]
    elif date_error(data.starts_at):
        errors["starts_at"] = [date_error(data.starts_at)]
    elif data.ends_at is None or data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The conversation must end after it starts.")]
    if data.head_count is not None and not 0 <= data.head_count <= MAX_HEAD_COUNT:
        errors["head_count"] = [
            _("The head count must be between 0 and %(max)s.") % {"max": MAX_HEAD_COUNT}
        ]
    if not data.participants and not data.head_count:
        errors["participants"] = [
            _("Name the participants, or give a head count if colleagues prefer not to be listed.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_save(*, by: User, data: SessionInput, session: Session | None = None) -> Session:
    """Plan a learning conversation, or change one. The leader must hold the conversation
    leader qualification; a leader plans their own, the coordinator for any leader. A new
    session keeps the theme's current guide version; newly named participants are invited."""
    if session is None:
        _require(by, "conversations.plan_session")
    else:
        session = Session.objects.select_for_update().get(pk=session.pk)
        _require(by, "conversations.change_session", session)
    # A leader plans (and keeps) their own conversations; the coordinator plans for any.
    keeps = by.pk if session is None else session.leader_id
    if (
        data.leader is not None
        and data.leader.pk != keeps
        and Role.Code.COORDINATOR not in roles_of(by).codes
        and not by.is_superuser
    ):
        raise ValidationError({"leader": [_("You can plan only your own conversations.")]})
    _validate_session(data, session)
    new = session is None
    theme_changed = new or session.theme_id != data.theme.pk
    guide = current_guide(data.theme) if theme_changed else session.guide
    if guide is None:
        raise ValidationError({"theme": [_("That theme has no conversation guide yet.")]})
    if new:
        session = Session(created_by=by)
    session.theme = data.theme
    session.guide = guide
    session.leader = data.leader
    session.unit = data.unit
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    session.place = data.place.strip()
    session.head_count = data.head_count
    if new:
        session.save()
        before: set[int] = set()
    else:
        session.version += 1
        session.save(
            update_fields=[
                "theme",
                "guide",
                "leader",
                "unit",
                "starts_at",
                "ends_at",
                "place",
                "head_count",
                "version",
                "updated_at",
            ]
        )
        before = set(session.participant_rows.values_list("person_id", flat=True))
    wanted = {person.pk: person for person in data.participants if person.is_active}
    Participant.objects.filter(session=session).exclude(person_id__in=wanted).delete()
    Participant.objects.bulk_create(
        [Participant(session=session, person=p) for pk, p in wanted.items() if pk not in before]
    )
    invited = [p for pk, p in wanted.items() if pk not in before and pk != session.leader_id]
    audit_record(
        actor=by,
        action="conversations.session_plan" if new else "conversations.session_change",
        target=session,
    )
    if invited and session.starts_at > timezone.now():
        transaction.on_commit(
            lambda: notifications.notify_invited(session=session, people=invited, by=by)
        )
    return session


@transaction.atomic
def session_record(*, by: User, session: Session, data: RecordInput) -> Session:
    """Record what a conversation gave: experiences, lessons, insights and who took part.
    Only once it has started; insights already made ideas are kept as they are."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require(by, "conversations.change_session", session)
    if not session.has_started():
        raise ValidationError(
            _("Notes can be recorded once the conversation has started (it starts %(when)s).")
            % {"when": format_datetime(session.starts_at)}
        )
    texts = [text.strip() for text in data.insights if text.strip()]
    errors: dict[str, list[str]] = {}
    if any(len(text) > Insight.MAX_LENGTH for text in texts):
        errors["insights"] = [
            _("Keep each insight short: at most %(max)s characters.") % {"max": Insight.MAX_LENGTH}
        ]
    elif len(texts) > MAX_INSIGHTS:
        errors["insights"] = [_("At most %(max)s insights a session.") % {"max": MAX_INSIGHTS}]
    if data.attended_count is not None and not 0 <= data.attended_count <= MAX_HEAD_COUNT:
        errors["attended_count"] = [
            _("The head count must be between 0 and %(max)s.") % {"max": MAX_HEAD_COUNT}
        ]
    if errors:
        raise ValidationError(errors)
    took_part = set(data.took_part)
    rows = list(session.participant_rows.all())
    for row in rows:
        row.took_part = row.person_id in took_part
    Participant.objects.bulk_update(rows, ["took_part"])
    attended = data.attended_count
    if attended is None:
        attended = sum(1 for row in rows if row.took_part)
    first = session.recorded_at is None
    session.experiences = data.experiences.strip()
    session.lessons = data.lessons.strip()
    session.attended_count = attended
    session.recorded_at = timezone.now()
    session.version += 1
    session.save(
        update_fields=[
            "experiences",
            "lessons",
            "attended_count",
            "recorded_at",
            "version",
            "updated_at",
        ]
    )
    kept = list(session.insights.filter(idea__isnull=False).order_by("position"))
    session.insights.filter(idea__isnull=True).delete()
    start = max((insight.position for insight in kept), default=0) + 1
    Insight.objects.bulk_create(
        Insight(session=session, position=start + index, text=text)
        for index, text in enumerate(texts)
    )
    audit_record(
        actor=by,
        action="conversations.record" if first else "conversations.record_change",
        target=session,
        data={"insights": len(texts)},
    )
    return session


@transaction.atomic
def insight_promote(*, by: User, insight: Insight, data: PromoteInput) -> Idea:
    """Make an idea of an insight: it is handed in to the sluice the normal way with the
    theme's goals, its author (the leader, or the coordinator for them) as submitter and
    the chosen named participants invited as co-submitters; the insight links to it."""
    insight = (
        Insight.objects.select_for_update(of=("self",))
        .select_related("session__theme")
        .get(pk=insight.pk)
    )
    session = insight.session
    _require(by, "conversations.change_session", session)
    if insight.idea_id:
        raise ValidationError(_("That insight is already an idea."))
    named = set(session.participant_rows.values_list("person_id", flat=True)) | {session.leader_id}
    if any(person.pk not in named for person in data.co_submitters):
        raise ValidationError(
            {"co_submitters": [_("Co-submitters must be named on the conversation.")]}
        )
    theme = session.theme
    idea = submit_idea(
        by=by,
        data=IdeaInput(
            title=data.title,
            need=data.need,
            proposal=data.proposal,
            lane=data.lane,
            unit=data.unit,
            global_goals=list(theme.global_goals.all()),
            vision_goals=list(theme.vision_goals.all()),
            co_submitters=[p for p in data.co_submitters if p.is_active and p.pk != by.pk],
        ),
    )
    insight.idea = idea
    insight.save(update_fields=["idea"])
    audit_record(
        actor=by, action="conversations.insight_promote", target=session, data={"idea": idea.pk}
    )
    return idea
