"""Who may read the programme's figures: dashboards, the benefits summary, exports.

The table is docs/roles_and_permissions.md; `tests/insights/test_policy.py` checks it cell by
cell. The permissions are about units: the coordinator, the steering group and
administrators read the whole organisation; a manager reads the units they manage and the
units below them; everyone else reads no dashboard (the short figures on the start page are
everyone's and need no permission). `check(user, None)` asks "may they read some dashboard
at all"; `check(user, unit)` "may they read this unit's figures"; the `Q` is the units they
may pick.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from idesluss.accounts.models import Role, Unit
from idesluss.accounts.policy import holds
from idesluss.accounts.selectors import roles_of
from idesluss.core.policy import EVERYTHING, NOTHING, Policy, Rule

# The roles that read the figures of the whole organisation.
WHOLE_ORGANISATION = (Role.Code.COORDINATOR, Role.Code.STEERING_GROUP, Role.Code.ADMINISTRATOR)


def sees_everything(user) -> bool:
    """The person reads the figures of every unit (superusers too)."""
    return bool(getattr(user, "is_superuser", False)) or holds(user, *WHOLE_ORGANISATION)


def managed_paths(user) -> tuple[str, ...]:
    """The tree paths of the units the person manages (each with the units below it)."""
    return roles_of(user).managed_paths


def may_read_units(user, unit: Unit | None) -> bool:
    """The whole organisation for the coordinator, the steering group and administrators;
    the units they manage (and below) for managers; `None`: some unit at all."""
    if sees_everything(user):
        return True
    if unit is None:
        return bool(managed_paths(user))
    return roles_of(user).manages(unit)


def readable_units_q(user, field: str = "") -> Q:
    """The units (or rows whose `field` is a unit) whose figures the person may read."""
    if sees_everything(user):
        return EVERYTHING
    paths = managed_paths(user)
    if not paths:
        return NOTHING
    prefix = f"{field}__" if field else ""
    return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in paths))


def _coordinator(user, obj=None) -> bool:
    return bool(getattr(user, "is_superuser", False)) or holds(
        user, Role.Code.COORDINATOR, Role.Code.ADMINISTRATOR
    )


class InsightsPolicy(Policy):
    """Figures: the whole organisation for those who steer and coordinate, their own units
    for managers, none for the rest."""

    model = Unit
    rules = {
        "insights.view_dashboard": Rule(
            check=may_read_units,
            q=readable_units_q,
            doc="The dashboards and the benefits summary, for the units one may read.",
        ),
        "insights.export": Rule(
            check=may_read_units,
            q=readable_units_q,
            doc="Exports (CSV, Excel) and the printable report, for the units one may read.",
        ),
        "insights.change_target": Rule(
            check=_coordinator,
            doc="Set the units' targets of ideas per employee and year.",
        ),
    }


policy = InsightsPolicy()
