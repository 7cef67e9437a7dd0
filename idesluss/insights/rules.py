"""Who may read the programme's figures: the rules are `insights/policy.py`'s, registered here
so `has_perm` (views, templates) asks them. The table is docs/roles_and_permissions.md."""

from idesluss.insights.policy import policy

policy.register()
