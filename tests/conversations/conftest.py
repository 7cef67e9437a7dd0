"""The tests compare messages with the English source strings, whatever is translated."""

import pytest
from django.utils import translation

from tests.factories import UserFactory, make_theme


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["idesluss_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(org):
    return UserFactory(full_name="Kim Samordnare", unit=org["vo"], roles=["coordinator"])


@pytest.fixture
def leader(org):
    return UserFactory(
        full_name="Ahmed Samtalsledare", unit=org["north"], roles=["conversation_leader"]
    )


@pytest.fixture
def colleague(org):
    return UserFactory(full_name="Pia Deltagare", unit=org["north"])


@pytest.fixture
def theme(coordinator):
    return make_theme(by=coordinator)
