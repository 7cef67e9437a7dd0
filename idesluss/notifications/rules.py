"""The registration of the notification permissions, which `notifications/policy.py` answers.
The table is docs/roles_and_permissions.md."""

from idesluss.notifications.policy import policy

policy.register()
