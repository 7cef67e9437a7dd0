"""Who may do what with learning conversations, for one object and for many, from one rule.

The table is docs/roles_and_permissions.md; `tests/conversations/test_policy.py` checks it
cell by cell. What is said in a conversation is private to the room: a session's notes
(experiences, lessons, insights) are for its leader, its named participants and the
coordinator. Managers of the session's unit may know the session exists and how many took
part, not what was said. Everyone else gets 404 for a session.

Pages load a session with its unit and its participants' ids (`participant_ids`), so asking
costs no query there; elsewhere each relation asks once.
"""

from __future__ import annotations

from django.db.models import Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds, managed_units_q
from idesluss.accounts.selectors import roles_of
from idesluss.conversations.models import Participant, Session
from idesluss.core.policy import EVERYTHING, Policy, Rule


def _coordinator(user) -> bool:
    return holds(user, Role.Code.COORDINATOR)


def is_leader(user, session: Session | None) -> bool:
    """The person leads the session ("leader")."""
    return session is not None and session.leader_id == user.pk


def is_participant(user, session: Session | None) -> bool:
    """The person is named on the session ("participant")."""
    if session is None or session.pk is None:
        return False
    ids = getattr(session, "participant_ids", None)
    if ids is None:
        return Participant.objects.filter(session_id=session.pk, person_id=user.pk).exists()
    return user.pk in ids


def manages_unit(user, session: Session | None) -> bool:
    """The session's unit is one the person manages (or lies below one) ("unit")."""
    return (
        session is not None
        and session.unit_id is not None
        and (roles_of(user).manages(session.unit))
    )


def leader_q(user) -> Q:
    return Q(leader_id=user.pk)


def participant_q(user) -> Q:
    return Q(pk__in=Participant.objects.filter(person_id=user.pk).values("session_id"))


def may_see_notes(user, session) -> bool:
    return _coordinator(user) or is_leader(user, session) or is_participant(user, session)


def notes_q(user) -> Q:
    return EVERYTHING if _coordinator(user) else leader_q(user) | participant_q(user)


def may_change(user, session) -> bool:
    return _coordinator(user) or is_leader(user, session)


def change_q(user) -> Q:
    return EVERYTHING if _coordinator(user) else leader_q(user)


class ConversationPolicy(Policy):
    """Themes and guides are everyone's to read and the coordinator's to write; conversation
    leaders (and the coordinator for them) plan sessions; a session's notes are for those in
    the room and the coordinator."""

    model = Session
    rules = {
        "conversations.view_theme": Rule(
            check=lambda user, obj=None: True,
            doc="Themes and their conversation guides.",
        ),
        "conversations.manage_themes": Rule(
            check=lambda user, obj=None: _coordinator(user),
            doc="Write themes and conversation guides (each change a new guide version).",
        ),
        "conversations.plan_session": Rule(
            check=lambda user, obj=None: holds(
                user, Role.Code.CONVERSATION_LEADER, Role.Code.COORDINATOR
            ),
            doc="Plan a learning conversation (the coordinator on behalf of a leader).",
        ),
        "conversations.view_session": Rule(
            check=lambda user, session: may_see_notes(user, session) or manages_unit(user, session),
            q=lambda user: (
                EVERYTHING
                if _coordinator(user)
                else leader_q(user) | participant_q(user) | managed_units_q(user, "unit")
            ),
            doc="That the session exists: theme, time, place, unit and counts.",
        ),
        "conversations.view_notes": Rule(
            check=may_see_notes,
            q=notes_q,
            doc="Who took part, experiences, lessons, insights; the guide to follow.",
        ),
        "conversations.change_session": Rule(
            check=may_change,
            q=change_q,
            doc="Change the session, record notes and make ideas of its insights.",
        ),
        "conversations.view_overview": Rule(
            check=lambda user, obj=None: _coordinator(user),
            doc="Sessions per unit and theme over time, insights and the ideas they led to.",
        ),
        "conversations.view_history": Rule(
            check=lambda user, obj=None: holds(
                user, Role.Code.CONVERSATION_LEADER, Role.Code.COORDINATOR
            ),
            doc="A leader's own history (the coordinator: any leader's).",
        ),
        "conversations.manage_back_office": Rule(
            check=lambda user, obj=None: _coordinator(user),
            doc="Correct themes, guides and sessions in the back office.",
        ),
    }


policy = ConversationPolicy()
