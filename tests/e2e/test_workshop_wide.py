"""The workshop live board on the facilitator's wide screen uses the width: notes side by
side, not one narrow column (issue 12, item 21); a phone keeps one column."""

from django.urls import reverse
from playwright.sync_api import Page

from idesluss.workshops import services
from idesluss.workshops.models import Workshop
from tests.e2e.a11y import check_a11y
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_workshop

DESKTOP = {"width": 1280, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}


def note_boxes(page: Page) -> list[dict]:
    return [note.bounding_box() for note in page.locator(".ws-note").all()]


def test_the_live_board_fills_a_wide_screen_and_a_phone_keeps_one_column(
    new_page, live_server, org
):
    facilitator = UserFactory(full_name="Fia Facilitator", unit=org["vo"], roles=["coach"])
    workshop = make_workshop(by=facilitator, starts_in_days=0)
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.CAPTURE)
    for number in range(8):
        services.note_post(workshop=workshop, by=facilitator, text=f"Lapp nummer {number}")
    url = reverse("workshops:live", args=[workshop.pk])
    for viewport in (DESKTOP, PROJECTOR):
        page = new_page(viewport=viewport)
        sign_in(page, facilitator.email)
        page.goto(url)
        check_a11y(page)
        boxes = note_boxes(page)
        assert len(boxes) == 8
        # Several notes on a row, and the board uses most of the screen's width.
        first_row = [box for box in boxes if abs(box["y"] - boxes[0]["y"]) < 1]
        assert len(first_row) >= 3, viewport
        board = page.locator(".ws-board").bounding_box()
        assert board["width"] >= viewport["width"] * 0.85, (viewport, board)
    phone = new_page(viewport=PHONE)
    sign_in(phone, facilitator.email)
    phone.goto(url)
    check_a11y(phone)
    assert len({round(box["x"]) for box in note_boxes(phone)}) == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
