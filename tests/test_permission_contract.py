"""docs/roles_and_permissions.md against every app's policy: each permission the tables name
is answered by exactly one policy rule, each rule has a row, and the permissions that are not
about one object follow the table role by role. Each app's `test_policy.py` checks the rest,
relation by relation and status by status, for one object and for the queryset."""

from collections import Counter

import pytest

from idesluss.accounts.policy import policy as account_policy
from idesluss.challenges.policy import need_policy
from idesluss.challenges.policy import policy as challenge_policy
from idesluss.conversations.policy import policy as conversation_policy
from idesluss.core.policy import Policy
from idesluss.groups.policy import policy as group_policy
from idesluss.ideas.policy import policy as idea_policy
from idesluss.insights.policy import policy as insights_policy
from idesluss.learning.policy import policy as learning_policy
from idesluss.network.policy import policy as network_policy
from idesluss.notifications.policy import policy as notification_policy
from idesluss.showcase.policy import policy as showcase_policy
from idesluss.workshops.policy import policy as workshop_policy
from tests.conftest import ROLES
from tests.permission_grid import permission_table

POLICIES: list[Policy] = [
    account_policy,
    idea_policy,
    challenge_policy,
    need_policy,
    workshop_policy,
    group_policy,
    conversation_policy,
    learning_policy,
    notification_policy,
    showcase_policy,
    insights_policy,
    network_policy,
]
POLICY_OF = {perm: policy for policy in POLICIES for perm in policy.rules}
NOT_ABOUT_ONE_OBJECT = sorted(
    perm for perm, policy in POLICY_OF.items() if not policy.rules[perm].q
)


def test_every_permission_has_one_rule_and_every_rule_a_row():
    rules = Counter(perm for policy in POLICIES for perm in policy.rules)
    assert [perm for perm, count in rules.items() if count > 1] == []
    assert set(rules) == set(permission_table())


@pytest.mark.parametrize("perm", NOT_ABOUT_ONE_OBJECT)
@pytest.mark.parametrize("role", ROLES)
def test_permissions_not_about_one_object_follow_the_table(person_in_role, role, perm):
    user = person_in_role(role)
    expected = permission_table()[perm].allows(role, "")
    assert POLICY_OF[perm].may(user, perm) is expected
    assert user.has_perm(perm) is expected
