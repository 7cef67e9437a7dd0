"""Joint follow-ups in the browser: the coordinator ticks groups on the follow-up overview,
plans one follow-up for them and downloads it to the calendar; a member finds it on their
group's red thread. And a coach chooses members by searching, with and without JavaScript.
Every page is checked with axe."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar
from playwright.sync_api import Page, expect

from idesluss.core.ics import calendar_uid
from idesluss.groups.models import Group, JointFollowUp
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_group

DESKTOP = {"width": 1280, "height": 900}


def success_message(page: Page):
    return page.locator('main .messages[role="status"] .message--success')


def test_the_coordinator_plans_a_joint_follow_up_for_three_groups(new_page, live_server, org):
    coach = UserFactory(full_name="Maria Coach", unit=org["vo"], roles=["coach"])
    coordinator = UserFactory(full_name="Sofia Samordnare", roles=["coordinator"])
    member = UserFactory(full_name="Mona Medlem", unit=org["north"])
    groups = [
        make_group(coach=coach, members=[member], name="Nyckelgruppen"),
        make_group(coach=coach, members=[UserFactory(full_name="Bo Berg")], name="Elcyklarna"),
        make_group(members=[UserFactory(full_name="Cissi Carlsson")], name="Kemgruppen"),
    ]
    left_out = make_group(coach=coach, members=[UserFactory()], name="Bildstöd")
    day = timezone.localdate() + datetime.timedelta(days=10)

    # 1. From the follow-up overview, tick three groups and plan one follow-up for them.
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, coordinator.email)
    visit(desk, reverse("groups:overview"))
    for group in groups:
        desk.locator(f'main input[name="group"][value="{group.pk}"]').check()
    desk.locator(
        f'main form[action="{reverse("groups:joint_create")}"] button[type="submit"]'
    ).click()
    check_a11y(desk)
    form = desk.locator("main form.card")
    for group in groups:
        expect(form.locator(f'input[name="groups"][value="{group.pk}"]')).to_be_checked()
    expect(form.locator(f'input[name="groups"][value="{left_out.pk}"]')).not_to_be_checked()
    form.locator('input[name="title"]').fill("Gemensam uppföljning i hemtjänsten")
    form.locator('input[name="date"]').fill(day.isoformat())
    form.locator('input[name="time"]').fill("13:00")
    form.locator('input[name="location"]').fill("Stadshuset, sal Sommen")
    form.locator('textarea[name="agenda"]').fill("Läget i varje grupp\nÖppna åtgärder")
    form.locator('button[type="submit"]').click()
    check_a11y(desk)
    joint = JointFollowUp.objects.get()
    expect(desk).to_have_url(live_server.url + joint.get_absolute_url())
    expect(success_message(desk)).to_be_visible()
    assert {session.group for session in joint.sessions.all()} == set(groups)
    for group in groups:
        expect(desk.locator(f"main #group-{group.pk}")).to_be_visible()
    expect(desk.locator("main")).to_contain_text("Cissi Carlsson")

    # 2. The calendar file: one entry for the whole follow-up.
    with desk.expect_download() as download_info:
        desk.locator(f'main a[href="{reverse("groups:joint_ics", args=[joint.pk])}"]').click()
    [event] = Calendar.from_ical(download_info.value.path().read_bytes()).walk("VEVENT")
    assert str(event["uid"]) == calendar_uid("group-follow-up", joint.pk)
    assert str(event["location"]) == "Stadshuset, sal Sommen"

    # 3. A member finds it on their group's red thread, and downloads their session too.
    phone = new_page(viewport={"width": 360, "height": 740})
    sign_in(phone, member.email)
    visit(phone, groups[0].get_absolute_url())
    thread = phone.locator("main ol.red-thread")
    expect(thread).to_contain_text("Elcyklarna")
    expect(thread).to_contain_text("Kemgruppen")
    phone.locator(f'main #sessions a[href="{joint.get_absolute_url()}"]').click()
    check_a11y(phone)
    expect(phone.locator("main h1")).to_have_text("Gemensam uppföljning i hemtjänsten")
    # Only their own group's part is open to them.
    expect(phone.locator(f"main #group-{groups[0].pk}")).to_be_visible()
    expect(phone.locator(f"main #group-{groups[2].pk}")).to_have_count(0)
    part = joint.sessions.get(group=groups[0])
    visit(phone, part.get_absolute_url())
    with phone.expect_download() as download_info:
        phone.locator(
            f'main a[href="{reverse("groups:session_ics", args=[groups[0].pk, part.pk])}"]'
        ).click()
    [event] = Calendar.from_ical(download_info.value.path().read_bytes()).walk("VEVENT")
    assert str(event["uid"]) == calendar_uid("group-follow-up", joint.pk)


def _start_a_group_by_searching(page: Page, *, javascript: bool, name: str, person) -> None:
    visit(page, reverse("groups:create"))
    form = page.locator("main form.card")
    form.locator('input[name="name"]').fill(name)
    form.locator('textarea[name="purpose"]').fill("Pröva en gemensam nyckellista.")
    search = form.locator('input[name="members_q"]')
    search.fill("bertil")
    if javascript:
        # The matches come while typing, and are announced.
        expect(form.locator("#id_members_status")).to_contain_text("bertil")
    else:
        form.locator('button[name="pick"][value="members"]').click()
        check_a11y(page)
        form = page.locator("main form.card")
        expect(form.locator('input[name="name"]')).to_have_value(name)
    box = form.locator(f'input[name="members"][value="{person.pk}"]')
    box.check()
    check_a11y(page)
    label = gettext("Start the group")
    form.get_by_role("button", name=label).click()
    check_a11y(page)
    expect(success_message(page)).to_be_visible()


def test_a_coach_chooses_members_by_searching_with_and_without_javascript(
    new_page, live_server, org
):
    coach = UserFactory(full_name="Maria Coach", unit=org["vo"], roles=["coach"])
    bertil = UserFactory(full_name="Bertil Bengtsson", unit=org["north"])
    for number in range(30):
        UserFactory(full_name=f"Kollega {number}", unit=org["north"])
    with_js = new_page(viewport=DESKTOP)
    sign_in(with_js, coach.email)
    _start_a_group_by_searching(with_js, javascript=True, name="Med skript", person=bertil)
    without_js = new_page(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    sign_in(without_js, coach.email)
    _start_a_group_by_searching(without_js, javascript=False, name="Utan skript", person=bertil)
    for name in ("Med skript", "Utan skript"):
        assert list(Group.objects.get(name=name).members.all()) == [bertil]


def test_a_coach_plans_the_next_session_in_two_clicks(new_page, live_server, org, manager):
    from idesluss.groups import services
    from idesluss.groups.models import Session

    coach = UserFactory(full_name="Maria Coach", unit=org["vo"], roles=["coach"])
    member = UserFactory(full_name="Mona Medlem", unit=org["north"])
    group = make_group(coach=coach, members=[member, manager], name="Nyckelgruppen")
    # The group's usual time is 10:00 local time: the next session's default comes from it,
    # and a time taken from the clock would make the test depend on the hour it runs at.
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    earlier = services.session_create(
        group=group,
        by=coach,
        data=services.SessionInput(
            starts_at=timezone.make_aware(datetime.datetime.combine(last_week, datetime.time(10)))
        ),
    )
    action = services.action_add(
        session=earlier, by=coach, what="Fråga IT", owner=member, due_on=timezone.localdate()
    )
    page = new_page(viewport={"width": 360, "height": 740})
    sign_in(page, coach.email)
    visit(page, group.get_absolute_url())
    page.locator("main details#plan summary").click()
    check_a11y(page)
    page.locator("main details#plan button[type='submit']").click()
    check_a11y(page)
    session = Session.objects.exclude(pk=earlier.pk).get()
    expect(page).to_have_url(live_server.url + session.get_absolute_url())
    expect(success_message(page)).to_be_visible()
    # The next weekday in the organisation's time zone, at the group's usual time.
    starts = timezone.localtime(session.starts_at)
    assert starts.date() > timezone.localdate() and starts.weekday() < 5
    assert starts.time() == datetime.time(10)
    assert set(session.participants.all()) == {coach, member, manager}
    expect(page.locator(f"main tr#action-{action.pk}")).to_contain_text("Fråga IT")
