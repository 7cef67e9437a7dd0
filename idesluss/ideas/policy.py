"""Who may do what with ideas: the idea sluice's permission policy.

The table is docs/roles_and_permissions.md ("The idea sluice"); `tests/ideas/test_policy.py`
checks it cell by cell, for one idea (`policy.may`, `user.has_perm`) and for many
(`policy.filter`). Each rule is built from the conditions of `ideas/relations.py` (draft,
author, responsible, unit, asked to assess, blind assessor, …), which answer both sides from
one definition; who may move an idea and along which moves is the workflow's
(`ideas/workflow.py`).

Two rules of the read side are worth knowing by name:

- a draft is its authors' alone (`OWNS_DRAFT`): nobody else sees, edits or attaches to it;
- a blind assessment is blind (`BLIND_ASSESSOR`): until the assessment closes, an assessor
  of a blind assessment sees neither who handed the idea in nor the other assessors' scores
  and names (`ideas.view_authors`, `ideas.view_scores`; `authors_hidden_flag` for lists).
"""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds, is_administrator
from idesluss.core.policy import EVERYTHING, NOTHING, Policy, Rule
from idesluss.ideas import workflow
from idesluss.ideas.models import Idea
from idesluss.ideas.relations import (
    ASSESSOR,
    AUTHOR,
    BLIND_ASSESSOR,
    COORDINATOR,
    HANDED_IN,
    NOT_DONE,
    OPEN,
    OWNS_DRAFT,
    RESPONSIBLE,
    SUBMITTER,
    UNIT,
    Condition,
)


def _on_ideas(condition: Condition, doc: str = "") -> Rule:
    """A rule about one idea (never true without one), and the same as a Q over ideas."""
    return Rule(
        check=lambda user, idea: idea is not None and condition.check(user, idea),
        q=condition.q,
        doc=doc,
    )


def _everyone(user, obj=None) -> bool:
    return True


# The coordinator edits handed-in ideas, except one they assess blind (the form names the
# co-submitters).
COORDINATOR_EDITS = HANDED_IN & COORDINATOR & ~BLIND_ASSESSOR
ANSWERS_FOR = COORDINATOR | UNIT


class IdeaPolicy(Policy):
    """Ideas: everyone hands in ideas and sees the handed-in ones; authors keep their drafts;
    those who answer for an idea (its unit's managers, its responsible, the coordinator)
    move, merge and assess it; assessors score what they were asked to."""

    model = Idea
    rules = {
        "ideas.submit_idea": Rule(check=_everyone, doc="Hand in an idea, save drafts."),
        "ideas.view_board": Rule(check=_everyone, doc="Boards and lists."),
        "ideas.manage_workflow": Rule(
            check=lambda user, obj=None: (
                holds(user, Role.Code.COORDINATOR) or is_administrator(user)
            ),
            doc="Stages, moves, criteria, vision goals (back office).",
        ),
        "ideas.view_idea": _on_ideas(
            HANDED_IN | OWNS_DRAFT, "Handed-in ideas; drafts only for their authors."
        ),
        "ideas.change_idea": _on_ideas(OWNS_DRAFT | COORDINATOR_EDITS, "Edit."),
        "ideas.add_attachment": _on_ideas(
            OWNS_DRAFT | (HANDED_IN & SUBMITTER) | COORDINATOR_EDITS, "Attach files."
        ),
        "ideas.view_authors": _on_ideas(~BLIND_ASSESSOR, "Who handed the idea in."),
        "ideas.move_idea": _on_ideas(workflow.MAY_MOVE, "Move between stages (the workflow)."),
        "ideas.support_idea": _on_ideas(OPEN & ~AUTHOR, "Support (not one's own)."),
        "ideas.follow_idea": _on_ideas(HANDED_IN, "Follow."),
        "ideas.comment_idea": _on_ideas(OPEN, "Comment."),
        "ideas.assign_assessor": _on_ideas(OPEN & ANSWERS_FOR, "Ask someone to assess."),
        "ideas.assess_idea": _on_ideas(ASSESSOR & NOT_DONE, "Score, until it closes."),
        "ideas.view_scores": _on_ideas(
            ~BLIND_ASSESSOR & (ASSESSOR | COORDINATOR | UNIT | RESPONSIBLE),
            "The mean scores and who assesses.",
        ),
        "ideas.merge_idea": _on_ideas(OPEN & ANSWERS_FOR, "Merge a duplicate."),
        "ideas.assign_responsible": _on_ideas(OPEN & ANSWERS_FOR, "Hand to another to answer."),
        "ideas.record_benefit": _on_ideas(
            HANDED_IN & (AUTHOR | COORDINATOR | UNIT | RESPONSIBLE), "Record benefits."
        ),
    }

    def is_assessor(self, user, idea: Idea) -> bool:
        """Asked to assess the idea (and not connected to it), whether or not the assessment
        is still open: the assessment page tells them it closed."""
        return self.may(user, "ideas.view_idea", idea) and ASSESSOR.check(user, idea)

    def authors_hidden_q(self, user) -> Q:
        """The ideas whose authors the person may not see (`ideas.view_authors` turned
        round): for a signed-in person, those they assess blind."""
        if not (user is not None and user.is_authenticated and user.is_active):
            return EVERYTHING
        if user.is_superuser:
            return NOTHING
        return BLIND_ASSESSOR.q(user)

    def authors_hidden_flag(self, user) -> ExpressionWrapper | Value:
        """A boolean column: are the idea's authors hidden from the person?"""
        hidden = self.authors_hidden_q(user)
        if hidden == NOTHING:
            return Value(False, output_field=BooleanField())
        if hidden == EVERYTHING:
            return Value(True, output_field=BooleanField())
        return ExpressionWrapper(hidden, output_field=BooleanField())


policy = IdeaPolicy()

# The rules of the read side by name, for one idea and as a Q.
owns_draft = OWNS_DRAFT.check
is_blind_assessor = BLIND_ASSESSOR.check
blind_assessor_q = BLIND_ASSESSOR.q
