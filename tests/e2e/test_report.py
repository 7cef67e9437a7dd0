"""The coordinator's exports page and the steering-group report, in the browser: both
axe-clean, on a desktop and at phone width; the report's print button shows (a script)
and the printed page has no menu."""

from playwright.sync_api import expect

from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_idea

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def test_coordinator_opens_exports_and_the_report(new_page, org, employee):
    coordinator = UserFactory(full_name="Cora Samordnare", unit=org["vo"], roles=["coordinator"])
    make_idea(submitter=employee, unit=org["north"], title="Nyckellåda")
    for viewport in (DESKTOP, PHONE):
        page = new_page(viewport=viewport)
        sign_in(page, coordinator.email)
        visit(page, "/insights/exports/")
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator('main button[formaction="/insights/exports/ideas/"]')).to_be_visible()
        page.locator('main a[href="/insights/report/"]').click()
        check_a11y(page)
        expect(page.locator("[data-print]")).to_be_visible()
        expect(page.locator("#key-figures")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator("main form")).to_be_hidden()
        page.emulate_media(media="screen")
        # A period with a wrong end: the page says what is wrong.
        visit(page, "/insights/report/?from=2026-03-31&to=2026-03-01")
        expect(page.locator("#error-summary")).to_be_visible()
