"""Counting a page's queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str) -> int:
    """How many queries a page costs in the steady state: with the signed-in person's roles
    and unread count in the cache, as every request after the first finds them (what
    drops them is tested in tests/core/test_remembered.py)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
