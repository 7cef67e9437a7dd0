"""What pages remember or read together to be fast (the signed-in person read with
their roles and unread count, capped list counts) must never show
anything stale or anything a person may not see."""

import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from idesluss.accounts import services as account_services
from idesluss.accounts.models import Unit, User
from idesluss.accounts.selectors import roles_of
from idesluss.ideas import selectors
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Stage
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_idea


def supports(count: int, language: str = "sv") -> str:
    with translation.override(language):
        return ngettext("%(counter)s support", "%(counter)s supports", count) % {"counter": count}


def test_board_and_list_cards_show_every_change_and_the_viewers_language(
    client, org, employee, manager
):
    idea = make_idea(submitter=employee, unit=org["north"], title="Nyckelskåp i entrén")
    client.force_login(manager)
    board_url = reverse("ideas:board", args=["innovation"])
    list_url = reverse("ideas:list")
    for url in (board_url, list_url):
        assert supports(0) in client.get(url).text
    idea_services.idea_support(idea=idea, by=UserFactory(unit=org["north"]))
    idea.refresh_from_db()
    idea_services.update_idea(
        by=UserFactory(unit=org["north"], roles=["coordinator"]),
        idea=idea,
        data=idea_services.IdeaInput(
            title="Nyckelskåp vid personalingången",
            need=idea.need,
            proposal=idea.proposal,
            lane=idea.lane,
            unit=idea.unit,
        ),
    )
    for url in (board_url, list_url):
        page = client.get(url).text
        assert supports(1) in page and supports(0) not in page
        assert "Nyckelskåp vid personalingången" in page and "i entrén" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (board_url, list_url):
        page = client.get(url).text
        assert supports(1, "en") in page and supports(1) not in page


def test_board_move_links_follow_the_viewers_rights(client, org, employee, manager):
    """The move rule is asked once per kind of card, not per card: each viewer still gets
    exactly the links the rule gives them."""
    own_unit = make_idea(submitter=employee, unit=org["north"], title="Hemtjänstens idé")
    elsewhere = make_idea(
        submitter=UserFactory(unit=org["bou"]), unit=org["bou"], title="Skolans idé"
    )
    board_url = reverse("ideas:board", args=["innovation"])

    def move_links(person) -> set[int]:
        client.force_login(person)
        text = client.get(board_url).text
        return {int(pk) for pk in re.findall(r'data-move-url="/ideas/(\d+)/move/', text)}

    assert move_links(manager) == {own_unit.pk}  # manages Hemtjänst, not the school
    assert move_links(employee) == set()
    coordinator = UserFactory(unit=org["north"], roles=["coordinator"])
    assert move_links(coordinator) == {own_unit.pk, elsewhere.pk}
    elsewhere.responsible = employee
    elsewhere.save(update_fields=["responsible"])
    assert move_links(employee) == {elsewhere.pk}


def test_board_columns_show_the_latest_moved_first_and_count_all(client, org, employee, stage):
    ideas = [make_idea(submitter=employee, unit=org["north"], title=f"Idé {n}") for n in range(3)]
    client.force_login(employee)
    response = client.get(reverse("ideas:board", args=["innovation"]))
    first = next(c for c in response.context["columns"] if c.stage == ideas[0].stage)
    assert [card.id for card in first.ideas] == [idea.pk for idea in reversed(ideas)]
    assert first.total == 3
    assert {c.stage.pk for c in response.context["columns"]} == set(
        Stage.objects.filter(lane="innovation").values_list("pk", flat=True)
    )


def test_filter_form_keeps_the_choice_and_follows_renamed_stages(client, org, employee, stage):
    make_idea(submitter=employee, unit=org["north"])
    client.force_login(employee)
    assessment = stage("innovation", "assessment")
    url = reverse("ideas:list")
    page = client.get(url, {"stage": assessment.pk}).text
    assert f'<option value="{assessment.pk}" selected>' in page
    page = client.get(url).text
    assert f'<option value="{assessment.pk}" selected>' not in page
    assessment.name_sv = "Prövning"
    assessment.save(update_fields=["name_sv"])
    page = client.get(url, {"stage": assessment.pk}).text
    assert "Prövning (" in page
    # A stage that does not exist filters nothing and is not offered as chosen.
    response = client.get(url, {"stage": "999999"})
    assert response.status_code == 200 and " selected>" not in response.text.split("</form>")[1]


def test_long_lists_count_up_to_the_cap(client, org, employee, monkeypatch):
    for number in range(5):
        make_idea(submitter=employee, unit=org["north"], title=f"Idé {number}")
    monkeypatch.setattr(selectors, "LIST_COUNT_CAP", 3)
    client.force_login(employee)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("ideas:list")).text
    with translation.override("sv"):
        more = gettext("More than %(count)s ideas: the filters narrow the list") % {"count": 3}
    assert more in page
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT(") and '"ideas_idea"' in q["sql"]
    ]
    assert counts and all("LIMIT 4" in sql for sql in counts)
    # Under the cap the count is exact.
    monkeypatch.setattr(selectors, "LIST_COUNT_CAP", 10)
    page = client.get(reverse("ideas:list")).text
    with translation.override("sv"):
        exact = ngettext("%(counter)s idea", "%(counter)s ideas", 5) % {"counter": 5}
    assert exact in page and more not in page


