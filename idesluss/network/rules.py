"""The network's rules are `network/policy.py`'s, registered here so `has_perm` asks them.
The table is docs/roles_and_permissions.md."""

from idesluss.network.policy import policy

policy.register()
