"""The tests compare messages with the English source strings, whatever is translated."""

import pytest
from django.utils import translation

from idesluss.workshops import services
from idesluss.workshops.models import Workshop
from tests.factories import UserFactory, make_workshop


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["idesluss_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator(org):
    return UserFactory(full_name="Fia Facilitator", unit=org["vo"], roles=["coach"])


@pytest.fixture
def coordinator(org):
    return UserFactory(full_name="Kim Samordnare", unit=org["vo"], roles=["coordinator"])


@pytest.fixture
def participant(org):
    return UserFactory(full_name="Pia Deltagare", unit=org["north"])


@pytest.fixture
def workshop(facilitator, participant):
    """A workshop a week from now, led by the facilitator, with the participant signed up."""
    workshop = make_workshop(by=facilitator, capacity=10, dots_per_person=3)
    services.signup_create(workshop=workshop, by=participant)
    return workshop


@pytest.fixture
def to_phase(facilitator):
    def move(workshop: Workshop, phase: str) -> Workshop:
        return services.workshop_set_phase(workshop=workshop, by=facilitator, phase=phase)

    return move
