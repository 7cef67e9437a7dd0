"""The idea sluice's permissions, registered with django-rules: `ideas/policy.py` answers them
(for one idea and as a queryset), so `user.has_perm("ideas.move_idea", idea)` and the
templates' `has_perm` ask the policy. The table is docs/roles_and_permissions.md."""

import rules

from idesluss.accounts.rules import is_administrator, is_coordinator
from idesluss.ideas.policy import policy

policy.register()

# The back office asks for these model permissions.
for model in ("stage", "transition", "visiongoal", "globalgoal", "criterion"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"ideas.{action}_{model}", is_coordinator | is_administrator)
