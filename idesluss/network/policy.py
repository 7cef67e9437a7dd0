"""Who may do what in the innovation network, for one object and for many, from one rule each.

The table is docs/roles_and_permissions.md; `tests/network/test_policy.py` checks it cell by
cell. Everyone signed in reads "Nätverket" and may adopt an item as their own idea; the
coordinator chooses which organisations to follow; a challenge is shared with the network by
those who may change it (the coordinator, the manager of its owner unit). The feeds themselves
are public: they hold only what was shared and nothing personal (items.py).
"""

from __future__ import annotations

from django.db.models import Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds, managed_units_q
from idesluss.accounts.selectors import roles_of
from idesluss.challenges.models import Challenge
from idesluss.core.policy import EVERYTHING, Policy, Rule


def _coordinator(user, obj=None) -> bool:
    return holds(user, Role.Code.COORDINATOR)


def _everyone(user, obj=None) -> bool:
    return True


def may_share(user, challenge: Challenge | None) -> bool:
    """The coordinator shares any challenge; a manager those of the units they manage."""
    if _coordinator(user):
        return True
    return challenge is not None and roles_of(user).manages(challenge.owner_unit)


def share_q(user) -> Q:
    return EVERYTHING if _coordinator(user) else managed_units_q(user, "owner_unit")


class NetworkPolicy(Policy):
    """The network: read and adopt for everyone signed in, subscriptions for the
    coordinator, sharing a challenge for those who may change it."""

    model = Challenge
    rules = {
        "network.view_network": Rule(
            check=_everyone, doc="The network: other organisations' challenges and good examples."
        ),
        "network.adopt_item": Rule(
            check=_everyone, doc="We want to adopt this: make a network item one's own idea."
        ),
        "network.manage_subscriptions": Rule(
            check=_coordinator, doc="Follow other organisations' feeds, see how fetching goes."
        ),
        "network.share_challenge": Rule(check=may_share, q=share_q),
    }


policy = NetworkPolicy()
