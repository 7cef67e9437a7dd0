import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from idesluss.accounts import importers
from idesluss.accounts.models import RoleAssignment, Unit, User
from idesluss.accounts.selectors import roles_of
from tests.factories import UserFactory


def csv_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


UNITS = """code;name;kind;parent
VO-HT-N;Hemtjänst Norr;enhet;VO-HT
VO;Vård och omsorg;förvaltning;
VO-HT;Hemtjänst;verksamhet;VO
BAD;;enhet;VO
ORPH;Föräldralös;enhet;FINNS-INTE
KIND;Konstig;avdelning;
VO;Vård och omsorg igen;förvaltning;
"""


def test_units_import_orders_parents_and_reports_each_broken_row(db):
    report = importers.units_import(csv_file(UNITS))
    assert report.created == 3
    north = Unit.objects.get(code="VO-HT-N")
    assert north.parent.code == "VO-HT"
    assert north.is_within(Unit.objects.get(code="VO"))
    rejected = {row.line: row for row in report.rejected}
    assert set(rejected) == {5, 6, 7, 8}
    assert any(
        "name" in reason.lower() or "namn" in reason.lower() for reason in rejected[5].reasons
    )
    assert "FINNS-INTE" in rejected[6].reasons[0]
    assert "avdelning" in rejected[7].reasons[0]
    assert "3" in rejected[8].reasons[0]  # the first line it appeared on
    assert not Unit.objects.filter(code__in=["BAD", "ORPH", "KIND"]).exists()
    assert Unit.objects.get(code="VO").name == "Vård och omsorg"


def test_units_import_updates_and_sets_managers(db):
    boss = UserFactory(email="chef@kommunen.example")
    importers.units_import(csv_file("code,name\nVO,Vård och omsorg\n"))
    report = importers.units_import(
        csv_file("kod,namn,typ,chef\nVO,Vård & omsorg,förvaltning,chef@kommunen.example\n")
    )
    assert (report.created, report.updated, report.rejected) == (0, 1, [])
    unit = Unit.objects.get(code="VO")
    assert unit.name == "Vård & omsorg"
    assert roles_of(User.objects.get(pk=boss.pk)).manages(unit)


def test_units_import_rejects_unknown_manager_without_writing_the_row(db):
    report = importers.units_import(
        csv_file("code,name,managers\nVO,Vård,nobody@kommunen.example\n")
    )
    assert report.created == 0
    assert "nobody@kommunen.example" in report.rejected[0].reasons[0]
    assert not Unit.objects.exists()


PEOPLE = """e-post;namn;enhet;befattning;anställningsnummer;roller;aktiv
anna@kommunen.example;Anna Andersson;VO-HT-N;Undersköterska;1001;;ja
bo@kommunen.example;Bo Berg;VO-HT;Enhetschef;1002;manager;ja
;Utan Adress;VO;;1003;;ja
cecilia@kommunen.example;Cecilia Cedergren;FINNS-INTE;;1004;;ja
david@kommunen.example;David Dahl;VO;;1005;trollkarl;ja
anna@kommunen.example;Anna Igen;VO;;1006;;ja
erik@kommunen.example;Erik Ek;;;1007;manager;ja
fia@kommunen.example;Fia Fors;VO;;1008;coach;kanske
gun@kommunen.example;Gun Gren;VO;;1009;administrator;ja
"""


@pytest.fixture
def units(db):
    importers.units_import(
        csv_file("code,name,parent\nVO,Vård och omsorg,\nVO-HT,Hemtjänst,VO\nVO-HT-N,Norr,VO-HT\n")
    )


def test_people_import_keeps_valid_rows_and_reports_broken_ones(units):
    report = importers.users_import(csv_file(PEOPLE, "cp1252"))
    assert report.created == 2
    assert set(User.objects.values_list("email", flat=True)) == {
        "anna@kommunen.example",
        "bo@kommunen.example",
    }
    bo = User.objects.get(email="bo@kommunen.example")
    assert roles_of(bo).manages(Unit.objects.get(code="VO-HT-N"))
    lines = {row.line: row.reasons for row in report.rejected}
    assert set(lines) == {4, 5, 6, 7, 8, 9, 10}
    assert "trollkarl" in lines[6][0]
    assert "manager" in lines[8][0].lower() or "chef" in lines[8][0].lower()
    assert "kanske" in lines[9][0]


def test_people_import_understands_swedish_role_names(units):
    report = importers.users_import(
        csv_file('e-post;namn;enhet;roller\nbo@k.example;Bo;VO-HT;"chef, samtalsledare"\n')
    )
    assert report.rejected == []
    bo = User.objects.get(email="bo@k.example")
    assert roles_of(bo).codes == {"employee", "manager", "conversation_leader"}
    assert roles_of(bo).manages(Unit.objects.get(code="VO-HT-N"))


def test_people_import_updates_by_employee_number_and_syncs_roles(units):
    importers.users_import(
        csv_file("email,full_name,unit,employee_number,roles\nanna@k.example,Anna,VO,1001,coach\n")
    )
    report = importers.users_import(
        csv_file(
            "email,full_name,unit,employee_number,roles\n"
            "anna.a@k.example,Anna Andersson,VO-HT,1001,manager:VO-HT-N\n"
        )
    )
    assert (report.created, report.updated) == (0, 1)
    anna = User.objects.get(employee_number="1001")
    assert anna.email == "anna.a@k.example"
    assert anna.unit.code == "VO-HT"
    codes = set(RoleAssignment.objects.filter(user=anna).values_list("role__code", "unit__code"))
    assert codes == {("manager", "VO-HT-N")}


def test_people_import_can_deactivate_leavers_but_spares_administrators(units):
    admin = UserFactory(roles=["administrator"])
    leaver = UserFactory(email="leaver@k.example")
    broken_row_person = UserFactory(email="stays@k.example")
    report = importers.users_import(
        csv_file(
            "email,full_name,unit\nnew@k.example,Ny Person,VO\nstays@k.example,Stays,NO-SUCH-UNIT\n"
        ),
        by=admin,
        deactivate_missing=True,
    )
    assert report.deactivated == 1
    assert not User.objects.get(pk=leaver.pk).is_active
    assert User.objects.get(pk=admin.pk).is_active
    assert User.objects.get(pk=broken_row_person.pk).is_active


def test_dry_run_changes_nothing(units):
    report = importers.users_import(
        csv_file("email,full_name\nnew@k.example,Ny Person\n"), dry_run=True
    )
    assert report.created == 1 and report.dry_run
    assert not User.objects.filter(email="new@k.example").exists()


@pytest.mark.parametrize(
    "content",
    ["", "name,unit\nAnna,VO\n"],
    ids=["empty", "missing-columns"],
)
def test_unreadable_files_import_nothing(units, content):
    with pytest.raises(importers.ImportFileError):
        importers.users_import(csv_file(content))
    assert not User.objects.exists()


def test_only_administrators_import(units):
    coordinator = UserFactory(roles=["coordinator"])
    with pytest.raises(PermissionDenied):
        importers.users_import(csv_file("email,full_name\nx@k.example,X\n"), by=coordinator)
    assert not User.objects.filter(email="x@k.example").exists()


def test_import_command_prints_the_report(units, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("email,full_name,unit\nok@k.example,Okej,VO\nbad,Dålig,VO\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as raised:
        call_command("import_people", "--users", str(path), stdout=out)
    assert raised.value.code == 1  # rejected rows make the exit code non-zero
    text = out.getvalue()
    assert "1 created" in text
    assert "line 3" in text and "bad" in text
    assert User.objects.filter(email="ok@k.example").exists()
