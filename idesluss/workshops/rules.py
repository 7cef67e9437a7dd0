"""The registration of the workshop permissions, which `workshops/policy.py` answers (for one
workshop and for many). The table is docs/roles_and_permissions.md."""

import rules

from idesluss.accounts.rules import is_coordinator
from idesluss.workshops.policy import policy

policy.register()

# The back office asks for these model permissions; workshops are the coordinator's.
for model in ("workshop", "signup", "cluster", "note", "vote"):
    for action in ("view", "add", "change", "delete"):
        if not rules.perm_exists(f"workshops.{action}_{model}"):
            rules.add_perm(f"workshops.{action}_{model}", is_coordinator)
