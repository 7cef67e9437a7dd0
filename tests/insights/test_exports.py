"""The exports (issue 15, item 4): exact rows, the idea list's filters, what each role may
export, the formula guard in CSV and Excel, a fixed number of queries, and bad input."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from idesluss.accounts.selectors import roles_of
from idesluss.core.exports import csv_lines, excel_file
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Benefit, BenefitCategory, Idea, Lane
from idesluss.insights import exports
from idesluss.insights.exports import ExportFilters, may_export, unit_scope
from tests.factories import UserFactory, make_group, make_idea

EXPORT = "/insights/exports/ideas/"


def moment(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour, 0))


def handed_in_on(idea: Idea, day: int) -> Idea:
    Idea.objects.filter(pk=idea.pk).update(submitted_at=moment(day), moved_at=moment(day))
    idea.refresh_from_db()
    return idea


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def coordinator(org):
    return UserFactory(full_name="Cora Samordnare", unit=org["vo"], roles=["coordinator"])


@pytest.fixture
def two_ideas(org, employee):
    """An idea of Hemtjänst Norr (the manager's) and one of Barn och utbildning."""
    colleague = UserFactory(full_name="Bo Lärare", unit=org["bou"])
    north = handed_in_on(make_idea(submitter=employee, unit=org["north"], title="Nyckellåda"), 2)
    school = handed_in_on(
        make_idea(submitter=colleague, unit=org["bou"], title="Lånecyklar", lane=Lane.IMPROVEMENT),
        3,
    )
    return north, school


# Who may export -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may", "scope"),
    [
        ("anonymous", False, "nothing"),
        ("employee", False, "nothing"),
        ("coach", False, "nothing"),
        ("conversation_leader", False, "nothing"),
        ("manager", True, "units"),
        ("coordinator", True, "everything"),
        ("steering_group", True, "everything"),
        ("administrator", True, "everything"),
    ],
)
def test_whomay_export_and_which_units(person_in_role, org, two_ideas, role, may, scope):
    person = person_in_role(role)
    assert may_export(person) is may
    north, school = two_ideas
    exported = set(
        Idea.objects.filter(unit_scope(person), pk__in=[north.pk, school.pk]).values_list(
            "pk", flat=True
        )
    )
    expected = {"nothing": set(), "units": {north.pk}, "everything": {north.pk, school.pk}}
    assert exported == expected[scope]


def test_an_employee_gets_403_and_anonymous_the_login(client, employee):
    assert client.get("/insights/exports/").status_code == 302
    client.force_login(employee)
    assert client.get("/insights/exports/").status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.get("/insights/report/").status_code == 403


def test_an_unknown_export_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/insights/exports/nothing-such/").status_code == 404


# The ideas export ---------------------------------------------------------------------


