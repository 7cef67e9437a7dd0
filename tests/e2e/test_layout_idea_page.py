"""The idea's page puts first what the viewer's role and relation call for (issue 12, item
10): the responsible manager the answer-and-move form, an assessor the assessment, anyone
else supporting and following. On a phone that comes right under the title; on a desktop
it stands in a side column with the facts, next to the idea itself."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.ideas import services
from idesluss.ideas.models import Idea
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_idea

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
LONG = "Vi letar efter nycklar i skåpet varje morgon och kommer sent till brukarna. " * 12


def box(page: Page, selector: str) -> dict:
    locator = page.locator(selector)
    expect(locator).to_be_visible()
    return locator.bounding_box()


def fits(page: Page, width: int) -> None:
    check_a11y(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width} px screen"


def open_idea(page: Page, idea: Idea, width: int) -> None:
    visit(page, idea.get_absolute_url())
    fits(page, width)


def before_in_page(page: Page, first: str, then: str) -> bool:
    """Whether `first` comes before `then` in the document (the order a phone shows)."""
    return page.evaluate(
        "([a, b]) => !!(document.querySelector(a).compareDocumentPosition("
        "document.querySelector(b)) & Node.DOCUMENT_POSITION_FOLLOWING)",
        [first, then],
    )


def test_responsible_manager_answers_first_on_phone_and_desktop(new_page, manager, employee):
    idea = make_idea(submitter=employee, need=LONG, proposal=LONG, benefit=LONG)
    assert idea.responsible == manager

    phone = new_page(viewport=PHONE)
    sign_in(phone, manager.email, on_each_page=lambda page: fits(page, PHONE["width"]))
    open_idea(phone, idea, PHONE["width"])
    move = box(phone, "main #move")
    assert move["y"] < PHONE["height"], "the answer form starts on the first screen"
    assert before_in_page(phone, "main #move", "main dl.facts")
    assert before_in_page(phone, "main #move", "#need-heading")

    desk = new_page(viewport=DESKTOP)
    sign_in(desk, manager.email)
    open_idea(desk, idea, DESKTOP["width"])
    move, need = box(desk, "main #move"), box(desk, "#need-heading")
    facts = box(desk, "main dl.facts")
    # A side column on the right: the form and the facts beside the idea's text.
    assert move["x"] > need["x"] + need["width"] / 2
    assert abs(facts["x"] - move["x"]) < 2 and facts["y"] > move["y"]
    main_top = box(desk, "main .idea-layout__main > :first-child")["y"]
    assert move["y"] < 400 and abs(main_top - move["y"]) < 30


def test_assessor_is_asked_to_assess_first(new_page, manager, employee, org):
    idea = make_idea(submitter=employee, need=LONG, proposal=LONG)
    assessor = UserFactory(full_name="Anna Bedömare", unit=org["vo"])
    services.assessor_assign(idea=idea, assessor=assessor, by=manager)

    phone = new_page(viewport=PHONE)
    sign_in(phone, assessor.email, on_each_page=lambda page: fits(page, PHONE["width"]))
    open_idea(phone, idea, PHONE["width"])
    first = phone.locator("main .idea-layout__side > :first-child")
    expect(first).to_have_id("assess-now")
    assess = first.locator(f'a[href="{reverse("ideas:assess", args=[idea.pk])}"]')
    expect(assess).to_be_visible()
    assert assess.bounding_box()["y"] < PHONE["height"]
    # The button is not repeated further down in the assessment block.
    expect(
        phone.locator(f'main a[href="{reverse("ideas:assess", args=[idea.pk])}"]')
    ).to_have_count(1)
    assess.click()
    fits(phone, PHONE["width"])
    expect(phone).to_have_url(re.compile(re.escape(reverse("ideas:assess", args=[idea.pk])) + "$"))


def test_colleague_supports_first(new_page, employee, org):
    colleague = UserFactory(full_name="Kalle Kollega", unit=org["north"])
    idea = make_idea(submitter=employee, need=LONG, proposal=LONG)

    desk = new_page(viewport=DESKTOP)
    sign_in(desk, colleague.email)
    open_idea(desk, idea, DESKTOP["width"])
    first = desk.locator("main .idea-layout__side > :first-child")
    expect(first).to_have_id("participation")
    expect(desk.locator("main #move")).to_have_count(0)
    support = first.locator('button[aria-pressed="false"]').first
    expect(support).to_contain_text("Stöd idén")
    assert support.bounding_box()["y"] < 400
    support.click()
    expect(first.locator('button[aria-pressed="true"]').first).to_be_visible()
    check_a11y(desk)
