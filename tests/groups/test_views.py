import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.groups import selectors, services
from idesluss.groups.models import Action, Group, Session
from tests.conftest import ROLES
from tests.factories import UserFactory, make_group, make_idea
from tests.queries import page_queries


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def group_data(**extra) -> dict:
    data = {
        "kind": "workgroup",
        "name": "Nyckelgruppen",
        "purpose": "Pröva en nyckellista.",
        "members": [],
        "starts_on": in_days(0),
        "ends_on": in_days(90),
    }
    data.update(extra)
    return data


PAGES = ["detail", "print", "edit", "session_create"]


@pytest.mark.parametrize("role", ROLES)
def test_a_private_group_is_not_there_for_outsiders(client, person_in_role, group, role):
    person = person_in_role(role)
    if role != "anonymous":
        client.force_login(person)
    for name in PAGES:
        response = client.get(reverse(f"groups:{name}", args=[group.pk]))
        if role == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        elif role == "coordinator":
            assert response.status_code == 200, name
        else:
            assert response.status_code == 404, (name, role)


@pytest.mark.parametrize("role", ROLES[1:])
def test_a_public_group_is_read_by_all_and_changed_by_insiders(client, person_in_role, role):
    group = make_group(is_public=True, name="Öppna gruppen")
    client.force_login(person_in_role(role))
    assert client.get(group.get_absolute_url()).status_code == 200
    assert client.get(reverse("groups:print", args=[group.pk])).status_code == 200
    expected = 200 if role == "coordinator" else 403
    assert client.get(reverse("groups:edit", args=[group.pk])).status_code == expected
    response = client.post(reverse("groups:status", args=[group.pk]), {"status": "red"})
    assert response.status_code == (400 if role == "coordinator" else 403)
    assert Group.objects.get().status == "green"
    listed = client.get(reverse("groups:list"))
    assert "Öppna gruppen" in listed.text


def test_members_see_their_private_group_in_the_list_others_do_not(client, group, member):
    client.force_login(member)
    assert "Nyckelgruppen" in client.get(reverse("groups:list") + "?view=mine").text
    client.force_login(UserFactory())
    assert "Nyckelgruppen" not in client.get(reverse("groups:list")).text


def test_start_a_group_from_an_idea_fills_in_what_is_known(client, org, coach, employee, idea):
    client.force_login(coach)
    page = client.get(idea.get_absolute_url())
    start = reverse("groups:create") + f"?idea={idea.pk}"
    assert start.replace("&", "&amp;") in page.text
    response = client.get(start)
    form = response.context["form"]
    assert form.initial["name"] == idea.title and form.initial["ideas"] == [idea.pk]
    assert form.initial["members"] == [employee.pk] and form.initial["coach"] == coach
    # The picker shows them ticked.
    assert f'name="members" value="{employee.pk}" id="id_members_{employee.pk}" checked' in (
        response.text
    )
    assert f'name="ideas" value="{idea.pk}" id="id_ideas_{idea.pk}" checked' in response.text
    response = client.post(
        reverse("groups:create"),
        group_data(ideas=[idea.pk], members=[employee.pk], coach=coach.pk),
    )
    group = Group.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert list(group.ideas.all()) == [idea] and list(group.members.all()) == [employee]
    # The idea shows the group and its status; employees may not start groups.
    client.force_login(employee)
    page = client.get(idea.get_absolute_url())
    assert "Nyckelgruppen" in page.text and "traffic--green" in page.text
    assert reverse("groups:create") not in page.text
    assert client.get(reverse("groups:create")).status_code == 403


def test_bad_group_input_is_explained_and_nothing_saved(client, coach, member):
    client.force_login(coach)
    gone = UserFactory()
    User.objects.filter(pk=gone.pk).update(is_active=False)
    response = client.post(
        reverse("groups:create"),
        group_data(
            starts_on=in_days(10),
            ends_on=in_days(1),
            members=[member.pk, gone.pk],
            ideas=["12x"],
        ),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"members", "ideas", "ends_on"}
    response = client.post(
        reverse("groups:create"),
        group_data(starts_on=in_days(10), ends_on=in_days(1), members=[member.pk], coach=member.pk),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"ends_on", "coach"}
    response = client.post(reverse("groups:create"), group_data(members=[]))
    assert response.status_code == 400 and "members" in response.context["form"].errors
    assert not Group.objects.exists()


