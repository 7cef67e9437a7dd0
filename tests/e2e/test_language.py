"""The pages speak Swedish first; the language switch in the header changes to English and back,
with or without JavaScript, and the choice sticks while moving around."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import language_button, sign_in_link


def switch_language_there_and_back(page: Page, base_url: str) -> None:
    visit(page, reverse("home:start"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(language_button(page)).to_have_text("English")
    expect(language_button(page)).to_have_attribute("lang", "en")

    language_button(page).click()
    check_a11y(page)
    expect(page).to_have_url(base_url + reverse("home:start"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(language_button(page)).to_have_text("Svenska")
    expect(language_button(page)).to_have_attribute("lang", "sv")

    # The choice sticks on the next page.
    sign_in_link(page).click()
    check_a11y(page)
    expect(page).to_have_url(base_url + reverse("account_login"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(language_button(page)).to_have_text("Svenska")

    # Switching back returns to the same page, in Swedish.
    language_button(page).click()
    check_a11y(page)
    expect(page).to_have_url(base_url + reverse("account_login"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(language_button(page)).to_have_text("English")

    visit(page, reverse("home:start"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_switch_language_and_back(page: Page, live_server):
    switch_language_there_and_back(page, live_server.url)


def test_switch_language_without_javascript(new_page, live_server):
    page = new_page(java_script_enabled=False)
    switch_language_there_and_back(page, live_server.url)
    # The page's own scripts (htmx) really did not run.
    assert page.evaluate("typeof window.htmx") == "undefined"
