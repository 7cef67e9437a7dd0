"""The conversation pages: who gets what (404 for sessions one may not know of), planning,
following the guide, recording, making an idea, filters with bad input, and query counts
that do not grow with the data."""

import pytest
from django.urls import reverse

from idesluss.conversations import services
from idesluss.conversations.models import GuideVersion, Session
from tests.factories import UserFactory, make_conversation, make_theme
from tests.queries import page_queries


@pytest.fixture
def past(leader, colleague, theme, org):
    session = make_conversation(
        leader=leader, theme=theme, participants=[colleague], starts_in_days=-2, unit=org["north"]
    )
    services.session_record(
        by=leader,
        session=session,
        data=services.RecordInput(
            experiences="Hemligt: vad som sades", insights=["Ring anhöriga tidigt"]
        ),
    )
    return session


def test_session_page_per_role(client, org, past, leader, colleague, coordinator):
    url = past.get_absolute_url()
    for person, status, sees_notes in [
        (leader, 200, True),
        (colleague, 200, True),
        (coordinator, 200, True),
        (UserFactory(roles=[("manager", org["ht"])]), 200, False),
        (UserFactory(roles=["conversation_leader"]), 404, False),
        (UserFactory(roles=[("manager", org["bou"])]), 404, False),
        (UserFactory(roles=["steering_group"]), 404, False),
    ]:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status, person
        if status == 200:
            assert ("Hemligt: vad som sades" in response.text) is sees_notes, person
            assert ("Ring anhöriga tidigt" in response.text) is sees_notes, person


def test_the_list_shows_only_what_the_viewer_may_know(client, org, past, colleague):
    hidden = make_conversation(theme=past.theme, starts_in_days=-2)
    client.force_login(colleague)
    response = client.get(reverse("conversations:list") + "?view=past")
    sessions = list(response.context["page"].object_list)
    assert past in sessions and hidden not in sessions


def test_a_manager_of_the_unit_may_not_follow_or_record(client, org, past):
    client.force_login(UserFactory(roles=[("manager", org["ht"])]))
    assert client.get(reverse("conversations:follow", args=[past.pk])).status_code == 403
    assert client.get(reverse("conversations:record", args=[past.pk])).status_code == 403


def test_a_participant_follows_but_does_not_record(client, past, colleague):
    client.force_login(colleague)
    assert client.get(reverse("conversations:follow", args=[past.pk])).status_code == 200
    assert client.get(reverse("conversations:record", args=[past.pk])).status_code == 403


def test_following_the_guide_phase_by_phase(client, past, leader):
    client.force_login(leader)
    url = reverse("conversations:follow", args=[past.pk])
    first = client.get(url)
    assert first.context["number"] == 1 and first.context["count"] == 5
    assert "Check-in" in first.text and "Hur känns det idag?" in first.text
    assert 'aria-live="polite"' in first.text
    last = client.get(url + "?phase=5")
    assert "Next step" in last.text and 'rel="next"' not in last.text
    # Out of range or nonsense: the nearest phase, never an error.
    assert client.get(url + "?phase=99").context["number"] == 5
    assert client.get(url + "?phase=abc").context["number"] == 1


