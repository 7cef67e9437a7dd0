"""The HR import as a background task: batches, progress, the report page, bad files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from idesluss.accounts import importers
from idesluss.accounts.models import PeopleImport, Qualification, RoleAssignment, Unit, User
from idesluss.accounts.selectors import roles_of
from idesluss.core.models import AuditEvent
from tests.factories import UserFactory


def csv_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def people(count: int, *, start: int = 0, unit: str = "VO-HT-N", roles: str = "") -> str:
    lines = ["email;full_name;unit;employee_number;job_title;roles"]
    lines += [
        f"person{n}@k.example;Person {n};{unit};{10000 + n};Undersköterska;{roles}"
        for n in range(start, start + count)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def admin(org):
    return UserFactory(roles=["administrator"])


@pytest.fixture
def upload(client, admin, settings, tmp_path, django_capture_on_commit_callbacks):
    """Upload a file in the back office as an administrator; the task runs (immediate
    backend) once the upload is committed. Returns the import's page response."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin)

    def send(content: bytes, *, name="personal.csv", kind="users", **options):
        file = SimpleUploadedFile(name, content, content_type="text/csv")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:accounts_import"), {"kind": kind, "file": file, **options}
            )
        assert response.status_code == 302
        return client.get(response["Location"])

    return send


def test_the_back_office_import_runs_as_a_task_with_a_report_page(upload, org, tmp_path):
    content = people(3) + "trasig;Trasig;VO;;;\n"
    page = upload(content.encode())
    record = PeopleImport.objects.get()
    assert record.status == PeopleImport.Status.DONE
    assert (record.rows_total, record.rows_done) == (4, 4)
    assert (record.created, record.updated, record.rejected_count) == (3, 0, 1)
    assert record.rejected == [
        {"line": 5, "identifier": "trasig", "reasons": ["Ange en giltig e-postadress."]}
    ]
    assert User.objects.filter(email__startswith="person", unit=org["north"]).count() == 3
    assert page.status_code == 200
    assert "trasig" in page.text and "hx-trigger" not in page.text
    # The HR file (personal data) is gone once read; the report stays.
    assert not record.file
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
    assert AuditEvent.objects.filter(action="people_import.start").count() == 1


def test_the_report_page_updates_itself_while_the_import_runs(client, admin):
    record = PeopleImport.objects.create(
        kind="users",
        file_name="personal.csv",
        created_by=admin,
        status=PeopleImport.Status.RUNNING,
        rows_total=12000,
        rows_done=3000,
    )
    client.force_login(admin)
    url = reverse("admin:accounts_import_report", args=[record.pk])
    page = client.get(url)
    assert 'hx-trigger="every 2s"' in page.text
    assert 'value="25"' in page.text  # the progress bar
    assert f'href="{url}"' in page.text  # without JavaScript: a link to update the page
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Refresh" not in fragment
    assert "<html" not in fragment.text
    PeopleImport.objects.filter(pk=record.pk).update(status=PeopleImport.Status.DONE)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"