def test_ideas_export_writes_exact_rows(client, coordinator, two_ideas, employee, stage):
    north, school = two_ideas
    Idea.global_goals.through.objects.bulk_create(
        [Idea.global_goals.through(idea_id=north.pk, globalgoal_id=goal) for goal in (11, 3)]
    )
    Benefit.objects.create(
        idea=north, category=BenefitCategory.TIME, kind=Benefit.Kind.REALISED,
        description="Färre resor", amount=Decimal("120.00"), measure="timmar om året",
    )  # fmt: skip
    done = stage("improvement", "done")
    Idea.objects.filter(pk=school.pk).update(stage=done, moved_at=moment(20), response_due=None)
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with timezone.override("Europe/Stockholm"):
        response = client.get(EXPORT, {"sort": "oldest", "format": "csv"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "Number", "Title", "Lane", "Stage", "Unit", "Handed in", "Submitter", "Responsible",
        "Answer due", "Implemented", "Global Goals", "Supports", "Comments",
        "Expected benefits", "Realised benefits",
    ]  # fmt: skip
    north.refresh_from_db()
    assert rows[1] == [
        str(north.pk), "Nyckellåda", "Innovation", "Submitted", "Hemtjänst Norr", "2026-03-02",
        employee.full_name, north.responsible.full_name if north.responsible else "",
        str(north.response_due), "", "3, 11", "0", "0", "",
        "Time saved: Färre resor (120 timmar om året)",
    ]  # fmt: skip
    assert rows[2][0] == str(school.pk)
    assert rows[2][9] == "2026-03-20"  # implemented: in "Done" since then
    assert len(rows) == 3


def test_ideas_export_applies_the_list_filters_and_period(client, coordinator, two_ideas):
    north, school = two_ideas
    client.force_login(coordinator)
    only_improvement = read_csv(client.get(EXPORT, {"lane": "improvement"}))
    assert [row[0] for row in only_improvement[1:]] == [str(school.pk)]
    searched = read_csv(client.get(EXPORT, {"q": "Nyckellåda"}))
    assert [row[0] for row in searched[1:]] == [str(north.pk)]
    in_period = read_csv(client.get(EXPORT, {"from": "2026-03-03", "to": "2026-03-31"}))
    assert [row[0] for row in in_period[1:]] == [str(school.pk)]


def test_a_managers_export_lacks_other_units_ideas(client, manager, two_ideas):
    north, _school = two_ideas
    client.force_login(manager)
    rows = read_csv(client.get(EXPORT))
    assert [row[0] for row in rows[1:]] == [str(north.pk)]


def test_drafts_of_others_are_never_exported(client, coordinator, org, employee):
    make_idea(submitter=employee, unit=org["north"], submit=False, title="Utkast")
    client.force_login(coordinator)
    assert len(read_csv(client.get(EXPORT, {"view": "mine"}))) == 1
    assert len(read_csv(client.get(EXPORT))) == 1


def test_a_blind_assessor_sees_no_submitter_in_the_export(client, org, employee, two_ideas):
    north, _school = two_ideas
    assessor = UserFactory(full_name="Ada Bedömare", unit=org["vo"], roles=["coordinator"])
    asking = UserFactory(roles=["coordinator"])
    idea_services.assessor_assign(idea=north, assessor=assessor, by=asking, blind=True)
    client.force_login(assessor)
    rows = {row[0]: row for row in read_csv(client.get(EXPORT))[1:]}
    assert rows[str(north.pk)][6] == ""
    assert employee.full_name not in "".join(rows[str(north.pk)])
    client.force_login(asking)
    rows = {row[0]: row for row in read_csv(client.get(EXPORT))[1:]}
    assert rows[str(north.pk)][6] == employee.full_name


def test_excel_export_is_a_workbook_with_the_same_rows(client, coordinator, two_ideas):
    north, school = two_ideas
    client.force_login(coordinator)
    response = client.get(EXPORT, {"format": "xlsx", "sort": "oldest"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert [row[0] for row in values[1:]] == [north.pk, school.pk]
    assert values[1][1] == "Nyckellåda"
    assert values[1][5] == datetime.datetime(2026, 3, 2)  # a date cell


def test_the_formula_guard_holds_in_csv_and_excel():
    header = ["a", "b"]
    rows = [['=HYPERLINK("https://evil.example")', "+1"], ["@SUM(A1)", 5]]
    text = b"".join(csv_lines(header, rows)).decode()
    assert "'=HYPERLINK" in text and ";'+1" in text and "'@SUM" in text
    with excel_file(header, rows) as file:
        sheet = load_workbook(file).active
        values = list(sheet.values)
    assert values[1] == ('\'=HYPERLINK("https://evil.example")', "'+1")
    assert values[2] == ("'@SUM(A1)", 5)
    assert sheet["A2"].data_type == "s"  # text, not a formula


def test_an_idea_title_like_a_formula_is_exported_as_text(client, coordinator, org, employee):
    make_idea(submitter=employee, unit=org["north"], title="=1+2 nycklar")
    client.force_login(coordinator)
    rows = read_csv(client.get(EXPORT))
    assert rows[1][1] == "'=1+2 nycklar"


def test_the_export_costs_the_same_queries_for_more_ideas(coordinator, org, employee):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = list(exports.idea_rows(viewer=coordinator, filters=ExportFilters()))
        return len(captured), len(rows)

    make_idea(submitter=employee, unit=org["north"])
    roles_of(coordinator)  # read once a request, before the export
    few, count = queries()
    assert count == 1
    for n in range(6):
        make_idea(submitter=employee, unit=org["north"], title=f"Idé {n}")
    many, count = queries()
    assert count == 7
    assert many == few == 4  # the stages, the ideas, their goals, their benefits


def test_each_chunk_costs_a_fixed_number_of_queries(monkeypatch, coordinator, org, employee):
    for n in range(5):
        make_idea(submitter=employee, unit=org["north"], title=f"Idé {n}")
    monkeypatch.setattr(exports, "ROWS_AT_ONCE", 2)
    with CaptureQueriesContext(connection) as captured:
        assert len(list(exports.idea_rows(viewer=coordinator, filters=ExportFilters()))) == 5
    # The ideas (one query, read in chunks), and goals and benefits per chunk of two.
    goal_queries = [q for q in captured if "globalgoal" in q["sql"].lower()]
    assert len(goal_queries) == 3


# Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"from": "9999-12-31"},
        {"from": "²"},
        {"from": "2026-03-10", "to": "2026-03-01"},
        {"unit": "10000000000000000000000"},
        {"format": "pdf"},
    ],
)
def test_bad_filters_bring_back_the_page_with_a_message(client, coordinator, query):
    client.force_login(coordinator)
    response = client.get(EXPORT, query)
    assert response.status_code == 400
    assert b"error-summary" in response.content


# Groups, sessions, workshops ----------------------------------------------------------


def test_groups_export_names_status_coach_members_and_ideas(
    client, coordinator, org, coach, two_ideas
):
    north, _school = two_ideas
    member = UserFactory(unit=org["north"])
    group = make_group(coach=coach, members=[member], ideas=[north], name="Nyckelgruppen")
    client.force_login(coordinator)
    rows = read_csv(client.get("/insights/exports/groups/"))
    assert len(rows) == 2
    assert rows[1][0] == str(group.pk)
    assert rows[1][1] == "Nyckelgruppen"
    assert rows[1][4] == coach.full_name
    assert rows[1][7] == "1"
    assert rows[1][8] == f"#{north.pk}"


def test_a_manager_exports_only_groups_of_their_units(client, manager, org, coach):
    ours = make_group(
        coach=coach, members=[UserFactory(unit=org["north"])], name="Vår", is_public=True
    )
    make_group(coach=coach, members=[UserFactory(unit=org["bou"])], name="Deras", is_public=True)
    client.force_login(manager)
    rows = read_csv(client.get("/insights/exports/groups/"))
    assert [row[0] for row in rows[1:]] == [str(ours.pk)]


def test_sessions_and_workshops_exports_answer(client, coordinator):
    client.force_login(coordinator)
    for name in ("sessions", "workshops"):
        response = client.get(f"/insights/exports/{name}/", {"format": "xlsx"})
        assert response.status_code == 200


def test_the_exports_page_lists_what_the_viewer_may_export(client, manager):
    client.force_login(manager)
    response = client.get("/insights/exports/")
    assert response.status_code == 200
    assert b"/insights/exports/ideas/" in response.content


def test_the_idea_list_links_its_filters_to_the_export(client, coordinator, employee):
    client.force_login(coordinator)
    response = client.get("/ideas/", {"lane": "improvement"})
    assert b"/insights/exports/ideas/?lane=improvement&amp;format=csv" in response.content
    client.force_login(employee)
    assert b"/insights/exports/" not in client.get("/ideas/").content


def test_too_many_rows_for_excel_ask_for_csv(client, monkeypatch, coordinator, two_ideas):
    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 1)
    client.force_login(coordinator)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert response.context["form"].errors["format"]
    assert client.get(EXPORT, {"format": "csv"}).status_code == 200


