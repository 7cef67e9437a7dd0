"""How a person stands to an idea (its author, its responsible, its unit's manager, asked to
assess it, …) and what state the idea is in, each answered twice from one definition: for one
idea in Python (`check`) and for many as a `Q` over ideas (`q`).

Conditions combine with `&`, `|` and `~` on both sides at once, so a rule built from them
(`ideas/policy.py`, `ideas/workflow.py`) cannot say one thing for a page and another for a
list. The words are those of the table in docs/roles_and_permissions.md.

The checks read what a page loads with the idea (`co_submitters`, `assessor_assignments`
prefetched); elsewhere they ask the database. The `Q`s add no queries: they are parts of the
list's or board's own query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds, managed_units_q
from idesluss.accounts.selectors import roles_of
from idesluss.core.policy import EVERYTHING, NOTHING
from idesluss.ideas.models import AssessorAssignment, CoSubmitterInvitation, Idea


def q_and(a: Q, b: Q) -> Q:
    """`a & b`, where EVERYTHING (the empty Q) stays everything (Django drops an empty
    operand, which is right for AND but not for OR or NOT)."""
    if a == NOTHING or b == NOTHING:
        return NOTHING
    if a == EVERYTHING:
        return b
    if b == EVERYTHING:
        return a
    return a & b


def q_or(a: Q, b: Q) -> Q:
    """`a | b`; `Q(x) | Q()` would be `Q(x)` in Django, not everything."""
    if a == EVERYTHING or b == EVERYTHING:
        return EVERYTHING
    if a == NOTHING:
        return b
    if b == NOTHING:
        return a
    return a | b


def q_not(a: Q) -> Q:
    """`~a`; `~Q()` would still be everything in Django."""
    if a == EVERYTHING:
        return NOTHING
    if a == NOTHING:
        return EVERYTHING
    return ~a


@dataclass(frozen=True)
class Condition:
    """One condition on (person, idea): `check(user, idea)` for one idea, `q(user)` for many.
    `negated_q` may give a simpler `Q` for `~condition` (the same rows)."""

    check: Callable[[Any, Any], bool]
    q: Callable[[Any], Q]
    negated_q: Callable[[Any], Q] | None = None

    def __and__(self, other: Condition) -> Condition:
        return Condition(
            check=lambda user, idea: self.check(user, idea) and other.check(user, idea),
            q=lambda user: q_and(self.q(user), other.q(user)),
        )

    def __or__(self, other: Condition) -> Condition:
        return Condition(
            check=lambda user, idea: self.check(user, idea) or other.check(user, idea),
            q=lambda user: q_or(self.q(user), other.q(user)),
        )

    def __invert__(self) -> Condition:
        negated = self.negated_q or (lambda user: q_not(self.q(user)))
        return Condition(
            check=lambda user, idea: not self.check(user, idea), q=negated, negated_q=self.q
        )


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def _role(code: str) -> Condition:
    """Holds the role (organisation-wide): the same for every idea."""
    return Condition(
        check=lambda user, idea: holds(user, code),
        q=lambda user: EVERYTHING if holds(user, code) else NOTHING,
    )


def _person(field: str) -> Condition:
    """The idea's `field` (a person) is the user."""
    return Condition(
        check=lambda user, idea: (
            _signed_in(user)
            and getattr(idea, f"{field}_id") is not None
            and getattr(idea, f"{field}_id") == user.pk
        ),
        q=lambda user: Q(**{field: user.pk}) if _signed_in(user) else NOTHING,
    )


def _co_submitter_check(user, idea) -> bool:
    return _signed_in(user) and any(p.pk == user.pk for p in idea.co_submitters.all())


def _co_submitter_q(user) -> Q:
    if not _signed_in(user):
        return NOTHING
    through = Idea.co_submitters.through.objects.filter(idea=OuterRef("pk"), user=user.pk)
    return Q(Exists(through))


def _invited_check(user, idea) -> bool:
    return _signed_in(user) and any(
        asked.person_id == user.pk for asked in idea.co_submitter_invitations.all()
    )


