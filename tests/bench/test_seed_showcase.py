"""The showcase's benchmark seeding (bench/seed_showcase.py) and the anonymous requests of
the load test (the public showcase is asked for without signing in)."""

import random
from types import SimpleNamespace

import pytest
from django.db import connection

from bench.load import Sessions
from bench.pages import page_named
from bench.seed_showcase import _sizes, seed_showcase
from idesluss.showcase.models import Consent, GoodExample, NewsPost
from tests.factories import UserFactory, make_idea
from tests.showcase.conftest import implement


def test_sizes_follow_the_scale():
    assert _sizes(100_000) == (400, 150)
    assert _sizes(10_000) == (80, 40)
    assert _sizes(100) == (10, 5)


def test_an_anonymous_request_sends_no_session():
    cookie = Sessions().cookie(None)
    assert "sessionid" not in cookie and "csrftoken" in cookie
    requests = page_named("public showcase (not signed in)").requests(None, 1)
    assert [(r.path, r.user) for r in requests] == [("/showcase/", None)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_seeding_tells_examples_of_implemented_ideas(org):
    coordinator = UserFactory(roles=["coordinator"])
    ideas = [implement(make_idea(unit=org["north"])) for _ in range(3)]
    make_idea(unit=org["north"])  # not implemented: no example
    counts: dict = {}
    seed_showcase(
        rng=random.Random(1),
        org=SimpleNamespace(coordinators=[coordinator.pk]),
        counts=counts,
        log=lambda line: None,
        scale=SimpleNamespace(ideas=10),
    )
    assert counts["good examples"] == 3
    assert set(GoodExample.objects.values_list("idea_id", flat=True)) == {i.pk for i in ideas}
    assert Consent.objects.count() == 3
    assert NewsPost.objects.count() == 5
