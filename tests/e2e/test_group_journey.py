"""The groups' "done when" journey: a coach plans a coaching session for a group, records
notes, a decision and an action for a member; the member finds it under "My actions" and
marks it done; the red thread shows all of it in order. Every page is checked with axe."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from idesluss.groups.models import Action, Session
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import open_menu, sign_in
from tests.factories import UserFactory, make_group, make_idea

DESKTOP = {"width": 1280, "height": 900}
NOTES = "Gruppen har kartlagt nyckelhanteringen i Norr."
DECISION = "Vi testar nyckellistan i Norr i två veckor."
ACTION = "Fråga IT om behörigheter i appen"


def header_link(page: Page, url: str):
    open_menu(page)
    return page.locator(f'header nav a[href="{url}"]')


def success_message(page: Page):
    return page.locator('main .messages[role="status"] .message--success')


def test_coach_records_a_session_and_the_member_ticks_off_the_action(
    new_page, live_server, org, manager
):
    coach = UserFactory(full_name="Maria Coach", unit=org["vo"], roles=["coach"])
    member = UserFactory(full_name="Mona Medlem", unit=org["north"])
    idea = make_idea(submitter=member, title="Nyckellista i appen")
    group = make_group(coach=coach, members=[member, manager], ideas=[idea], name="Nyckelgruppen")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    due = timezone.localdate() + datetime.timedelta(days=14)

    # 1. The coach opens the group from the header and plans a coaching session.
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, coach.email)
    header_link(desk, reverse("groups:list")).click()
    check_a11y(desk)
    desk.locator(f'main a[href="{group.get_absolute_url()}"]').click()
    check_a11y(desk)
    expect(desk.locator("main h1")).to_have_text("Nyckelgruppen")
    desk.locator(f'main a[href="{reverse("groups:session_create", args=[group.pk])}"]').click()
    check_a11y(desk)
    form = desk.locator("main form.card")
    form.locator('select[name="kind"]').select_option(Session.Kind.COACHING)
    form.locator('input[name="date"]').fill(tomorrow.isoformat())
    form.locator('input[name="time"]').fill("10:00")
    form.locator('textarea[name="agenda"]').fill("Läget\nNästa steg")
    form.locator('button[type="submit"]').click()
    check_a11y(desk)
    session = Session.objects.get(group=group)
    expect(desk).to_have_url(live_server.url + session.get_absolute_url())
    expect(success_message(desk)).to_be_visible()

    # 2. After the session: notes and attendance, a decision, an action for the member.
    edit_url = reverse("groups:session_edit", args=[group.pk, session.pk])
    desk.locator(f'main a[href="{edit_url}"]').click()
    check_a11y(desk)
    form = desk.locator("main form.card")
    form.locator('textarea[name="notes"]').fill(NOTES)
    form.locator(f'input[name="attendees"][value="{member.pk}"]').check()
    form.locator('button[type="submit"]').click()
    check_a11y(desk)
    expect(desk.locator("#session-notes")).to_have_text(NOTES)

    decision_form = desk.locator(
        f'main form[action="{reverse("groups:decision_add", args=[group.pk, session.pk])}"]'
    )
    decision_form.locator('textarea[name="text"]').fill(DECISION)
    decision_form.locator('button[type="submit"]').click()
    check_a11y(desk)
    expect(desk.locator("#decisions")).to_contain_text(DECISION)

    action_form = desk.locator(
        f'main form[action="{reverse("groups:action_add", args=[group.pk, session.pk])}"]'
    )
    # A due date in the past is refused with a clear message, and nothing is saved.
    action_form.locator('input[name="what"]').fill(ACTION)
    action_form.locator('select[name="owner"]').select_option(str(member.pk))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    action_form.locator('input[name="due_on"]').fill(yesterday.isoformat())
    action_form.locator('button[type="submit"]').click()
    check_a11y(desk)
    expect(action_form.locator(".field--error .errorlist")).to_have_count(1)
    assert not Action.objects.exists()
    action_form.locator('input[name="due_on"]').fill(due.isoformat())
    action_form.locator('button[type="submit"]').click()
    check_a11y(desk)
    expect(success_message(desk)).to_be_visible()
    action = Action.objects.get()
    assert (action.owner, action.due_on, action.session) == (member, due, session)

    # 3. The member finds the action under "My actions" and marks it done.
    phone = new_page(viewport={"width": 360, "height": 740})
    sign_in(phone, member.email)
    my_actions = reverse("groups:my_actions")
    header_link(phone, my_actions).click()
    check_a11y(phone)
    row = phone.locator(f"main tr#action-{action.pk}")
    expect(row).to_contain_text(ACTION)
    expect(row).to_contain_text("Nyckelgruppen")
    row.locator('button[type="submit"]').click()
    check_a11y(phone)
    expect(phone).to_have_url(live_server.url + my_actions)
    expect(success_message(phone)).to_be_visible()
    expect(phone.locator(f"main tr#action-{action.pk}")).to_have_count(0)
    action.refresh_from_db()
    assert action.done_at is not None and action.done_by == member

    # 4. The red thread shows it all, in order; and so does its printable version.
    for url in (group.get_absolute_url(), reverse("groups:print", args=[group.pk])):
        visit(phone, url)
        thread = phone.locator("main ol.red-thread > li")
        texts = thread.all_inner_texts()
        joined = "\n".join(texts)
        with translation.override("sv"):
            session_label = str(Session.Kind.COACHING.label)
            done = gettext("Done: %(what)s") % {"what": ACTION}
        positions = [joined.index(text) for text in (session_label, NOTES, DECISION, ACTION, done)]
        assert positions == sorted(positions), texts
