"""The workshops' "done when" journey: the facilitator opens capture; two participants (one on
a 360 px phone) post notes; the facilitator accepts a suggested grouping; the participants
vote with their dots while the board updates live; the facilitator makes the winning cluster
an idea, whose page says it came from the workshop. Every page and every swap is axe-checked."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.goals.models import GlobalGoal
from idesluss.ideas.models import Idea
from idesluss.workshops import services
from idesluss.workshops.models import Cluster, Note, Vote, Workshop
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_workshop

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
CHEMICALS = "Färre kemikalier i städningen"
CLEANING = "Kemikaliefria rengöringsmedel i köken"
FRUIT = "Frukt i fikarummet"


def fits_phone(page: Page) -> None:
    check_a11y(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a phone"


def post_note(page: Page, workshop: Workshop, text: str, check=check_a11y) -> None:
    form = page.locator(f'main form[action="{reverse("workshops:note_post", args=[workshop.pk])}"]')
    form.locator('textarea[name="text"]').fill(text)
    form.locator('button[type="submit"]').click()
    check(page)
    expect(page.locator("#live-board")).to_contain_text(text)


def test_a_workshop_from_first_note_to_idea(new_page, live_server, org):
    facilitator = UserFactory(full_name="Fia Facilitator", unit=org["vo"], roles=["coach"])
    desk_person = UserFactory(full_name="Dan Deltagare", unit=org["north"])
    phone_person = UserFactory(full_name="Pia Mobil", unit=org["north"])
    workshop = make_workshop(
        by=facilitator,
        title="Hållbar konsumtion och produktion",
        global_goals=[GlobalGoal.objects.get(number=12)],
        dots_per_person=2,
        starts_in_days=0,
    )
    services.signup_create(workshop=workshop, by=desk_person)
    live_url = reverse("workshops:live", args=[workshop.pk])

    # 1. The facilitator finds the workshop from the header and opens it for notes.
    big = new_page(viewport=DESKTOP)
    sign_in(big, facilitator.email)
    big.locator(f'header nav a[href="{reverse("workshops:list")}"]').click()
    check_a11y(big)
    big.locator(f'main a[href="{workshop.get_absolute_url()}"]').click()
    check_a11y(big)
    big.locator('main button[name="phase"][value="capture"]').click()
    check_a11y(big)
    big.locator(f'main a[href="{live_url}"]').first.click()
    check_a11y(big)

    # 2. A participant at a desk and one on a phone (who signs up first) post notes.
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, desk_person.email)
    visit(desk, live_url)
    post_note(desk, workshop, CHEMICALS)

    phone = new_page(viewport=PHONE)
    sign_in(phone, phone_person.email, on_each_page=fits_phone)
    phone.goto(workshop.get_absolute_url())
    fits_phone(phone)
    phone.locator(
        f'main form[action="{reverse("workshops:signup", args=[workshop.pk])}"] button'
    ).click()
    fits_phone(phone)
    phone.locator(f'main a[href="{live_url}"]').first.click()
    fits_phone(phone)
    post_note(phone, workshop, CLEANING, check=fits_phone)
    post_note(phone, workshop, FRUIT, check=fits_phone)

    # 3. The facilitator's big screen shows the notes without a reload (polling).
    expect(big.locator("#live-board")).to_contain_text(FRUIT, timeout=10_000)
    check_a11y(big)

    # 4. The facilitator accepts the suggested grouping of the two notes on chemicals.
    big.locator(f'main a[href="{reverse("workshops:organise", args=[workshop.pk])}"]').click()
    check_a11y(big)
    suggestion = big.locator("main form.ws-suggestion").first
    expect(suggestion.locator('input[name="name"]')).to_have_value("Kemikalier")
    suggestion.locator('button[type="submit"]').click()
    check_a11y(big)
    cluster = Cluster.objects.get(workshop=workshop)
    assert {note.text for note in cluster.notes.all()} == {CHEMICALS, CLEANING}
    visit(big, live_url)
    big.locator('main button[name="phase"][value="voting"]').click()
    check_a11y(big)

    # 5. The participants vote; the board updates in place (htmx) and counts their dots.
    chemicals, cleaning, fruit = (
        Note.objects.get(text=text) for text in (CHEMICALS, CLEANING, FRUIT)
    )
    visit(desk, live_url)
    desk.locator(f"#vote-{chemicals.pk}").click()
    expect(desk.locator(f"#note-{chemicals.pk} .ws-dots")).to_contain_text("1")
    check_a11y(desk)
    desk.locator(f"#vote-{fruit.pk}").click()
    expect(desk.locator(f"#note-{fruit.pk} .ws-dots")).to_contain_text("1")
    check_a11y(desk)
    visit(phone, live_url)
    fits_phone(phone)
    phone.locator(f"#vote-{cleaning.pk}").click()
    expect(phone.locator(f"#note-{cleaning.pk} .ws-dots")).to_contain_text("1")
    fits_phone(phone)
    phone.locator(f"#vote-{chemicals.pk}").click()
    expect(phone.locator(f"#note-{chemicals.pk} .ws-dots")).to_contain_text("2")
    fits_phone(phone)
    # A third dot is one too many (the buttons say so): a clear message, nothing counted.
    expect(phone.locator(f"#vote-{fruit.pk}")).to_have_attribute("aria-disabled", "true")
    phone.locator(f"#vote-{fruit.pk}").click(force=True)
    expect(phone.locator("#live-board .message--error")).to_be_visible()
    fits_phone(phone)
    assert Vote.objects.filter(voter=phone_person).count() == 2

    # 6. The big screen shows the winning cluster; the facilitator makes it an idea.
    column = big.locator(f'#live-board section[aria-labelledby="column-{cluster.pk}"]')
    expect(column).to_contain_text("3", timeout=10_000)
    check_a11y(big)
    promote = f"{reverse('workshops:promote', args=[workshop.pk])}?cluster={cluster.pk}"
    big.locator(f'main a[href="{promote}"]').click()
    check_a11y(big)
    form = big.locator("main form.card")
    expect(form.locator('input[name="title"]')).to_have_value("Kemikalier")
    form.locator('select[name="unit"]').select_option(str(org["vo"].pk))
    form.locator('button[type="submit"]').click()
    check_a11y(big)
    idea = Idea.objects.get(workshop=workshop)
    expect(big).to_have_url(live_server.url + idea.get_absolute_url())
    expect(big.locator(f'main a[href="{workshop.get_absolute_url()}"]')).to_have_text(
        workshop.title
    )
    # The note authors are asked to be co-submitters (named once they confirm).
    assert set(idea.co_submitter_invitations.values_list("person", flat=True)) == {
        desk_person.pk,
        phone_person.pk,
    }

    # 7. The summary shows the idea and where it is in the sluice.
    visit(big, reverse("workshops:summary", args=[workshop.pk]))
    expect(big.locator("main table.ws-ideas")).to_contain_text(idea.title)
    expect(big.locator("main table.ws-ideas")).to_contain_text(idea.stage.name)
