"""Steps shared by the browser journeys."""

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_a11y
from tests.factories import TEST_PASSWORD


def open_menu(page: Page) -> None:
    """Unfold the main menu where it is folded (a phone: "Menu", issue 12 item 13)."""
    toggle = page.locator("header summary.site-nav__toggle")
    menu = page.locator("header details.site-nav__menu")
    if toggle.count() and toggle.is_visible() and not menu.evaluate("menu => menu.open"):
        toggle.click()


def logout_button(page: Page):
    return page.locator(f'header form[action="{reverse("account_logout")}"] button')


def sign_in_link(page: Page):
    return page.locator(f'header nav a[href="{reverse("account_login")}"]')


def language_button(page: Page):
    return page.locator('header form.language-switch button[name="language"]')


def sign_in(
    page: Page,
    email: str,
    password: str = TEST_PASSWORD,
    *,
    on_each_page: Callable[[Page], None] = check_a11y,
) -> None:
    """Open the sign-in page from the start page's menu and sign in with e-mail and password.

    `on_each_page` checks every page on the way (axe, and whatever else the journey needs)."""
    page.goto(reverse("home:start"))
    on_each_page(page)
    sign_in_link(page).click()
    on_each_page(page)
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.locator('main form button[type="submit"]').click()
    on_each_page(page)


def expect_signed_in(page: Page) -> None:
    expect(logout_button(page)).to_be_visible()
    expect(sign_in_link(page)).to_have_count(0)


def expect_signed_out(page: Page) -> None:
    expect(sign_in_link(page)).to_be_visible()
    expect(logout_button(page)).to_have_count(0)
