"""The conversations policy against the table in docs/roles_and_permissions.md, cell by cell,
for one session (as its page loads it and bare) and for the queryset alike."""

import datetime

import pytest
from django.utils import timezone

from idesluss.conversations import selectors
from idesluss.conversations.models import Participant, Session
from idesluss.conversations.policy import policy
from tests.conftest import ROLES
from tests.factories import UserFactory, make_theme
from tests.permission_grid import rows_for

ROWS = rows_for("conversations")
RELATIONS = ["leader", "participant", "unit"]
ON_SESSIONS = sorted(perm for perm in ROWS if policy.rules[perm].q is not None)


def test_every_relation_in_the_table_can_be_built():
    for row in ROWS.values():
        assert row.relations <= set(RELATIONS), row.perm


def _session_in(relation: str, user, theme, org) -> Session:
    """A session to which `user` stands in `relation` ("" none). Made bare: the leader of an
    old session may have lost the qualification since."""
    other = UserFactory(roles=["conversation_leader"])
    starts = timezone.now() - datetime.timedelta(days=3)
    session = Session.objects.create(
        theme=theme,
        guide=theme.guides.get(),
        leader=user if relation == "leader" else other,
        # Managers in the grid manage Hemtjänst; Hemtjänst Norr lies below it.
        unit=org["north"] if relation == "unit" else org["bou"],
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    if relation == "participant":
        Participant.objects.create(session=session, person=user)
    return session


@pytest.mark.parametrize("role", ROLES)
def test_permissions_on_sessions_follow_the_table(person_in_role, role, org):
    user = person_in_role(role)
    theme = make_theme()
    relations = [""] if role == "anonymous" else ["", *RELATIONS]
    for relation in relations:
        session = _session_in(relation, user, theme, org)
        one = Session.objects.filter(pk=session.pk)
        on_page = selectors.session_for_page(pk=session.pk, viewer=user)
        for perm in ON_SESSIONS:
            where = (perm, relation)
            expected = ROWS[perm].allows(role, relation)
            assert policy.may(user, perm, Session.objects.get(pk=session.pk)) is expected, where
            assert policy.may(user, perm, on_page) is expected, where
            assert user.has_perm(perm, session) is expected, where
            assert policy.filter(user, perm, one).exists() is expected, where


def test_inactive_people_may_do_nothing(org, coordinator):
    coordinator.is_active = False
    for perm in ROWS:
        assert not coordinator.has_perm(perm), perm
        if perm in ON_SESSIONS:
            assert not policy.filter(coordinator, perm).exists(), perm


def test_a_page_asks_no_query_for_the_permissions(
    django_assert_num_queries, org, leader, colleague
):
    from idesluss.accounts.selectors import roles_of
    from tests.factories import make_conversation

    session = make_conversation(leader=leader, participants=[colleague])
    on_page = selectors.session_for_page(pk=session.pk, viewer=colleague)
    roles_of(colleague)
    with django_assert_num_queries(0):
        answers = {perm: policy.may(colleague, perm, on_page) for perm in ON_SESSIONS}
    assert answers["conversations.view_notes"] and not answers["conversations.change_session"]
