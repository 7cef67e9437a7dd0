import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from idesluss.accounts.models import PeopleImport, Unit, User
from idesluss.core.models import AuditEvent
from tests.conftest import ROLES
from tests.factories import UnitFactory, UserFactory
from tests.queries import page_queries

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_organisation_pages_are_for_signed_in_staff(client, org, person_in_role, role):
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    member = UserFactory(unit=org["north"])
    urls = [
        reverse("accounts:unit_list"),
        reverse("accounts:unit_detail", args=[org["north"].pk]),
        reverse("accounts:person_detail", args=[member.pk]),
        reverse("accounts:profile"),
    ]
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 200, url


def test_unit_page_shows_managers_members_and_breadcrumbs(client, org):
    manager = UserFactory(
        full_name="Erik Chef", roles=[("manager", org["north"])], unit=org["north"]
    )
    UserFactory(full_name="Lina Karlsson", unit=org["north"])
    client.force_login(manager)
    text = client.get(reverse("accounts:unit_detail", args=[org["north"].pk])).text
    assert "Erik Chef" in text and "Lina Karlsson" in text
    assert "Vård och omsorg" in text and "Hemtjänst" in text  # ancestors


def test_unknown_unit_and_person_give_404(client, org):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:unit_detail", args=[999999])).status_code == 404
    assert client.get(reverse("accounts:person_detail", args=[999999])).status_code == 404


def test_organisation_pages_use_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries
):
    viewer = UserFactory(unit=org["north"])
    client.force_login(viewer)

    def grow():
        for _ in range(15):
            unit = UnitFactory(parent=org["ht"])
            UserFactory(unit=org["north"])
            UserFactory(unit=unit, roles=[("manager", unit)])

    def count(url):
        return page_queries(client, url)

    urls = [
        reverse("accounts:unit_list"),
        reverse("accounts:unit_detail", args=[org["north"].pk]),
        reverse("accounts:unit_detail", args=[org["ht"].pk]),
        reverse("home:start"),
        reverse("accounts:profile"),
    ]
    before = {url: count(url) for url in urls}
    grow()
    after = {url: count(url) for url in urls}
    assert before == after
    # The start page is the most: counts and short lists of ideas, actions and what is coming,
    # and a query or two for each part of the programme that shows its panel there.
    assert max(after.values()) <= 17


def test_members_are_paginated(client, org):
    client.force_login(UserFactory())
    for _ in range(55):
        UserFactory(unit=org["bou"])
    first = client.get(reverse("accounts:unit_detail", args=[org["bou"].pk]))
    assert first.text.count("/people/") == 50
    second = client.get(reverse("accounts:unit_detail", args=[org["bou"].pk]) + "?page=2")
    assert second.text.count("/people/") == 5
    bad = client.get(reverse("accounts:unit_detail", args=[org["bou"].pk]) + "?page=abc")
    assert bad.status_code == 200


def test_profile_edit_saves_and_rejects_bad_input(client, org):
    person = UserFactory(unit=org["north"])
    client.force_login(person)
    url = reverse("accounts:profile")
    response = client.post(
        url, {"full_name": "", "job_title": "X", "phone": "", "preferred_language": "sv"}
    )
    assert response.status_code == 200
    assert User.objects.get(pk=person.pk).job_title == "Undersköterska"
    response = client.post(
        url,
        {
            "full_name": "Lina K",
            "job_title": "Samordnare",
            "phone": "0140-123",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert (person.full_name, person.job_title, person.preferred_language) == (
        "Lina K",
        "Samordnare",
        "en",
    )
    assert response.cookies["idesluss_language"].value == "en"
    # A posted unit is ignored: the form does not offer it.
    client.post(url, {"full_name": "Lina K", "unit": org["bou"].pk, "preferred_language": "sv"})
    assert User.objects.get(pk=person.pk).unit == org["north"]


@pytest.mark.parametrize("role", ROLES)
def test_back_office_is_for_administrators(client, person_in_role, role):
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    response = client.get(reverse("admin:index"))
    if role in ("administrator", "coordinator"):
        assert response.status_code == 200
        # The coordinator configures the workflow but does not manage people.
        people = client.get(reverse("admin:accounts_user_changelist"))
        assert people.status_code == (200 if role == "administrator" else 403)
    elif role == "anonymous":
        followed = client.get(reverse("admin:index"), follow=True)
        assert followed.redirect_chain[-1][0].startswith(reverse("account_login"))
    else:
        # Signed in without back-office rights: the admin sends them to its sign-in page.
        for name in ("admin:index", "admin:accounts_import", "admin:accounts_user_changelist"):
            response = client.get(reverse(name))
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("admin:login") + "?next="), name


def test_back_office_import_reports_rejected_rows(
    client, org, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(roles=["administrator"])
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "people.csv",
        b"email;full_name;unit\nok@k.example;Okej Person;VO-HT-N\ntrasig;Trasig;VO\n",
        content_type="text/csv",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_import"), {"kind": "users", "file": upload})
    record = PeopleImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:accounts_import_report", args=[record.pk])
    assert User.objects.filter(email="ok@k.example", unit=org["north"]).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "trasig" in page.text
    assert page.context["rejected"][0]["line"] == 3


def test_back_office_import_refuses_non_csv(client, org):
    client.force_login(UserFactory(roles=["administrator"]))
    upload = SimpleUploadedFile(
        "people.xlsx", b"PK\x03\x04", content_type="application/octet-stream"
    )
    response = client.post(reverse("admin:accounts_import"), {"kind": "users", "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_back_office_unit_edit_keeps_the_tree(client, org):
    client.force_login(UserFactory(roles=["administrator"]))
    url = reverse("admin:accounts_unit_change", args=[org["ht"].pk])
    response = client.post(
        url,
        {"name": "Hemtjänsten", "kind": "operation", "parent": org["bou"].pk, "is_active": "on"},
    )
    assert response.status_code == 302
    north = Unit.objects.get(pk=org["north"].pk)
    assert north.path.startswith(org["bou"].path)
    assert AuditEvent.objects.filter(action="unit.update", target_id=str(org["ht"].pk)).exists()
