"""Thirty phones posting and voting at once: no note and no vote is lost, and nobody spends
more dots than they have (each vote locks the voter's own sign-up row while counting)."""

import random
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from idesluss.workshops import services
from idesluss.workshops.models import Note, SignUp, Vote, Workshop
from tests.factories import UserFactory, make_workshop

PHONES = 30
DOTS = 3
TAPS = 5  # each phone taps more often than it has dots


def run_at_once(work, people) -> list[str]:
    """Run `work(person, client)` for every entry of `people` in its own thread (and with its
    own browser session: one person may be there several times), all released together."""
    barrier = threading.Barrier(len(people))
    problems: list[str] = []
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)

    def run(person, client):
        try:
            barrier.wait()
            work(person, client)
        except Exception as error:  # reported below, with the person
            problems.append(f"{person.email}: {error!r}")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(person, client))
        for person, client in zip(people, clients, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_phones_post_and_vote_at_once_and_nothing_is_lost(org):
    facilitator = UserFactory(roles=["coach"], unit=org["vo"])
    workshop = make_workshop(by=facilitator, capacity=PHONES, dots_per_person=DOTS)
    people = [UserFactory(unit=org["north"]) for _ in range(PHONES)]
    for person in people:
        services.signup_create(workshop=workshop, by=person)
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.CAPTURE)

    def post_note(person, client):
        response = client.post(
            reverse("workshops:note_post", args=[workshop.pk]), {"text": f"Idé från {person.pk}"}
        )
        assert response.status_code == 302, response.status_code

    assert run_at_once(post_note, people) == []
    assert Note.objects.filter(workshop=workshop).count() == PHONES
    assert set(Note.objects.values_list("author_id", flat=True)) == {p.pk for p in people}

    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.VOTING)
    note_ids = list(Note.objects.values_list("pk", flat=True))
    refused: list[int] = []

    def vote(person, client):
        rng = random.Random(person.pk)
        for _tap in range(TAPS):
            note_id = rng.choice(note_ids)
            response = client.post(
                reverse("workshops:vote", args=[workshop.pk, note_id]),
                headers={"HX-Request": "true"},
            )
            assert response.status_code == 200, response.status_code
            if "message--error" in response.text:
                refused.append(person.pk)

    assert run_at_once(vote, people) == []
    per_voter = {
        person.pk: Vote.objects.filter(workshop=workshop, voter=person).count() for person in people
    }
    assert per_voter == {person.pk: DOTS for person in people}
    assert Vote.objects.filter(workshop=workshop).count() == PHONES * DOTS
    assert len(refused) == PHONES * (TAPS - DOTS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_people_taking_the_last_twenty_places_at_once(org):
    facilitator = UserFactory(roles=["coach"], unit=org["vo"])
    workshop = make_workshop(by=facilitator, capacity=20)
    people = [UserFactory(unit=org["north"]) for _ in range(PHONES)]

    def sign_up(person, client):
        response = client.post(reverse("workshops:signup", args=[workshop.pk]))
        assert response.status_code == 302, response.status_code

    assert run_at_once(sign_up, people) == []
    taken = SignUp.objects.filter(workshop=workshop, status=SignUp.Status.SIGNED_UP).count()
    assert taken == 20
    assert SignUp.objects.filter(workshop=workshop).exclude(person=facilitator).count() == 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tapping_on_several_phones_at_once_spends_no_more_dots_than_one_has(org):
    facilitator = UserFactory(roles=["coach"], unit=org["vo"])
    workshop = make_workshop(by=facilitator, capacity=10, dots_per_person=DOTS)
    people = [UserFactory(unit=org["north"]) for _ in range(PHONES // TAPS)]
    for person in people:
        services.signup_create(workshop=workshop, by=person)
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.CAPTURE)
    note = services.note_post(workshop=workshop, by=people[0], text="Gåmöten")
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.VOTING)

    def tap(person, client):
        response = client.post(reverse("workshops:vote", args=[workshop.pk, note.pk]))
        assert response.status_code == 302, response.status_code

    # Each person taps on five phones (or five tabs) at the same moment.
    assert run_at_once(tap, [person for person in people for _phone in range(TAPS)]) == []
    per_voter = {
        person.pk: Vote.objects.filter(workshop=workshop, voter=person).count() for person in people
    }
    assert per_voter == {person.pk: DOTS for person in people}
