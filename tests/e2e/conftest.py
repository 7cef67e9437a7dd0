"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked with axe-core (WCAG 2.0/2.1 A and AA), see a11y.py. The
page fixtures record each navigation of the main frame and fail the test at teardown if a
page was shown without being checked, so a check cannot be forgotten.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.a11y import track_navigations, unchecked_navigations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
E2E_DIR = Path(__file__).parent
CALL_FAILED = pytest.StashKey[bool]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/e2e drives a browser: mark it `e2e`."""
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Remember whether the test itself failed (then unchecked pages are no news)."""
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(autouse=True)
def _live_database(live_server, django_db_serialized_rollback) -> None:
    """Browser tests run against the live server, so they use transactional_db. Its flush
    would also empty the reference data the migrations add (roles, ...): serialized
    rollback puts it back before each test."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium was not found at {CHROMIUM}. The browser tests need Debian's "
            "Chromium: apt-get install chromium.",
            pytrace=False,
        )
    # Playwright's sync API marks an asyncio event loop as running in this thread between
    # its calls. Django keeps database connections per thread, but per context while a
    # loop runs, so from the first browser call on the tests get fresh connection objects.
    # Give them the database contents the test database setup stored on the old ones
    # (serialized rollback restores them), and close them again before the loop stops.
    serialized = {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all()
        if hasattr(conn, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        for alias, contents in serialized.items():
            if not hasattr(connections[alias], "_test_serialized_contents"):
                connections[alias]._test_serialized_contents = contents
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, browser: Browser, live_server
) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies) aimed at the live server.

    Keyword arguments go to `browser.new_context`, e.g. `java_script_enabled=False`
    or `viewport={"width": 360, "height": 740}`.
    """
    contexts: list[BrowserContext] = []
    pages: list[Page] = []

    def make(**context_options) -> Page:
        context_options.setdefault("base_url", live_server.url)
        context = browser.new_context(**context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        track_navigations(page, javascript_enabled=context_options.get("java_script_enabled", True))
        pages.append(page)
        return page

    yield make

    unchecked = [url for page in pages for url in unchecked_navigations(page)]
    for context in contexts:
        context.close()
    if unchecked and not request.node.stash.get(CALL_FAILED, False):
        pytest.fail(
            "These pages were shown but not checked with axe (call check_a11y(page) "
            "or use visit(page, url)): " + ", ".join(unchecked),
            pytrace=False,
        )


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A page in a new browser context per test."""
    return new_page()
