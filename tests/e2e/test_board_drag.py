"""Drag and drop on the board: dropping a card on a column opens its move page with that
stage chosen (a message to the submitter is still required)."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.ideas.models import Lane
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import make_idea


def test_dropping_a_card_on_a_column_opens_the_move_page_with_that_stage(
    page: Page, org, manager, employee, stage
):
    idea = make_idea(submitter=employee, unit=org["north"], lane=Lane.INNOVATION, title="Dra mig")
    target = stage("innovation", "assessment")
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, manager.email)
    visit(page, reverse("ideas:board", args=["innovation"]))
    card = page.locator(f'[data-move-url^="{reverse("ideas:move", args=[idea.pk])}"]')
    expect(card).to_have_attribute("draggable", "true")
    card.drag_to(page.locator(f'[data-stage="{target.pk}"]'))
    page.wait_for_url(f"**{reverse('ideas:move', args=[idea.pk])}**")
    check_a11y(page)
    expect(page.locator('select[name="to_stage"]')).to_have_value(str(target.pk))
    page.locator('textarea[name="message"]').fill("Vi bedömer den på ledningsgruppen.")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url(f"**{reverse('ideas:board', args=['innovation'])}**")
    check_a11y(page)
    idea.refresh_from_db()
    assert idea.stage == target
