"""The trainings' bench seed at a tiny scale keeps what the services keep."""

import datetime
import random
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from bench.seed_learning import seed_learning, sizes
from idesluss.learning import services
from idesluss.learning.models import Attendance, Enrolment, Training, sessions_required
from tests.factories import UserFactory


def test_sizes_follow_the_scale():
    assert sizes(SimpleNamespace(users=20_000)) == (300, 15_000)


@pytest.mark.django_db
def test_a_tiny_seed_keeps_the_invariants():
    if connection.vendor != "postgresql":
        pytest.skip("The bench seeds with PostgreSQL's COPY.")
    people = [UserFactory().pk for _ in range(55)]
    org = SimpleNamespace(user_ids=people, coordinators=people[:1])
    counts: dict = {}
    seed_learning(
        rng=random.Random(1), org=org, counts=counts, log=lambda _: None,
        scale=SimpleNamespace(users=100),
    )  # fmt: skip
    assert counts["trainings"] == 5 and counts["enrolments"] == 250
    over = Training.objects.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.HOLDING_PLACE))
    ).filter(taken__gt=F("capacity"))
    assert not over.exists()
    assert Enrolment.objects.filter(status=Enrolment.Status.WAITING).exists()
    for enrolment in Enrolment.objects.filter(status=Enrolment.Status.COMPLETED):
        total = enrolment.training.sessions.count()
        attended = Attendance.objects.filter(enrolment=enrolment).count()
        assert attended >= sessions_required(total, enrolment.training.completion_percent)
    # The sequences go on after the seeded rows: the services add sessions and enrolments.
    training = Training.objects.filter(enrolment_open=True).first()
    coordinator = UserFactory(roles=["coordinator"])
    start = training.sessions.first().starts_at
    services.session_add(
        training=training,
        by=coordinator,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    services.enrol(training=training, by=UserFactory())
