"""Drag and drop on the board: dropping a card on a column opens its move page with that
stage chosen (a message to the submitter is still required)."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.ideas.models import Idea, Lane, Stage
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


def test_a_wide_board_scrolls_inside_itself_not_the_page(page: Page, org, manager, employee):
    # Columns beyond the screen hold cards whose screen-reader text is positioned
    # absolutely: it must not make the whole page wider than the screen.
    ideas = [
        make_idea(submitter=employee, unit=org["north"], lane=Lane.INNOVATION, title=f"Kort {n}")
        for n in range(3)
    ]
    last_column = Stage.objects.filter(lane=Lane.INNOVATION).order_by("-order").first()
    Idea.objects.filter(pk__in=[idea.pk for idea in ideas]).update(stage=last_column)
    page.set_viewport_size({"width": 1024, "height": 800})
    sign_in(page, manager.email)
    visit(page, reverse("ideas:board", args=["innovation"]))
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    board = page.evaluate(
        "(() => { const b = document.querySelector('[data-board]');"
        " return [b.scrollWidth, b.clientWidth]; })()"
    )
    assert board[0] > board[1], "the board itself scrolls sideways"
