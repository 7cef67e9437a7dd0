"""The dashboard journey: the coordinator opens the dashboard, reads the charts and their data
tables, narrows it to one unit and opens the benefits summed; a steering group member's start
page shows the programme at a glance. Every page is checked with axe, on a phone too."""

import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from idesluss.ideas.models import Benefit
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_idea

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def _ideas(org) -> None:
    for unit, title in [
        (org["north"], "Nyckellista i appen"),
        (org["north"], "Gemensam bilbokning"),
        (org["bou"], "Läxhjälp på nätet"),
    ]:
        idea = make_idea(unit=unit, title=title)
    Benefit.objects.create(
        idea=idea, kind="realised", category="environment", description="Mindre papper"
    )


def test_the_coordinator_reads_the_dashboard_and_narrows_it_to_a_unit(new_page, org):
    _ideas(org)
    coordinator = UserFactory(full_name="Cora Samordnare", unit=org["vo"], roles=["coordinator"])
    desk: Page = new_page(viewport=DESKTOP, locale="en-GB")
    sign_in(desk, coordinator.email)

    # The coordinator's start page gives the programme at a glance, with the way in.
    glance = desk.locator("section.glance")
    expect(glance).to_be_visible()
    glance.locator(f'a[href="{reverse("insights:dashboard")}"]').click()
    check_a11y(desk)
    expect(desk.locator("main h1")).to_be_visible()

    # Every chart is a figure with a caption, a drawing described for screen readers and
    # its data as a table.
    charts = desk.locator("main figure.chart")
    assert charts.count() >= 6
    for chart in charts.all():
        expect(chart.locator("figcaption")).to_have_count(1)
        expect(chart.locator('svg[role="img"]')).to_have_attribute(
            "aria-label", re.compile(r"\w+: \w")
        )
        expect(chart.locator("table")).to_have_count(1)
    by_unit = desk.locator("#chart-unit table")
    expect(by_unit.locator("tbody tr")).to_have_count(2)
    expect(by_unit).to_contain_text("Vård och omsorg")
    expect(by_unit).to_contain_text("Barn och utbildning")

    # Narrowed to Hemtjänst: only its ideas, by the units below it.
    desk.locator('main form.filters select[name="unit"]').select_option(str(org["ht"].pk))
    desk.locator('main form.filters button[type="submit"]').click()
    check_a11y(desk)
    expect(desk.locator("#chart-unit table tbody tr")).to_have_count(1)
    expect(desk.locator("#chart-unit table")).to_contain_text("Hemtjänst Norr")
    for charts_of in desk.locator("main .charts").all():
        expect(charts_of).not_to_contain_text("Barn och utbildning")

    # The benefits summed, for the same unit and period.
    desk.locator(f'main a[href^="{reverse("insights:benefits")}"]').first.click()
    check_a11y(desk)
    expect(desk.locator("#chart-realised")).to_be_visible()

    # A period that ends before it begins: a message, not an error page.
    year = timezone.localdate().year
    visit(desk, f"{reverse('insights:dashboard')}?start={year}-12-31&end={year}-01-01")
    expect(desk.locator("#error-summary")).to_be_visible()


def test_the_steering_groups_start_page_on_a_phone(new_page, org):
    _ideas(org)
    steering = UserFactory(full_name="Stina Styrgrupp", unit=org["vo"], roles=["steering_group"])
    phone: Page = new_page(viewport=PHONE, locale="en-GB")
    sign_in(phone, steering.email)
    glance = phone.locator("section.glance")
    expect(glance).to_be_visible()
    expect(glance.locator(".figure").first).to_contain_text("3")
    glance.locator(f'a[href="{reverse("insights:benefits")}"]').click()
    check_a11y(phone)
    expect(phone.locator("#by-category")).to_be_visible()
