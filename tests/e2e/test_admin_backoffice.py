"""The coordinator finds the back office in the menu and adds an assessment criterion there,
without typing a number or an e-mail address."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.ideas.models import Criterion, Stage
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory


def test_the_coordinator_adds_a_criterion_from_the_menu(page: Page, live_server):
    coordinator = UserFactory(email="samordnare@kommunen.example", roles=["coordinator"])
    sign_in(page, coordinator.email)
    page.get_by_role("link", name="Administration").first.click()
    expect(page.get_by_role("link", name="Bedömningskriterier").first).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Bedömningskriterier").first.click()
    check_a11y(page)
    page.locator("#content").get_by_role("link", name="Lägg till").first.click()
    check_a11y(page)
    page.get_by_label("namn (svenska)").fill("Lättare vardag")
    page.get_by_label("beskrivning").fill("Blir arbetsdagen lättare?")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text("Lättare vardag")
    check_a11y(page)
    assert Criterion.objects.filter(name_sv="Lättare vardag", is_active=True).exists()
    # A stage and its moves: the roles that may make a move are boxes to tick.
    stage = Stage.objects.filter(transitions_out__isnull=False).first()
    visit(page, reverse("admin:ideas_stage_change", args=[stage.pk]))
    expect(page.get_by_role("checkbox", name="Idésamordnare").first).to_be_visible()
    check_a11y(page)