def _roles_reads(queries) -> list[str]:
    # accounts.selectors.roles_of's query (the start page lists the roles too, in another).
    # (A union with the qualifications valid today; PostgreSQL's parenthesised.)
    start = 'SELECT "accounts_role"."code" AS "role__code"'
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip("(").startswith(start)]


def _unread_reads(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT(*)") and '"notifications_notification"' in q["sql"]
    ]


def test_roles_and_unread_count_are_kept_in_the_cache_and_never_stale(client, org, employee):
    """The signed-in person's roles and unread count are read once and then kept in the
    shared cache: the next request reads neither. A role given or taken, a notification
    received or read shows on the very next page."""
    admin = UserFactory(unit=org["north"], roles=["administrator"])
    start = reverse("home:start")
    Notification.objects.create(recipient=employee, kind=Kind.IDEA_FOLLOWED, title="Nytt")
    client.force_login(employee)
    with CaptureQueriesContext(connection) as first:
        page = client.get(start)
    assert len(_roles_reads(first)) == 1
    assert len(_unread_reads(first)) == 1
    assert page.context["unread_notifications"] == 1
    assert '<span class="badge">1' in page.text
    with CaptureQueriesContext(connection) as second:
        client.get(start)
    assert _roles_reads(second) == []
    assert _unread_reads(second) == []
    back_office = reverse("admin:index")
    assert back_office not in client.get(start).text
    account_services.role_assign(user=employee, role_code="coordinator", by=admin)
    assert back_office in client.get(start).text
    account_services.role_revoke(user=employee, role_code="coordinator", by=admin)
    assert back_office not in client.get(start).text
    client.post(reverse("notifications:read_all"))
    page = client.get(start)
    assert page.context["unread_notifications"] == 0 and 'class="badge"' not in page.text


def test_a_new_notification_shows_on_the_next_page(client, org, employee, manager, stage):
    idea = make_idea(submitter=employee, unit=org["north"])
    client.force_login(employee)
    assert client.get(reverse("home:start")).context["unread_notifications"] == 0
    idea_services.idea_move(
        idea=idea, to_stage=stage("innovation", "assessment"), by=manager, message="Hej!"
    )
    assert client.get(reverse("home:start")).context["unread_notifications"] == 1


def test_a_managers_units_follow_a_move_in_the_tree(org):
    """A manager manages by the unit's place in the tree: when their unit moves, the
    roles kept in the cache are not used any more."""
    admin = UserFactory(unit=org["north"], roles=["administrator"])
    manager = UserFactory(roles=[("manager", org["north"])])
    below = account_services.unit_create(
        name="Natt", code="natt", kind=Unit.Kind.UNIT, parent=org["north"], by=admin
    )
    assert roles_of(manager).manages(below)
    fresh = User.objects.get(pk=manager.pk)  # another request, maybe another worker
    assert roles_of(fresh).manages(below)
    account_services.unit_update(
        unit=org["north"], name="Norr", kind=org["north"].kind, parent=org["bou"], by=admin
    )
    moved = Unit.objects.get(pk=below.pk)
    assert moved.path.startswith(org["bou"].path)
    assert roles_of(User.objects.get(pk=manager.pk)).manages(moved)


def test_the_menu_marks_the_current_page_only(client, employee):
    client.force_login(employee)
    ideas_url, groups_url = reverse("ideas:list"), reverse("groups:list")
    page = client.get(ideas_url).text
    assert f'<a href="{ideas_url}" aria-current="page">' in page
    assert f'<a href="{groups_url}" aria-current="page">' not in page
    page = client.get(groups_url).text
    assert f'<a href="{groups_url}" aria-current="page">' in page
    assert f'<a href="{ideas_url}" aria-current="page">' not in page


def test_board_columns_count_up_to_the_cap(client, org, employee, monkeypatch):
    ideas = [make_idea(submitter=employee, unit=org["north"], title=f"Idé {n}") for n in range(3)]
    monkeypatch.setattr(selectors, "BOARD_COUNT_CAP", 2)
    monkeypatch.setattr(selectors, "BOARD_COLUMN_SIZE", 1)
    client.force_login(employee)
    response = client.get(reverse("ideas:board", args=["innovation"]))
    column = next(c for c in response.context["columns"] if c.stage == ideas[0].stage)
    assert (column.total, column.capped, len(column.ideas)) == (2, True, 1)
    with translation.override("sv"):
        more = gettext("More than %(total)s") % {"total": 2}
    assert "(2+)" in response.text and more in response.text
    # Under the cap: exact, and every other column counts nothing.
    monkeypatch.setattr(selectors, "BOARD_COUNT_CAP", 3)
    response = client.get(reverse("ideas:board", args=["innovation"]))
    totals = {c.stage.pk: (c.total, c.capped) for c in response.context["columns"]}
    assert totals.pop(ideas[0].stage_id) == (3, False)
    assert set(totals.values()) == {(0, False)}


def test_deleting_a_unit_in_the_back_office_drops_the_roles_held_for_it(client, org):
    admin = UserFactory(unit=org["north"], roles=["administrator"])
    manager = UserFactory(roles=[("manager", org["north"])])
    assert "manager" in roles_of(User.objects.get(pk=manager.pk)).codes
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_unit_delete", args=[org["north"].pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=org["north"].pk).exists()
    assert "manager" not in roles_of(User.objects.get(pk=manager.pk)).codes
