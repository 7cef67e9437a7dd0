"""The needs bank and challenges journey: an employee records a need, a colleague says
"we have it too", the coordinator turns it into an open challenge, and an employee on a
phone answers it with an idea from the challenge page, which then lists the idea."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from idesluss.challenges.models import Challenge, Need
from idesluss.ideas.models import Idea, Lane
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import open_menu, sign_in
from tests.factories import UserFactory

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

NEED_TITLE = "Mycket mat slängs efter middagen"
NEED_TEXT = "Portionerna är för stora och det mesta hamnar i soporna."
QUESTION = "Hur kan vi slänga mindre mat utan att de boende äter sämre?"
IDEA_TITLE = "Svinnvåg i matsalen"


def on_phone(page: Page) -> None:
    """Every page the employee sees on the phone passes axe and fits the screen."""
    check_a11y(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


def header_link(page: Page, url: str):
    open_menu(page)
    return page.locator(f'header nav a[href="{url}"]')


def success_message(page: Page):
    return page.locator('main .messages[role="status"] .message--success')


def test_need_becomes_a_challenge_answered_from_a_phone(new_page, live_server, org, employee):
    colleague = UserFactory(full_name="Kalle Kollega", unit=org["north"])
    coordinator = UserFactory(full_name="Sofia Samordnare", unit=org["vo"], roles=["coordinator"])
    answerer = UserFactory(full_name="Greta Svarar", unit=org["north"])

    # 1. The employee records a need in the needs bank.
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, employee.email)
    header_link(desk, reverse("needs:list")).click()
    check_a11y(desk)
    desk.locator(f'main a.button[href="{reverse("needs:record")}"]').click()
    check_a11y(desk)
    desk.locator('main input[name="title"]').fill(NEED_TITLE)
    desk.locator('main textarea[name="description"]').fill(NEED_TEXT)
    desk.locator('main input[name="where"]').fill("Ekbackens matsal")
    desk.locator('main input[name="affected"]').fill("Boende och kostpersonal")
    desk.locator('main select[name="frequency"]').select_option("daily")
    desk.locator('main form button[type="submit"]').click()
    check_a11y(desk)
    need = Need.objects.get(title=NEED_TITLE)
    assert need.recorded_by == employee
    expect(desk).to_have_url(live_server.url + need.get_absolute_url())
    expect(success_message(desk)).to_be_visible()
    # One does not say "we have it too" about one's own need.
    expect(
        desk.locator(f'main form[action="{reverse("needs:echo", args=[need.pk])}"]')
    ).to_have_count(0)

    # 2. A colleague has the same problem and says so, once.
    other = new_page(viewport=DESKTOP)
    sign_in(other, colleague.email)
    visit(other, reverse("needs:list"))
    other.locator(f'main a[href="{need.get_absolute_url()}"]').click()
    check_a11y(other)
    echo = other.locator(f'main form[action="{reverse("needs:echo", args=[need.pk])}"]')
    echo.locator("button").click()
    check_a11y(other)
    expect(success_message(other)).to_be_visible()
    expect(other.locator("#echo-count")).to_contain_text("1")
    expect(echo.locator('input[name="action"][value="remove"]')).to_have_count(1)
    need.refresh_from_db()
    assert need.echo_count == 1

    # 3. The coordinator chooses the need in the needs bank and turns it into a challenge.
    office = new_page(viewport=DESKTOP)
    sign_in(office, coordinator.email)
    header_link(office, reverse("needs:list")).click()
    check_a11y(office)
    office.locator(f'main input[name="need"][value="{need.pk}"]').check()
    office.locator('main form#needs-to-challenge button[type="submit"]').click()
    check_a11y(office)
    form = office.locator("main form.idea-form")
    expect(form.locator('input[name="title"]')).to_have_value(NEED_TITLE)
    expect(form.locator(f'input[name="needs"][value="{need.pk}"]')).to_be_checked()
    today = timezone.localdate()
    form.locator('input[name="title"]').fill("Mindre matsvinn")
    form.locator('input[name="question"]').fill(QUESTION)
    form.locator('select[name="owner_unit"]').select_option(str(org["vo"].pk))
    form.locator('input[name="opens_on"]').fill(today.isoformat())
    form.locator('input[name="closes_on"]').fill((today + datetime.timedelta(days=30)).isoformat())
    form.locator('button[type="submit"]').click()
    check_a11y(office)
    challenge = Challenge.objects.get(title="Mindre matsvinn")
    assert list(challenge.needs.all()) == [need] and challenge.status == "open"
    expect(office).to_have_url(live_server.url + challenge.get_absolute_url())
    expect(office.locator("main .challenge__question")).to_have_text(QUESTION)

    # 4. An employee on a phone answers the open challenge with an idea from its page.
    phone = new_page(viewport=PHONE)
    sign_in(phone, answerer.email, on_each_page=on_phone)
    header_link(phone, reverse("challenges:list")).click()
    on_phone(phone)
    phone.locator(f'main a[href="{challenge.get_absolute_url()}"]').click()
    on_phone(phone)
    submit_url = f"{reverse('ideas:submit')}?challenge={challenge.pk}"
    phone.locator(f'main a[href="{submit_url}"]').click()
    on_phone(phone)
    expect(phone.locator('main select[name="challenge"]')).to_have_value(str(challenge.pk))
    phone.locator('main input[name="title"]').fill(IDEA_TITLE)
    phone.locator('main textarea[name="need"]').fill(NEED_TEXT)
    phone.locator('main textarea[name="proposal"]').fill("En våg som visar dagens svinn.")
    phone.locator(f'main input[name="lane"][value="{Lane.IMPROVEMENT}"]').check()
    phone.locator('main form button[name="submit_idea"]').click()
    on_phone(phone)
    idea = Idea.objects.get(title=IDEA_TITLE)
    assert idea.challenge == challenge and idea.submitter == answerer
    expect(phone).to_have_url(live_server.url + idea.get_absolute_url())
    link = phone.locator(f'main dl.facts a[href="{challenge.get_absolute_url()}"]')
    expect(link).to_have_text("Mindre matsvinn")

    # 5. The challenge page lists the idea.
    link.click()
    on_phone(phone)
    expect(phone.locator(f'main #ideas a[href="{idea.get_absolute_url()}"]')).to_have_text(
        IDEA_TITLE
    )
