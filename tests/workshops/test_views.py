import csv
import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from idesluss.ideas.models import Idea
from idesluss.workshops import services
from idesluss.workshops.models import Cluster, Note, SignUp, Vote, Workshop
from tests.factories import UserFactory, make_idea, make_workshop

Phase = Workshop.Phase
VIEWERS = ["anonymous", "outsider", "participant", "facilitator", "coordinator"]


@pytest.fixture
def people(participant, facilitator, coordinator, org):
    return {
        "outsider": UserFactory(full_name="Olle Utanför", unit=org["north"]),
        "participant": participant,
        "facilitator": facilitator,
        "coordinator": coordinator,
    }


@pytest.fixture
def running(workshop, participant, to_phase):
    """The workshop during voting, with a note of the participant in a cluster."""
    to_phase(workshop, Phase.CAPTURE)
    note = services.note_post(workshop=workshop, by=participant, text="Gåmöten varje vecka")
    services.note_post(workshop=workshop, by=participant, text="Frukt i fikarummet")
    facilitator = workshop.facilitators.get()
    services.cluster_create(workshop=workshop, by=facilitator, name="Rörelse", note_ids=[note.pk])
    to_phase(workshop, Phase.VOTING)
    return workshop


def sign_in_as(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])


# Every page: 200 (or a file) for those who may, 403 for others, sign-in for the anonymous.
PAGES = {
    "detail": {"outsider", "participant", "facilitator", "coordinator"},
    "calendar": {"outsider", "participant", "facilitator", "coordinator"},
    "summary": {"outsider", "participant", "facilitator", "coordinator"},
    "print": {"outsider", "participant", "facilitator", "coordinator"},
    "summary_csv": {"outsider", "participant", "facilitator", "coordinator"},
    "live": {"participant", "facilitator", "coordinator"},
    "live_board": {"participant", "facilitator", "coordinator"},
    "edit": {"facilitator", "coordinator"},
    "organise": {"facilitator", "coordinator"},
}


@pytest.mark.parametrize("who", VIEWERS)
def test_who_may_see_which_page(client, people, running, who):
    sign_in_as(client, people, who)
    for name, allowed in PAGES.items():
        response = client.get(reverse(f"workshops:{name}", args=[running.pk]))
        if who == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], name
        else:
            expected = 200 if who in allowed else 403
            assert response.status_code == expected, (name, who, response.status_code)


@pytest.mark.parametrize("who", VIEWERS)
def test_list_and_planning_by_role(client, people, running, who):
    sign_in_as(client, people, who)
    listed = client.get(reverse("workshops:list"))
    create = client.get(reverse("workshops:create"))
    if who == "anonymous":
        assert listed.status_code == 302 and create.status_code == 302
        return
    assert listed.status_code == 200 and running.title in listed.text
    # The facilitator fixture is a coach: coaches, managers and the coordinator plan workshops.
    assert create.status_code == (200 if who in ("facilitator", "coordinator") else 403)


@pytest.mark.parametrize("who", VIEWERS)
def test_who_may_post_vote_group_and_promote(client, people, running, who):
    sign_in_as(client, people, who)
    note = Note.objects.get(text="Frukt i fikarummet")
    cluster = Cluster.objects.get()
    votes = client.post(reverse("workshops:vote", args=[running.pk, note.pk]))
    grouped = client.post(
        reverse("workshops:cluster_create", args=[running.pk]),
        {"name": "Mat", "notes": [note.pk]},
    )
    renamed = client.post(
        reverse("workshops:cluster_rename", args=[running.pk, cluster.pk]), {"name": "Röra sig"}
    )
    phase = client.post(reverse("workshops:phase", args=[running.pk]), {"phase": Phase.CLOSED})
    promote = client.get(reverse("workshops:promote", args=[running.pk]) + f"?note={note.pk}")
    statuses = [r.status_code for r in (votes, grouped, renamed, phase, promote)]
    if who == "anonymous":
        assert all(code == 302 for code in statuses)
        assert not Vote.objects.exists() and Cluster.objects.count() == 1
        return
    may_vote = who in ("participant", "facilitator")
    may_facilitate = who in ("facilitator", "coordinator")
    assert statuses[0] == (302 if who != "outsider" else 403)
    assert Vote.objects.count() == (1 if may_vote else 0)
    assert statuses[1:] == ([302, 302, 302, 200] if may_facilitate else [403, 403, 403, 403])
    assert Cluster.objects.count() == (2 if may_facilitate else 1)
    running.refresh_from_db()
    assert running.phase == (Phase.CLOSED if may_facilitate else Phase.VOTING)


