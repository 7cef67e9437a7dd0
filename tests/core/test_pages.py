import datetime

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from idesluss.accounts.models import User
from idesluss.groups import services as group_services
from idesluss.ideas.models import Idea
from idesluss.ideas.services import IdeaInput, co_submitter_answer, submit_idea
from idesluss.workshops import services as workshop_services
from tests.factories import TEST_PASSWORD, UserFactory, make_group, make_idea, make_workshop


def test_start_page_speaks_swedish_by_default_whatever_the_browser_asks(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert response["Content-Language"] == "sv"


def test_language_switch_sets_cookie_and_remembers_the_choice(client, org):
    person = UserFactory(unit=org["north"])
    client.force_login(person)
    response = client.post(
        reverse("accounts:language_switch"), {"language": "en", "next": "/organisation/"}
    )
    assert response.status_code == 302 and response["Location"] == "/organisation/"
    assert client.get("/organisation/").text.count('<html lang="en">') == 1
    assert User.objects.get(pk=person.pk).preferred_language == "en"


@pytest.mark.parametrize(
    ("data", "cookie"),
    [
        ({"language": "xx"}, None),
        ({"language": "en", "next": "https://evil.example/"}, "en"),
        ({}, None),
    ],
    ids=["unknown-language", "foreign-next", "empty"],
)
def test_language_switch_refuses_bad_input_without_error(client, db, data, cookie):
    response = client.post(reverse("accounts:language_switch"), data)
    assert response.status_code == 302
    assert response["Location"] == "/"
    if cookie is None:
        assert "idesluss_language" not in response.cookies
    else:
        # A known language is kept; only the foreign address is refused.
        assert response.cookies["idesluss_language"].value == cookie


def test_language_switch_only_accepts_post(client, db):
    assert client.get(reverse("accounts:language_switch")).status_code == 405


def test_unknown_url_gives_the_friendly_404_in_swedish(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert '<html lang="sv">' in response.text
    assert 'href="/"' in response.text


def test_server_error_page_renders_in_the_active_language(db):
    request = RequestFactory().get("/")
    with translation.override("sv"):
        response = server_error(request)
    assert response.status_code == 500
    assert 'lang="sv"' in response.content.decode()


def test_healthz_answers_ok_with_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_sign_in_page_and_sign_in(client, org):
    person = UserFactory(email="anna@kommunen.example", unit=org["north"])
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": "ANNA@kommunen.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert person.full_name.split()[0] in home.text


def test_wrong_password_gives_message_then_locks_out(client, db):
    UserFactory(email="anna@kommunen.example")
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": "anna@kommunen.example", "password": "fel-lösenord"}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert 'role="alert"' in response.text
    # Even the right password is refused while the lock-out lasts.
    response = client.post(
        reverse("account_login"), {"login": "anna@kommunen.example", "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.text


def test_password_reset_sends_mail(client, db):
    UserFactory(email="anna@kommunen.example")
    response = client.post(reverse("account_reset_password"), {"email": "anna@kommunen.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@kommunen.example"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_sign_up_is_closed_without_allowed_domains(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@kommunen.example", "password1": "x" * 14, "password2": "x" * 14},
    )
    assert not User.objects.filter(email="ny@kommunen.example").exists()
    assert response.status_code == 200


def test_sign_up_only_for_the_organisations_domains(client, db, settings):
    settings.SIGNUP_EMAIL_DOMAINS = ["kommunen.example"]
    password = "ett-långt-lösenord-7"
    client.post(
        reverse("account_signup"),
        {"email": "ny@annan.example", "password1": password, "password2": password},
    )
    assert not User.objects.filter(email="ny@annan.example").exists()
    client.post(
        reverse("account_signup"),
        {
            "email": "ny@kommunen.example",
            "full_name": "Nina Nyberg",
            "password1": password,
            "password2": password,
        },
    )
    assert User.objects.get(email="ny@kommunen.example").full_name == "Nina Nyberg"


def test_bad_host_gives_the_friendly_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert '<html lang="sv">' in response.text and "Idésluss" in response.text


def test_start_page_lists_what_waits_for_the_manager_most_pressing_first(client, org, manager):
    submitter = UserFactory(unit=org["north"])
    ideas = [make_idea(submitter=submitter, title=f"Idé {n}") for n in range(7)]
    today = timezone.localdate()
    for offset, idea in zip([5, -3, 9, -1, 2, 12, 20], ideas, strict=True):
        Idea.objects.filter(pk=idea.pk).update(
            responsible=manager, response_due=today + datetime.timedelta(days=offset)
        )
    client.force_login(manager)
    response = client.get(reverse("home:start"))
    assert [entry.idea.title for entry in response.context["waiting"]] == [
        "Idé 1", "Idé 3", "Idé 4", "Idé 0", "Idé 2",
    ]  # fmt: skip
    assert response.context["counts"]["waiting"] == 7
    assert response.context["counts"]["overdue"] == 2
    assert f'href="{reverse("ideas:list")}?view=waiting"' in response.text


def test_start_page_lists_my_ideas_also_those_i_handed_in_with_others(client, org, employee):
    colleague = UserFactory(unit=org["north"])
    own = make_idea(submitter=employee, title="Min egen")
    together = submit_idea(
        by=colleague,
        data=IdeaInput(
            title="Tillsammans", need="Behov", proposal="Förslag", unit=org["north"],
            co_submitters=[employee],
        ),
    )  # fmt: skip
    co_submitter_answer(idea=together, by=employee, accept=True)  # named once they confirm
    make_idea(submitter=colleague, title="Inte min")
    make_idea(submitter=employee, title="Utkast", submit=False)
    client.force_login(employee)
    response = client.get(reverse("home:start"))
    assert {idea.title for idea in response.context["mine"]} == {"Min egen", "Tillsammans"}
    assert response.context["counts"]["mine"] == 2
    assert response.context["counts"]["drafts"] == 1
    assert own.stage.name in response.text
    # Nothing waits for an employee: the section is not shown.
    assert response.context["waiting"] == []
    assert 'id="waiting-for-me"' not in response.text


def test_start_page_shows_what_is_coming_up_and_my_open_actions(client, org):
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    me = UserFactory(unit=org["north"])
    group = make_group(coach=coach, members=[me], name="Nyckelgruppen")
    now = timezone.now()

    def plan(days: float):
        data = group_services.SessionInput(
            starts_at=now + datetime.timedelta(days=days), participants=[me]
        )
        return group_services.session_create(group=group, by=coach, data=data)

    past, later = plan(-3), plan(6)
    workshop = make_workshop(by=coach, title="Hälsa på jobbet", starts_in_days=2)
    make_workshop(by=coach, title="Inte min", starts_in_days=1)
    workshop_services.signup_create(workshop=workshop, by=me)
    due = timezone.localdate() + datetime.timedelta(days=4)
    group_services.action_add(session=past, by=coach, what="Ring IT", owner=me, due_on=due)
    client.force_login(me)
    response = client.get(reverse("home:start"))
    # Coming up, nearest first: the workshop in two days, then the session in six.
    assert [entry.item for entry in response.context["coming_up"]] == [workshop, later]
    assert [action.what for action in response.context["open_actions"]] == ["Ring IT"]
    assert later.get_absolute_url() in response.text
    assert workshop.get_absolute_url() in response.text
    assert reverse("groups:my_actions") in response.text


def test_a_coach_sees_the_coming_sessions_of_the_groups_they_coach(client, org):
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    member = UserFactory(unit=org["north"])
    group = make_group(coach=coach, members=[member], name="Nyckelgruppen")
    data = group_services.SessionInput(
        starts_at=timezone.now() + datetime.timedelta(days=3), participants=[member]
    )
    session = group_services.session_create(group=group, by=coach, data=data)
    client.force_login(coach)
    response = client.get(reverse("home:start"))
    assert [entry.item for entry in response.context["coming_up"]] == [session]
