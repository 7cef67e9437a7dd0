"""The tests compare messages with the English source strings, whatever is translated."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["idesluss_language"] = "en"
    with translation.override("en"):
        yield
