"""An unknown address gives a friendly page that leads back to the start page."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_a11y, visit


def test_unknown_address_shows_a_friendly_404_page(page: Page, live_server):
    response = visit(page, "/no-such-page/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main h1")).not_to_be_empty()
    # The usual header and menu are there, so the visitor is not stranded.
    expect(page.locator("header nav.site-nav")).to_be_visible()

    page.locator(f'main a[href="{reverse("home:start")}"]').click()
    check_a11y(page)
    expect(page).to_have_url(live_server.url + reverse("home:start"))
