"""The conversations' part of the region-scale seeder, at a tiny size: its rows keep the
rules the services keep (a session's guide is of its theme, insights only on recorded
sessions, the leaders hold the qualification)."""

import random
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import F

from bench.seed_conversations import seed_conversations
from idesluss.accounts.selectors import roles_of
from idesluss.conversations.models import Insight, Session, Theme
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the seeder writes with PostgreSQL's COPY"
)


def test_a_tiny_seed_keeps_the_rules(org):
    users_by_unit = {
        unit.pk: [UserFactory(unit=unit).pk for _ in range(6)]
        for unit in (org["north"], org["bou"])
    }
    coordinator = UserFactory(roles=["coordinator"])
    counts: dict = {}
    seed_conversations(
        rng=random.Random(3),
        org=SimpleNamespace(users_by_unit=users_by_unit, coordinators=[coordinator.pk]),
        counts=counts,
        log=lambda text: None,
        scale=SimpleNamespace(users=12),
    )
    assert Session.objects.count() == counts["conversations"] > 0
    assert Theme.objects.exists()
    assert not Session.objects.exclude(guide__theme=F("theme")).exists()
    assert not Insight.objects.filter(session__recorded_at__isnull=True).exists()
    for session in Session.objects.select_related("leader")[:5]:
        assert "conversation_leader" in roles_of(session.leader).codes
