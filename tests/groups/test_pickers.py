"""Choosing members and ideas among thousands: a search field and ticked checkboxes, without
JavaScript; htmx brings the matches while typing. Starting a group from several ideas."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from idesluss.core.widgets import PICKER_LIMIT
from idesluss.groups.models import Group
from tests.factories import UserFactory, make_idea


def test_people_are_found_by_name_email_or_unit(client, org, coach, django_assert_max_num_queries):
    anna = UserFactory(
        full_name="Anna Andersson", unit=org["north"], email="anna.a@kommunen.example"
    )
    UserFactory(full_name="Anna Berg", unit=org["bou"])
    gone = UserFactory(full_name="Anna Borta")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    for number in range(PICKER_LIMIT + 5):
        UserFactory(full_name=f"Per {number:02d}", unit=org["north"])
    client.force_login(coach)
    url = reverse("groups:pick_people")
    with django_assert_max_num_queries(6):
        response = client.get(url, {"members_q": "anna norr"})
    assert response.status_code == 200
    assert f'value="{anna.pk}"' in response.text and "Anna Berg" not in response.text
    assert "Anna Borta" not in response.text
    # Those ticked stay ticked, first; the matches follow, never twice; the count is told.
    response = client.get(url, {"members_q": "anna", "members": [anna.pk, "x"]})
    assert f'value="{anna.pk}" id="id_members_{anna.pk}" checked' in response.text
    assert response.text.count(f'value="{anna.pk}"') == 1
    assert 'id="id_members_status" hx-swap-oob="innerHTML"' in response.text
    # However many match, the picker shows a few and asks for more letters.
    response = client.get(url, {"members_q": "per"})
    assert response.text.count('type="checkbox"') == PICKER_LIMIT


def test_ideas_are_found_by_number_or_words(client, coach, idea):
    draft = make_idea(submitter=UserFactory(), title="Nyckelutkast", submit=False)
    client.force_login(coach)
    url = reverse("groups:pick_ideas")
    response = client.get(url, {"ideas_q": f"#{idea.pk}"})
    assert f'value="{idea.pk}"' in response.text
    assert f'value="{draft.pk}"' not in client.get(url, {"ideas_q": str(draft.pk)}).text
    word = idea.title.split()[0]
    assert f'value="{idea.pk}"' in client.get(url, {"ideas_q": word}).text
    assert client.get(url, {"ideas_q": "\x00%%%"}).status_code == 200


def test_without_javascript_the_search_button_shows_matches_and_saves_nothing(
    client, org, coach, member
):
    UserFactory(full_name="Bertil Bengtsson", unit=org["north"])
    client.force_login(coach)
    data = {
        "kind": "workgroup",
        "name": "Nyckelgruppen",
        "purpose": "",
        "members": [member.pk],
        "members_q": "bertil",
        "ideas_q": "",
        "starts_on": timezone.localdate().isoformat(),
        "pick": "members",
    }
    response = client.post(reverse("groups:create"), data)
    assert response.status_code == 200 and not Group.objects.exists()
    assert "Bertil Bengtsson" in response.text
    assert f'value="{member.pk}" id="id_members_{member.pk}" checked' in response.text
    # What was typed is kept; no error is shown before the person saves.
    assert 'value="Nyckelgruppen"' in response.text and "errorlist" not in response.text


def test_the_group_form_costs_the_same_however_many_people_and_ideas(
    client, org, coach, django_assert_max_num_queries
):
    for number in range(30):
        UserFactory(full_name=f"Person {number}", unit=org["north"])
    client.force_login(coach)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("groups:create"))
    # No option list of everyone: only the coaches are listed.
    assert "Person 1" not in response.text


def test_start_a_group_from_several_ideas(client, org, coach, manager):
    one_submitter, co = UserFactory(full_name="Ida Idé"), UserFactory(full_name="Co Medförslag")
    first = make_idea(submitter=one_submitter, title="Nyckellista", unit=org["north"])
    first.co_submitters.add(co)
    second = make_idea(submitter=manager, title="Kodlås", unit=org["north"])
    draft = make_idea(submitter=UserFactory(), title="Utkast", submit=False)
    client.force_login(coach)
    url = reverse("groups:create")
    response = client.get(f"{url}?idea={first.pk}&idea={second.pk}&idea={draft.pk}&idea=abc")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["ideas"] == [first.pk, second.pk]
    assert form.initial["members"] == [one_submitter.pk, co.pk, manager.pk]
    assert "Nyckellista" in form.initial["purpose"] and "Kodlås" in form.initial["purpose"]
    assert form.initial["coach"] == coach
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]
    for person in (one_submitter, co, manager):
        assert f'value="{person.pk}" id="id_members_{person.pk}" checked' in response.text
    # Saved as shown, the group carries both ideas.
    response = client.post(
        url,
        {
            "kind": "workgroup",
            "name": "Nycklar och kodlås",
            "purpose": form.initial["purpose"],
            "ideas": form.initial["ideas"],
            "members": form.initial["members"],
            "coach": coach.pk,
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302
    assert set(group.ideas.all()) == {first, second}
    # Each idea shows the group that carries it.
    for idea in (first, second):
        assert "Nycklar och kodlås" in client.get(idea.get_absolute_url()).text


def test_an_employee_cannot_use_the_start_page_even_with_ideas(client, employee, idea):
    client.force_login(employee)
    assert client.get(reverse("groups:create") + f"?idea={idea.pk}").status_code == 403