def test_a_leader_plans_a_conversation_on_the_page(client, org, leader, colleague, theme):
    client.force_login(leader)
    response = client.post(
        reverse("conversations:create"),
        {
            "theme": theme.pk,
            "leader": leader.pk,
            "unit": org["north"].pk,
            "date": "2030-03-04",
            "start": "13:00",
            "end": "14:00",
            "place": "Personalrummet",
            "participants": [colleague.pk],
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert list(session.participants.all()) == [colleague]


def test_an_employee_may_not_plan_and_hears_which_training_gives_the_qualification(
    client, colleague, theme
):
    from tests.factories import make_training

    make_training(title="Samtalsledarutbildning", grants="conversation_leader")
    client.force_login(colleague)
    response = client.get(reverse("conversations:create"))
    assert response.status_code == 403
    assert "Samtalsledarutbildning" in response.content.decode()
    assert reverse("learning:list") in response.content.decode()
    # Sending the form anyway plans nothing.
    response = client.post(reverse("conversations:create"), {"theme": theme.pk})
    assert response.status_code == 403
    assert not Session.objects.exists()


def test_recording_a_future_conversation_says_why_not(client, leader, theme):
    session = make_conversation(leader=leader, theme=theme, starts_in_days=3)
    client.force_login(leader)
    url = reverse("conversations:record", args=[session.pk])
    assert "once the conversation has started" in client.get(url).text
    response = client.post(url, {"insights": "Något"})
    assert response.status_code == 400
    assert "once the conversation has started" in response.text
    assert not session.insights.exists()


def test_the_record_form_hints_about_personal_data_and_names_nobody(client, past, leader):
    client.force_login(leader)
    response = client.get(reverse("conversations:record", args=[past.pk]))
    assert "personal details about colleagues" in response.text
    assert "Pia Deltagare" not in response.context["form"]["insights"].value()


def test_making_an_idea_of_an_insight(client, org, past, leader, colleague):
    insight = past.insights.get()
    client.force_login(leader)
    url = reverse("conversations:promote", args=[past.pk, insight.pk])
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Ring anhöriga tidigt"
    response = client.post(
        url,
        {
            "title": "Ring anhöriga tidigt",
            "need": "Anhöriga är oroliga.",
            "proposal": "Ring dem första veckan.",
            "lane": "improvement",
            "unit": org["north"].pk,
            "co_submitters": [colleague.pk],
        },
    )
    insight.refresh_from_db()
    assert insight.idea is not None
    assert response["Location"] == insight.idea.get_absolute_url()
    idea_page = client.get(insight.idea.get_absolute_url())
    assert "From a learning conversation" in idea_page.text
    # Someone who may not see the session learns only the theme.
    client.force_login(UserFactory())
    other = client.get(insight.idea.get_absolute_url())
    assert "From a learning conversation" in other.text
    assert past.get_absolute_url() not in other.text


def test_a_coordinator_writes_a_guide_on_the_site(client, coordinator, theme):
    client.force_login(coordinator)
    url = reverse("conversations:theme_edit", args=[theme.pk])
    data = {"title": theme.title, "is_active": "on"}
    data.update(
        {"phase_1_name": "Incheckning", "phase_1_minutes": "5", "phase_1_questions": "Hur?"}
    )
    assert client.post(url, data).status_code == 302
    assert GuideVersion.objects.filter(theme=theme).count() == 2
    # A phase without a time is a clear message, not an error page.
    data["phase_2_name"] = "Reflektion"
    response = client.post(url, data)
    assert response.status_code == 400 and "Give the phase a suggested time." in response.text


def test_only_the_coordinator_writes_guides(client, leader, theme):
    client.force_login(leader)
    assert client.get(reverse("conversations:theme_edit", args=[theme.pk])).status_code == 403
    assert client.get(theme.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "start=2026-13-45",
        "start=99999-01-01",
        "end=2020-01-01&start=2021-01-01",
        "unit=abc",
        "unit=99999999999999999999",
        "theme=٣",
    ],
)
def test_bad_filters_are_a_clear_message(client, coordinator, past, query):
    client.force_login(coordinator)
    response = client.get(reverse("conversations:overview") + "?" + query)
    assert response.status_code == 400
    assert response.context["form"].errors
    leader_history = client.get(reverse("conversations:history") + "?" + query)
    assert leader_history.status_code == 400


def test_the_overview_counts(client, coordinator, past, org):
    client.force_login(coordinator)
    response = client.get(reverse("conversations:overview") + f"?unit={org['ht'].pk}")
    data = response.context["data"]
    assert data.totals["sessions"] == 1 and data.totals["insights"] == 1
    assert (
        client.get(reverse("conversations:overview") + f"?unit={org['bou'].pk}")
        .context["data"]
        .totals["sessions"]
        == 0
    )


def test_overview_and_history_are_for_their_roles(client, colleague, leader, past):
    client.force_login(colleague)
    assert client.get(reverse("conversations:overview")).status_code == 403
    assert client.get(reverse("conversations:history")).status_code == 403
    client.force_login(leader)
    assert client.get(reverse("conversations:overview")).status_code == 403
    history = client.get(reverse("conversations:history"))
    assert history.status_code == 200 and history.context["totals"]["sessions"] == 1
    # Another leader's history is the coordinator's to see.
    assert (
        client.get(reverse("conversations:history") + f"?leader={colleague.pk}").status_code == 404
    )


def test_the_calendar_file(client, past, colleague):
    client.force_login(colleague)
    response = client.get(reverse("conversations:calendar", args=[past.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    client.force_login(UserFactory())
    assert client.get(reverse("conversations:calendar", args=[past.pk])).status_code == 404


def test_the_start_page_panel(client, leader, colleague, theme):
    make_conversation(leader=leader, theme=theme, participants=[colleague], starts_in_days=2)
    client.force_login(colleague)
    assert "You take part" in client.get(reverse("home:start")).text
    client.force_login(leader)
    assert "You lead" in client.get(reverse("home:start")).text


def _more(leader, colleague, theme, org, count=6):
    for _ in range(count):
        session = make_conversation(
            leader=leader,
            theme=theme,
            participants=[colleague, UserFactory()],
            starts_in_days=-3,
            unit=org["north"],
        )
        services.session_record(
            by=leader, session=session, data=services.RecordInput(insights=["a", "b"])
        )


def test_query_counts_do_not_grow_with_the_data(client, org, coordinator, leader, colleague, past):
    urls = [
        reverse("conversations:list") + "?view=past",
        reverse("conversations:detail", args=[past.pk]),
        reverse("conversations:follow", args=[past.pk]),
        reverse("conversations:overview"),
        reverse("conversations:history") + f"?leader={leader.pk}",
        reverse("conversations:themes"),
    ]
    client.force_login(coordinator)
    before = [page_queries(client, url) for url in urls]
    make_theme(by=coordinator, title="Trygg medicinhantering")
    _more(leader, colleague, past.theme, org)
    after = [page_queries(client, url) for url in urls]
    assert after == before
