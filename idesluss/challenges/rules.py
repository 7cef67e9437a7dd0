"""Who may do what with needs and challenges. The table is docs/roles_and_permissions.md."""

import rules

from idesluss.accounts.rules import is_administrator, is_coordinator, is_employee, is_manager
from idesluss.accounts.selectors import roles_of


@rules.predicate
def recorded_need(user, need) -> bool:
    """The person recorded the need."""
    return need is not None and need.recorded_by_id == user.pk


@rules.predicate
def manages_challenge_unit(user, challenge) -> bool:
    """The challenge belongs to a unit the person manages (or one below it)."""
    return challenge is not None and roles_of(user).manages(challenge.owner_unit)


rules.add_perm("challenges.view_need", is_employee)
rules.add_perm("challenges.record_need", is_employee)
rules.add_perm("challenges.echo_need", is_employee & ~recorded_need)
rules.add_perm("challenges.view_challenge", is_employee)
# Without an object: may the person create challenges at all (for some unit)?
rules.add_perm("challenges.add_challenge", is_employee & (is_coordinator | is_manager))
rules.add_perm(
    "challenges.change_challenge", is_employee & (is_coordinator | manages_challenge_unit)
)
# The back office (coordinator and administrator only) corrects and removes.
rules.add_perm("challenges.change_need", is_coordinator | is_administrator)
rules.add_perm("challenges.delete_need", is_coordinator | is_administrator)
rules.add_perm("challenges.delete_challenge", is_coordinator | is_administrator)
