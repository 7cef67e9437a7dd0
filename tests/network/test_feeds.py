"""The open feeds: JSON Feed 1.1 and Atom 1.0, structurally valid, advertised on the public
pages, cached with ETag/Last-Modified, and never naming a person."""

import json
import xml.etree.ElementTree as ET

import pytest

from idesluss.network import services
from idesluss.network.models import SharedChallenge
from tests.factories import UserFactory, make_challenge

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def shared(org):
    creator = UserFactory(
        full_name="Zacharias Hemligsson",
        email="zacharias.hemlig@example.org",
        roles=["coordinator"],
    )
    sharer = UserFactory(
        full_name="Beatrix Doldsdotter",
        email="beatrix.dold@example.org",
        roles=[("manager", org["ht"])],
    )
    challenge = make_challenge(
        by=creator,
        owner_unit=org["north"],
        title="Färre resor <i>mellan</i> brukare",
        question="Hur kan vi planera rutterna så att vi kör mindre & hinner mer?",
        background="Kontakta Ulrika Privatsson (ulrika.privat@example.org) för data.",
    )
    services.challenge_share(challenge=challenge, by=sharer, shared=True)
    return challenge


PERSONAL = [
    "Zacharias",
    "Hemligsson",
    "zacharias.hemlig",
    "Beatrix",
    "Doldsdotter",
    "beatrix.dold",
    "Ulrika",
    "Privatsson",
    "@example.org",
]


def test_the_json_feed_is_a_json_feed_with_our_extension(client, shared):
    response = client.get("/network/feed.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["feed_url"].endswith("/network/feed.json")
    [item] = feed["items"]
    assert item["id"] == f"challenge:{shared.pk}"
    assert item["title"] == "Färre resor <i>mellan</i> brukare"
    assert item["content_text"] == shared.question
    assert item["url"].endswith(f"/challenges/{shared.pk}/")
    extension = item["_idesluss"]
    assert extension["kind"] == "challenge"
    assert extension["question"] == shared.question
    assert extension["period"] == {
        "start": shared.opens_on.isoformat(),
        "end": shared.closes_on.isoformat(),
    }
    assert extension["unit"] == "Hemtjänst Norr"
    assert extension["adopt"]["url"].endswith("/network/adopted/")
    assert extension["adopt"]["item"] == f"challenge:{shared.pk}"


def test_the_atom_feed_parses_and_has_the_required_elements(client, shared):
    response = client.get("/network/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text
    [entry] = root.findall(f"{ATOM}entry")
    for name in ("id", "title", "updated"):
        assert entry.find(f"{ATOM}{name}").text
    # Markup in a title is text in the feed, escaped by the serialiser.
    assert entry.find(f"{ATOM}title").text == "Färre resor <i>mellan</i> brukare"
    assert b"<i>" not in response.content
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/challenges/{shared.pk}/")


@pytest.mark.parametrize("path", ["/network/feed.json", "/network/feed.atom", "/"])
def test_no_names_or_email_addresses_on_the_public_pages_and_feeds(client, shared, path):
    text = client.get(path).content.decode()
    assert shared.title.split(" ")[0] in text or path == "/"
    for word in PERSONAL:
        assert word not in text, (path, word)


def test_only_shared_challenges_that_are_not_closed_are_published(client, org, shared):
    make_challenge(owner_unit=org["north"], title="Inte delad")
    closed = make_challenge(owner_unit=org["north"], title="Stängd", opens_in=-30, closes_in=-1)
    SharedChallenge.objects.create(challenge=closed, shared_at=shared.network_share.shared_at)
    titles = [item["title"] for item in client.get("/network/feed.json").json()["items"]]
    assert titles == [shared.title]


def test_the_signed_out_start_page_advertises_both_feeds(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/feed+json"' in html
    assert 'href="/network/feed.json"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/network/feed.atom"' in html


@pytest.mark.parametrize("path", ["/network/feed.json", "/network/feed.atom"])
def test_a_conditional_get_of_an_unchanged_feed_answers_304(client, shared, path):
    first = client.get(path)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    services.challenge_share(challenge=shared, by=UserFactory(roles=["coordinator"]), shared=False)
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200
