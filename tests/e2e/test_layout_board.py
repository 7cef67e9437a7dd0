"""The board names every column above it (issue 12, item 12): a column beyond the edge of
the screen ("Avslutad") is not missed, its link brings it into view, and the board itself
can be scrolled with the keyboard. On a phone the columns stack and the page stays narrow."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.ideas.models import Idea, Lane, Stage
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import make_idea

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def fits(page: Page, width: int) -> None:
    check_a11y(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width} px screen"


def in_view(page: Page, selector: str, width: int) -> bool:
    area = page.locator(selector).bounding_box()
    return area["x"] >= 0 and area["x"] + area["width"] <= width + 1


def test_the_last_column_is_named_and_reached(new_page, org, manager, employee):
    stages = list(Stage.objects.filter(lane=Lane.INNOVATION).order_by("order"))
    last = Stage.objects.get(lane=Lane.INNOVATION, code="closed")  # "Avslutad"
    idea = make_idea(submitter=employee, unit=org["north"], lane=Lane.INNOVATION, title="Klar")
    Idea.objects.filter(pk=idea.pk).update(stage=last)
    board_url = reverse("ideas:board", args=["innovation"])

    desk = new_page(viewport=DESKTOP)
    sign_in(desk, manager.email)
    visit(desk, board_url)
    fits(desk, DESKTOP["width"])
    index = desk.locator("main nav.board-index")
    links = index.locator("a")
    expect(links).to_have_count(len(stages))
    for link, column_stage in zip(links.all(), stages, strict=True):
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", f"#column-{column_stage.pk}")
        expect(link).to_contain_text(column_stage.name_sv)
    closed_link = index.locator(f'a[href="#column-{last.pk}"]')
    expect(closed_link).to_contain_text("Avslutad (1)")
    column = f"main #column-{last.pk}"
    board = desk.locator("main [data-board]")
    # Eight columns do not fit 1280 px: the board scrolls, "Avslutad" starts out of sight.
    assert board.evaluate("b => b.scrollWidth > b.clientWidth")
    assert not in_view(desk, column, DESKTOP["width"])
    closed_link.click()
    expect(desk.locator(column)).to_be_in_viewport()
    assert in_view(desk, column, DESKTOP["width"])
    expect(desk.locator(column).locator(f'a[href="{idea.get_absolute_url()}"]')).to_be_visible()
    fits(desk, DESKTOP["width"])

    # The board can be scrolled from the keyboard: it takes the focus and has a name.
    expect(board).to_have_attribute("tabindex", "0")
    expect(board).to_have_attribute("aria-describedby", "board-hint")

    phone = new_page(viewport=PHONE)
    sign_in(phone, manager.email, on_each_page=lambda page: fits(page, PHONE["width"]))
    visit(phone, board_url)
    fits(phone, PHONE["width"])
    phone_links = phone.locator("main nav.board-index a")
    expect(phone_links).to_have_count(len(stages))
    phone.locator(f'main nav.board-index a[href="#column-{last.pk}"]').click()
    expect(phone.locator(column)).to_be_in_viewport()
    fits(phone, PHONE["width"])
