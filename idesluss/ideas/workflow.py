"""The workflow of ideas, in one place: who may make which move from a stage, and what a
stage asks of a move that goes there.

Stages and the moves between them (`Transition`) are data, set by the coordinator in the
back office. A move lists the roles that may make it; of those, two count:

- **coordinator**: the idea coordinator, for every idea;
- **manager**: whoever *answers for the idea* acts as its manager: a manager of the idea's
  unit (or of a unit above it), and the person responsible for answering it, whatever roles
  they hold (a coordinator or manager hands an idea to them to answer, moves included).

The same rule answers for one idea (`moves`, the idea's page and its move page) and, in
SQL, for many (`movable_q`/`may_move_flag`, the boards' "Move" links): a card is movable
when its idea is open and at least one move out of its stage lists a role the person acts
in for it. Superusers may make every move. docs/roles_and_permissions.md says the same;
tests/ideas/test_policy.py checks it move by move.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.utils.translation import gettext as _

from idesluss.accounts.models import Role
from idesluss.core.policy import EVERYTHING, NOTHING
from idesluss.ideas.models import Idea, Stage, Transition
from idesluss.ideas.relations import (
    COORDINATOR,
    OPEN,
    RESPONSIBLE,
    UNIT,
    q_and,
    q_or,
)

# Who acts in which role of a move, for an idea. Only these roles make moves; the back
# office offers no others on a transition.
ACTS_AS = {
    Role.Code.COORDINATOR.value: COORDINATOR,
    # The responsible person answers for the idea as its unit's manager would.
    Role.Code.MANAGER.value: UNIT | RESPONSIBLE,
}
MOVER_ROLES = tuple(ACTS_AS)

# May move the idea at all (`ideas.move_idea`): open, and acting in one of the roles.
MAY_MOVE = OPEN & (ACTS_AS[Role.Code.COORDINATOR.value] | ACTS_AS[Role.Code.MANAGER.value])


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _everything(user) -> bool:
    return _active(user) and bool(user.is_superuser)


def acting_roles(user, idea: Idea) -> frozenset[str]:
    """The roles of a move the person acts in for this idea (none for a closed idea)."""
    if not _active(user) or not OPEN.check(user, idea):
        return frozenset()
    if _everything(user):
        return frozenset(MOVER_ROLES)
    return frozenset(code for code, acts in ACTS_AS.items() if acts.check(user, idea))


def transitions(user, idea: Idea):
    """The moves out of the idea's stage the person may make (a queryset of Transition).
    Superusers may make every one, whatever roles it lists."""
    roles = acting_roles(user, idea)
    if idea.stage_id is None or not roles:
        return Transition.objects.none()
    out_of_stage = Transition.objects.filter(from_stage_id=idea.stage_id)
    if _everything(user):
        return out_of_stage
    return out_of_stage.filter(allowed_roles__code__in=roles)


def moves(*, user, idea: Idea) -> list[Stage]:
    """The stages this person may move this idea to now, in the lane's order (one query)."""
    chosen = transitions(user, idea).values("to_stage_id")
    return list(Stage.objects.filter(pk__in=chosen).order_by("order", "id"))


def movable_q(user) -> Q:
    """The ideas the person may make at least one move of, as a `Q` over ideas: `moves` in
    SQL, for the boards (no query of its own, and none per card)."""
    if not _active(user):
        return NOTHING
    out_of_stage = Transition.objects.filter(from_stage=OuterRef("stage"))
    if _everything(user):
        return q_and(OPEN.q(user), Q(Exists(out_of_stage)))
    movable = NOTHING
    for code, acts in ACTS_AS.items():
        acting = acts.q(user)
        if acting == NOTHING:
            continue
        listed = Q(Exists(out_of_stage.filter(allowed_roles__code=code)))
        movable = q_or(movable, q_and(acting, listed))
    return q_and(OPEN.q(user), movable)


def may_move_flag(user) -> ExpressionWrapper | Value:
    """A boolean column: may the person make a move of this idea (`movable_q`)?"""
    condition = movable_q(user)
    if condition == NOTHING:
        return Value(False, output_field=BooleanField())
    if condition == EVERYTHING:
        return Value(True, output_field=BooleanField())
    return ExpressionWrapper(condition, output_field=BooleanField())


