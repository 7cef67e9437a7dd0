"""An employee signs in with e-mail and password, and signs out again."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_a11y
from tests.e2e.helpers import expect_signed_in, expect_signed_out, logout_button, sign_in
from tests.factories import UserFactory


def test_employee_signs_in_sees_their_name_and_signs_out(page: Page, live_server):
    UserFactory(full_name="Greta Lindqvist", email="greta.lindqvist@kommunen.example")

    sign_in(page, "greta.lindqvist@kommunen.example")

    expect(page).to_have_url(live_server.url + reverse("home:start"))
    expect(page.locator("main h1")).to_contain_text("Greta")
    expect_signed_in(page)

    logout_button(page).click()
    check_a11y(page)

    expect(page).to_have_url(live_server.url + reverse("home:start"))
    expect_signed_out(page)
    expect(page.locator("main h1")).not_to_contain_text("Greta")


def test_wrong_password_shows_an_error_and_stays_signed_out(page: Page, live_server):
    UserFactory(full_name="Greta Lindqvist", email="greta.lindqvist@kommunen.example")

    sign_in(page, "greta.lindqvist@kommunen.example", password="not-the-password-1")

    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    # The error summary at the top says it (issue 12, item 15), and takes the focus.
    summary = page.locator("main #error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('[role="alert"]')).not_to_be_empty()
    expect(summary).to_be_focused()
    expect_signed_out(page)
    # The address typed stays in the form; the password does not.
    expect(page.locator('input[name="login"]')).to_have_value("greta.lindqvist@kommunen.example")
    expect(page.locator('input[name="password"]')).to_have_value("")
