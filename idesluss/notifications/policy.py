"""Who may see and resend e-mail deliveries in the back office, for one notification and for
many. The table is docs/roles_and_permissions.md; `tests/notifications/test_policy.py` checks
it cell by cell. Everyone reads their own notifications on their own page: that list is
theirs by definition (`selectors`), not a permission.
"""

from __future__ import annotations

from idesluss.accounts.policy import is_administrator
from idesluss.core.policy import EVERYTHING, NOTHING, Policy, Rule
from idesluss.notifications.models import Notification


def _administrator(user, obj=None) -> bool:
    return is_administrator(user)


def _administrator_q(user):
    return EVERYTHING if is_administrator(user) else NOTHING


class NotificationPolicy(Policy):
    """The back office's list of e-mail deliveries: administrators see them and send failed
    ones again; nobody adds or deletes notifications there."""

    model = Notification
    rules = {
        "notifications.view_notification": Rule(check=_administrator, q=_administrator_q),
        "notifications.change_notification": Rule(check=_administrator, q=_administrator_q),
    }


policy = NotificationPolicy()
