"""The learning conversations' journey: a conversation leader on a 375 px phone plans a
conversation with a named colleague, follows the guide phase by phase with the timer,
records an insight and makes it an idea that enters the sluice (the idea list and the idea's
page, which says where it came from). Every page is axe-checked."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from idesluss.conversations.models import Insight, Session
from idesluss.ideas.models import Idea
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import open_menu, sign_in
from tests.factories import UserFactory, make_theme

PHONE = {"width": 375, "height": 740}
INSIGHT = "Ring anhöriga före första besöket"


def fits_phone(page: Page) -> None:
    check_a11y(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a phone"


def test_a_conversation_from_plan_to_idea(new_page, live_server, org):
    theme = make_theme(title="Svåra samtal med anhöriga")
    leader = UserFactory(full_name="Ahmed Hassan", unit=org["north"], roles=["conversation_leader"])
    colleague = UserFactory(full_name="Pia Persson", unit=org["north"])
    # Held yesterday afternoon: recorded today (a date, not the hour the suite runs at).
    day = timezone.localdate() - datetime.timedelta(days=1)

    phone = new_page(viewport=PHONE)
    sign_in(phone, leader.email, on_each_page=fits_phone)

    # 1. From the menu to the conversations, and plan one.
    open_menu(phone)
    phone.locator(f'header nav a[href="{reverse("conversations:list")}"]').click()
    fits_phone(phone)
    phone.locator(f'main a[href="{reverse("conversations:create")}"]').click()
    fits_phone(phone)
    form = phone.locator("main form.card")
    form.locator('select[name="theme"]').select_option(str(theme.pk))
    form.locator('select[name="unit"]').select_option(str(org["north"].pk))
    form.locator('input[name="date"]').fill(day.isoformat())
    form.locator('input[name="start"]').fill("13:00")
    form.locator('input[name="end"]').fill("14:15")
    form.locator('input[name="place"]').fill("Personalrummet")
    form.locator('input[name="participants_q"]').fill("pia")
    choice = form.locator(f'input[type="checkbox"][value="{colleague.pk}"]')
    expect(choice).to_be_visible()
    choice.check()
    check_a11y(phone)
    form.locator('button[type="submit"]:not([name="pick"])').click()
    fits_phone(phone)
    session = Session.objects.get()
    expect(phone).to_have_url(live_server.url + session.get_absolute_url())
    assert list(session.participants.all()) == [colleague]

    # 2. Follow the guide on the phone: the timer starts and pauses, phase by phase.
    phone.locator(f'main a[href="{reverse("conversations:follow", args=[session.pk])}"]').click()
    fits_phone(phone)
    timer = phone.locator("[data-phase-timer]")
    status = timer.locator('[role="status"][aria-live="polite"]')
    timer.locator("[data-timer-start]").click()
    expect(status).not_to_be_empty()
    expect(timer.locator("[data-timer-pause]")).to_be_focused()
    timer.locator("[data-timer-pause]").click()
    expect(timer.locator("[data-timer-start]")).to_be_enabled()
    check_a11y(phone)
    for _phase in range(4):
        phone.locator('main a[rel="next"]').click()
        fits_phone(phone)
    expect(phone.locator('main a[rel="next"]')).to_have_count(0)

    # 3. Record the conversation with an insight (no names of colleagues in the notes).
    phone.locator(f'main a[href="{reverse("conversations:record", args=[session.pk])}"]').click()
    fits_phone(phone)
    form = phone.locator("main form.card")
    expect(form.locator('textarea[name="insights"]')).to_have_value("")
    form.locator('textarea[name="experiences"]').fill("Flera har mött oroliga anhöriga.")
    form.locator('textarea[name="insights"]').fill(INSIGHT)
    form.locator(f'input[name="took_part"][value="{colleague.pk}"]').check()
    form.locator('button[type="submit"]').click()
    fits_phone(phone)
    insight = Insight.objects.get(session=session)

    # 4. Make the insight an idea: it goes through the ordinary hand-in.
    promote = reverse("conversations:promote", args=[session.pk, insight.pk])
    phone.locator(f'main a[href="{promote}"]').click()
    fits_phone(phone)
    form = phone.locator("main form.card")
    expect(form.locator('input[name="title"]')).to_have_value(INSIGHT)
    form.locator(f'input[name="co_submitters"][value="{colleague.pk}"]').check()
    form.locator('button[type="submit"]').click()
    fits_phone(phone)
    insight.refresh_from_db()
    idea = Idea.objects.get(pk=insight.idea_id)
    assert idea.status == Idea.Status.SUBMITTED and idea.submitter == leader
    expect(phone).to_have_url(live_server.url + idea.get_absolute_url())
    expect(phone.locator("#conversation-origin")).to_contain_text(theme.title)

    # 5. The idea is in the sluice's list.
    visit(phone, reverse("ideas:list"))
    fits_phone(phone)
    expect(phone.locator(f'main a[href="{idea.get_absolute_url()}"]').first).to_be_visible()


def test_the_coordinators_pages_pass_on_a_phone(new_page, org):
    """Themes, writing a guide, the overview and a leader's history, on a 375 px phone."""
    from idesluss.conversations import services
    from tests.factories import make_conversation

    coordinator = UserFactory(full_name="Sofia Berg", unit=org["vo"], roles=["coordinator"])
    leader = UserFactory(full_name="Ahmed Hassan", unit=org["north"], roles=["conversation_leader"])
    theme = make_theme(by=coordinator, title="Trygg medicinhantering")
    session = make_conversation(leader=leader, theme=theme, starts_in_days=-2, unit=org["north"])
    services.session_record(
        by=leader, session=session, data=services.RecordInput(insights=["Samma plats för listan"])
    )
    phone = new_page(viewport=PHONE)
    sign_in(phone, coordinator.email, on_each_page=fits_phone)
    for url in (
        reverse("conversations:themes"),
        theme.get_absolute_url(),
        reverse("conversations:theme_edit", args=[theme.pk]),
        reverse("conversations:theme_create"),
        reverse("conversations:overview"),
        reverse("conversations:overview") + "?start=2026-13-40",
        reverse("conversations:history") + f"?leader={leader.pk}",
        reverse("conversations:list") + "?view=past",
        session.get_absolute_url(),
        reverse("conversations:edit", args=[session.pk]),
    ):
        phone.goto(url)
        fits_phone(phone)
