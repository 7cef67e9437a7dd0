"""Every kind of page each role can reach passes the checks on a phone.

The journeys check the pages they visit; this walk checks the rest. On the demo municipality
(ideas in every stage, boards, challenges, needs, workshops, groups with sessions and joint
follow-ups, notifications, ...) each role signs in and follows links from the start page, one
page of each kind, and every page on a 360 px screen must pass axe-core (WCAG 2.1 A and AA),
fit the screen, use each id once and say its language in `<html lang>`.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser

from idesluss.core.demo import DEMO_DOMAIN
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.walk import WalkReport, prepare, walk
from tests.factories import TEST_PASSWORD

PHONE = {"width": 360, "height": 740}
PAGES_PER_ROLE = 60

# (who, the demo sign-in, the language the pages are asked in)
WALKERS = [
    ("anonymous", None, "en"),
    ("employee", "lina.karlsson", "sv"),
    ("manager", "erik.johansson", "sv"),
    ("coach", "maria.lindqvist", "sv"),
    ("coordinator", "sofia.berg", "sv"),
    ("administrator", "karin.ek", "sv"),
]


@pytest.fixture
def demo_municipality(live_server) -> None:
    call_command("seed_demo", "--password", TEST_PASSWORD, stdout=io.StringIO())


def test_every_kind_of_page_each_role_reaches_passes_on_a_phone(
    browser: Browser, live_server, demo_municipality
):
    origin = live_server.url
    reports: list[WalkReport] = []
    for who, local_part, language in WALKERS:
        context = browser.new_context(base_url=origin, viewport=PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        prepare(context)
        context.add_cookies([{"name": "idesluss_language", "value": language, "url": origin}])
        try:
            page = context.new_page()
            report = WalkReport(who)
            if local_part:
                page.goto(reverse("account_login"))
                page.locator('input[name="login"]').fill(f"{local_part}@{DEMO_DOMAIN}")
                page.locator('input[name="password"]').fill(TEST_PASSWORD)
                page.locator('main form button[type="submit"]').click()
                page.wait_for_url(origin + reverse("home:start"))
            walk(
                page,
                report,
                origin=origin,
                start=reverse("home:start"),
                limit=PAGES_PER_ROLE,
                language=language,
            )
            reports.append(report)
        finally:
            context.close()

    # The walk reached the pages it is there for (so a broken menu cannot make it pass).
    for report in reports:
        assert len(report.visited) >= 3, f"{report.who} reached only {report.visited}"
    coordinator = next(report for report in reports if report.who == "coordinator")
    for prefix in ("/ideas/", "/challenges/", "/needs/", "/workshops/", "/groups/"):
        assert any(prefix in url for url in coordinator.visited), (prefix, coordinator.visited)

    failures = [failure for report in reports for failure in report.failures]
    summary = ", ".join(
        f"{report.who}: {len(report.visited)} pages, {len(report.failures)} faults"
        for report in reports
    )
    assert not failures, f"{summary}\n\n" + "\n\n".join(failures)