def test_the_conversations_export_counts_and_never_carries_the_notes(client, org, manager):
    from idesluss.conversations.models import Session
    from tests.factories import make_conversation

    ours = make_conversation(unit=org["north"], starts_in_days=-2)
    theirs = make_conversation(unit=org["bou"], starts_in_days=-2)
    for session in (ours, theirs):
        Session.objects.filter(pk=session.pk).update(
            attended_count=6, recorded_at=timezone.now(), experiences="Anna berättade om Zorro"
        )
    client.force_login(manager)
    rows = read_csv(client.get("/insights/exports/conversations/"))
    assert [row[0] for row in rows[1:]] == [str(ours.pk)]
    assert rows[1][2] == "Hemtjänst Norr" and rows[1][7] == "6"
    assert not any("Zorro" in cell for row in rows for cell in row)
    coordinator = UserFactory(roles=["coordinator"])
    client.force_login(coordinator)
    rows = read_csv(client.get("/insights/exports/conversations/", {"format": "csv"}))
    assert {row[0] for row in rows[1:]} == {str(ours.pk), str(theirs.pk)}


def test_the_trainings_export_counts_the_viewers_people(client, org, manager):
    from idesluss.learning import services as learning
    from tests.factories import make_training

    coordinator = UserFactory(roles=["coordinator"])
    training = make_training(by=coordinator, title="Coachutbildning", capacity=1)
    learning.enrol(training=training, by=coordinator, person=UserFactory(unit=org["north"]))
    learning.enrol(training=training, by=coordinator, person=UserFactory(unit=org["bou"]))
    client.force_login(manager)
    rows = read_csv(client.get("/insights/exports/trainings/"))
    assert rows[1][1] == "Coachutbildning"
    # Of Hemtjänst (the manager's): one enrolled; Barn och utbildning's waiting one is not.
    assert rows[1][5:] == ["1", "1", "0", "0"]
    client.force_login(coordinator)
    rows = read_csv(client.get("/insights/exports/trainings/"))
    assert rows[1][5:] == ["1", "1", "1", "0"]