def may_make(user, idea: Idea, transition: Transition) -> bool:
    """May the person make this move of this idea (the grid test's question)?"""
    if transition.from_stage_id != idea.stage_id or not acting_roles(user, idea):
        return False
    if _everything(user):
        return True
    allowed = {role.code for role in transition.allowed_roles.all()}
    return bool(acting_roles(user, idea) & allowed)


# What a stage asks of a move that goes there.


def requirements(stage: Stage) -> list[str]:
    """The fields a move to `stage` must fill in besides the message."""
    fields = []
    if stage.requires_lesson:
        fields += ["closing_reason", "lesson_learned"]
    if stage.requires_forward_target:
        fields.append("forwarded_to")
    return fields


def check_move(
    *,
    user,
    idea: Idea,
    to_stage: Stage,
    message: str,
    closing_reason: str = "",
    lesson_learned: str = "",
    forwarded_to: str = "",
) -> None:
    """Raise a ValidationError (by field) unless the person may move the idea to `to_stage`
    with what they wrote."""
    errors: dict[str, list[str]] = {}
    if not message:
        errors["message"] = [_("Write a message to the submitter: every move must be explained.")]
    elif len(message) > 4000:
        errors["message"] = [_("The message can be at most 4000 characters.")]
    if to_stage not in moves(user=user, idea=idea):
        errors["to_stage"] = [
            _("An idea cannot go from %(a)s to %(b)s.") % {"a": idea.stage, "b": to_stage}
        ]
    required = requirements(to_stage)
    written = {
        "closing_reason": closing_reason,
        "lesson_learned": lesson_learned,
        "forwarded_to": forwarded_to,
    }
    messages = {
        "closing_reason": _("Say why the idea is closed."),
        "lesson_learned": _("Say what was learned – daring to fail is part of the work."),
        "forwarded_to": _("Say where the idea is forwarded to."),
    }
    for name in required:
        if not written[name].strip():
            errors[name] = [messages[name]]
    if errors:
        raise ValidationError(errors)


# What an idea's date means. An idea on hold (parked) is put aside on purpose: its date is
# when to look at it again, not an answer anyone owes, so until that date it waits for
# nobody and is never late; from that date it is back with the person responsible for it.
ON_HOLD_CODES = frozenset({"parked"})


def on_hold(stage_code: str | None) -> bool:
    """Is a stage with this code one where ideas are on hold (their date a review date)?"""
    return stage_code in ON_HOLD_CODES


def on_hold_q() -> Q:
    """Ideas on hold, as a `Q` over ideas."""
    return Q(stage__code__in=ON_HOLD_CODES)


def resting_q(today: datetime.date) -> Q:
    """Ideas on hold whose review date has not come: they wait for nobody yet."""
    return Q(stage__code__in=ON_HOLD_CODES, response_due__gt=today)


@dataclass(frozen=True)
class Due:
    """An idea's date as a page shows it: an answer owed by `on`, or (on hold) the day it is
    looked at again; `overdue` only for an answer still owed after its date."""

    on: datetime.date
    review: bool
    overdue: bool


def due(
    *,
    status: str,
    stage_code: str | None,
    is_final: bool,
    response_due: datetime.date | None,
    today: datetime.date,
) -> Due | None:
    """What an idea's `response_due` means today (None: it has no date that matters: a
    draft, a merged idea, or one in a final stage)."""
    if response_due is None or status != Idea.Status.SUBMITTED or is_final:
        return None
    review = on_hold(stage_code)
    return Due(on=response_due, review=review, overdue=not review and response_due < today)


def due_of(idea: Idea, today: datetime.date) -> Due | None:
    """`due` for an idea with its stage loaded."""
    stage = idea.stage if idea.stage_id else None
    return due(
        status=idea.status,
        stage_code=stage.code if stage else None,
        is_final=bool(stage and stage.is_final),
        response_due=idea.response_due,
        today=today,
    )
