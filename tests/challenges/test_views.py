import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from idesluss.accounts.models import Unit
from idesluss.challenges.models import Challenge, Need, NeedEcho
from idesluss.challenges.selectors import PAGE_SIZE
from idesluss.goals import selectors as goal_selectors
from idesluss.goals.models import GlobalGoal
from idesluss.ideas import selectors as idea_selectors
from idesluss.ideas.models import Idea, Lane, Stage
from tests.conftest import ROLES
from tests.factories import UserFactory, make_challenge, make_idea, make_need, make_workshop

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def challenge_data(unit, **extra):
    data = {
        "title": "Mindre matsvinn",
        "question": "Hur slänger vi mindre mat?",
        "background": "Mycket mat slängs efter middagen.",
        "owner_unit": unit.pk,
        "opens_on": "2026-01-01",
        # Open for a year from today (dates lie within ten years of today).
        "closes_on": (timezone.localdate() + datetime.timedelta(days=365)).isoformat(),
    }
    data.update(extra)
    return data


def idea_data(unit, challenge, **extra):
    data = {
        "title": "Svinnvåg i matsalen",
        "need": "Mycket mat slängs.",
        "proposal": "En våg som visar svinnet.",
        "lane": Lane.IMPROVEMENT,
        "unit": unit.pk,
        "challenge": challenge.pk,
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_pages_per_role(client, person_in_role, org, role):
    need = make_need()
    challenge = make_challenge(owner_unit=org["north"])
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    may_create = role in {"manager", "coordinator"}
    pages = {
        reverse("needs:list"): 200,
        reverse("needs:record"): 200,
        need.get_absolute_url(): 200,
        reverse("challenges:list"): 200,
        challenge.get_absolute_url(): 200,
        reverse("challenges:create"): 200 if may_create else 403,
        reverse("challenges:edit", args=[challenge.pk]): 200 if may_create else 403,
    }
    for url, status in pages.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == status, url


def test_unknown_need_and_challenge_are_404(client, employee):
    client.force_login(employee)
    for url in (
        reverse("needs:detail", args=[999]),
        reverse("challenges:detail", args=[999]),
        reverse("challenges:image", args=[999]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("needs:echo", args=[999])).status_code == 404


def test_record_a_need_and_bad_input(client, org, employee):
    client.force_login(employee)
    response = client.post(reverse("needs:record"), {"title": "", "description": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "description"}
    assert not Need.objects.exists()
    response = client.post(
        reverse("needs:record"),
        {"title": "Nycklar", "description": "Varje morgon.", "frequency": "daily"},
    )
    need = Need.objects.get()
    assert response["Location"] == need.get_absolute_url()
    assert need.recorded_by == employee


def test_we_have_it_too_twice_says_so_and_counts_once(client, org, employee):
    need = make_need()
    client.force_login(employee)
    url = reverse("needs:echo", args=[need.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already said" in response.text
    assert Need.objects.get(pk=need.pk).echo_count == 1 and NeedEcho.objects.count() == 1
    page = client.get(need.get_absolute_url())
    assert "Take it back" in page.text
    client.post(url, {"action": "remove"})
    assert Need.objects.get(pk=need.pk).echo_count == 0


def test_echo_needs_post(client, employee):
    need = make_need()
    client.force_login(employee)
    assert client.get(reverse("needs:echo", args=[need.pk])).status_code == 405


def test_coordinator_turns_needs_into_a_challenge(client, org):
    coordinator = UserFactory(roles=["coordinator"], unit=org["north"])
    needs = [make_need(title="Mat slängs"), make_need(title="Portionerna är för stora")]
    client.force_login(coordinator)
    query = "&".join(f"need={need.pk}" for need in needs)
    form_page = client.get(f"{reverse('challenges:create')}?{query}")
    assert form_page.context["form"]["title"].value() == "Mat slängs"
    response = client.post(
        reverse("challenges:create"),
        challenge_data(org["bou"], needs=[need.pk for need in needs]),
    )
    challenge = Challenge.objects.get()
    assert response["Location"] == challenge.get_absolute_url()
    assert set(challenge.needs.all()) == set(needs)
    assert challenge.get_absolute_url() in client.get(needs[0].get_absolute_url()).text


def test_closes_before_opens_is_explained(client, org, manager):
    client.force_login(manager)
    response = client.post(
        reverse("challenges:create"),
        challenge_data(org["north"], opens_on="2026-06-10", closes_on="2026-06-01"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["closes_on"] == [
        "The challenge cannot close before it opens."
    ]
    assert not Challenge.objects.exists()


def test_manager_cannot_choose_a_unit_they_do_not_manage(client, org, manager):
    client.force_login(manager)
    response = client.post(reverse("challenges:create"), challenge_data(org["bou"]))
    assert response.status_code == 400 and "owner_unit" in response.context["form"].errors
    assert not Challenge.objects.exists()


def test_manager_edits_only_their_units_challenges(client, org, manager):
    own = make_challenge(owner_unit=org["north"])
    other = make_challenge(owner_unit=org["bou"])
    client.force_login(manager)
    assert client.get(reverse("challenges:edit", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("challenges:edit", args=[own.pk]), challenge_data(org["north"], title="Nytt namn")
    )
    assert response.status_code == 302
    assert Challenge.objects.get(pk=own.pk).title == "Nytt namn"


def test_idea_from_the_challenge_page(client, org, employee, manager):
    challenge = make_challenge(owner_unit=org["bou"])
    client.force_login(employee)
    page = client.get(challenge.get_absolute_url())
    submit_url = f"{reverse('ideas:submit')}?challenge={challenge.pk}"
    assert submit_url in page.text
    form = client.get(submit_url).context["form"]
    assert form["challenge"].value() == challenge.pk
    response = client.post(reverse("ideas:submit"), idea_data(org["north"], challenge))
    idea = Idea.objects.get()
    assert response["Location"] == idea.get_absolute_url() and idea.challenge == challenge
    assert challenge.title in client.get(idea.get_absolute_url()).text
    assert idea.get_absolute_url() in client.get(challenge.get_absolute_url()).text


@pytest.mark.parametrize(("opens_in", "closes_in"), [(-9, -1), (3, 9)])
def test_idea_to_a_closed_or_upcoming_challenge_is_refused(
    client, org, employee, opens_in, closes_in
):
    challenge = make_challenge(owner_unit=org["bou"], opens_in=opens_in, closes_in=closes_in)
    client.force_login(employee)
    page = client.get(challenge.get_absolute_url())
    assert f"{reverse('ideas:submit')}?challenge=" not in page.text
    assert challenge.closed_reason() in page.text
    response = client.post(reverse("ideas:submit"), idea_data(org["north"], challenge))
    assert response.status_code == 200
    assert response.context["form"].errors["challenge"] == [challenge.closed_reason()]
    assert not Idea.objects.exists()


def test_idea_list_and_board_filter_by_challenge(client, org, employee, manager):
    challenge = make_challenge(owner_unit=org["bou"])
    answer = make_idea(
        submitter=employee, title="Svaret", challenge=challenge, lane=Lane.IMPROVEMENT
    )
    other = make_idea(submitter=employee, title="Något annat", lane=Lane.IMPROVEMENT)
    client.force_login(employee)
    listing = client.get(reverse("ideas:list"), {"challenge": challenge.pk})
    assert [card.id for card in listing.context["page"].object_list] == [answer.pk]
    board = client.get(
        reverse("ideas:board", args=[Lane.IMPROVEMENT]), {"challenge": challenge.pk, "unit": ""}
    )
    shown = [card.id for column in board.context["columns"] for card in column.ideas]
    assert shown == [answer.pk] and other.pk not in shown
    assert challenge.title in board.text


def test_needs_list_costs_a_fixed_number_of_queries(
    client, org, employee, django_assert_max_num_queries
):
    people = [UserFactory(unit=org["north"]) for _ in range(3)]
    challenge = make_challenge(owner_unit=org["bou"])
    for number in range(PAGE_SIZE + 5):
        need = make_need(by=people[number % 3], title=f"Behov {number}", unit=org["north"])
        if number % 4 == 0:
            NeedEcho.objects.create(need=need, user=employee)
            challenge.needs.add(need)
    client.force_login(employee)
    client.get(reverse("needs:list"))  # warm the per-request caches
    with django_assert_max_num_queries(10):
        response = client.get(reverse("needs:list"))
    assert len(response.context["page"].object_list) == PAGE_SIZE
    with django_assert_max_num_queries(10):
        client.get(reverse("needs:list"), {"sort": "newest", "page": 2})


def test_needs_list_sorts_by_echoes(client, org, employee):
    loud = make_need(title="Delat")
    quiet = make_need(title="Tyst")
    for person in [UserFactory() for _ in range(2)]:
        NeedEcho.objects.create(need=loud, user=person)
    Need.objects.filter(pk=loud.pk).update(echo_count=2)
    client.force_login(employee)
    assert list(client.get(reverse("needs:list")).context["page"].object_list) == [loud, quiet]
    newest = client.get(reverse("needs:list"), {"sort": "newest"}).context["page"].object_list
    assert list(newest) == [quiet, loud]


def _panel(response, template: str):
    """The data of the page's panel drawn by `template` (core/panels.py)."""
    [data] = [panel.data for panel in response.context["panels"] if panel.template == template]
    return data


def test_challenge_page_costs_a_fixed_number_of_queries(
    client, org, employee, django_assert_max_num_queries
):
    challenge = make_challenge(owner_unit=org["bou"], needs=[make_need(), make_need()])
    for number in range(PAGE_SIZE + 5):
        make_idea(submitter=employee, title=f"Idé {number}", challenge=challenge)
    client.force_login(employee)
    client.get(challenge.get_absolute_url())
    with django_assert_max_num_queries(14):
        response = client.get(challenge.get_absolute_url())
    ideas = _panel(response, "ideas/_challenge_panel.html")["ideas"]
    assert len(ideas.object_list) == PAGE_SIZE
    assert ideas.paginator.count == PAGE_SIZE + 5


def test_image_upload_and_download(
    client, org, manager, employee, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    challenge = make_challenge(owner_unit=org["north"])
    client.force_login(manager)
    png = SimpleUploadedFile("nycklar.png", PNG, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("challenges:edit", args=[challenge.pk]),
            challenge_data(org["north"], image=png, image_alt="En nyckelknippa"),
        )
    assert response.status_code == 302
    client.force_login(employee)
    page = client.get(challenge.get_absolute_url())
    assert 'alt="En nyckelknippa"' in page.text
    image = client.get(reverse("challenges:image", args=[challenge.pk]))
    assert image.status_code == 200 and b"".join(image.streaming_content) == PNG
    # A file that only claims to be an image is refused, and the old one is kept.
    client.force_login(manager)
    fake = SimpleUploadedFile("virus.png", b"MZ not an image", content_type="image/png")
    response = client.post(
        reverse("challenges:edit", args=[challenge.pk]),
        challenge_data(org["north"], image=fake, image_alt="x"),
    )
    assert response.status_code == 400 and "image" in response.context["form"].errors
    challenge.refresh_from_db()
    assert challenge.image.read() == PNG
    challenge.image.close()
    # A new image replaces the old file; only the new one stays in the media folder.
    other = SimpleUploadedFile("ny bild.png", PNG + b"2", content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("challenges:edit", args=[challenge.pk]),
            challenge_data(org["north"], image=other, image_alt="En ny bild"),
        )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert [path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.png")] == [
        challenge.image.name
    ]


def test_challenge_page_lists_its_workshops_and_plans_one_from_it(client, org, manager):
    challenge = make_challenge(by=manager, owner_unit=org["north"])
    goal = GlobalGoal.objects.get(number=3)
    challenge.global_goals.set([goal])
    workshop = make_workshop(by=manager, title="Workshop om nycklar", challenge=challenge)
    make_workshop(by=manager, title="En annan workshop")
    client.force_login(manager)
    page = client.get(challenge.get_absolute_url())
    workshops = _panel(page, "workshops/_challenge_panel.html")["workshops"]
    assert [line.id for line in workshops] == [workshop.pk]
    plan = f"{reverse('workshops:create')}?challenge={challenge.pk}"
    assert f'href="{plan}"' in page.text.replace("&amp;", "&")
    form = client.get(plan).context["form"]
    assert form.initial["challenge"] == challenge
    assert form.initial["title"] == challenge.title
    assert form.initial["global_goals"] == [goal]
    # An employee sees the workshops but may not plan one.
    client.force_login(UserFactory(unit=org["north"]))
    page = client.get(challenge.get_absolute_url())
    assert workshop.title in page.text and f'href="{plan}"' not in page.text


@pytest.mark.parametrize(
    ("language", "name"),
    [("sv", "Hälsa &lt;&amp;&gt; välbefinnande"), ("en", "Health &lt;&amp;&gt;")],
)
def test_cards_show_goals_and_stages_as_escaped_values_in_the_language(db, language, name):
    """The challenge pages read goals and stages as plain values and draw them with the
    Jinja2 macros, in the viewer's language, escaped."""
    goal = GlobalGoal.objects.get(number=3)
    GlobalGoal.objects.filter(pk=goal.pk).update(
        name_sv="Hälsa <&> välbefinnande", name_en="Health <&>"
    )
    challenge = make_challenge()
    challenge.global_goals.set([goal])
    stage = Stage.objects.get(lane="innovation", code="assessment")
    Stage.objects.filter(pk=stage.pk).update(name_sv="Bedöm <b>", name_en="Assess <b>")
    env = engines["jinja2"].env
    goal_macros = env.get_template("macros/goals.html").module
    macros = env.get_template("macros/ideas.html").module
    with translation.override(language):
        rows = goal_selectors.goal_badges_by(
            Challenge.global_goals.through.objects.filter(challenge=challenge), "challenge_id"
        )[challenge.pk]
        assert str(goal_macros.goal_badges(rows)) == (
            f'<span class="goal-badge goal-3" title="3. {name}">3'
            f'<span class="visually-hidden"> {name}</span></span>'
        )
        label = idea_selectors.stage_label(stage.pk, stage.kind, False, "Bedöm <b>", "Assess <b>")
        shown = "Bedöm &lt;b&gt;" if language == "sv" else "Assess &lt;b&gt;"
        assert str(macros.stage_badge(label.name, label.kind, label.is_final)) == (
            f'<span class="stage stage--main">{shown}</span>'
        )
    assert idea_selectors.stage_label(None, "", False, "", "") is None


def test_times_are_shown_in_the_local_time_zone(client, org, manager, employee, settings):
    """Late on 29 March in UTC is the 30th in Stockholm: the pages show the local day and
    hour (in the date style of the language, core.dates)."""
    settings.TIME_ZONE = "Europe/Stockholm"
    late = datetime.datetime(2026, 3, 29, 22, 30, tzinfo=datetime.UTC)
    need = make_need(by=employee, title="Sent behov")
    Need.objects.filter(pk=need.pk).update(created_at=late)
    challenge = make_challenge(by=manager, owner_unit=org["north"])
    idea = make_idea(submitter=employee, unit=org["north"], challenge=challenge)
    Idea.objects.filter(pk=idea.pk).update(submitted_at=late)
    workshop = make_workshop(by=manager, challenge=challenge)
    type(workshop).objects.filter(pk=workshop.pk).update(starts_at=late)
    client.force_login(manager)
    assert "30 March 2026" in client.get(reverse("needs:list")).text
    assert "30 March 2026" in client.get(need.get_absolute_url()).text
    page = client.get(challenge.get_absolute_url()).text
    assert "30 March 2026" in page and "Mon 30 Mar 2026, 00:30" in page
    # In Swedish, in the Swedish style (issue 12, item 7).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert "30 mars 2026" in client.get(reverse("needs:list")).text
    page = client.get(challenge.get_absolute_url()).text
    assert "30 mars 2026" in page and "mån 30 mar 2026 kl. 00.30" in page


def test_challenge_list_costs_a_fixed_number_of_queries(
    client, org, employee, django_assert_num_queries
):
    make_challenge(owner_unit=org["bou"])
    client.force_login(employee)
    client.get(reverse("challenges:list"))  # warm the per-request caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("challenges:list"))
    goals = list(GlobalGoal.objects.all()[:4])
    for number in range(6):
        challenge = make_challenge(
            owner_unit=org["north"], title=f"Fråga {number}", opens_in=number - 3
        )
        challenge.global_goals.set(goals[: number % 4])
    with django_assert_num_queries(len(few)):
        page = client.get(reverse("challenges:list"))
    assert page.text.count('class="goal-badge goal-') == 0 + 1 + 2 + 3 + 0 + 1
    assert "Fråga 5" in page.text


def test_names_with_markup_are_escaped_exactly_once_on_the_pages_built_from_values(
    client, org, manager, employee
):
    """The challenge list and page render goals, stages, dates and units from plain values
    in templates, and the unit selects take plain labels: each shows `<b>&"` escaped once."""
    hostile = '<b>&"'
    # Django writes an escaped `"` as &quot;, Jinja2 (markupsafe) as &#34;: the same character.
    once = ("&lt;b&gt;&amp;&quot;", "&lt;b&gt;&amp;&#34;")
    Unit.objects.filter(pk=org["north"].pk).update(name=f"Enhet {hostile}")
    goal = GlobalGoal.objects.get(number=3)
    GlobalGoal.objects.filter(pk=goal.pk).update(name_sv=f"Mål {hostile}", name_en=f"Mål {hostile}")
    challenge = make_challenge(
        by=manager, owner_unit=org["north"], title=f"Utmaning {hostile}", question="Hur?"
    )
    challenge.global_goals.set([goal])
    idea = make_idea(
        submitter=employee, unit=org["north"], title=f"Idé {hostile}", challenge=challenge
    )
    idea.global_goals.set([goal])
    Stage.objects.filter(pk=idea.stage_id).update(
        name_sv=f"Steg {hostile}", name_en=f"Steg {hostile}"
    )
    client.force_login(manager)
    pages = {
        "list": (reverse("challenges:list"), ["Utmaning", "Enhet", "3. Mål", "> Mål"]),
        "detail": (challenge.get_absolute_url(), ["Idé", "Enhet", "3. Mål", "> Mål", "Steg"]),
        "form": (reverse("ideas:submit"), ["Enhet"]),
        "ideas": (reverse("ideas:list"), ["Enhet"]),
    }
    for name, (url, texts) in pages.items():
        page = client.get(url)
        assert page.status_code == 200, name
        for text in texts:
            assert any(f"{text} {escaped}" in page.text for escaped in once), (name, text)
        assert hostile not in page.text, name
        assert "&amp;lt;" not in page.text and "&amp;amp;" not in page.text, name
        assert "&amp;quot;" not in page.text and "&amp;#34;" not in page.text, name
