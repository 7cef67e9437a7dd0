"""The pages per role, the filters with bad input, query counts that do not grow with the
data, and the figures on the start page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idesluss.insights import selectors
from idesluss.insights.models import UnitTarget
from tests.factories import make_group
from tests.insights.conftest import at, hand_in
from tests.queries import page_queries

DASHBOARD = reverse("insights:dashboard")
BENEFITS = reverse("insights:benefits")
TARGETS = reverse("insights:targets")
YEAR_2025 = "?start=2025-01-01&end=2025-12-31"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("employee", 403),
        ("coach", 403),
        ("conversation_leader", 403),
        ("manager", 200),
        ("coordinator", 200),
        ("steering_group", 200),
        ("administrator", 200),
    ],
)
def test_who_reads_the_dashboard(client, person_in_role, role, status):
    client.force_login(person_in_role(role))
    assert client.get(DASHBOARD).status_code == status
    assert client.get(BENEFITS).status_code == status


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "steering_group"])
def test_the_whole_organisation_for_those_who_steer(client, person_in_role, figures, role):
    client.force_login(person_in_role(role))
    page = client.get(DASHBOARD + YEAR_2025).content.decode()
    assert "Barn och utbildning" in page
    assert "Vård och omsorg" in page
    assert 'role="img"' in page and "<figcaption" in page and "<table>" in page


@pytest.mark.django_db
def test_a_manager_sees_no_figure_of_another_unit(client, manager, figures, org, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(manager)
    response = client.get(DASHBOARD + YEAR_2025)
    page = response.content.decode()
    assert response.context["data"].total == 3
    assert "Barn och utbildning" not in page
    assert "The units you manage" in page
    assert "The units you manage" in client.get(BENEFITS).content.decode()
    # The unit select offers only their units; asking for another is an error, not its data.
    response = client.get(DASHBOARD + YEAR_2025 + f"&unit={org['bou'].pk}")
    assert response.status_code == 400
    assert response.context["data"].total == 3
    assert "Barn och utbildning" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?start=2025-12-31&end=2025-01-01",
        "?start=1900-01-01",
        "?end=9999-12-31",
        "?start=tomorrow",
        "?start=2010-01-01&end=2025-12-31",
        "?unit=%C2%B2",
        "?unit=99999999999999999999999",
    ],
)
def test_bad_filters_get_a_message(client, coordinator, query):
    client.force_login(coordinator)
    response = client.get(DASHBOARD + query)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'id="error-summary"' in response.content.decode()
    # The default period is shown meanwhile.
    assert response.context["data"].period.start.month == 1


def _queries(build) -> int:
    with CaptureQueriesContext(connection) as queries:
        build()
    return len(queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, coordinator, manager, org):
    hand_in(org["north"], at(2025, 3, 1), moved=at(2025, 3, 2))
    period = selectors.Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    today = datetime.date(2026, 1, 10)

    def counts() -> list[int]:
        return [
            _queries(
                lambda viewer=viewer: selectors.dashboard(
                    viewer=viewer, period=period, unit=None, today=today
                )
            )
            for viewer in (coordinator, manager)
        ] + [
            _queries(
                lambda: selectors.benefit_summary(viewer=coordinator, period=period, unit=None)
            ),
            _queries(lambda: selectors.glance(today=today)),
        ]

    UnitTarget.objects.create(unit=org["vo"], ideas_per_employee=1)
    counts()  # the viewers' roles are read once and then remembered
    few = counts()
    for day in range(1, 9):
        unit = org["bou"] if day % 2 else org["north"]
        hand_in(unit, at(2025, day, 3), moved=at(2025, day, 9))
    make_group(ideas=[])
    UnitTarget.objects.create(unit=org["bou"], ideas_per_employee=2)
    assert counts() == few
    # The pages read the figures once in a few minutes.
    client.force_login(coordinator)
    cached = {url: page_queries(client, url + YEAR_2025) for url in (DASHBOARD, BENEFITS)}
    assert all(n <= 8 for n in cached.values()), cached


@pytest.mark.django_db
def test_the_figures_are_kept_per_scope(client, coordinator, manager, figures):
    """The coordinator's figures are not shown to a manager from the cache."""
    client.force_login(coordinator)
    assert client.get(DASHBOARD + YEAR_2025).context["data"].total == 4
    client.force_login(manager)
    assert client.get(DASHBOARD + YEAR_2025).context["data"].total == 3


@pytest.mark.django_db
def test_the_coordinator_sets_a_target(client, coordinator, org):
    client.force_login(coordinator)
    response = client.post(TARGETS, {"unit": org["ht"].pk, "ideas_per_employee": "1.5"})
    assert response.status_code == 302
    assert UnitTarget.objects.get(unit=org["ht"]).ideas_per_employee == 1.5
    response = client.post(TARGETS, {"unit": org["ht"].pk, "ideas_per_employee": "-1"})
    assert response.status_code == 400
    client.post(TARGETS, {"unit": org["ht"].pk, "ideas_per_employee": ""})
    assert not UnitTarget.objects.filter(unit=org["ht"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["employee", "manager", "steering_group"])
def test_only_the_coordinator_sets_targets(client, person_in_role, role, org):
    client.force_login(person_in_role(role))
    assert client.get(TARGETS).status_code == 403
    assert (
        client.post(TARGETS, {"unit": org["ht"].pk, "ideas_per_employee": "1"}).status_code == 403
    )


@pytest.mark.django_db
def test_the_steering_groups_start_page(client, steering, org, settings):
    hand_in(org["north"], at(datetime.date.today().year, 1, 1, 1))
    client.force_login(steering)
    page = client.get("/").content.decode()
    assert 'id="glance-heading"' in page
    assert reverse("insights:benefits") in page
    assert 'id="figures-heading"' not in page


@pytest.mark.django_db
def test_everyones_start_page_has_the_short_figures(client, employee):
    client.force_login(employee)
    page = client.get("/").content.decode()
    assert 'id="figures-heading"' in page
    assert 'id="glance-heading"' not in page
    assert reverse("insights:dashboard") not in page


@pytest.mark.django_db
def test_anonymous_start_page_has_no_figures(client):
    page = client.get("/").content.decode()
    assert "figures-heading" not in page and "glance-heading" not in page


@pytest.mark.django_db
def test_a_managers_start_page_leads_to_their_dashboard(client, manager):
    client.force_login(manager)
    page = client.get("/").content.decode()
    assert 'id="figures-heading"' in page
    assert f'href="{DASHBOARD}"' in page
