"""The notifications policy against the table in docs/roles_and_permissions.md, cell by cell,
for one notification and for the queryset alike."""

import pytest

from idesluss.notifications.models import Kind, Notification
from idesluss.notifications.policy import policy
from tests.conftest import ROLES
from tests.factories import UserFactory
from tests.permission_grid import rows_for

ROWS = rows_for("notifications")
# The table names no relation; one's own notification must not make a difference either.
NOT_NAMED = ["", "own"]


def test_the_table_names_no_relation():
    for row in ROWS.values():
        assert not row.relations, row.perm


@pytest.mark.parametrize("role", ROLES)
def test_the_delivery_list_follows_the_table(person_in_role, role):
    user = person_in_role(role)
    relations = [""] if role == "anonymous" else NOT_NAMED
    for relation in relations:
        notification = Notification.objects.create(
            recipient=user if relation == "own" else UserFactory(),
            kind=Kind.IDEA_FOLLOWED,
            title="Ny kommentar",
        )
        one = Notification.objects.filter(pk=notification.pk)
        for perm, row in ROWS.items():
            expected = row.allows(role, relation)
            assert policy.may(user, perm, notification) is expected, (perm, relation)
            assert user.has_perm(perm, notification) is expected, (perm, relation)
            assert user.has_perm(perm) is expected, (perm, relation)
            assert policy.filter(user, perm, one).exists() is expected, (perm, relation)
