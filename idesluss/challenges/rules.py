"""The registration of the needs and challenges permissions, which `challenges/policy.py`
answers (for one object and for many). The table is docs/roles_and_permissions.md."""

from idesluss.challenges.policy import register

register()
