"""Who may do what with idea workshops, for one workshop and for many, from one rule each.

The table is docs/roles_and_permissions.md; `tests/workshops/test_policy.py` checks it cell by
cell, in every phase. No permission here depends on the phase: what a phase allows (notes
while capturing, dots while voting, no sign-up once over or cancelled) the services decide,
for everyone alike.

The object of every workshop permission is the workshop. Pages that show a workshop attach
the viewer's sign-up (`viewer_signup`) and prefetch the facilitators, so asking costs no query
there; elsewhere each relation asks once.
"""

from __future__ import annotations

from django.db.models import Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds
from idesluss.core.policy import EVERYTHING, Policy, Rule
from idesluss.workshops.models import SignUp, Workshop

_NO_SIGNUP = object()


def viewer_signup(user, workshop: Workshop) -> SignUp | None:
    """The person's sign-up row for the workshop (or None); attached by the page selectors."""
    cached = getattr(workshop, "viewer_signup", _NO_SIGNUP)
    if cached is not _NO_SIGNUP and getattr(workshop, "viewer_id", None) == user.pk:
        return cached
    return SignUp.objects.filter(workshop=workshop, person_id=user.pk).first()


# The relations the table names, for one workshop and as a `Q` over workshops.


def is_facilitator(user, workshop: Workshop | None) -> bool:
    """The person leads the workshop ("facilitator")."""
    if workshop is None or workshop.pk is None:
        return False
    return any(person.pk == user.pk for person in workshop.facilitators.all())


def facilitator_q(user) -> Q:
    through = Workshop.facilitators.through.objects.filter(user_id=user.pk)
    return Q(pk__in=through.values("workshop_id"))


def takes_part(user, workshop: Workshop | None) -> bool:
    """The person has signed up ("takes part"; facilitators take part without a place)."""
    if workshop is None or workshop.pk is None:
        return False
    signup = viewer_signup(user, workshop)
    return signup is not None and signup.takes_part


def takes_part_q(user) -> Q:
    signups = SignUp.objects.filter(person_id=user.pk, status__in=SignUp.TAKING_PART)
    return Q(pk__in=signups.values("workshop_id"))


def is_coordinator(user) -> bool:
    return holds(user, Role.Code.COORDINATOR)


def _everyone(user, workshop=None) -> bool:
    return True


def _everyone_q(user) -> Q:
    return EVERYTHING


def _leads(user, workshop) -> bool:
    return is_coordinator(user) or is_facilitator(user, workshop)


def _leads_q(user) -> Q:
    return EVERYTHING if is_coordinator(user) else facilitator_q(user)


class WorkshopPolicy(Policy):
    """Everyone signed in sees workshops and their summaries and signs up; the coordinator,
    managers and coaches plan them; facilitators (and the coordinator) lead them; those taking
    part post notes and vote."""

    model = Workshop
    rules = {
        # Those who run the programme's work with people: the coordinator, managers (for
        # their teams) and coaches (who lead groups and workshops).
        "workshops.add_workshop": Rule(
            check=lambda user, obj=None: holds(
                user, Role.Code.COORDINATOR, Role.Code.MANAGER, Role.Code.COACH
            ),
            doc="Plan a workshop (they become its first facilitator).",
        ),
        "workshops.view_workshop": Rule(check=_everyone, q=_everyone_q),
        "workshops.change_workshop": Rule(check=_leads, q=_leads_q),
        "workshops.facilitate_workshop": Rule(
            check=_leads,
            q=_leads_q,
            doc="Invite, open and close phases, group notes, promote notes to ideas.",
        ),
        "workshops.view_live": Rule(
            check=lambda user, workshop: _leads(user, workshop) or takes_part(user, workshop),
            # Not `_leads_q(user) | …`: an empty Q (everything) or'ed with another is dropped.
            q=lambda user: (
                EVERYTHING if is_coordinator(user) else facilitator_q(user) | takes_part_q(user)
            ),
        ),
        "workshops.take_part": Rule(
            check=lambda user, workshop: (
                is_facilitator(user, workshop) or takes_part(user, workshop)
            ),
            q=lambda user: facilitator_q(user) | takes_part_q(user),
            doc="Post notes (while capturing) and vote (while voting): the services check the "
            "phase.",
        ),
        "workshops.view_summary": Rule(check=_everyone, q=_everyone_q),
        "workshops.view_authors": Rule(
            check=_leads, q=_leads_q, doc="Who wrote which note: those who lead the workshop."
        ),
        "workshops.manage_back_office": Rule(
            check=lambda user, obj=None: holds(user, Role.Code.COORDINATOR),
            doc="Correct workshops, sign-ups, notes and clusters in the back office.",
        ),
    }


policy = WorkshopPolicy()
