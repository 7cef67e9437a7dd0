"""Who may do what with people, units and roles, and the role helpers every app's policy uses.

The table is docs/roles_and_permissions.md; `tests/accounts/test_policy.py` checks it cell by
cell. The back office's own model permissions (`accounts.view_user`, …) stay in `rules.py`.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from idesluss.accounts.models import Role, User
from idesluss.accounts.selectors import roles_of
from idesluss.core.policy import EVERYTHING, NOTHING, Policy, Rule


def holds(user, *codes: str) -> bool:
    """The person holds one of the roles (for any unit); every active person is an employee."""
    return bool(roles_of(user).codes.intersection(codes))


def is_administrator(user) -> bool:
    """Administrators (and superusers) run the installation."""
    return bool(getattr(user, "is_superuser", False)) or holds(user, Role.Code.ADMINISTRATOR)


def managed_units_q(user, field: str = "unit") -> Q:
    """Rows whose `field` (a unit) is one the person manages or lies below one of them."""
    paths = roles_of(user).managed_paths
    if not paths:
        return NOTHING
    return reduce(or_, (Q(**{f"{field}__path__startswith": path}) for path in paths))


def _everyone(user, obj=None) -> bool:
    return True


def _administrator(user, obj=None) -> bool:
    return is_administrator(user)


def _administrator_q(user) -> Q:
    return EVERYTHING if is_administrator(user) else NOTHING


class AccountPolicy(Policy):
    """People and units: every employee sees the organisation and their colleagues; people
    change their own details; administrators manage people, units and roles."""

    model = User
    rules = {
        "core.access_backoffice": Rule(
            check=lambda user, obj=None: (
                is_administrator(user) or holds(user, Role.Code.COORDINATOR)
            ),
            doc="The back office: administrators, and the coordinator for the workflow.",
        ),
        "core.view_audit_trail": Rule(check=_administrator),
        "accounts.view_organisation": Rule(check=_everyone),
        "accounts.view_person": Rule(check=_everyone, q=lambda user: EVERYTHING),
        "accounts.change_person": Rule(
            check=lambda user, person: (
                is_administrator(user) or (person is not None and person.pk == user.pk)
            ),
            q=lambda user: EVERYTHING if is_administrator(user) else Q(pk=user.pk),
            doc="People change their own name, title, phone and language.",
        ),
        "accounts.change_user": Rule(check=_administrator, q=_administrator_q),
        "accounts.change_unit": Rule(check=_administrator),
        "accounts.import_people": Rule(check=_administrator),
        "accounts.assign_role": Rule(check=_administrator),
        "accounts.grant_qualification": Rule(
            check=lambda user, obj=None: (
                is_administrator(user) or holds(user, Role.Code.COORDINATOR)
            ),
            doc="Grant and withdraw qualifications by hand, with a reason.",
        ),
    }


policy = AccountPolicy()
