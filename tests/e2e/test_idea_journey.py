"""The idea sluice's "done when" journey: an employee hands in an idea on a phone (and is
shown a similar idea on the way), the manager moves it on the board with a message, and the
employee hears of it in the notification list and by e-mail. And the same move without
JavaScript, from the idea page itself, with a validation error first."""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.ideas.models import Idea, Lane
from idesluss.notifications.models import Notification
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import open_menu, sign_in
from tests.factories import UserFactory, make_idea

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

EXISTING_TITLE = "Gemensam nyckelskåpslista i appen"
TITLE = "Nyckelskåpslista i appen"
NEED = "Vi letar efter nycklar i skåpet varje morgon och kommer sent till brukarna."
PROPOSAL = "En lista i appen över vilken nyckel som hänger på vilken krok."
MESSAGE = "Bra idé! Vi provar listan i Norr från måndag – Kalle sätter upp den."


def on_phone(page: Page) -> None:
    """Every page the employee sees passes axe and fits the phone (no sideways scrolling)."""
    check_a11y(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


def header_link(page: Page, url: str):
    open_menu(page)
    return page.locator(f'header nav a[href="{url}"]')


def success_message(page: Page):
    return page.locator('main .messages[role="status"] .message--success')


def move_form(page: Page, idea: Idea):
    return page.locator(f'main form[action="{reverse("ideas:move", args=[idea.pk])}"]')


def board_column(page: Page, stage):
    return page.locator(f'main section.board__column[aria-labelledby="col-{stage.pk}"]')


def board_card(page: Page, idea: Idea):
    return page.locator("main li.board-card").filter(
        has=page.locator(f'a.board-card__title[href="{idea.get_absolute_url()}"]')
    )


def test_idea_from_phone_moved_on_board_and_answered(
    new_page, live_server, org, manager, employee, stage
):
    colleague = UserFactory(full_name="Kalle Kollega", unit=org["north"])
    existing = make_idea(submitter=colleague, title=EXISTING_TITLE, lane=Lane.INNOVATION)
    todo, doing = stage("improvement", "todo"), stage("improvement", "doing")

    # 1. The employee, on a phone, hands in an idea and is shown the similar one on the way.
    phone = new_page(viewport=PHONE)
    sign_in(phone, employee.email, on_each_page=on_phone)
    header_link(phone, reverse("ideas:submit")).click()
    on_phone(phone)
    expect(phone).to_have_url(live_server.url + reverse("ideas:submit"))
    expect(header_link(phone, reverse("ideas:submit"))).to_have_attribute("aria-current", "page")

    title = phone.locator('main input[name="title"]')
    title.press_sequentially(TITLE)
    similar = phone.locator("#similar-ideas")
    expect(similar.locator(f'a[href="{existing.get_absolute_url()}"]')).to_have_text(EXISTING_TITLE)
    expect(similar.locator("h2")).to_be_visible()
    on_phone(phone)  # with the suggestions shown

    phone.locator('main textarea[name="need"]').fill(NEED)
    phone.locator('main textarea[name="proposal"]').fill(PROPOSAL)
    phone.locator(f'main input[name="lane"][value="{Lane.IMPROVEMENT}"]').check()
    phone.locator('main form button[name="submit_idea"]').click()
    on_phone(phone)

    idea = Idea.objects.get(title=TITLE)
    assert (idea.submitter, idea.lane, idea.stage, idea.unit) == (
        employee,
        Lane.IMPROVEMENT,
        todo,
        org["north"],
    )
    expect(phone).to_have_url(live_server.url + idea.get_absolute_url())
    expect(success_message(phone)).to_be_visible()
    expect(phone.locator("main h1")).to_have_text(TITLE)

    # 2. The manager, at a desk, moves it on the improvement board with a message.
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, manager.email)
    board_url = reverse("ideas:board", args=[Lane.IMPROVEMENT])
    header_link(desk, board_url).click()
    check_a11y(desk)
    expect(desk).to_have_url(live_server.url + board_url)
    # The board starts with the manager's own unit, Hemtjänst, which holds Hemtjänst Norr.
    expect(desk.locator("main select#board-unit")).to_have_value(str(org["ht"].pk))
    expect(board_card(desk, idea)).to_have_count(1)
    expect(board_column(desk, todo).locator("li.board-card")).to_have_count(1)
    expect(board_card(desk, idea)).to_be_visible()

    board_card(desk, idea).locator(f'a[href^="{reverse("ideas:move", args=[idea.pk])}"]').click()
    check_a11y(desk)
    form = move_form(desk, idea)
    form.locator('select[name="to_stage"]').select_option(str(doing.pk))
    form.locator('textarea[name="message"]').fill(MESSAGE)
    form.locator('button[type="submit"]').click()
    check_a11y(desk)

    expect(desk).to_have_url(live_server.url + board_url)
    expect(success_message(desk)).to_contain_text(doing.name_sv)
    expect(board_column(desk, doing).locator("li.board-card")).to_have_count(1)
    expect(board_column(desk, doing).locator("li.board-card")).to_contain_text(TITLE)
    expect(board_column(desk, todo).locator("li.board-card")).to_have_count(0)
    idea.refresh_from_db()
    assert idea.stage == doing

    # 3. The employee sees the answer in the notification list and opens it.
    notifications_url = reverse("notifications:list")
    header_link(phone, notifications_url).click()
    on_phone(phone)
    expect(phone).to_have_url(live_server.url + notifications_url)
    badge = header_link(phone, notifications_url).locator(".badge")
    expect(badge).to_have_text(re.compile(r"^\s*1\s"))
    notification = Notification.objects.get(recipient=employee)
    assert notification.read_at is None
    item = phone.locator("main li.notification--unread")
    expect(item).to_have_count(1)
    expect(item.locator(".notification__body")).to_have_text(MESSAGE)
    expect(item).to_contain_text(manager.full_name)

    opener = f'form[action="{reverse("notifications:open", args=[notification.pk])}"]'
    item.locator(f"{opener} button").click()
    on_phone(phone)
    expect(phone).to_have_url(live_server.url + idea.get_absolute_url())
    expect(phone.locator("main dl.facts .stage")).to_have_text(doing.name_sv)
    history = phone.locator("main ol.timeline")
    expect(history.locator("li").filter(has_text=doing.name_sv).locator("blockquote")).to_have_text(
        MESSAGE
    )
    expect(header_link(phone, notifications_url).locator(".badge")).to_have_count(0)
    notification.refresh_from_db()
    assert notification.read_at is not None

    # ... and by e-mail: the live server runs in this process, so its locmem outbox is ours.
    answers = [m for m in mail.outbox if m.to == [employee.email]]
    assert len(answers) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert MESSAGE in answers[0].body
    assert TITLE in answers[0].subject + answers[0].body


