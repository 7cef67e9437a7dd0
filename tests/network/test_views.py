"""The network's pages per role, their query counts, sharing a challenge, and the public
adopt endpoint under hostile input."""

import json

import pytest

from idesluss.network.models import Adoption, NetworkItem, SharedChallenge, Subscription
from tests.conftest import ROLES
from tests.factories import UserFactory, make_challenge
from tests.queries import page_queries

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def fill(count: int, organisations: int = 2) -> None:
    first = Subscription.objects.count()
    for n in range(first, first + organisations):
        subscription = Subscription.objects.create(
            organisation=f"Kommun {n}", feed_url=f"https://k{n}.example/feed.json"
        )
        NetworkItem.objects.bulk_create(
            NetworkItem(
                subscription=subscription,
                external_id=f"x:{i}",
                kind="challenge" if i % 2 else "good_example",
                title=f"Sak {n}-{i}",
                summary="Text",
                url=f"https://k{n}.example/{i}/",
            )
            for i in range(count)
        )


@pytest.mark.parametrize("role", ROLES)
def test_the_network_page_is_for_everyone_signed_in(client, person_in_role, role):
    fill(3)
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    response = client.get("/network/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sak 0-1" in html and "From Kommun 0" in html
    assert ("/network/feeds/" in html) is (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_manages_the_feeds_followed(client, person_in_role, role):
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    expected = {"anonymous": 302, "coordinator": 200}.get(role, 403)
    assert client.get("/network/feeds/").status_code == expected
    response = client.post(
        "/network/feeds/",
        {"organisation": "Andra kommun", "feed_url": "https://andra.example/network/feed.json"},
    )
    assert response.status_code == {"anonymous": 302, "coordinator": 302}.get(role, 403)
    assert Subscription.objects.exists() is (role == "coordinator")


def test_following_refuses_bad_addresses_with_a_message(client, db, settings):
    settings.NETWORK_ALLOWED_HOSTS = []
    settings.DEBUG = False
    client.force_login(UserFactory(roles=["coordinator"]))
    response = client.post(
        "/network/feeds/", {"organisation": "Andra", "feed_url": "http://andra.example/f.json"}
    )
    assert response.status_code == 400
    assert "Only https addresses can be followed." in response.content.decode()
    assert not Subscription.objects.exists()


def test_kinds_filter_the_list(client, db):
    fill(4, organisations=1)
    client.force_login(UserFactory())
    html = client.get("/network/?kind=good_example").content.decode()
    assert "Sak 0-0" in html and "Sak 0-1" not in html


def test_the_list_costs_the_same_queries_with_more_items(client, db):
    client.force_login(UserFactory())
    fill(2)
    few = page_queries(client, "/network/")
    fill(60, organisations=3)
    assert page_queries(client, "/network/") == few
    assert page_queries(client, "/network/?page=2&kind=challenge") == few


@pytest.mark.parametrize("role", ROLES)
def test_sharing_a_challenge_per_role(client, person_in_role, org, role):
    user = person_in_role(role)
    challenge = make_challenge(owner_unit=org["north"])
    if role != "anonymous":
        client.force_login(user)
    response = client.post(f"/network/challenges/{challenge.pk}/share/", {"share": "1"})
    allowed = role in ("manager", "coordinator")
    expected = 302 if allowed or role == "anonymous" else 403
    assert response.status_code == expected
    assert SharedChallenge.objects.filter(challenge=challenge).exists() is allowed
    if allowed:
        page = client.get(challenge.get_absolute_url()).content.decode()
        assert "Stop sharing with the network" in page


def test_the_share_button_is_only_for_those_who_may(client, org):
    challenge = make_challenge(owner_unit=org["north"])
    client.force_login(UserFactory())
    assert "Share with the network" not in client.get(challenge.get_absolute_url()).content.decode()


@pytest.fixture
def shared(org):
    challenge = make_challenge(owner_unit=org["north"])
    SharedChallenge.objects.create(challenge=challenge, shared_at=challenge.created_at)
    return challenge


def post_json(client, body, **kwargs):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/network/adopted/", data=data, content_type="application/json", **kwargs)


def test_the_adopt_endpoint_records_an_adoption(client, shared):
    response = post_json(
        client,
        {
            "item": f"challenge:{shared.pk}",
            "organisation": "<b>Andra</b> kommun",
            "idea_title": "X",
        },
    )
    assert response.status_code == 202
    adoption = Adoption.objects.get()
    assert (adoption.organisation, adoption.idea_title) == ("Andra kommun", "X")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1]",
        b"[" * 5000,
        {"item": 5, "organisation": "A"},
        {"item": "challenge:1", "organisation": ["A"]},
        {"item": "challenge:abc", "organisation": "A"},
        {"item": "challenge:١٢", "organisation": "A"},
        {"item": "challenge:99999999999999999999", "organisation": "A"},
        {"item": "idea:1", "organisation": "A"},
        {"item": "challenge:1", "organisation": "<script></script>"},
    ],
)
def test_the_adopt_endpoint_refuses_hostile_input(client, shared, body):
    assert post_json(client, body).status_code == 400
    assert not Adoption.objects.exists()


def test_the_adopt_endpoint_refuses_unshared_challenges_huge_bodies_and_floods(client, org, shared):
    unshared = make_challenge(owner_unit=org["north"])
    assert (
        post_json(client, {"item": f"challenge:{unshared.pk}", "organisation": "A"}).status_code
        == 400
    )
    assert post_json(client, b" " * 20000).status_code == 413
    assert client.get("/network/adopted/").status_code == 405
    for _n in range(30):
        post_json(client, {"item": f"challenge:{shared.pk}", "organisation": "A"})
    assert (
        post_json(client, {"item": f"challenge:{shared.pk}", "organisation": "A"}).status_code
        == 429
    )
    assert Adoption.objects.count() == 30


def test_the_demo_feed_is_served(client, db):
    response = client.get("/network/demo/exempelby.json")
    assert response.status_code == 200
    assert json.loads(response.content)["items"]
    assert client.get("/network/demo/other.json").status_code == 404
