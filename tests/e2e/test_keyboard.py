"""Keyboard users can jump past the header straight to the content."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_a11y, visit


def test_first_tab_focuses_the_skip_link_which_moves_focus_to_main(page: Page):
    visit(page, reverse("home:start"))

    page.keyboard.press("Tab")
    skip_link = page.locator('a[href="#main"]')
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    expect(skip_link).to_have_text(re.compile(r"^\s*(Hoppa till innehållet|Skip to content)\s*$"))
    check_a11y(page)  # the skip link is shown now

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    check_a11y(page)
