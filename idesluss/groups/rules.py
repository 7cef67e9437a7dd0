"""Who may do what with workgroups and pilot groups: the rules are `groups/policy.py`'s,
registered here so `has_perm` (views, services, templates, the back office) asks them.
The table is docs/roles_and_permissions.md."""

from idesluss.groups.policy import policy

policy.register()