def _invited_q(user) -> Q:
    if not _signed_in(user):
        return NOTHING
    return Q(Exists(CoSubmitterInvitation.objects.filter(idea=OuterRef("pk"), person=user.pk)))


def _asked_check(user, idea) -> bool:
    # Pages prefetch the assignments; elsewhere this is one query.
    return _signed_in(user) and any(
        a.assessor_id == user.pk for a in idea.assessor_assignments.all()
    )


def _asked_q(user) -> Q:
    if not _signed_in(user):
        return NOTHING
    return Q(Exists(AssessorAssignment.objects.filter(idea=OuterRef("pk"), assessor=user.pk)))


def _not_done_check(user, idea) -> bool:
    if idea.status != Idea.Status.SUBMITTED:
        return False
    return idea.stage_id is not None and not idea.stage.is_final


def _not_done_q(user) -> Q:
    return Q(status=Idea.Status.SUBMITTED, stage__is_final=False)


def _done_q(user) -> Q:
    return ~Q(status=Idea.Status.SUBMITTED) | Q(stage__isnull=True) | Q(stage__is_final=True)


# The idea's state.
DRAFT = Condition(
    check=lambda user, idea: idea.status == Idea.Status.DRAFT,
    q=lambda user: Q(status=Idea.Status.DRAFT),
    negated_q=lambda user: ~Q(status=Idea.Status.DRAFT),
)
HANDED_IN = ~DRAFT
# Handed in and not merged into another idea (in any stage, a final one too).
OPEN = Condition(
    check=lambda user, idea: idea.status == Idea.Status.SUBMITTED,
    q=lambda user: Q(status=Idea.Status.SUBMITTED),
)
# Done: merged, or in a final stage (its assessment is closed); a draft is not begun.
NOT_DONE = Condition(check=_not_done_check, q=_not_done_q, negated_q=_done_q)
DONE = ~NOT_DONE
BLIND = Condition(
    check=lambda user, idea: bool(idea.blind_assessment),
    q=lambda user: Q(blind_assessment=True),
)

# The person's roles.
COORDINATOR = _role(Role.Code.COORDINATOR)

# How the person stands to the idea.
SUBMITTER = _person("submitter")
CO_SUBMITTER = Condition(check=_co_submitter_check, q=_co_submitter_q)
AUTHOR = SUBMITTER | CO_SUBMITTER
# Asked to be co-submitter (whatever they answered: the submitter asked them).
INVITED = Condition(check=_invited_check, q=_invited_q)
RESPONSIBLE = _person("responsible")
# The idea's unit is one the person manages (or lies below one).
UNIT = Condition(
    check=lambda user, idea: roles_of(user).manages(idea.unit),
    q=lambda user: managed_units_q(user),
)
# Nobody connected to the idea may assess it: they know who handed it in, or answer for it.
CONNECTED = AUTHOR | INVITED | RESPONSIBLE
ASKED_ROW = Condition(check=_asked_check, q=_asked_q)
# An assessor row for someone connected (stored before the rule, or made stale since: a
# co-submitter added, the responsible changed) lets them neither score nor see scores.
ASSESSOR = ASKED_ROW & ~CONNECTED
# Until the assessment closes, a blind assessor sees neither who handed the idea in nor
# the other assessors' names and scores.
BLIND_ASSESSOR = BLIND & NOT_DONE & ASSESSOR
# A draft is its authors' alone.
OWNS_DRAFT = DRAFT & AUTHOR


def connection_to(idea: Idea | None, person) -> str:
    """How a person is connected to an idea, if at all: "submitter", "co_submitter",
    "invited", "responsible" or "" (not connected). Nobody connected may assess it; the
    service names the connection in its message."""
    if idea is None or not _signed_in(person):
        return ""
    for name, condition in (
        ("submitter", SUBMITTER),
        ("co_submitter", CO_SUBMITTER),
        ("invited", INVITED),
        ("responsible", RESPONSIBLE),
    ):
        if condition.check(person, idea):
            return name
    return ""


def author_ids(idea: Idea) -> set[int]:
    """The submitter and the co-submitters (co-submitters are usually prefetched)."""
    return {idea.submitter_id, *(person.pk for person in idea.co_submitters.all())}
