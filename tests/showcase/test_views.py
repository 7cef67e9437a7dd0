import datetime

import pytest
from django.urls import reverse

from idesluss.showcase import services
from idesluss.showcase.models import GoodExample, NewsPost
from tests.conftest import ROLES
from tests.factories import UserFactory, make_challenge, make_idea
from tests.queries import page_queries
from tests.showcase.conftest import implement


@pytest.fixture
def three(make_example, submitter):
    """A draft, a published internal example and a public one, all by the coordinator."""
    return {
        "draft": make_example(title="Utkastet"),
        "internal": make_example(title="Internt exempel", publish=True),
        "public": make_example(
            title="Publikt exempel", publish=True, public=True, agreed=[submitter.pk]
        ),
    }


EXPECTED = {
    # role: (draft, internal, public) status codes
    "anonymous": (404, 404, 200),
    "coordinator": (200, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_what_the_policy_allows(client, person_in_role, three, role):
    person = person_in_role(role)
    if role != "anonymous":
        client.force_login(person)
    codes = tuple(client.get(three[k].get_absolute_url()).status_code for k in three)
    assert codes == EXPECTED.get(role, (404, 200, 200))
    if role == "anonymous":
        response = client.get(reverse("showcase:examples"))
        assert response.status_code == 302
        return
    html = client.get(reverse("showcase:examples")).content.decode()
    assert "Internt exempel" in html and "Publikt exempel" in html
    assert "Utkastet" not in html
    drafts = client.get(reverse("showcase:examples") + "?view=drafts").content.decode()
    assert ("Utkastet" in drafts) is (role == "coordinator")


def test_the_author_sees_their_draft(client, implemented, manager):
    example = services.example_create(
        by=manager,
        idea=implemented,
        data=services.ExampleInput(title="Chefens utkast", summary="Kort.", story="Text."),
    )
    client.force_login(manager)
    assert client.get(example.get_absolute_url()).status_code == 200
    assert (
        "Chefens utkast"
        in client.get(reverse("showcase:examples") + "?view=drafts").content.decode()
    )
    client.force_login(UserFactory(roles=["coordinator"]))
    assert client.get(example.get_absolute_url()).status_code == 200
    client.force_login(UserFactory())
    assert client.get(example.get_absolute_url()).status_code == 404


def test_the_coordinator_makes_an_implemented_idea_a_good_example(
    client, coordinator, implemented, submitter, co_submitter
):
    client.force_login(coordinator)
    page = client.get(implemented.get_absolute_url()).content.decode()
    assert f"{reverse('showcase:example_create')}?idea={implemented.pk}" in page
    form = client.get(reverse("showcase:example_create") + f"?idea={implemented.pk}")
    assert form.status_code == 200
    assert form.context["form"].initial["title"] == "Nyckellistan i appen"
    assert "Zebulon Idégivarsson" in form.content.decode()
    response = client.post(
        reverse("showcase:example_create"),
        {
            "idea": implemented.pk,
            "title": "Nycklarna hittas",
            "summary": "Kort.",
            "story": "Berättelsen.",
            "agreed": [submitter.pk],
            "is_public": "on",
        },
    )
    example = GoodExample.objects.get()
    assert response.status_code == 302 and response["Location"] == example.get_absolute_url()
    assert example.status == "draft" and example.is_public
    client.post(reverse("showcase:example_publish", args=[example.pk]))
    example.refresh_from_db()
    assert example.status == "published"
    client.logout()
    html = client.get(example.get_absolute_url()).content.decode()
    assert "Zebulon Idégivarsson" in html
    assert "Xerxes Medidégivare" not in html
    assert "Karin Samordnare" not in html  # the writer is not shown to visitors


def test_an_idea_not_implemented_gets_no_form(client, coordinator, org):
    idea = make_idea(unit=org["north"])
    client.force_login(coordinator)
    assert client.get(reverse("showcase:example_create") + f"?idea={idea.pk}").status_code == 404
    assert "showcase:example_create" not in client.get(idea.get_absolute_url()).content.decode()


@pytest.mark.parametrize("value", ["²", "9" * 30, "-1", "abc", "\x00"])
def test_bad_ids_are_not_errors(client, coordinator, value):
    client.force_login(coordinator)
    response = client.get(reverse("showcase:example_create"), {"idea": value})
    # No idea by that id: an example that starts from nothing.
    assert response.status_code == 200
    response = client.post(reverse("showcase:example_create"), {"idea": value, "title": ""})
    assert response.status_code == 400


def test_bad_form_input_comes_back_with_errors(client, coordinator, implemented):
    client.force_login(coordinator)
    response = client.post(
        reverse("showcase:example_create"),
        {"idea": implemented.pk, "title": "", "summary": "", "story": "", "agreed": ["x", "99999"]},
    )
    assert response.status_code == 400
    assert not GoodExample.objects.exists()


def test_an_employee_may_not_write_or_publish(client, employee, three):
    client.force_login(employee)
    assert client.get(reverse("showcase:example_create")).status_code == 403
    assert (
        client.get(reverse("showcase:example_edit", args=[three["internal"].pk])).status_code == 403
    )
    assert (
        client.post(reverse("showcase:example_publish", args=[three["internal"].pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("showcase:example_feature", args=[three["internal"].pk])).status_code
        == 403
    )
    assert client.get(reverse("showcase:example_edit", args=[three["draft"].pk])).status_code == 404


def test_the_month_s_example_is_on_the_start_page(client, coordinator, three):
    client.force_login(coordinator)
    client.post(reverse("showcase:example_feature", args=[three["internal"].pk]))
    assert "Internt exempel" in client.get("/").content.decode()
    client.logout()
    # Not public: a visitor does not see it, but finds the public showcase.
    anonymous = client.get("/").content.decode()
    assert "Internt exempel" not in anonymous
    assert reverse("showcase:showcase") in anonymous


def test_news(client, coordinator, employee):
    client.force_login(coordinator)
    response = client.post(
        reverse("showcase:news_create"),
        {
            "title": "Nyheten",
            "body": "Text *här*",
            "published_on": datetime.date.today().isoformat(),
        },
    )
    post = NewsPost.objects.get()
    assert response.status_code == 302
    client.force_login(employee)
    assert "Nyheten" in client.get(reverse("showcase:news")).content.decode()
    assert "Nyheten" in client.get("/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(reverse("showcase:news_create")).status_code == 403
    client.logout()
    assert client.get(reverse("showcase:news")).status_code == 302


def test_the_public_showcase_has_no_personal_data(
    client, coordinator, three, submitter, co_submitter, org
):
    services.showcase_settings_save(
        by=coordinator, show_key_figures=True, show_open_challenges=True
    )
    make_challenge(by=coordinator, owner_unit=org["north"], title="Öppna utmaningen")
    html = client.get(reverse("showcase:showcase")).content.decode()
    assert "Publikt exempel" in html
    assert "Internt exempel" not in html and "Utkastet" not in html
    assert "Öppna utmaningen" in html
    assert 'id="figures-heading"' in html
    for person in (submitter, co_submitter, coordinator):
        assert person.full_name not in html
        assert person.email not in html
    # The public example page names only who agreed.
    page = client.get(three["public"].get_absolute_url()).content.decode()
    assert submitter.full_name in page
    assert co_submitter.full_name not in page and co_submitter.email not in page
    assert coordinator.full_name not in page and submitter.email not in page


def test_the_showcase_shows_only_what_the_organisation_chose(client, coordinator, org):
    make_challenge(by=coordinator, owner_unit=org["north"], title="Öppna utmaningen")
    html = client.get(reverse("showcase:showcase")).content.decode()
    assert "Öppna utmaningen" not in html
    assert 'id="figures-heading"' not in html


def test_settings_page_is_the_coordinators(client, coordinator, employee):
    client.force_login(employee)
    assert client.get(reverse("showcase:settings")).status_code == 403
    client.force_login(coordinator)
    response = client.post(reverse("showcase:settings"), {"show_key_figures": "on"})
    assert response.status_code == 302
    from idesluss.showcase.selectors import showcase_settings

    assert showcase_settings().show_key_figures is True


def test_key_figures(coordinator, org, stage):
    from idesluss.showcase.selectors import key_figures

    implement(make_idea(unit=org["north"]))
    make_idea(unit=org["north"])
    figures = key_figures()
    assert figures.handed_in == 2 and figures.implemented == 1


def test_key_figures_judge_the_first_answer_by_its_local_day(org):
    """Answered at 00:30 in Stockholm the day after the deadline (still the deadline's day in
    UTC): late, as the idea recorded it; one answered on the day: in time."""
    from django.utils import timezone

    from idesluss.ideas.models import Idea
    from idesluss.showcase.selectors import key_figures

    zone = timezone.get_current_timezone()
    moments = {
        "late": datetime.datetime(2026, 3, 11, 0, 30, tzinfo=zone),
        "in time": datetime.datetime(2026, 3, 10, 23, 30, tzinfo=zone),
    }
    for title, moment in moments.items():
        idea = make_idea(unit=org["north"], title=title)
        Idea.objects.filter(pk=idea.pk).update(
            submitted_at=datetime.datetime(2026, 3, 1, 10, tzinfo=zone),
            first_answered_at=moment,
            answered_in_time=title == "in time",
            response_due=datetime.date(2026, 4, 30),  # the next stage's, set by the move
        )
    figures = key_figures(today=datetime.date(2026, 6, 1))
    assert (figures.handed_in, figures.answered, figures.answered_in_time) == (2, 2, 1)
    assert figures.in_time_percent == 50


def test_list_queries_do_not_grow(client, coordinator, make_example):
    client.force_login(coordinator)
    make_example(publish=True, public=True)
    url = reverse("showcase:examples")
    few = page_queries(client, url)
    showcase_few = page_queries(client, reverse("showcase:showcase"))
    for number in range(25):
        make_example(publish=True, public=True, title=f"Exempel {number}")
    assert page_queries(client, url) == few
    assert page_queries(client, reverse("showcase:showcase")) == showcase_few


def test_an_example_page_costs_the_same_with_more_people_named(
    client, coordinator, make_example, implemented, org
):
    from tests.factories import UserFactory as People

    client.force_login(coordinator)
    example = make_example(publish=True)
    url = example.get_absolute_url()
    few = page_queries(client, url)
    for number in range(5):
        implemented.co_submitters.add(People(full_name=f"Person {number}", unit=org["north"]))
    services.example_update(
        example=example,
        by=coordinator,
        data=services.ExampleInput(
            title="T",
            summary="S",
            story="B",
            agreed=[p.pk for p in implemented.co_submitters.all()],
        ),
    )
    assert page_queries(client, url) == few


def test_an_image_is_served_to_those_who_may_see_the_example(
    client, coordinator, implemented, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("showcase:example_create"),
            {
                "idea": implemented.pk,
                "title": "Med bild",
                "summary": "Kort.",
                "story": "Text.",
                "image": SimpleUploadedFile("bild.png", png, content_type="image/png"),
                "image_alt": "Nyckelskåpet i hallen",
            },
        )
    assert response.status_code == 302
    example = GoodExample.objects.get()
    image_url = reverse("showcase:example_image", args=[example.pk])
    assert b"".join(client.get(image_url).streaming_content) == png
    client.logout()
    assert client.get(image_url).status_code == 404  # a draft
    services.example_publish(example=example, by=coordinator)
    assert client.get(image_url).status_code == 404  # published, not public
    GoodExample.objects.filter(pk=example.pk).update(is_public=True)
    assert client.get(image_url).status_code == 200
    assert 'alt="Nyckelskåpet i hallen"' in client.get(example.get_absolute_url()).content.decode()


def test_an_image_without_a_description_is_refused(client, coordinator, implemented):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    response = client.post(
        reverse("showcase:example_create"),
        {
            "idea": implemented.pk,
            "title": "Med bild",
            "summary": "Kort.",
            "story": "Text.",
            "image": SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        },
    )
    assert response.status_code == 400
    assert "image_alt" in response.context["form"].errors


def test_the_public_key_figures_are_kept_a_few_minutes(org, django_assert_num_queries):
    import datetime

    from django.utils import timezone

    from idesluss.showcase.selectors import key_figures_kept
    from tests.factories import make_idea

    day = timezone.localdate()
    make_idea(unit=org["north"])
    first = key_figures_kept(today=day)
    make_idea(unit=org["north"])
    with django_assert_num_queries(0):
        assert key_figures_kept(today=day) == first
    # A new day is a new key: counted afresh.
    assert key_figures_kept(today=day + datetime.timedelta(days=1)) != first