def test_coach_plans_a_session_records_it_and_adds_an_action(client, group, coach, member):
    client.force_login(coach)
    date = in_days(2)
    response = client.post(
        reverse("groups:session_create", args=[group.pk]),
        {"kind": "coaching", "date": date, "time": "09:30", "agenda": "Läget"},
    )
    session = Session.objects.get()
    assert response["Location"] == session.get_absolute_url()
    edit_url = reverse("groups:session_edit", args=[group.pk, session.pk])
    form = client.get(edit_url).context["form"]
    data = {**form.initial, "notes": "Bra start", "attendees": [member.pk], "date": date}
    data["participants"] = [p for p in data["participants"]]
    response = client.post(edit_url, data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.notes == "Bra start" and list(session.attendees.all()) == [member]
    url = reverse("groups:decision_add", args=[group.pk, session.pk])
    assert client.post(url, {"text": "Vi börjar i Norr"}).status_code == 302
    url = reverse("groups:action_add", args=[group.pk, session.pk])
    outsider = UserFactory()
    bad = client.post(url, {"what": "Ring IT", "owner": outsider.pk, "due_on": in_days(-1)})
    assert bad.status_code == 400 and set(bad.context["action_form"].errors) == {"owner", "due_on"}
    assert not Action.objects.exists()
    assert (
        client.post(url, {"what": "Ring IT", "owner": member.pk, "due_on": date}).status_code == 302
    )
    page = client.get(session.get_absolute_url())
    assert "Vi börjar i Norr" in page.text and "Ring IT" in page.text


def test_a_conflicting_session_edit_keeps_both_texts(client, group, coach, member, session_at):
    session = session_at(group, coach)
    edit_url = reverse("groups:session_edit", args=[group.pk, session.pk])
    client.force_login(member)
    form = client.get(edit_url).context["form"]
    services.session_update(
        session=session,
        by=coach,
        data=services.SessionInput(starts_at=session.starts_at, notes="Coachens text"),
    )
    data = {**form.initial, "notes": "Min text"}
    response = client.post(edit_url, data)
    assert response.status_code == 409
    assert "Min text" in response.text and "Coachens text" in response.text
    session.refresh_from_db()
    assert session.notes == "Coachens text"
    # Saving again, deliberately, from the form shown.
    again = {**data, "version": response.context["form"]["version"].value()}
    assert client.post(edit_url, again).status_code == 302
    session.refresh_from_db()
    assert session.notes == "Min text"


def test_outsiders_cannot_add_to_sessions_or_tick_actions(client, group, coach, member, session_at):
    session = session_at(group, coach)
    action = services.action_add(
        session=session,
        by=coach,
        what="Ring",
        owner=member,
        due_on=timezone.localdate(),
    )
    client.force_login(UserFactory())
    assert client.get(session.get_absolute_url()).status_code == 404
    url = reverse("groups:decision_add", args=[group.pk, session.pk])
    assert client.post(url, {"text": "x"}).status_code == 404
    assert client.post(reverse("groups:action_done", args=[action.pk])).status_code == 404
    group.is_public = True
    group.save(update_fields=["is_public"])
    assert client.post(url, {"text": "x"}).status_code == 403
    assert client.post(reverse("groups:action_done", args=[action.pk])).status_code == 403
    assert not session.decisions.exists()
    assert client.get(reverse("groups:session", args=[group.pk + 1, session.pk])).status_code == 404


def test_my_actions_pages_and_costs_the_same(
    client, group, coach, member, session_at, django_assert_max_num_queries
):
    other_group = make_group(coach=coach, members=[member], name="Andra gruppen")
    for index, target in enumerate([group, other_group]):
        session = session_at(target, coach, days=-index - 1)
        for number in range(selectors.PAGE_SIZE):
            services.action_add(
                session=session,
                by=coach,
                what=f"Åtgärd {index}-{number}",
                owner=member,
                due_on=timezone.localdate() + datetime.timedelta(days=number),
            )
    client.force_login(member)
    url = reverse("groups:my_actions")
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and page.context["page"].paginator.count == 50
    assert "Andra gruppen" in page.text and 'rel="next"' in page.text
    action = Action.objects.filter(owner=member).order_by("due_on", "id").first()
    response = client.post(reverse("groups:action_done", args=[action.pk]), {"next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).context["page"].paginator.count == 49
    assert action.what in client.get(url + "?view=done").text


def test_group_page_costs_the_same_however_much_happened(
    client, coach, member, session_at, django_assert_num_queries
):
    def build(sessions: int) -> Group:
        idea = make_idea(submitter=member)
        group = make_group(coach=coach, members=[member, UserFactory()], ideas=[idea])
        for index in range(sessions):
            session = session_at(group, coach, days=-index - 1)
            services.decision_add(session=session, by=coach, text=f"Beslut {index}")
            for _ in range(3):
                services.action_add(
                    session=session,
                    by=coach,
                    what="Gör",
                    owner=member,
                    due_on=timezone.localdate(),
                )
        return group

    small, large = build(1), build(8)
    client.force_login(member)
    counts = [page_queries(client, group.get_absolute_url()) for group in (small, large)]
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(counts[1]):
        client.get(reverse("groups:print", args=[large.pk]))


def test_overview_for_coaches_and_the_coordinator(
    client, coach, member, session_at, django_assert_max_num_queries
):
    coordinator = UserFactory(roles=["coordinator"])
    for number in range(selectors.PAGE_SIZE + 3):
        group = make_group(coach=coach, members=[member], name=f"Grupp {number:02d}")
        if number % 2:
            session = session_at(group, coach, days=-2)
            action = services.action_add(
                session=session, by=coach, what="Gör", owner=member, due_on=timezone.localdate()
            )
            Action.objects.filter(pk=action.pk).update(
                due_on=timezone.localdate() - datetime.timedelta(days=3)
            )
    make_group(coach=UserFactory(roles=["coach"]), members=[member], name="Annans grupp")
    url = reverse("groups:overview")
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(coach)
    with django_assert_max_num_queries(10):
        page = client.get(url)
    assert page.context["page"].paginator.count == selectors.PAGE_SIZE + 3
    rows = {group.name: group for group in page.context["page"].object_list}
    assert rows["Grupp 01"].overdue_actions == 1 and rows["Grupp 01"].open_actions == 1
    assert rows["Grupp 00"].last_session is None
    assert "Annans grupp" not in page.text
    quiet = client.get(url + "?weeks=1").context["page"]
    assert quiet.paginator.count == 14  # the ones that never met
    client.force_login(coordinator)
    assert client.get(url).context["page"].paginator.count == selectors.PAGE_SIZE + 4


def test_the_header_links_to_groups_and_my_actions(client, employee):
    client.force_login(employee)
    page = client.get(reverse("groups:list"))
    assert f'href="{reverse("groups:list")}" aria-current="page"' in page.text
    assert reverse("groups:my_actions") in page.text


def test_the_back_office_lists_groups_sessions_and_actions(client, group, coach, session_at):
    session = session_at(group, coach)
    services.action_add(
        session=session,
        by=coach,
        what="Ring",
        owner=group.members.first(),
        due_on=timezone.localdate(),
    )
    client.force_login(UserFactory(roles=["coordinator"]))
    services.joint_create(
        by=coach,
        data=services.JointInput(
            title="Gemensam",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            groups=[group, make_group(coach=coach, name="Andra")],
        ),
    )
    for model in ("group", "session", "action", "jointfollowup"):
        assert client.get(reverse(f"admin:groups_{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:groups_group_change", args=[group.pk])).status_code == 200


def test_anonymous_people_are_sent_to_sign_in(client, group):
    for url in (reverse("groups:list"), reverse("groups:my_actions"), reverse("groups:overview")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_a_session_is_planned_from_the_group_page_in_a_few_clicks(
    client, group, coach, member, manager, session_at
):
    earlier = session_at(group, coach, days=-7)
    services.session_update(
        session=earlier,
        by=coach,
        data=services.SessionInput(
            kind="coaching",
            starts_at=earlier.starts_at.replace(hour=13, minute=30),
            minutes=60,
        ),
    )
    action = services.action_add(
        session=earlier, by=coach, what="Ring IT", owner=member, due_on=timezone.localdate()
    )
    client.force_login(coach)
    page = client.get(group.get_absolute_url())
    form = page.context["plan_form"]
    day = form.initial["date"]
    assert day > timezone.localdate() and day.weekday() < 5
    local = timezone.localtime(Session.objects.get(pk=earlier.pk).starts_at)
    assert form.initial["time"] == local.time().replace(second=0, microsecond=0)
    assert form.initial["minutes"] == 60
    assert set(form.initial["participants"]) == {member.pk, manager.pk, coach.pk}
    # The quick form on the page holds everything: one click plans the session.
    assert f'action="{reverse("groups:session_create", args=[group.pk])}"' in page.text
    data = {
        "kind": form.initial["kind"],
        "date": day.isoformat(),
        "time": form.initial["time"].strftime("%H:%M"),
        "minutes": 60,
        "participants": form.initial["participants"],
    }
    response = client.post(reverse("groups:session_create", args=[group.pk]), data)
    session = Session.objects.order_by("-starts_at").first()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert set(session.participants.all()) == {member, manager, coach}
    assert list(session.carried_actions.all()) == [action]
    # The full plan page shows the actions that will be taken up.
    full = client.get(reverse("groups:session_create", args=[group.pk]))
    assert "Ring IT" in full.text and full.context["form"].initial["minutes"] == 60


def test_members_do_not_see_the_quick_plan_of_a_public_group_they_are_not_in(client, employee):
    group = make_group(is_public=True)
    client.force_login(employee)
    page = client.get(group.get_absolute_url())
    assert page.context["plan_form"] is None
    assert reverse("groups:session_create", args=[group.pk]) not in page.text


def test_the_red_thread_exports_as_a_spreadsheet(client, group, coach, member, session_at):
    import csv
    import io

    session = session_at(group, coach, days=-3)
    services.decision_add(session=session, by=coach, text="Vi börjar i Norr")
    services.action_add(
        session=session, by=coach, what="Ring IT", owner=member, due_on=timezone.localdate()
    )
    services.group_set_status(group=group, by=coach, status="yellow", comment="Lite oro")
    client.force_login(member)
    url = reverse("groups:export", args=[group.pk])
    assert url in client.get(group.get_absolute_url()).text
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    texts = [row[2] for row in rows[1:]]
    assert len(rows[0]) == 4
    assert "Vi börjar i Norr" in texts
    assert any(text.startswith("Ring IT – Mona Medlem") for text in texts)
    assert any("Lite oro" in text for text in texts)
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_red_thread_export_keeps_formulas_as_text(client, group, coach, member, session_at):
    import csv
    import io

    session = session_at(group, coach, days=-3)
    services.decision_add(
        session=session, by=coach, text='=HYPERLINK("https://evil.example";"Klicka")'
    )
    client.force_login(member)
    response = client.get(reverse("groups:export", args=[group.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    texts = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("https://evil.example";"Klicka")' in texts
    assert not any(text.startswith("=") for row in rows for text in row)


def test_my_actions_marks_those_due_soon_and_those_late(client, group, coach, member, session_at):
    session = session_at(group, coach)
    soon = services.action_add(
        session=session, by=coach, what="Snart", owner=member, due_on=timezone.localdate()
    )
    later = services.action_add(
        session=session,
        by=coach,
        what="Senare",
        owner=member,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    late = services.action_add(
        session=session, by=coach, what="Sent", owner=member, due_on=timezone.localdate()
    )
    Action.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(member)
    rows = {a.pk: a for a in client.get(reverse("groups:my_actions")).context["page"]}
    assert rows[soon.pk].is_due_soon and not rows[later.pk].is_due_soon
    assert rows[late.pk].is_overdue and not rows[late.pk].is_due_soon


def test_the_red_thread_shows_every_kind_of_line_with_names_escaped(
    client, group, coach, member, session_at
):
    idea = make_idea(submitter=member, title="Nycklar <i>&</i> lås")
    group.ideas.add(idea)
    session = session_at(group, coach, days=-3, notes="Rad ett\nRad <två>")
    services.decision_add(session=session, by=coach, text="Vi <b>kör</b>")
    late = timezone.localdate() - datetime.timedelta(days=1)
    overdue = services.action_add(
        session=session, by=coach, what="Köp <kaffe>", owner=member, due_on=timezone.localdate()
    )
    Action.objects.filter(pk=overdue.pk).update(due_on=late)
    done = services.action_add(
        session=session, by=coach, what="Ring IT", owner=member, due_on=timezone.localdate()
    )
    services.action_set_done(action=done, by=member)
    services.group_set_status(group=group, by=member, status="yellow", comment="Lite <sent>")
    session_at(group, coach, days=2)
    client.force_login(member)
    text = client.get(group.get_absolute_url()).text
    owner = member.full_name
    assert "<blockquote>Rad ett<br>Rad &lt;två&gt;</blockquote>" in text
    assert "<p>Beslut: Vi &lt;b&gt;kör&lt;/b&gt;</p>" in text
    assert f"Åtgärd: Köp &lt;kaffe&gt; – {owner}, senast {late.day} " in text
    assert '<span class="overdue">Försenad</span></p>' in text
    assert "<p>Klar: Ring IT</p>" in text
    assert 'Status: <span class="traffic traffic--yellow">' in text
    assert "– Lite &lt;sent&gt;</p>" in text
    assert "Idén ”Nycklar &lt;i&gt;&amp;&lt;/i&gt; lås” skickades in" in text
    assert text.count('<span class="tag">Planerat</span>') == 2  # the list and the thread
    printed = client.get(reverse("groups:print", args=[group.pk])).text
    assert "<p>Beslut: Vi &lt;b&gt;kör&lt;/b&gt;</p>" in printed
    assert f'href="{session.get_absolute_url()}"' not in printed


def test_the_group_list_costs_the_same_however_many_groups(
    client, coach, member, session_at, django_assert_num_queries
):
    first = make_group(coach=coach, members=[member], name="Grupp 1")
    session_at(first, coach, days=-2)
    session_at(first, coach, days=3)
    client.force_login(member)
    client.get(reverse("groups:list"))  # warm the per-request caches
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("groups:list"))
    few = len(few)  # (a later request empties the connection's query log)
    text = page.text
    assert "Coach: Maria Coach" in text
    met = timezone.localtime(timezone.now() - datetime.timedelta(days=2))
    assert f"Träffades senast {met.day} " in text and 'traffic--green">' in text
    for number in range(2, selectors.PAGE_SIZE + 3):
        make_group(members=[member], name=f"Grupp {number:02d}", is_public=number % 2 == 0)
    client.get(reverse("groups:list"))  # the member was told of the new groups: count anew
    with django_assert_num_queries(few):
        page = client.get(reverse("groups:list"))
    assert "Har inte träffats än" in page.text and 'rel="next"' in page.text


def test_the_status_and_plan_forms_follow_the_group(client, group, coach, member):
    """The status and quick-plan forms show the group's own status and members: a changed
    status or another group's members give other forms."""
    client.force_login(member)
    page = client.get(group.get_absolute_url()).text
    assert 'value="green" required id="id_status_0" checked' in page
    services.group_set_status(group=group, by=member, status="red", comment="Hjälp <nu>")
    page = client.get(group.get_absolute_url()).text
    assert 'value="red" required id="id_status_2" checked' in page and "Hjälp &lt;nu&gt;" in page
    invited = f'<input type="hidden" name="participants" value="{member.pk}">'
    assert invited in page
    other = make_group(coach=coach, members=[UserFactory()], name="Andra gruppen")
    client.force_login(coach)
    assert invited not in client.get(other.get_absolute_url()).text
    bad = client.post(reverse("groups:status", args=[group.pk]), {"status": "yellow"})
    assert bad.status_code == 400 and 'class="field field--error"' in bad.text


def test_the_session_page_shows_times_in_the_local_time_zone(
    client, group, coach, member, session_at, settings
):
    settings.TIME_ZONE = "Europe/Stockholm"
    session = session_at(group, coach, days=-3)
    late = datetime.datetime(2026, 3, 5, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Stockholm
    Session.objects.filter(pk=session.pk).update(starts_at=late)
    client.force_login(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(session.get_absolute_url()).text
    assert '<time datetime="2026-03-06T00:30:00+01:00">Fri 6 Mar 2026, 00:30</time>' in page
    # In Swedish, in the Swedish style (issue 12, item 7).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = client.get(session.get_absolute_url()).text
    assert '<time datetime="2026-03-06T00:30:00+01:00">fre 6 mar 2026 kl. 00.30</time>' in page


def test_a_session_has_a_place_and_a_coach_may_own_an_action(client, group, coach, member):
    """Issue 12, item 20: the place is planned, shown and in the calendar file; the coach is
    offered as an action's owner; a meeting held before the group's start date is recorded."""
    client.force_login(coach)
    started = group.starts_on
    response = client.post(
        reverse("groups:session_create", args=[group.pk]),
        {
            "kind": "work", "date": started - datetime.timedelta(days=3), "time": "13:00",
            "location": "Stadshuset, rum 4",
        },
    )  # fmt: skip
    session = Session.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.location == "Stadshuset, rum 4"
    page = client.get(session.get_absolute_url())
    assert "<dd>Stadshuset, rum 4</dd>" in page.text
    assert "Stadshuset, rum 4" in client.get(group.get_absolute_url()).text
    ics = client.get(reverse("groups:session_ics", args=[group.pk, session.pk]))
    assert b"LOCATION:Stadshuset\\, rum 4" in ics.content
    # The next session is planned at the usual place.
    new = client.get(reverse("groups:session_create", args=[group.pk])).context["form"]
    assert new.initial["location"] == "Stadshuset, rum 4"
    url = reverse("groups:action_add", args=[group.pk, session.pk])
    owners = dict(page.context["action_form"].fields["owner"].choices)
    assert coach.pk in owners and member.pk in owners
    assert (
        client.post(
            url, {"what": "Boka lokal", "owner": coach.pk, "due_on": in_days(3)}
        ).status_code
        == 302
    )
    assert Action.objects.get().owner == coach
