"""Reading other organisations' feeds: good ones are kept as plain text; unreachable, slow,
huge, malformed or hostile ones are reported on the subscription and skipped."""

import json

import pytest

from idesluss.network import fetching, services
from idesluss.network.models import NetworkItem, Subscription


def feed(*items, **extra) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Andra",
            "items": list(items),
            **extra,
        }
    ).encode()


def item(n=1, **fields):
    return {
        "id": f"challenge:{n}",
        "url": f"https://andra.example/challenges/{n}/",
        "title": f"Utmaning {n}",
        "content_text": "Hur gör vi?",
        "date_published": "2026-11-10T09:00:00+01:00",
        "_idesluss": {
            "kind": "challenge",
            "question": "Hur gör vi?",
            "period": {"start": "2026-11-01", "end": "2027-01-31"},
            "unit": "Hemtjänst",
            "global_goals": [3, 11],
            "organisation": "Andra kommun",
            "adopt": {"url": "https://andra.example/network/adopted/", "item": f"challenge:{n}"},
        },
        **fields,
    }


def subscribe(url: str) -> Subscription:
    return Subscription.objects.create(organisation="Andra kommun", feed_url=url)


def refreshed(subscription: Subscription) -> Subscription:
    services.subscription_refresh(subscription=subscription)
    subscription.refresh_from_db()
    return subscription


def test_a_good_feed_is_read_and_kept(feed_server, db):
    subscription = refreshed(subscribe(feed_server.serve("/feed.json", feed(item(1), item(2)))))
    assert subscription.status == Subscription.Status.OK
    assert subscription.item_count == 2
    assert subscription.succeeded_at is not None
    kept = NetworkItem.objects.get(external_id="challenge:1")
    assert kept.kind == "challenge"
    assert kept.title == "Utmaning 1"
    assert kept.global_goals == [3, 11]
    assert kept.unit_name == "Hemtjänst"
    assert str(kept.closes_on) == "2027-01-31"
    assert kept.adopt_url == "https://andra.example/network/adopted/?item=challenge%3A1"
    # Read again without the first item: it leaves the network, the other is updated.
    feed_server.serve("/feed.json", feed(item(2, title="Utmaning två")))
    refreshed(subscription)
    assert list(NetworkItem.objects.values_list("title", flat=True)) == ["Utmaning två"]


def test_script_and_markup_never_come_in(feed_server, db):
    hostile = item(
        1,
        title="<script>alert(1)</script>Rubrik <b>fet</b>",
        content_text="Text &lt;script&gt;alert(2)&lt;/script&gt; slut",
        content_html="<img src=x onerror=alert(3)>",
        url="javascript:alert(4)",
    )
    hostile["_idesluss"]["unit"] = "<a href='https://evil.example'>Enhet</a>"
    hostile["_idesluss"]["adopt"]["url"] = "http://evil.example/adopted/"
    refreshed(subscribe(feed_server.serve("/feed.json", feed(hostile))))
    kept = NetworkItem.objects.get()
    assert kept.title == "Rubrik fet"
    assert "<" not in kept.summary and "script>" not in kept.summary
    assert kept.unit_name == "Enhet"
    assert kept.url == ""
    assert kept.adopt_url == ""


def test_wrong_types_drop_the_fields_or_items_not_the_feed(feed_server, db):
    items = [
        item(1, title=["not", "text"], content_text=None),
        {"id": {"no": 1}, "title": "Fel id"},
        "not an item",
        item(2, date_published=12345, _idesluss={"kind": 7, "global_goals": "3", "period": []}),
        item(3, _idesluss={"global_goals": [True, 99, 4, "5"], "period": {"start": "9999-99-99"}}),
    ]
    refreshed(subscribe(feed_server.serve("/feed.json", feed(*items))))
    kept = {row.external_id: row for row in NetworkItem.objects.all()}
    assert set(kept) == {"challenge:2", "challenge:3"}
    assert kept["challenge:2"].kind == "good_example"
    assert kept["challenge:2"].global_goals == []
    assert kept["challenge:3"].global_goals == [4]
    assert kept["challenge:3"].opens_on is None


