"""Ids from user input: one parser (core.http.parse_id) and one kind of choice field
(core.forms) everywhere, so "²" (a digit to str.isdigit, not to int) and 10²³ (more than
any database keeps; SQLite cannot even compare with it) never end in a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from idesluss.core.forms import IdChoiceField, IdMultipleChoiceField
from idesluss.core.http import ID_MAX, parse_id, parse_ids
from idesluss.groups import services as group_services
from idesluss.ideas.models import Idea
from idesluss.workshops import services as workshop_services
from idesluss.workshops.models import Note
from tests.factories import UserFactory, make_challenge, make_group, make_idea, make_workshop

HUGE = str(10**23)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (12, 12),
        (str(ID_MAX), ID_MAX),
        (str(ID_MAX + 1), None),
        (HUGE, None),
        ("²", None),
        ("٣", None),  # an Arabic-Indic three: int() would read it as 3
        ("0", None),
        ("-1", None),
        (" 1", None),
        ("1.0", None),
        ("", None),
        (None, None),
        (True, None),
        (0, None),
        ("a\x00", None),
    ],
)
def test_parse_id_takes_only_ascii_digits_the_database_can_hold(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_keeps_the_good_ones_once_in_order():
    assert parse_ids(["3", "²", "1", HUGE, "3", "-2", "2"]) == [3, 1, 2]
    assert parse_ids(None) == []


@pytest.mark.django_db
def test_an_id_choice_field_refuses_numbers_no_row_can_have(org):
    from idesluss.accounts.models import Unit

    field = IdMultipleChoiceField(queryset=Unit.objects.all())
    assert list(field.clean([str(org["vo"].pk)])) == [org["vo"]]
    for value, code in (
        (HUGE, "invalid_choice"),
        ("²", "invalid_pk_value"),
        ("0", "invalid_choice"),
    ):
        with pytest.raises(Exception) as error:
            field.clean([str(org["vo"].pk), value])
        assert error.value.code == code
    single = IdChoiceField(queryset=Unit.objects.all())
    assert single.clean(str(org["north"].pk)) == org["north"]
    for value in (HUGE, "²", "٣"):
        with pytest.raises(Exception) as error:
            single.clean(value)
        assert error.value.code == "invalid_choice"


@pytest.fixture
def english(client):
    client.cookies["idesluss_language"] = "en"
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", HUGE, "٣"])
def test_query_parameters_with_odd_numbers_are_ignored(english, org, person_in_role, value):
    client = english
    coordinator = person_in_role("coordinator")
    challenge = make_challenge(by=coordinator, owner_unit=org["ht"])
    client.force_login(coordinator)
    pages = [
        f"{reverse('ideas:submit')}?challenge={value}&workshop={value}",
        f"{reverse('ideas:board', args=['innovation'])}?unit={value}&challenge={value}",
        f"{reverse('ideas:similar')}?title=Nycklar&exclude={value}",
        f"{reverse('groups:overview')}?weeks={value}",
        f"{reverse('groups:create')}?idea={value}",
        f"{reverse('groups:joint_create')}?group={value}",
        f"{reverse('groups:pick_people')}?members={value}&members_q=a",
        f"{reverse('groups:pick_ideas')}?ideas={value}&ideas_q={value}",
        f"{reverse('challenges:create')}?need={value}",
        f"{reverse('workshops:create')}?challenge={value}",
        f"{reverse('challenges:detail', args=[challenge.pk])}?page={value}",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", HUGE])
def test_odd_ids_in_multiple_choice_fields_are_a_form_error(english, org, employee, value):
    client = english
    client.force_login(employee)
    response = client.post(
        reverse("ideas:submit"),
        {
            "title": "Nycklar",
            "need": "Vi letar",
            "lane": "improvement",
            "unit": str(org["north"].pk),
            "other_units": [str(org["vo"].pk), value],
            "global_goals": [value],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"other_units", "global_goals"}
    assert not Idea.objects.filter(submitter=employee).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", HUGE])
def test_odd_ids_of_participants_and_groups_are_a_form_error(english, org, value):
    client = english
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    member = UserFactory(unit=org["north"])
    group = make_group(coach=coach, members=[member])
    other = make_group(coach=coach, members=[member], name="Andra")
    client.force_login(coach)
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    session = client.post(
        reverse("groups:session_create", args=[group.pk]),
        {"kind": "coaching", "date": day, "time": "10:00", "minutes": "90",
         "participants": [str(member.pk), value]},
    )  # fmt: skip
    assert session.status_code == 400
    assert "participants" in session.context["form"].errors
    assert not group.sessions.exists()
    joint = client.post(
        reverse("groups:joint_create"),
        {"title": "Gemensam", "date": day, "time": "13:00", "minutes": "120",
         "groups": [str(group.pk), str(other.pk), value]},
    )  # fmt: skip
    assert joint.status_code == 400
    assert "groups" in joint.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", HUGE])
def test_odd_note_and_cluster_ids_on_a_workshop_change_nothing(english, org, value):
    client = english
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    workshop = make_workshop(by=coach)
    workshop_services.workshop_set_phase(workshop=workshop, by=coach, phase="capture")
    note = workshop_services.note_post(workshop=workshop, by=coach, text="Nycklar")
    client.force_login(coach)
    made = client.post(
        reverse("workshops:cluster_create", args=[workshop.pk]),
        {"name": "Grupp", "notes": [value]},
    )
    assert made.status_code == 302
    assert not workshop.clusters.exists()
    moved = client.post(
        reverse("workshops:note_move", args=[workshop.pk, note.pk]), {"cluster": value}
    )
    assert moved.status_code == 302
    assert Note.objects.get(pk=note.pk).cluster_id is None
    promote = client.get(f"{reverse('workshops:promote', args=[workshop.pk])}?cluster={value}")
    assert promote.status_code == 404


@pytest.mark.django_db
def test_a_huge_id_in_the_path_is_not_found(english, org, employee):
    client = english
    client.force_login(employee)
    idea = make_idea(submitter=employee)
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    group = make_group(coach=coach, members=[employee])
    session = group_services.session_create(
        group=group, by=coach, data=group_services.SessionInput(starts_at=timezone.now())
    )
    for url in (
        f"/ideas/{HUGE}/",
        f"/ideas/{idea.pk}/attachments/{HUGE}/",
        f"/groups/{HUGE}/",
        f"/groups/{group.pk}/sessions/{HUGE}/",
        f"/groups/{HUGE}/sessions/{session.pk}/calendar.ics",
        f"/workshops/{HUGE}/",
        f"/organisation/{HUGE}/",
        f"/people/{HUGE}/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", HUGE])
def test_the_back_offices_add_forms_leave_odd_ids_from_the_address_out(
    english, person_in_role, value
):
    client = english
    client.force_login(person_in_role("administrator"))
    response = client.get(f"{reverse('admin:accounts_user_add')}?unit={value}&full_name=Ada")
    assert response.status_code == 200
    assert response.context["adminform"].form.initial == {"full_name": "Ada"}


@pytest.mark.django_db
def test_null_bytes_in_a_search_and_a_cluster_name_are_left_out(english, org):
    client = english
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    workshop = make_workshop(by=coach)
    workshop_services.workshop_set_phase(workshop=workshop, by=coach, phase="capture")
    note = workshop_services.note_post(workshop=workshop, by=coach, text="Nycklar")
    cluster = workshop_services.cluster_create(
        workshop=workshop, by=coach, name="Grupp", note_ids=[note.pk]
    )
    client.force_login(coach)
    assert client.get(f"{reverse('needs:list')}?q=nyck%00lar").status_code == 200
    renamed = client.post(
        reverse("workshops:cluster_rename", args=[workshop.pk, cluster.pk]), {"name": "Ny\x00ckel"}
    )
    assert renamed.status_code == 302
    cluster.refresh_from_db()
    assert cluster.name == "Nyckel"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "ideas:list", "-1"])
def test_a_next_address_that_is_no_path_is_not_followed(english, org, value):
    client = english
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    member = UserFactory(unit=org["north"])
    group = make_group(coach=coach, members=[member])
    session = group_services.session_create(
        group=group, by=coach, data=group_services.SessionInput(starts_at=timezone.now())
    )
    action = group_services.action_add(
        session=session, by=coach, what="Ring", owner=member, due_on=timezone.localdate()
    )
    client.force_login(member)
    response = client.post(reverse("groups:action_done", args=[action.pk]), {"next": value})
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
