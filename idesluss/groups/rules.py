"""Who may do what with workgroups and pilot groups: the rules are `groups/policy.py`'s,
registered here so `has_perm` (views, services, templates, the back office) asks them.
The table is docs/roles_and_permissions.md."""

import rules

from idesluss.accounts.rules import is_coordinator
from idesluss.groups.policy import policy

policy.register()

# The back office asks for these model permissions; like the groups themselves, it is the
# coordinator's (administrators see no group they are not in).
for model in ("group", "session", "decision", "action", "groupevent", "jointfollowup"):
    for action in ("view", "add", "change", "delete"):
        if not rules.perm_exists(f"groups.{action}_{model}"):
            rules.add_perm(f"groups.{action}_{model}", is_coordinator)
