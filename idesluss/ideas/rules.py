"""Who may do what with ideas. The table is docs/roles_and_permissions.md."""

import rules

from idesluss.accounts.rules import is_administrator, is_coordinator, is_employee
from idesluss.accounts.selectors import roles_of


@rules.predicate
def is_author(user, idea) -> bool:
    """The submitter or a co-submitter of the idea."""
    if idea is None or not user.is_authenticated:
        return False
    if idea.submitter_id == user.pk:
        return True
    # Co-submitters are usually prefetched on pages; fall back to a query.
    return any(person.pk == user.pk for person in idea.co_submitters.all())


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


rules.add_perm("ideas.submit_idea", is_employee)
rules.add_perm("ideas.view_idea", is_employee & (is_submitted | is_author))
rules.add_perm("ideas.change_idea", is_employee & ((~is_submitted & is_author) | is_coordinator))
rules.add_perm(
    "ideas.move_idea", is_employee & is_open & (is_coordinator | manages_idea | is_responsible)
)
rules.add_perm("ideas.support_idea", is_employee & is_open & ~is_author)
rules.add_perm("ideas.follow_idea", is_employee & is_submitted)
rules.add_perm("ideas.comment_idea", is_employee & is_open)
rules.add_perm("ideas.view_board", is_employee)
rules.add_perm("ideas.assign_assessor", is_employee & is_open & (is_coordinator | manages_idea))
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
