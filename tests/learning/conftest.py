"""The tests compare messages with the English source strings, whatever is translated."""

import pytest
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["idesluss_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(org):
    return UserFactory(full_name="Kim Samordnare", unit=org["vo"], roles=["coordinator"])


@pytest.fixture
def trainer(org):
    return UserFactory(full_name="Tove Utbildare", unit=org["vo"])


@pytest.fixture
def trainee(org):
    return UserFactory(full_name="Pia Deltagare", unit=org["north"])
