"""Twenty people enrolling in the last places at the same moment: the places are counted under
a lock on the training's row, so no more are taken than there are; the rest wait in line."""

import pytest
from django.db import connection
from django.urls import reverse

from idesluss.learning.models import Enrolment
from tests.factories import UserFactory, make_training
from tests.workshops.test_concurrency import run_at_once

PEOPLE = 20
PLACES = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enrolments_at_once_never_exceed_the_places(org):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time: no two enrolments ever race there.")
    training = make_training(capacity=PLACES, sessions_days=(7,))
    people = [UserFactory(unit=org["north"]) for _ in range(PEOPLE)]

    def enrol(person, client):
        response = client.post(reverse("learning:enrol", args=[training.pk]))
        assert response.status_code == 302, response.status_code

    assert run_at_once(enrol, people) == []
    statuses = list(Enrolment.objects.filter(training=training).values_list("status", flat=True))
    assert statuses.count(Enrolment.Status.ENROLLED) == PLACES
    assert statuses.count(Enrolment.Status.WAITING) == PEOPLE - PLACES
