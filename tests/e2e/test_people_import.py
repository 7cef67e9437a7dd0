"""An administrator imports an HR file in the back office and follows it to its report."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from idesluss.accounts.models import PeopleImport, Unit, User
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory

CONTENT = (
    b"email;full_name;unit\nanna@kommunen.example;Anna Andersson;HT\ntrasig-adress;Bo Berg;HT\n"
)


def test_administrator_imports_people_and_reads_the_report(page: Page, live_server):
    Unit.objects.create(name="Hemtjänst", code="HT", path="/", depth=0)
    admin = UserFactory(email="admin@kommunen.example", roles=["administrator"])
    sign_in(page, admin.email)
    visit(page, reverse("admin:accounts_import"))
    page.get_by_role("radio", name="Personer").check()
    page.locator('input[name="file"]').set_input_files(
        {"name": "personal.csv", "mimeType": "text/csv", "buffer": CONTENT}
    )
    page.locator('input[type="submit"]').click()
    check_a11y(page)
    record = PeopleImport.objects.get()
    expect(page).to_have_url(
        live_server.url + reverse("admin:accounts_import_report", args=[record.pk])
    )
    expect(page.locator("#import-progress [role=status]")).to_contain_text("Klar")
    # The report, not the back office's menu of what the person manages.
    rejected = page.get_by_role("table", name="Avvisade rader")
    expect(rejected).to_contain_text("trasig-adress")
    assert User.objects.filter(email="anna@kommunen.example").exists()


def test_the_report_page_follows_a_running_import_until_it_is_done(page: Page, live_server):
    admin = UserFactory(email="admin@kommunen.example", roles=["administrator"])
    record = PeopleImport.objects.create(
        kind="users",
        file_name="personal.csv",
        created_by=admin,
        status=PeopleImport.Status.RUNNING,
        rows_total=1000,
        rows_done=500,
    )
    sign_in(page, admin.email)
    visit(page, reverse("admin:accounts_import_report", args=[record.pk]))
    expect(page.locator("#import-progress [role=status]")).to_contain_text("500 av 1000")
    PeopleImport.objects.filter(pk=record.pk).update(
        status=PeopleImport.Status.DONE,
        rows_done=1000,
        rejected_count=1,
        rejected=[{"line": 7, "identifier": "x@kommunen.example", "reasons": ["Fel enhet."]}],
    )
    # The page polls, and reloads itself once the import is done, now with the report.
    rejected = page.get_by_role("table", name="Avvisade rader")
    expect(rejected).to_contain_text("Fel enhet.", timeout=8000)
    check_a11y(page)
