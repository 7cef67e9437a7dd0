"""Who may do what with needs and challenges, for one object and for many, from one rule each.

The table is docs/roles_and_permissions.md; `tests/challenges/test_policy.py` checks it cell
by cell, for challenges that are upcoming, open and closed. The permissions on challenges are
answered by `policy` (a `Q` over `Challenge`), those on needs by `need_policy` (over `Need`);
`policy_for(perm)` finds the one that answers a permission. No permission depends on a
challenge's status: that ideas answer only open challenges the idea services decide.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds, is_administrator, managed_units_q
from idesluss.accounts.selectors import roles_of
from idesluss.challenges.models import Challenge, Need
from idesluss.core.policy import EVERYTHING, NOTHING, Policy, Rule


def is_coordinator(user) -> bool:
    return holds(user, Role.Code.COORDINATOR)


def owner_units_q(user) -> Q:
    """The units (a `Q` over `Unit`) the person may give challenges to: every unit for the
    coordinator, the units a manager manages (and those below them), none for anyone else."""
    if is_coordinator(user) or getattr(user, "is_superuser", False):
        return EVERYTHING
    paths = roles_of(user).managed_paths
    if not paths:
        return NOTHING
    return reduce(or_, (Q(path__startswith=path) for path in paths))


def _everyone(user, obj=None) -> bool:
    return True


def _everyone_q(user) -> Q:
    return EVERYTHING


def _back_office(user, obj=None) -> bool:
    return is_coordinator(user) or is_administrator(user)


def _back_office_q(user) -> Q:
    return EVERYTHING if _back_office(user) else NOTHING


# "unit": the challenge's owner unit is one the person manages (or lies below one).


def _for_unit(user, challenge: Challenge | None) -> bool:
    if is_coordinator(user):
        return True
    return challenge is not None and roles_of(user).manages(challenge.owner_unit)


def _for_unit_q(user) -> Q:
    return EVERYTHING if is_coordinator(user) else managed_units_q(user, "owner_unit")


def _may_add(user, challenge: Challenge | None = None) -> bool:
    """Without a challenge: may the person create challenges at all (for some unit)? With
    one (not saved yet): may they create it for its owner unit?"""
    if challenge is None:
        return is_coordinator(user) or holds(user, Role.Code.MANAGER)
    return _for_unit(user, challenge)


class ChallengePolicy(Policy):
    """Everyone signed in sees challenges; the coordinator and managers (for their units)
    make and change them; the coordinator and administrators remove them."""

    model = Challenge
    rules = {
        "challenges.view_challenge": Rule(check=_everyone, q=_everyone_q),
        "challenges.add_challenge": Rule(
            check=_may_add, q=_for_unit_q, doc="Turn needs into a challenge (for a unit)."
        ),
        "challenges.change_challenge": Rule(check=_for_unit, q=_for_unit_q),
        "challenges.delete_challenge": Rule(check=_back_office, q=_back_office_q),
    }


def _not_own(user, need: Need | None) -> bool:
    return need is not None and need.recorded_by_id != user.pk


class NeedPolicy(Policy):
    """Everyone signed in reads and records needs and says "we have this problem too" of
    other people's needs; the coordinator and administrators correct and remove them."""

    model = Need
    rules = {
        "challenges.view_need": Rule(check=_everyone, q=_everyone_q),
        "challenges.record_need": Rule(check=_everyone),
        # "not own": not on a need the person recorded.
        "challenges.echo_need": Rule(check=_not_own, q=lambda user: ~Q(recorded_by_id=user.pk)),
        "challenges.change_need": Rule(check=_back_office, q=_back_office_q),
        "challenges.delete_need": Rule(check=_back_office, q=_back_office_q),
    }


policy = ChallengePolicy()
need_policy = NeedPolicy()


def policy_for(perm: str) -> Policy:
    """The policy that answers `perm`."""
    return need_policy if perm in need_policy.rules else policy


def register() -> None:
    policy.register()
    need_policy.register()
