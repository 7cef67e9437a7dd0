"""The idea sluice's permissions, registered with django-rules: `ideas/policy.py` answers them
(for one idea and as a queryset), so `user.has_perm("ideas.move_idea", idea)` and the
templates' `has_perm` ask the policy. The table is docs/roles_and_permissions.md."""

from idesluss.ideas.policy import policy

policy.register()