@pytest.mark.parametrize(
    "body, message",
    [
        (b"{not json", "The feed is not valid JSON."),
        (b"[1, 2, 3]", "The feed is not a JSON Feed."),
        (
            json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": {}}).encode(),
            "The feed has no list of items.",
        ),
        (b"[" * 100000 + b"]" * 100000, "The feed is not valid JSON."),
    ],
)
def test_a_malformed_feed_is_reported_and_its_earlier_items_stay(feed_server, db, body, message):
    url = feed_server.serve("/feed.json", feed(item(1)))
    subscription = refreshed(subscribe(url))
    feed_server.serve("/feed.json", body)
    subscription = refreshed(subscription)
    assert subscription.status == Subscription.Status.FAILED
    assert subscription.error == message
    assert NetworkItem.objects.count() == 1


def test_a_huge_feed_is_given_up(feed_server, db, monkeypatch):
    monkeypatch.setattr(fetching, "MAX_BYTES", 1000)
    subscription = refreshed(subscribe(feed_server.serve("/feed.json", b" " * 5000 + feed())))
    assert (subscription.status, subscription.error) == ("failed", "The feed is too large.")
    # Also when the server does not say how large it is up front.
    feed_server.routes["/feed.json"] = (200, {}, b" " * 5000 + feed(), 0)
    subscription = refreshed(subscription)
    assert subscription.error == "The feed is too large."


def test_a_slow_feed_is_given_up(feed_server, db, monkeypatch):
    monkeypatch.setattr(fetching, "DEADLINE", 0.5)
    monkeypatch.setattr(fetching, "TIMEOUT", (1, 1))
    subscription = refreshed(subscribe(feed_server.serve("/feed.json", feed(item(1)), delay=0.2)))
    assert (subscription.status, subscription.error) == (
        "failed",
        "The feed did not answer in time.",
    )
    assert NetworkItem.objects.count() == 0


def test_redirects_are_not_followed(feed_server, db):
    target = feed_server.serve("/real.json", feed(item(1)))
    url = feed_server.serve("/feed.json", b"", status=302, headers={"Location": target})
    subscription = refreshed(subscribe(url))
    assert subscription.error == "The feed answered with a redirect, which is not followed."


def test_an_unreachable_feed_is_reported(feed_server, db):
    subscription = refreshed(subscribe(feed_server.url("/missing.json")))
    assert subscription.error == "The feed answered with status 404."


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/feed.json",
        "https://10.1.2.3/feed.json",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/feed.json",
        "https://192.168.0.1:8443/feed.json",
        "https://localhost/feed.json",
    ],
)
def test_private_addresses_are_refused(db, settings, url):
    settings.NETWORK_ALLOWED_HOSTS = []
    settings.DEBUG = False
    subscription = refreshed(subscribe(url))
    assert subscription.error == "The feed's address is in a private network and is refused."


@pytest.mark.parametrize(
    "url",
    [
        "http://andra.example/feed.json",
        "ftp://andra.example/feed.json",
        "file:///etc/passwd",
        "https://user:pw@andra.example/feed.json",
    ],
)
def test_only_https_addresses_can_be_followed(db, settings, url):
    settings.NETWORK_ALLOWED_HOSTS = []
    with pytest.raises(fetching.FeedError, match=r"Only https addresses can be followed\."):
        fetching.check_url(url, resolve=False)


def test_at_most_so_many_items_are_kept(db, monkeypatch):
    monkeypatch.setattr(fetching, "MAX_ITEMS", 3)
    parsed = fetching.parse(feed(*(item(n) for n in range(10))))
    assert [p.external_id for p in parsed] == ["challenge:0", "challenge:1", "challenge:2"]


def test_long_text_is_capped(db):
    [parsed] = fetching.parse(feed(item(1, title="x" * 10000, content_text="y" * 100000)))
    assert len(parsed.title) == 200
    assert len(parsed.summary) == 4000
