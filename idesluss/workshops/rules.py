"""The registration of the workshop permissions, which `workshops/policy.py` answers (for one
workshop and for many). The table is docs/roles_and_permissions.md."""

from idesluss.workshops.policy import policy

policy.register()
