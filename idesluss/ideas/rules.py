"""Who may do what with ideas. The table is docs/roles_and_permissions.md.

Two rules of the read side live here too, each as a predicate (for one idea) and as a `Q`
over ideas (for lists and boards), side by side so they cannot drift apart:

- a draft is its authors' alone (`owns_draft`): nobody else sees, edits or attaches to it;
- a blind assessment is blind (`is_blind_assessor`): until the assessment closes, an
  assessor of a blind assessment sees neither who handed the idea in nor the other
  assessors' scores and names (`ideas.view_authors`, `ideas.view_scores`).
"""

import rules
from django.db.models import Exists, OuterRef, Q

from idesluss.accounts.rules import is_administrator, is_coordinator, is_employee
from idesluss.accounts.selectors import roles_of


def author_ids(idea) -> set[int]:
    """The submitter and the co-submitters (co-submitters are usually prefetched)."""
    return {idea.submitter_id, *(person.pk for person in idea.co_submitters.all())}


def connection_to(idea, person) -> str:
    """How a person is connected to an idea, if at all: "submitter", "co_submitter",
    "invited" (asked to be a co-submitter, whatever they answered: the submitter asked them),
    "responsible" (who answers it) or "" (not connected). Nobody connected may assess it."""
    if person is None or not person.is_authenticated or idea is None:
        return ""
    if idea.submitter_id == person.pk:
        return "submitter"
    if any(other.pk == person.pk for other in idea.co_submitters.all()):
        return "co_submitter"
    if any(asked.person_id == person.pk for asked in idea.co_submitter_invitations.all()):
        return "invited"
    if idea.responsible_id is not None and idea.responsible_id == person.pk:
        return "responsible"
    return ""


@rules.predicate
def is_author(user, idea) -> bool:
    """The submitter or a co-submitter of the idea."""
    if idea is None or not user.is_authenticated:
        return False
    return user.pk in author_ids(idea)


@rules.predicate
def is_submitter(user, idea) -> bool:
    """The person who handed the idea in (not a co-submitter)."""
    return idea is not None and user.is_authenticated and idea.submitter_id == user.pk


@rules.predicate
def is_submitted(user, idea) -> bool:
    """The idea has been handed in (not a draft)."""
    return idea is not None and idea.status != "draft"


@rules.predicate
def is_open(user, idea) -> bool:
    """Handed in and not merged into another idea."""
    return idea is not None and idea.status == "submitted"


@rules.predicate
def manages_idea(user, idea) -> bool:
    """The idea concerns a unit the person manages."""
    return idea is not None and roles_of(user).manages(idea.unit)


@rules.predicate
def is_responsible(user, idea) -> bool:
    """The person is responsible for answering the idea."""
    return idea is not None and idea.responsible_id is not None and idea.responsible_id == user.pk


# Drafts: one rule for every view and service that touches one.
owns_draft = ~is_submitted & is_author


# Assessment


@rules.predicate
def is_connected(user, idea) -> bool:
    """The submitter, a co-submitter or the person responsible for answering: they know who
    handed the idea in, so they may never assess it."""
    return bool(connection_to(idea, user))


@rules.predicate
def is_asked_to_assess(user, idea) -> bool:
    """The person has been asked to assess the idea (an assessor row exists)."""
    if idea is None or not user.is_authenticated:
        return False
    # Pages prefetch the assignments; elsewhere this is one query.
    return any(a.assessor_id == user.pk for a in idea.assessor_assignments.all())


@rules.predicate
def assessment_closed(user, idea) -> bool:
    """The assessment closes when the idea is done: merged, or in a final stage."""
    if idea is None:
        return False
    if idea.status != "submitted":
        return True
    return idea.stage_id is not None and idea.stage.is_final


@rules.predicate
def is_blind(user, idea) -> bool:
    """The idea is assessed blind."""
    return idea is not None and idea.blind_assessment


# A row for someone connected to the idea (stored before the rule, or made stale since: a
# co-submitter added, the responsible changed) lets them neither score nor see scores.
is_assessor = is_asked_to_assess & ~is_connected
is_blind_assessor = is_blind & ~assessment_closed & is_assessor


def blind_assessor_q(user) -> Q:
    """Ideas for which `user` is a blind assessor (`is_blind_assessor` in SQL), for lists and
    boards: their authors are not shown to them."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    from idesluss.ideas.models import AssessorAssignment, CoSubmitterInvitation, Idea

    asked = AssessorAssignment.objects.filter(idea=OuterRef("pk"), assessor=user.pk)
    co_submitted = Idea.co_submitters.through.objects.filter(idea=OuterRef("pk"), user=user.pk)
    invited = CoSubmitterInvitation.objects.filter(idea=OuterRef("pk"), person=user.pk)
    return (
        Q(Exists(asked), blind_assessment=True, status="submitted", stage__is_final=False)
        & ~Q(submitter=user.pk)
        & ~Q(responsible=user.pk)
        & ~Q(Exists(co_submitted))
        & ~Q(Exists(invited))
    )


rules.add_perm("ideas.submit_idea", is_employee)
rules.add_perm("ideas.view_idea", is_employee & (is_submitted | owns_draft))
# The coordinator edits handed-in ideas, except one they assess blind (the form names the
# co-submitters).
coordinator_edits = is_submitted & is_coordinator & ~is_blind_assessor
rules.add_perm("ideas.change_idea", is_employee & (owns_draft | coordinator_edits))
# Attachments: the draft's authors; on a handed-in idea its submitter and the coordinator.
rules.add_perm(
    "ideas.add_attachment",
    is_employee & (owns_draft | (is_submitted & is_submitter) | coordinator_edits),
)
rules.add_perm(
    "ideas.move_idea", is_employee & is_open & (is_coordinator | manages_idea | is_responsible)
)
rules.add_perm("ideas.support_idea", is_employee & is_open & ~is_author)
rules.add_perm("ideas.follow_idea", is_employee & is_submitted)
rules.add_perm("ideas.comment_idea", is_employee & is_open)
rules.add_perm("ideas.view_board", is_employee)
rules.add_perm("ideas.assign_assessor", is_employee & is_open & (is_coordinator | manages_idea))
rules.add_perm("ideas.assess_idea", is_employee & is_assessor & ~assessment_closed)
# Who handed the idea in: everyone who may see the idea, except its blind assessors.
rules.add_perm("ideas.view_authors", is_employee & ~is_blind_assessor)
# The assessment's scores and who assesses: assessors (not blind ones while it is open),
# those who answer for the idea and the coordinator.
rules.add_perm(
    "ideas.view_scores",
    is_employee
    & ~is_blind_assessor
    & (is_assessor | is_coordinator | manages_idea | is_responsible),
)
rules.add_perm("ideas.merge_idea", is_employee & is_open & (is_coordinator | manages_idea))
rules.add_perm("ideas.assign_responsible", is_employee & is_open & (is_coordinator | manages_idea))
rules.add_perm(
    "ideas.record_benefit",
    is_employee & is_submitted & (is_author | is_coordinator | manages_idea | is_responsible),
)
rules.add_perm("ideas.manage_workflow", is_coordinator | is_administrator)

# The back office asks for these model permissions.
for model in ("stage", "transition", "visiongoal", "globalgoal", "criterion"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"ideas.{action}_{model}", is_coordinator | is_administrator)