def test_move_without_javascript_from_the_idea_page(new_page, live_server, org, manager, stage):
    submitter = UserFactory(full_name="Lina Medarbetare", unit=org["north"])
    idea = make_idea(submitter=submitter, title="Färre nycklar", lane=Lane.IMPROVEMENT)
    todo, doing = stage("improvement", "todo"), stage("improvement", "doing")
    assert idea.stage == todo

    page = new_page(viewport=DESKTOP, java_script_enabled=False)
    sign_in(page, manager.email)
    visit(page, idea.get_absolute_url())

    # No message: the error is shown and nothing moves.
    form = move_form(page, idea)
    form.locator('select[name="to_stage"]').select_option(str(doing.pk))
    form.locator('button[type="submit"]').click()
    check_a11y(page)
    expect(page).to_have_url(live_server.url + reverse("ideas:move", args=[idea.pk]))
    form = move_form(page, idea)
    message = form.locator('textarea[name="message"]')
    expect(message).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field--error .errorlist")).to_have_count(1)
    expect(form.locator('select[name="to_stage"]')).to_have_value(str(doing.pk))
    idea.refresh_from_db()
    assert idea.stage == todo
    assert not Notification.objects.filter(recipient=submitter).exists()

    # With a message it moves, back on the idea page.
    message.fill(MESSAGE)
    form.locator('button[type="submit"]').click()
    check_a11y(page)
    expect(page).to_have_url(live_server.url + idea.get_absolute_url())
    expect(success_message(page)).to_contain_text(doing.name_sv)
    expect(page.locator("main dl.facts .stage")).to_have_text(doing.name_sv)
    expect(page.locator("main ol.timeline blockquote")).to_have_text(MESSAGE)
    idea.refresh_from_db()
    assert idea.stage == doing
    assert Notification.objects.filter(recipient=submitter, body=MESSAGE).count() == 1
    assert page.evaluate("typeof window.htmx") == "undefined"
