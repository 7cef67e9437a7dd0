"""The good example's journey: the coordinator turns an implemented idea into a good example
(the form is filled in from the idea), ticks the submitter as agreeing to be named, publishes
it and shows it publicly; a visitor who is not signed in finds it from the start page on the
public showcase, where nobody is named who did not agree. Every page is checked with axe,
on a phone-sized screen."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.showcase import services
from idesluss.showcase.models import GoodExample
from tests.e2e.a11y import check_a11y
from tests.e2e.helpers import logout_button, open_menu, sign_in
from tests.factories import UserFactory, make_idea
from tests.showcase.conftest import implement

PHONE = {"width": 375, "height": 800}


def test_coordinator_publishes_a_good_example_that_visitors_find(new_page, live_server, org):
    coordinator = UserFactory(full_name="Karin Samordnare", unit=org["vo"], roles=["coordinator"])
    submitter = UserFactory(full_name="Zebulon Idégivarsson", unit=org["north"])
    co_submitter = UserFactory(full_name="Xerxes Medidégivare", unit=org["north"])
    idea = make_idea(submitter=submitter, unit=org["north"], title="Nyckellistan i appen")
    idea.co_submitters.add(co_submitter)
    implement(idea)
    services.showcase_settings_save(
        by=coordinator, show_key_figures=True, show_open_challenges=True
    )

    # 1. The coordinator opens the implemented idea and makes it a good example.
    page: Page = new_page(viewport=PHONE)
    sign_in(page, coordinator.email)
    page.goto(idea.get_absolute_url())
    check_a11y(page)
    page.locator("#good-examples a.button").click()
    check_a11y(page)
    form = page.locator("main form.card")
    expect(form.locator('input[name="title"]')).to_have_value("Nyckellistan i appen")
    form.locator('input[name="summary"]').fill("Hemtjänsten hittar nycklarna direkt.")
    form.locator(f'input[name="agreed"][value="{submitter.pk}"]').check()
    form.locator('input[name="is_public"]').check()
    form.locator('button[type="submit"]').click()
    check_a11y(page)
    example = GoodExample.objects.get()
    expect(page.locator("main h1")).to_have_text("Nyckellistan i appen")

    # 2. The coordinator publishes it and makes it the month's good example.
    page.locator(
        f'main form[action="{reverse("showcase:example_publish", args=[example.pk])}"] button'
    ).click()
    check_a11y(page)
    page.locator(
        f'main form[action="{reverse("showcase:example_feature", args=[example.pk])}"] button'
    ).click()
    check_a11y(page)
    example.refresh_from_db()
    assert example.status == "published" and example.featured_month is not None

    # 3. Signed out, a visitor finds it from the start page on the public showcase.
    open_menu(page)
    logout_button(page).click()
    page.goto(reverse("home:start"))
    check_a11y(page)
    expect(page.locator("main")).to_contain_text("Nyckellistan i appen")
    page.locator(f'main a[href="{reverse("showcase:showcase")}"]').click()
    check_a11y(page)
    main = page.locator("main")
    expect(main).to_contain_text("Nyckellistan i appen")
    expect(main).not_to_contain_text("Zebulon")
    expect(main).not_to_contain_text("Xerxes")
    page.locator(f'main a[href="{example.get_absolute_url()}"]').click()
    check_a11y(page)
    expect(main).to_contain_text("Zebulon Idégivarsson")
    expect(main).not_to_contain_text("Xerxes")
    expect(main).not_to_contain_text("Karin Samordnare")
