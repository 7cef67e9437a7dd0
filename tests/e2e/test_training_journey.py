"""The training journey: an employee who may not yet lead learning conversations (and is told
which training gives the qualification) enrols in the conversation-leader training on a
phone, the coordinator records the attendance of its sessions, the completion grants the
qualification, the employee sees it on the start page, and then plans a learning
conversation. Every page is checked with axe."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from idesluss.accounts.models import Qualification
from idesluss.conversations.models import Session
from idesluss.learning.models import Enrolment
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import open_menu, sign_in
from tests.factories import UserFactory, make_theme, make_training

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def success_message(page: Page):
    return page.locator('main .messages[role="status"] .message--success')


def test_an_employee_completes_the_conversation_leader_training(new_page, live_server, org):
    coordinator = UserFactory(full_name="Sofia Samordnare", unit=org["vo"], roles=["coordinator"])
    employee = UserFactory(full_name="Lina Medarbetare", unit=org["north"])
    training = make_training(
        by=coordinator,
        title="Samtalsledarutbildning",
        grants="conversation_leader",
        validity_months=24,
        sessions_days=(-8, -1),
    )
    theme = make_theme(by=coordinator, title="Trygg medicinhantering")

    # 0. Not yet a conversation leader: planning a conversation says which training gives it.
    phone = new_page(viewport=PHONE)
    sign_in(phone, employee.email)
    visit(phone, reverse("conversations:create"))
    expect(phone.locator("main")).to_contain_text("Samtalsledarutbildning")
    expect(phone.locator("main form")).to_have_count(0)

    # 1. The employee finds the training from the menu on a phone and enrols.
    open_menu(phone)
    phone.locator(f'header nav a[href="{reverse("learning:list")}"]').click()
    check_a11y(phone)
    phone.locator(f'main a[href="{training.get_absolute_url()}"]').click()
    check_a11y(phone)
    expect(phone.locator("main h1")).to_have_text("Samtalsledarutbildning")
    phone.locator(
        f'main form[action="{reverse("learning:enrol", args=[training.pk])}"] button'
    ).click()
    check_a11y(phone)
    expect(success_message(phone)).to_be_visible()
    enrolment = Enrolment.objects.get(training=training, person=employee)
    assert enrolment.status == Enrolment.Status.ENROLLED

    # 2. The coordinator records the attendance of both sessions; the second completes it.
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, coordinator.email)
    visit(desk, training.get_absolute_url())
    for session in training.sessions.order_by("starts_at"):
        url = reverse("learning:attendance", args=[training.pk, session.pk])
        desk.locator(f'main a[href="{url}"]').click()
        check_a11y(desk)
        desk.locator(f'main input[name="present"][value="{enrolment.pk}"]').check()
        desk.locator('main form.card button[type="submit"]').click()
        check_a11y(desk)
        expect(success_message(desk)).to_be_visible()
        visit(desk, training.get_absolute_url())
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    held = Qualification.objects.get(user=employee, withdrawn_at__isnull=True)
    assert (held.code, held.source) == ("conversation_leader", "training")

    # 3. The employee sees the qualification on the start page, and their certificate.
    visit(phone, reverse("home:start"))
    with translation.override("sv"):
        label = gettext("Conversation leader")
    expect(phone.locator("main #my-trainings").locator("..")).to_contain_text(label)
    certificate = reverse("learning:certificate", args=[training.pk, enrolment.pk])
    visit(phone, training.get_absolute_url())
    phone.locator(f'main a[href="{certificate}"]').first.click()
    check_a11y(phone)
    expect(phone.locator("main")).to_contain_text("Lina Medarbetare")

    # 4. Now a conversation leader, the employee plans a learning conversation.
    visit(phone, reverse("conversations:list"))
    phone.locator(f'main a[href="{reverse("conversations:create")}"]').click()
    check_a11y(phone)
    day = timezone.localdate() + datetime.timedelta(days=7)
    form = phone.locator("main form.card")
    form.locator('select[name="theme"]').select_option(str(theme.pk))
    form.locator('select[name="unit"]').select_option(str(org["north"].pk))
    form.locator('input[name="date"]').fill(day.isoformat())
    form.locator('input[name="start"]').fill("13:00")
    form.locator('input[name="end"]').fill("14:00")
    form.locator('input[name="head_count"]').fill("6")
    form.locator('button[type="submit"]:not([name="pick"])').click()
    check_a11y(phone)
    session = Session.objects.get()
    assert (session.leader, session.theme) == (employee, theme)
    expect(phone).to_have_url(live_server.url + session.get_absolute_url())
