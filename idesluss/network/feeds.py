"""The open feeds: JSON Feed 1.1 with our `_idesluss` extension, and Atom 1.0 for feed
readers (docs/network.md). Both are built from items.feed_items(); text is escaped by the
serialisers (json.dumps, Django's Atom1Feed), never put together by hand."""

from __future__ import annotations

import hashlib
import io
import json

from django.conf import settings
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from idesluss.network.items import FeedItem, absolute, feed_items

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_idesluss"
EXTENSION_ABOUT = "https://github.com/idesluss/idesluss/blob/main/docs/network.md"


def organisation() -> str:
    return getattr(settings, "ORGANISATION_NAME", "") or "Idésluss"


def _extension(item: FeedItem) -> dict:
    return {
        "about": EXTENSION_ABOUT,
        "kind": item.kind,
        "question": item.question,
        "period": {
            "start": item.opens_on.isoformat() if item.opens_on else None,
            "end": item.closes_on.isoformat() if item.closes_on else None,
        },
        "unit": item.unit,
        "global_goals": list(item.global_goals),
        "vision_goals": list(item.vision_goals),
        "organisation": organisation(),
        "adopt": {"url": absolute(reverse("network:adopted")), "item": item.id},
    }


def json_feed(items: list[FeedItem] | None = None) -> bytes:
    items = feed_items() if items is None else items
    feed = {
        "version": JSON_FEED_VERSION,
        "title": _("%(organisation)s: challenges and good examples")
        % {"organisation": organisation()},
        "home_page_url": absolute("/"),
        "feed_url": absolute(reverse("network:feed_json")),
        "language": "sv",
        EXTENSION: {"about": EXTENSION_ABOUT, "organisation": organisation()},
        "items": [
            {
                "id": item.id,
                "url": item.url,
                "title": item.title,
                "content_text": item.summary,
                "date_published": item.published.isoformat(),
                "date_modified": item.updated.isoformat(),
                "tags": [item.kind],
                EXTENSION: _extension(item),
            }
            for item in items
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode()


def atom_feed(items: list[FeedItem] | None = None) -> bytes:
    items = feed_items() if items is None else items
    feed = Atom1Feed(
        title=_("%(organisation)s: challenges and good examples")
        % {"organisation": organisation()},
        link=absolute("/"),
        description="",
        feed_url=absolute(reverse("network:feed_atom")),
        feed_guid=absolute(reverse("network:feed_atom")),
        language="sv",
        author_name=organisation(),
    )
    for item in items:
        feed.add_item(
            title=item.title,
            link=item.url,
            description=item.summary,
            unique_id=f"tag:{settings.SITE_URL.split('://', 1)[-1]},{item.id}",
            pubdate=item.published,
            updateddate=item.updated,
            categories=[item.kind, *(f"global-goal-{n}" for n in item.global_goals)],
            author_name=organisation(),
        )
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue().encode()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
