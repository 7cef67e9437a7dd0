"""Forms that come back with errors start with a summary of them (issue 12, item 15): a box
at the top of the page that takes the focus and links to each field, on a phone and on a
desktop, with and without JavaScript; the idea page's comment form, far down, too. And
"My ideas" on a phone shows the ideas before the filters (item 14)."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_idea

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def fits(page: Page, width: int) -> None:
    check_a11y(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width} px screen"


def summary(page: Page):
    return page.locator("main #error-summary")


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_error_summary_on_the_idea_form(new_page, employee):
    for viewport, javascript in ((PHONE, True), (DESKTOP, True), (PHONE, False)):
        page = new_page(viewport=viewport, java_script_enabled=javascript)
        width = viewport["width"]
        sign_in(page, employee.email, on_each_page=lambda p, width=width: fits(p, width))
        visit(page, reverse("ideas:submit"))
        expect(summary(page)).to_have_count(0)
        page.locator('main textarea[name="need"]').fill("Vi letar efter nycklar varje morgon.")
        page.locator('main button[name="submit_idea"]').click()
        fits(page, viewport["width"])

        box = summary(page)
        expect(box).to_be_visible()
        expect(box).to_be_in_viewport()
        assert focused_id(page) == "error-summary", "the summary takes the focus"
        expect(box.locator('[role="alert"] h2')).to_be_visible()
        title_link = box.locator('a[href="#id_title"]')
        expect(title_link).to_be_visible()
        expect(title_link).to_contain_text("Rubrik")  # the field's label leads its message
        expect(box.locator('a[href="#id_need"]')).to_have_count(0)  # it was filled in
        # The summary comes before the form, and each error is still beside its field.
        expect(page.locator("main #id_title")).to_have_attribute("aria-invalid", "true")

        title_link.click()
        check_a11y(page)
        assert focused_id(page) == "id_title"
        expect(page.locator("main #id_title")).to_be_in_viewport()


def test_error_summary_reaches_the_comment_form_at_the_bottom(new_page, employee, org):
    colleague = UserFactory(full_name="Kalle Kollega", unit=org["north"])
    idea = make_idea(submitter=employee, need="Behov. " * 300)
    phone = new_page(viewport=PHONE)
    sign_in(phone, colleague.email, on_each_page=lambda p: fits(p, PHONE["width"]))
    visit(phone, idea.get_absolute_url())
    expect(summary(phone)).to_have_count(0)
    comment_form = phone.locator(f'main form[action="{reverse("ideas:comment", args=[idea.pk])}"]')
    comment_form.locator('button[type="submit"]').click()
    fits(phone, PHONE["width"])
    expect(summary(phone)).to_be_in_viewport()
    assert focused_id(phone) == "error-summary"
    summary(phone).locator('a[href="#id_comment-body"]').click()
    check_a11y(phone)
    assert focused_id(phone) == "id_comment-body"
    expect(phone.locator("main #id_comment-body")).to_be_in_viewport()


def test_my_ideas_on_a_phone_shows_ideas_before_the_filters(new_page, employee):
    mine = make_idea(submitter=employee, title="Nyckelskåpslista i appen")
    url = reverse("ideas:list") + "?view=mine"
    for javascript in (True, False):
        phone = new_page(viewport=PHONE, java_script_enabled=javascript)
        sign_in(phone, employee.email, on_each_page=lambda p: fits(p, PHONE["width"]))
        visit(phone, url)
        fits(phone, PHONE["width"])
        card = phone.locator(f'main #results a[href="{mine.get_absolute_url()}"]')
        expect(card).to_be_in_viewport()
        search = phone.locator('main input[name="q"]')
        expect(search).to_be_hidden()
        toggle = phone.locator("main summary.filters-fold__toggle")
        toggle.click()
        expect(search).to_be_visible()
        check_a11y(phone)
        search.fill("Nyckelskåpslista")
        if javascript:
            # htmx shows the results when the field changes (and puts the filter in the
            # address); "Show" then loads the page anew.
            search.blur()
            phone.wait_for_url(re.compile(r"q=Nyckel"))
            phone.wait_for_load_state("networkidle")
        with phone.expect_navigation():
            phone.locator('main form[role="search"] button[type="submit"]').click()
        fits(phone, PHONE["width"])
        expect(card).to_be_visible()
        # The summary says how many filters are in use while they are folded.
        expect(toggle).to_contain_text("1")

    desk = new_page(viewport=DESKTOP)
    sign_in(desk, employee.email)
    visit(desk, url)
    expect(desk.locator("main summary.filters-fold__toggle")).to_be_hidden()
    expect(desk.locator('main input[name="q"]')).to_be_visible()
