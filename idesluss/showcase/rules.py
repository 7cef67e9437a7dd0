"""Who may do what with good examples, news and the public showcase: the rules are
`showcase/policy.py`'s, registered here so `has_perm` asks them. The table is
docs/roles_and_permissions.md."""

from idesluss.showcase.policy import policy

policy.register()
