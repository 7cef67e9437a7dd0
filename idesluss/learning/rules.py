"""The registration of the learning permissions, which `learning/policy.py` answers (for one
training or enrolment and for many). The table is docs/roles_and_permissions.md."""

from idesluss.learning.policy import policy

policy.register()