@pytest.mark.parametrize(
    ("role", "status"), [("employee", 302), ("manager", 302), ("coordinator", 403)]
)
def test_only_administrators_see_import_reports(client, admin, person_in_role, role, status):
    # The coordinator has back-office access, but not to the HR import.
    record = PeopleImport.objects.create(kind="users", file_name="x.csv", created_by=admin)
    client.force_login(person_in_role(role))
    response = client.get(reverse("admin:accounts_import_report", args=[record.pk]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_byte_that_is_no_text_gives_a_row_report(upload, org):
    content = people(2).encode() + b"bad@k.example;Tr\x81sig;VO;20000;;\n"
    page = upload(content)
    record = PeopleImport.objects.get()
    assert record.status == PeopleImport.Status.DONE and record.created == 2
    [row] = record.rejected
    assert row["line"] == 4 and "0x81" in row["reasons"][0]
    assert "0x81" in page.text
    assert not User.objects.filter(email="bad@k.example").exists()


def test_a_field_longer_than_the_csv_limit_gives_a_row_report(upload, org):
    content = (
        people(2)
        + f"long@k.example;{'x' * 140_000};VO;20000;;\n"
        + "after@k.example;Efter;VO;20001;;\n"
    )
    upload(content.encode())
    record = PeopleImport.objects.get()
    assert record.status == PeopleImport.Status.DONE
    assert record.created == 3
    [row] = record.rejected
    assert row["line"] == 4 and "140000" in row["reasons"][0].replace(",", "").replace(" ", "")


def test_a_file_without_the_columns_is_reported_on_the_page(upload, org):
    page = upload(b"namn;enhet\nAnna;VO\n")
    record = PeopleImport.objects.get()
    assert record.status == PeopleImport.Status.FAILED
    assert "email" in record.error
    assert record.error in page.text
    assert not User.objects.filter(full_name="Anna").exists()


def test_units_are_imported_in_the_background_too(upload, org):
    upload(b"code;name;parent\nNY;Ny enhet;VO\n", kind="units")
    record = PeopleImport.objects.get()
    assert (record.status, record.created) == (PeopleImport.Status.DONE, 1)
    assert Unit.objects.get(code="NY").parent == org["vo"]


def test_a_dry_run_in_the_back_office_changes_nothing(upload, org):
    leaver = UserFactory(email="leaver@k.example")
    before = AuditEvent.objects.count()
    upload(people(3).encode(), dry_run="on", deactivate_missing="on")
    record = PeopleImport.objects.get()
    assert record.dry_run and record.status == PeopleImport.Status.DONE
    assert (record.created, record.deactivated) == (3, 1)
    assert not User.objects.filter(email__endswith="@k.example").exclude(pk=leaver.pk).exists()
    assert User.objects.get(pk=leaver.pk).is_active
    assert AuditEvent.objects.count() == before + 1  # only that the import was started


def test_import_in_batches_reports_progress_and_is_idempotent(units, monkeypatch):
    monkeypatch.setattr(importers, "BATCH_SIZE", 4)
    seen = []
    report = importers.users_import(
        csv_file(people(10, roles="coach")), progress=lambda report: seen.append(report.processed)
    )
    assert seen == [4, 8, 10, 10]
    assert (report.created, report.updated, report.unchanged, report.rejected) == (10, 0, 0, [])
    person = User.objects.get(employee_number="10003")
    assert person.unit.code == "VO-HT-N" and person.job_title == "Undersköterska"
    assert not person.has_usable_password()
    assert roles_of(person).codes == {"employee", "coach"}
    assert AuditEvent.objects.filter(action="user.create").count() == 10
    # Coach is a qualification: the HR file grants it (and never withdraws it).
    assert AuditEvent.objects.filter(action="qualification.grant").count() == 10
    events = AuditEvent.objects.count()
    again = importers.users_import(csv_file(people(10, roles="coach")))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert AuditEvent.objects.count() == events
    assert Qualification.objects.filter(code="coach", source="imported").count() == 10
    assert not RoleAssignment.objects.filter(role__code="coach").exists()
    # A change reaches only the rows that changed.
    changed = people(10, roles="coach").replace("Person 3;", "Person Tre;")
    report = importers.users_import(csv_file(changed))
    assert (report.updated, report.unchanged) == (1, 9)
    assert User.objects.get(employee_number="10003").full_name == "Person Tre"


def test_roles_are_synchronised_in_bulk_and_qualifications_only_granted(units):
    importers.users_import(csv_file(people(3, roles="styrgrupp|samtalsledare")))
    report = importers.users_import(csv_file(people(3, roles="manager:VO-HT")))
    assert report.updated == 3
    for person in User.objects.filter(email__endswith="@k.example"):
        assert set(
            RoleAssignment.objects.filter(user=person).values_list("role__code", "unit__code")
        ) == {("manager", "VO-HT")}
        # The qualification stays: a file without it does not withdraw it.
        assert roles_of(person).codes == {"employee", "manager", "conversation_leader"}
    assert AuditEvent.objects.filter(action="role.revoke").count() == 3
    assert not AuditEvent.objects.filter(action="qualification.withdraw").exists()


def test_the_same_employee_number_twice_in_a_file_is_rejected(units):
    report = importers.users_import(
        csv_file("email,full_name,employee_number\na@k.example,A,1001\nb@k.example,B,1001\n")
    )
    assert report.created == 1
    assert report.rejected[0].line == 3 and "2" in report.rejected[0].reasons[0]


def test_too_long_values_are_rejected_not_cut(units):
    report = importers.users_import(csv_file(f"email,full_name\nlong@k.example,{'N' * 151}\n"))
    assert report.created == 0
    assert "150" in report.rejected[0].reasons[0]


def test_an_import_takes_a_fixed_number_of_queries(units, django_assert_max_num_queries):
    importers.users_import(csv_file(people(5, roles="coach")))
    # 600 rows, 400 of them new and 200 changed: two batches of bulk queries.
    content = people(600, roles="coach").replace("Undersköterska", "Sjuksköterska")
    with django_assert_max_num_queries(40):
        report = importers.users_import(csv_file(content), deactivate_missing=True)
    assert (report.created, report.updated) == (595, 5)


def test_the_command_runs_the_same_import(units, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(people(3).encode("cp1252", errors="replace"))
    out = io.StringIO()
    call_command("import_people", "--users", str(path), stdout=out)
    assert "3 created, 0 updated, 0 unchanged" in out.getvalue()


@pytest.fixture
def units(db):
    importers.units_import(
        csv_file("code,name,parent\nVO,Vård och omsorg,\nVO-HT,Hemtjänst,VO\nVO-HT-N,Norr,VO-HT\n")
    )


def test_a_row_that_clashes_with_a_change_made_meanwhile_is_reported(units, monkeypatch):
    monkeypatch.setattr(importers, "BATCH_SIZE", 3)

    def someone_else_adds_person_4(report):
        # Between two batches someone creates, in the back office, a person the file has.
        if report.processed == 3 and not User.objects.filter(email="person4@k.example").exists():
            UserFactory(email="person4@k.example", full_name="Redan Här")

    report = importers.users_import(csv_file(people(6)), progress=someone_else_adds_person_4)
    assert report.created == 5
    [row] = report.rejected
    assert row.line == 6 and row.identifier == "person4@k.example"
    assert User.objects.get(email="person4@k.example").full_name == "Redan Här"
    assert User.objects.filter(email__in=["person3@k.example", "person5@k.example"]).count() == 2


def test_a_lapsed_qualification_is_replaced_by_the_one_the_file_grants(units):
    import datetime

    from django.utils import timezone

    importers.users_import(csv_file(people(1, roles="samtalsledare")))
    person = User.objects.get(email="person0@k.example")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Qualification.objects.filter(user=person).update(expires_on=yesterday)
    assert "conversation_leader" not in roles_of(User.objects.get(pk=person.pk)).codes
    report = importers.users_import(csv_file(people(1, roles="samtalsledare")))
    assert report.rejected == []
    rows = Qualification.objects.filter(user=person).order_by("pk")
    assert [(row.expires_on, row.withdrawn_at is None) for row in rows] == [
        (yesterday, False),
        (None, True),
    ]
    assert "conversation_leader" in roles_of(User.objects.get(pk=person.pk)).codes
