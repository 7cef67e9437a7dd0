"""The main menu on a phone and a desktop (issue 12, item 13): on a phone every item is one
tap away behind "Menu" (a <details>, so it works without JavaScript) and none is cut off;
"New idea" stays in sight but is not marked as the page you are on; every page marks the
item of its section as the current one, workshop pages too."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import make_idea, make_training, make_workshop

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
ITEMS = [
    ("home:start", ()),
    ("notifications:list", ()),
    ("ideas:list", ()),
    ("ideas:board", ("improvement",)),
    ("challenges:list", ()),
    ("needs:list", ()),
    ("workshops:list", ()),
    ("groups:list", ()),
    ("groups:my_actions", ()),
    ("conversations:list", ()),
    ("learning:list", ()),
    ("showcase:examples", ()),
    ("network:list", ()),
    ("accounts:unit_list", ()),
]


def menu_links(page: Page):
    return page.locator("header nav.site-nav details.site-nav__menu ul a")


def current(page: Page):
    return page.locator("header nav.site-nav a[aria-current]")


def fits(page: Page, width: int) -> None:
    check_a11y(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width} px screen"


def whole_items_shown(page: Page, width: int) -> None:
    """Every item of the menu is visible and inside the screen, none cut off."""
    links = menu_links(page)
    expect(links).to_have_count(len(ITEMS))
    for index, (name, args) in enumerate(ITEMS):
        link = links.nth(index)
        expect(link).to_have_attribute("href", reverse(name, args=args))
        expect(link).to_be_visible()
        area = link.bounding_box()
        assert area["x"] >= 0 and area["x"] + area["width"] <= width, f"{name} is cut off"
        assert link.evaluate("a => a.scrollWidth <= a.clientWidth + 1"), f"{name} is clipped"


def test_phone_menu_shows_every_item_with_and_without_javascript(new_page, employee):
    for javascript in (True, False):
        phone = new_page(viewport=PHONE, java_script_enabled=javascript)
        sign_in(phone, employee.email, on_each_page=lambda page: fits(page, PHONE["width"]))
        toggle = phone.locator("header summary.site-nav__toggle")
        expect(toggle).to_be_visible()
        expect(menu_links(phone).first).to_be_hidden()
        # "New idea" is always in sight, next to "Menu".
        cta = phone.locator(f'header nav a.nav-cta[href="{reverse("ideas:submit")}"]')
        expect(cta).to_be_visible()
        assert cta.bounding_box()["x"] + cta.bounding_box()["width"] <= PHONE["width"]

        toggle.click()
        fits(phone, PHONE["width"])
        whole_items_shown(phone, PHONE["width"])
        # The last items, hidden before behind the sideways-scrolling row, work.
        menu_links(phone).last.click()
        fits(phone, PHONE["width"])
        expect(phone).to_have_url(phone.url.split("/organisation/")[0] + "/organisation/")
        expect(toggle).to_be_visible()
        toggle.click()
        expect(menu_links(phone).last).to_have_attribute("aria-current", "page")


def test_desktop_menu_is_always_open(new_page, employee):
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, employee.email, on_each_page=lambda page: fits(page, DESKTOP["width"]))
    expect(desk.locator("header summary.site-nav__toggle")).to_be_hidden()
    whole_items_shown(desk, DESKTOP["width"])


def test_the_current_item_is_the_section_of_the_page(new_page, employee, manager):
    idea = make_idea(submitter=employee)
    workshop = make_workshop()
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, employee.email)
    expect(current(desk)).to_have_count(1)
    expect(current(desk)).to_have_attribute("href", reverse("home:start"))
    expect(current(desk)).to_have_attribute("aria-current", "page")

    cta = desk.locator(f'header nav a.nav-cta[href="{reverse("ideas:submit")}"]')
    expect(cta).not_to_have_attribute("aria-current", "page")
    # "New idea" is outlined, not bold as the current item is.
    assert cta.evaluate("a => getComputedStyle(a).fontWeight") == "400"
    assert current(desk).evaluate("a => getComputedStyle(a).fontWeight") == "700"

    pages = [
        (reverse("ideas:submit"), reverse("ideas:submit"), "page"),
        (reverse("ideas:list"), reverse("ideas:list"), "page"),
        (idea.get_absolute_url(), reverse("ideas:list"), "true"),
        (
            reverse("ideas:board", args=["innovation"]),
            reverse("ideas:board", args=["improvement"]),
            "true",
        ),
        (reverse("workshops:list"), reverse("workshops:list"), "page"),
        (workshop.get_absolute_url(), reverse("workshops:list"), "true"),
        (reverse("groups:my_actions"), reverse("groups:my_actions"), "page"),
        (make_training().get_absolute_url(), reverse("learning:list"), "true"),
        (employee.get_absolute_url(), reverse("accounts:unit_list"), "true"),
    ]
    for url, item, kind in pages:
        visit(desk, url)
        expect(current(desk)).to_have_count(1)
        expect(current(desk)).to_have_attribute("href", item)
        expect(current(desk)).to_have_attribute("aria-current", kind)
    assert cta.evaluate("a => getComputedStyle(a).fontWeight") == "400"
