"""Predicates over roles for every app's rules, and the registration of the accounts
permissions, which `accounts/policy.py` answers. The table is docs/roles_and_permissions.md."""

import rules

from idesluss.accounts.models import Role
from idesluss.accounts.policy import policy
from idesluss.accounts.selectors import roles_of


def has_role(code: str) -> rules.Predicate:
    """A predicate that is true for people who hold the role `code` (for any unit)."""

    def check(user) -> bool:
        return code in roles_of(user).codes

    return rules.Predicate(check, name=f"has_role:{code}")


@rules.predicate
def is_superuser(user) -> bool:
    """Django superusers may do everything (installation owners)."""
    return bool(getattr(user, "is_superuser", False)) and user.is_active


is_employee = rules.is_active & has_role(Role.Code.EMPLOYEE)
is_manager = has_role(Role.Code.MANAGER)
is_coach = has_role(Role.Code.COACH)
is_conversation_leader = has_role(Role.Code.CONVERSATION_LEADER)
is_coordinator = has_role(Role.Code.COORDINATOR)
is_steering_group = has_role(Role.Code.STEERING_GROUP)
is_administrator = is_superuser | has_role(Role.Code.ADMINISTRATOR)


@rules.predicate
def manages_unit(user, unit) -> bool:
    """Managers are responsible for their units and every unit below them."""
    return roles_of(user).manages(unit)


@rules.predicate
def is_self(user, person) -> bool:
    """The person is the signed-in user."""
    return person is not None and user.pk == person.pk


@rules.predicate
def manages_person(user, person) -> bool:
    """The person works in a unit the user manages."""
    return person is not None and roles_of(user).manages(person.unit)


# The application's own permissions: answered by the policy (for objects and querysets).
policy.register()

# The back office (Django admin) asks for model permissions by these names.
for model in ("user", "unit", "role", "roleassignment"):
    for action in ("view", "add", "change", "delete"):
        if not rules.perm_exists(f"accounts.{action}_{model}"):
            rules.add_perm(f"accounts.{action}_{model}", is_administrator)
rules.add_perm("core.view_auditevent", is_administrator)
