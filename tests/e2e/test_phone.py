"""A signed-in employee finds their way round the organisation and edits their profile
on a phone (360 px wide) without having to scroll sideways."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.accounts.models import User
from tests.e2e.a11y import check_a11y
from tests.e2e.helpers import open_menu, sign_in
from tests.factories import UserFactory

PHONE = {"width": 360, "height": 740}


def arrive(page: Page) -> None:
    """Every page on the way passes axe and fits the screen (no horizontal scrolling)."""
    check_a11y(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


def nav_link(page: Page, url: str):
    open_menu(page)
    return page.locator(f'header nav a[href="{url}"]')


def test_phone_organisation_people_and_profile(new_page, live_server, org):
    UserFactory(
        full_name="Maja Berg",
        unit=org["ht"],
        job_title="Enhetschef",
        roles=[("manager", org["ht"])],
    )
    colleague = UserFactory(
        full_name="Olof Sandberg", unit=org["north"], job_title="Undersköterska"
    )
    me = UserFactory(
        full_name="Greta Lindqvist",
        email="greta.lindqvist@kommunen.example",
        unit=org["north"],
        job_title="Undersköterska",
    )
    page = new_page(viewport=PHONE)

    sign_in(page, me.email, on_each_page=arrive)
    expect(page).to_have_url(live_server.url + reverse("home:start"))
    expect(page.locator("main h1")).to_contain_text("Greta")

    # The organisation: the whole tree of units.
    nav_link(page, reverse("accounts:unit_list")).click()
    arrive(page)
    expect(page).to_have_url(live_server.url + reverse("accounts:unit_list"))
    tree = page.locator("main ul.tree")
    for unit in org.values():
        expect(tree.locator(f'a[href="{unit.get_absolute_url()}"]')).to_have_text(unit.name)

    # A unit, with its manager's unit in the breadcrumbs and its people in a table.
    tree.locator(f'a[href="{org["north"].get_absolute_url()}"]').click()
    arrive(page)
    expect(page).to_have_url(live_server.url + org["north"].get_absolute_url())
    expect(page.locator("main h1")).to_have_text("Hemtjänst Norr")
    breadcrumbs = page.locator("main nav.breadcrumbs")
    expect(breadcrumbs.locator(f'a[href="{org["ht"].get_absolute_url()}"]')).to_be_visible()

    # A colleague.
    page.locator(f'main table a[href="{colleague.get_absolute_url()}"]').click()
    arrive(page)
    expect(page).to_have_url(live_server.url + colleague.get_absolute_url())
    expect(page.locator("main h1")).to_have_text("Olof Sandberg")
    expect(page.locator("main")).to_contain_text("Undersköterska")

    # My profile: change the job title.
    profile_link = nav_link(page, reverse("accounts:profile"))
    profile_link.click()
    arrive(page)
    expect(page).to_have_url(live_server.url + reverse("accounts:profile"))
    expect(profile_link).to_have_attribute("aria-current", "page")

    job_title = page.locator('main input[name="job_title"]')
    expect(job_title).to_have_value("Undersköterska")
    job_title.fill("Samordnare hemtjänst")
    job_title.locator("xpath=ancestor::form").locator('button[type="submit"]').click()
    arrive(page)

    expect(page).to_have_url(live_server.url + reverse("accounts:profile"))
    expect(page.locator('main [role="status"] .message--success')).to_be_visible()
    expect(page.locator('main input[name="job_title"]')).to_have_value("Samordnare hemtjänst")
    assert User.objects.get(pk=me.pk).job_title == "Samordnare hemtjänst"
