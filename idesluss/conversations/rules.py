"""The registration of the conversation permissions, which `conversations/policy.py` answers
(for one session and for many). The table is docs/roles_and_permissions.md."""

from idesluss.conversations.policy import policy

policy.register()