def test_the_coordinator_watches_but_does_not_vote_without_a_place(client, coordinator, running):
    client.force_login(coordinator)
    note = Note.objects.first()
    response = client.post(reverse("workshops:vote", args=[running.pk, note.pk]), follow=True)
    assert "Sign up for the workshop to take part." in response.text
    assert not Vote.objects.exists()


def test_sign_up_from_the_page_and_get_the_calendar_files(client, workshop, org):
    person = UserFactory(unit=org["north"])
    client.force_login(person)
    page = client.get(workshop.get_absolute_url())
    assert reverse("workshops:signup", args=[workshop.pk]) in page.text
    response = client.post(reverse("workshops:signup", args=[workshop.pk]), follow=True)
    assert "You are signed up" in response.text
    signup = SignUp.objects.get(person=person)
    ics = client.get(reverse("workshops:signup_calendar", args=[workshop.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["uid"]).startswith(f"idesluss-workshop-signup-{signup.pk}@")
    assert event["dtstart"].dt == workshop.starts_at
    assert str(event["location"]) == workshop.place
    whole = client.get(reverse("workshops:calendar", args=[workshop.pk]))
    event = next(iter(Calendar.from_ical(whole.content).walk("VEVENT")))
    assert str(event["uid"]).startswith(f"idesluss-workshop-{workshop.pk}@")
    # Giving the place back: the calendar entry of the sign-up is cancelled.
    client.post(reverse("workshops:signup_cancel", args=[workshop.pk]))
    ics = client.get(reverse("workshops:signup_calendar", args=[workshop.pk]))
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["status"]) == "CANCELLED"


def test_a_full_workshop_says_so_and_takes_nobody_more(client, facilitator, org):
    workshop = make_workshop(by=facilitator, capacity=1)
    services.signup_create(workshop=workshop, by=UserFactory())
    late = UserFactory(unit=org["north"])
    client.force_login(late)
    assert "The workshop is full." in client.get(workshop.get_absolute_url()).text
    response = client.post(reverse("workshops:signup", args=[workshop.pk]), follow=True)
    assert "The workshop is full: all 1 places are taken." in response.text
    assert not SignUp.objects.filter(person=late).exists()
    response = client.post(reverse("workshops:waitlist", args=[workshop.pk]), follow=True)
    assert "You are on the waiting list." in response.text
    assert SignUp.objects.get(person=late).status == SignUp.Status.WAITING


def test_plan_a_workshop_through_the_form(client, facilitator, participant):
    client.force_login(facilitator)
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = {
        "title": "Hållbar konsumtion",
        "description": "",
        "date": day,
        "start": "13:00",
        "end": "12:00",
        "place": "",
        "online_url": "",
        "facilitators": [facilitator.pk, 999999],
        "capacity": "0",
        "dots_per_person": "3",
        "global_goals": ["12"],
    }
    response = client.post(reverse("workshops:create"), data)
    assert response.status_code == 400
    assert {"facilitators", "capacity"} <= set(response.context["form"].errors)
    data.update(facilitators=[facilitator.pk, participant.pk], capacity="12")
    response = client.post(reverse("workshops:create"), data)
    assert response.status_code == 400
    assert {"end", "place"} <= set(response.context["form"].errors)
    data.update(end="16:00", place="Stadshuset")
    response = client.post(reverse("workshops:create"), data)
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and response["Location"] == workshop.get_absolute_url()
    assert set(workshop.facilitators.all()) == {facilitator, participant}
    assert [goal.number for goal in workshop.global_goals.all()] == [12]
    assert timezone.localtime(workshop.starts_at).hour == 13


def test_invite_from_the_page(client, workshop, facilitator, org):
    guest = UserFactory(unit=org["north"])
    client.force_login(facilitator)
    url = reverse("workshops:invite", args=[workshop.pk])
    response = client.post(url, {"invite-people": "999999"})
    assert response.status_code == 400
    response = client.post(url, {"invite-people": guest.pk}, follow=True)
    assert "1 colleague was invited." in response.text
    assert SignUp.objects.get(person=guest).status == SignUp.Status.INVITED


def test_posting_and_voting_without_javascript(client, workshop, participant, to_phase):
    client.force_login(participant)
    live = reverse("workshops:live", args=[workshop.pk])
    response = client.post(reverse("workshops:note_post", args=[workshop.pk]), {"text": "Gåmöten"})
    assert response.status_code == 400
    assert "The facilitator has not opened the workshop for notes yet." in response.text
    to_phase(workshop, Phase.CAPTURE)
    response = client.post(reverse("workshops:note_post", args=[workshop.pk]), {"text": ""})
    assert response.status_code == 400 and not Note.objects.exists()
    response = client.post(
        reverse("workshops:note_post", args=[workshop.pk]), {"text": "Gåmöten"}, follow=True
    )
    assert response.redirect_chain[-1][0] == live and "Gåmöten" in response.text
    note = Note.objects.get()
    to_phase(workshop, Phase.VOTING)
    vote_url = reverse("workshops:vote", args=[workshop.pk, note.pk])
    for _tap in range(3):
        client.post(vote_url)
    response = client.post(vote_url, follow=True)
    assert "You have used all your 3 dots." in response.text
    assert Vote.objects.count() == 3
    # With htmx the board alone comes back, with the message in it.
    response = client.post(vote_url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="live-board"' in response.text
    assert "<html" not in response.text and "You have used all your 3 dots." in response.text


def test_accepting_a_suggested_grouping(client, workshop, participant, facilitator, to_phase):
    to_phase(workshop, Phase.CAPTURE)
    first = services.note_post(workshop=workshop, by=participant, text="Färre kemikalier")
    second = services.note_post(workshop=workshop, by=participant, text="Inga kemikalier i köket")
    client.force_login(facilitator)
    page = client.get(reverse("workshops:organise", args=[workshop.pk]))
    assert page.status_code == 200 and 'value="Kemikalier"' in page.text
    response = client.post(
        reverse("workshops:cluster_create", args=[workshop.pk]),
        {"name": "Kemikalier", "notes": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    cluster = Cluster.objects.get()
    assert set(cluster.notes.all()) == {first, second}


def test_promote_from_the_page_then_the_idea_and_summary_show_it(
    client, running, facilitator, participant, org
):
    note = Note.objects.get(text="Frukt i fikarummet")
    client.force_login(facilitator)
    url = reverse("workshops:promote", args=[running.pk])
    form = client.get(url + f"?note={note.pk}").context["form"]
    assert form.initial["title"] == note.text and form.initial["proposal"] == note.text
    response = client.post(
        url,
        {
            "note": note.pk,
            "title": "Frukt till alla",
            "need": "Hälsa",
            "proposal": note.text,
            "lane": "improvement",
            "unit": org["north"].pk,
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    page = client.get(idea.get_absolute_url())
    assert running.get_absolute_url() in page.text and running.title in page.text
    summary = client.get(reverse("workshops:summary", args=[running.pk]))
    assert idea.get_absolute_url() in summary.text and idea.stage.name in summary.text
    assert f"{reverse('groups:create')}?idea={idea.pk}" in summary.text
    assert participant.full_name in summary.text


def test_summary_csv_has_every_note_and_authors_only_for_facilitators(
    client, running, facilitator, participant
):
    services.vote_add(workshop=running, by=participant, note_id=Note.objects.first().pk)
    client.force_login(facilitator)
    response = client.get(reverse("workshops:summary_csv", args=[running.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Cluster", "Idea note", "Dots", "Written by", "Idea", "Stage now", "Address"]
    assert sorted(row[1] for row in rows[1:]) == ["Frukt i fikarummet", "Gåmöten varje vecka"]
    assert {row[3] for row in rows[1:]} == {participant.full_name}
    assert rows[1][:3] == ["Rörelse", "Gåmöten varje vecka", "1"]
    client.force_login(UserFactory())
    response = client.get(reverse("workshops:summary_csv", args=[running.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Written by" not in rows[0] and participant.full_name not in response.text


def test_csv_cells_are_never_formulas(client, workshop, participant, facilitator, to_phase):
    to_phase(workshop, Phase.CAPTURE)
    services.note_post(workshop=workshop, by=participant, text="=HYPERLINK(1)")
    client.force_login(facilitator)
    response = client.get(reverse("workshops:summary_csv", args=[workshop.pk]))
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_the_idea_form_offers_recent_workshops(client, running, participant):
    client.force_login(participant)
    page = client.get(reverse("ideas:submit"))
    assert page.status_code == 200
    make_workshop(by=running.facilitators.get(), title="Gammal workshop", starts_in_days=-200)
    form = client.get(reverse("ideas:submit")).context["form"]
    titles = [label for _pk, label in form.fields["workshop"].choices]
    assert not any("Gammal workshop" in label for label in titles)
    idea = make_idea(submitter=participant, workshop=running)
    assert idea.workshop == running


def test_an_idea_handed_in_says_which_workshop_it_came_from(client, running, participant, org):
    """The workshops app adds its field to the idea form (core/form_fields.py); the choice
    reaches the idea, and a workshop not offered is refused."""
    old = make_workshop(by=running.facilitators.get(), title="Gammal workshop", starts_in_days=-200)
    client.force_login(participant)
    data = {
        "title": "Gåmöten varje vecka",
        "need": "Vi sitter still hela dagarna.",
        "proposal": "Ett gåmöte i veckan.",
        "lane": "improvement",
        "unit": participant.unit_id,
        "submit_idea": "1",
    }
    refused = client.post(reverse("ideas:submit"), {**data, "workshop": old.pk})
    assert refused.status_code == 200
    assert "workshop" in refused.context["form"].errors
    assert not Idea.objects.filter(title="Gåmöten varje vecka").exists()
    response = client.post(reverse("ideas:submit"), {**data, "workshop": running.pk})
    assert response.status_code == 302
    assert Idea.objects.get(title="Gåmöten varje vecka").workshop == running


def many_notes(workshop, people, count=12):
    for index in range(count):
        services.note_post(workshop=workshop, by=people[index % len(people)], text=f"Idé {index}")


@pytest.mark.parametrize("size", [1, 3])
def test_live_board_costs_the_same_queries_however_full(
    client, facilitator, org, django_assert_num_queries, size
):
    workshop = make_workshop(by=facilitator, capacity=50)
    people = [UserFactory(unit=org["north"]) for _ in range(size)]
    for person in people:
        services.signup_create(workshop=workshop, by=person)
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Phase.CAPTURE)
    many_notes(workshop, people, count=4 * size)
    notes = list(Note.objects.all())
    services.cluster_create(
        workshop=workshop, by=facilitator, name="A", note_ids=[n.pk for n in notes[:size]]
    )
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Phase.VOTING)
    for person in people:
        services.vote_add(workshop=workshop, by=person, note_id=notes[-1].pk)
    client.force_login(people[0])
    url = reverse("workshops:live_board", args=[workshop.pk])
    client.get(url)
    # session, user (with roles and unread count), workshop, facilitators, sign-up, notes,
    # clusters
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 3])
def test_pages_cost_a_fixed_number_of_queries(
    client, facilitator, org, django_assert_num_queries, size
):
    workshops = [make_workshop(by=facilitator, title=f"W{n}", capacity=50) for n in range(size)]
    people = [UserFactory(unit=org["north"]) for _ in range(size * 2)]
    for workshop in workshops:
        for person in people:
            services.signup_create(workshop=workshop, by=person)
    workshop = workshops[0]
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Phase.CAPTURE)
    many_notes(workshop, people, count=5 * size)
    client.force_login(facilitator)
    pages = {
        reverse("workshops:list"): 5,
        workshop.get_absolute_url(): 8,
        reverse("workshops:summary", args=[workshop.pk]): 11,
    }
    for url, count in pages.items():
        client.get(url)
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200, url


def test_cancelling_tells_everyone_and_cancels_the_calendar_entry(
    client, workshop, facilitator, participant
):
    client.force_login(facilitator)
    page = client.get(workshop.get_absolute_url())
    assert 'value="cancelled"' in page.text
    client.post(reverse("workshops:phase", args=[workshop.pk]), {"phase": "cancelled"})
    workshop.refresh_from_db()
    assert workshop.phase == Phase.CANCELLED and workshop.version == 2
    with translation.override(participant.preferred_language or settings.LANGUAGE_CODE):
        told = gettext("The workshop %(title)s is cancelled") % {"title": workshop.title}
    assert participant.notifications.filter(title=told).exists()
    client.force_login(participant)
    ics = client.get(reverse("workshops:calendar", args=[workshop.pk]))
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["status"]) == "CANCELLED" and event["sequence"] == 2
    response = client.post(reverse("workshops:signup_cancel", args=[workshop.pk]), follow=True)
    assert "The workshop is over." in response.text
    # A cancelled workshop stays cancelled.
    client.force_login(facilitator)
    response = client.post(
        reverse("workshops:phase", args=[workshop.pk]), {"phase": "capture"}, follow=True
    )
    assert "The workshop is cancelled." in response.text
    workshop.refresh_from_db()
    assert workshop.phase == Phase.CANCELLED


@pytest.mark.parametrize("who", VIEWERS)
def test_every_other_action_by_role(client, people, running, who, org):
    """The remaining actions: 403 for those who may not, and nothing changed by them."""
    sign_in_as(client, people, who)
    note = Note.objects.get(text="Frukt i fikarummet")
    cluster = Cluster.objects.get()
    guest = UserFactory(unit=org["north"])
    pk = running.pk
    facilitator_only = {
        "invite": client.post(reverse("workshops:invite", args=[pk]), {"invite-people": guest.pk}),
        "note_move": client.post(
            reverse("workshops:note_move", args=[pk, note.pk]), {"cluster": cluster.pk}
        ),
        "promote": client.post(
            reverse("workshops:promote", args=[pk]),
            {"note": note.pk, "title": "", "need": "", "proposal": "", "lane": "improvement"},
        ),
        "cluster_delete": client.post(reverse("workshops:cluster_delete", args=[pk, cluster.pk])),
    }
    live_only = {
        "note_post": client.post(reverse("workshops:note_post", args=[pk]), {"text": "Ny"}),
        "unvote": client.post(reverse("workshops:unvote", args=[pk, note.pk])),
    }
    if who == "anonymous":
        codes = {r.status_code for r in [*facilitator_only.values(), *live_only.values()]}
        assert codes == {302}
    else:
        facilitates = who in ("facilitator", "coordinator")
        for name, response in facilitator_only.items():
            expected = {"promote": 400}.get(name, 302) if facilitates else 403
            assert response.status_code == expected, (name, who)
        for name, response in live_only.items():
            # Notes are closed while voting: the form says so (400); no dot to take back: 302.
            expected = 403 if who == "outsider" else {"note_post": 400, "unvote": 302}[name]
            assert response.status_code == expected, (name, who)
    facilitates = who in ("facilitator", "coordinator")
    assert SignUp.objects.filter(person=guest).exists() is facilitates
    assert Cluster.objects.exists() is not facilitates
    assert Note.objects.count() == 2 and not Idea.objects.exists()


@pytest.mark.parametrize("who", VIEWERS)
def test_sign_up_and_my_calendar_by_role(client, people, facilitator, who):
    workshop = make_workshop(by=facilitator, capacity=5)
    sign_in_as(client, people, who)
    signed = client.post(reverse("workshops:signup", args=[workshop.pk]))
    mine = client.get(reverse("workshops:signup_calendar", args=[workshop.pk]))
    if who == "anonymous":
        assert signed.status_code == 302 and "login" in signed["Location"]
        assert not SignUp.objects.exclude(person=facilitator).exists()
        return
    assert signed.status_code == 302 and mine.status_code == 200
    status = SignUp.objects.get(workshop=workshop, person=people[who]).status
    assert status == (
        SignUp.Status.FACILITATING if who == "facilitator" else SignUp.Status.SIGNED_UP
    )


def test_summary_offers_one_workgroup_for_all_the_ideas(client, running, facilitator, org):
    data = services.PromoteInput(title="Idé", need="Behov", proposal="Förslag", unit=org["north"])
    ideas = [
        services.workshop_promote(workshop=running, by=facilitator, data=data, note_ids=[note.pk])
        for note in Note.objects.order_by("pk")
    ]
    client.force_login(facilitator)
    page = client.get(reverse("workshops:summary", args=[running.pk])).text
    both = "&amp;".join(f"idea={idea.pk}" for idea in ideas)
    assert f"{reverse('groups:create')}?{both}" in page
    # Employees may not start groups: no links for them.
    client.force_login(UserFactory())
    assert (
        reverse("groups:create")
        not in client.get(reverse("workshops:summary", args=[running.pk])).text
    )


def test_pages_show_the_workshop_in_local_time(client, running, participant):
    """Django's templates showed local time; the Jinja2 pages must too."""
    start = timezone.localtime(running.starts_at)
    end = timezone.localtime(running.ends_at)
    hours = f"{start:%H:%M}–{end:%H:%M}"
    client.force_login(participant)
    for name, args in [("list", []), ("detail", [running.pk]), ("summary", [running.pk])]:
        page = client.get(reverse(f"workshops:{name}", args=args)).content.decode()
        assert hours in page, name
    printed = client.get(reverse("workshops:print", args=[running.pk])).content.decode()
    assert f"{timezone.localtime():%H:}" in printed.split("Printed", 1)[1][:30]


def test_an_invited_person_at_the_live_board_is_told_to_sign_up(
    client, workshop, facilitator, to_phase, org
):
    """Issue 12, item 19: not 'your role does not give access', but the way in."""
    guest = UserFactory(unit=org["north"])
    services.workshop_invite(workshop=workshop, by=facilitator, people=[guest])
    to_phase(workshop, Phase.CAPTURE)
    client.force_login(guest)
    live = reverse("workshops:live", args=[workshop.pk])
    response = client.get(live)
    assert response.status_code == 403
    assert "You are invited to the workshop" in response.text
    assert "Your role does not give access" not in response.text
    assert f'action="{reverse("workshops:signup", args=[workshop.pk])}"' in response.text
    # The button signs them up and takes them straight to the board.
    response = client.post(
        reverse("workshops:signup", args=[workshop.pk]), {"next": "live"}, follow=True
    )
    assert response.redirect_chain[-1][0] == live and 'id="live-board"' in response.text
    assert SignUp.objects.get(person=guest).status == SignUp.Status.SIGNED_UP


def test_the_live_board_door_offers_the_waiting_list_when_full(client, facilitator, to_phase, org):
    workshop = make_workshop(by=facilitator, capacity=1)
    services.signup_create(workshop=workshop, by=UserFactory(unit=org["north"]))
    to_phase(workshop, Phase.CAPTURE)
    client.force_login(UserFactory(unit=org["north"]))
    response = client.get(reverse("workshops:live", args=[workshop.pk]))
    assert response.status_code == 403 and "The workshop is full." in response.text
    assert reverse("workshops:waitlist", args=[workshop.pk]) in response.text
