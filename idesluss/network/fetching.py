"""Reading other organisations' feeds, defensively (docs/network.md, "Limits").

A feed may be unreachable, slow, huge, malformed or hostile. Fetching it:

- only http(s); plain http and private addresses only for the hosts in the setting
  NETWORK_ALLOWED_HOSTS (and, with DEBUG on, this installation's own SITE_URL host, which
  serves the demo feed);
- the host is resolved first and loopback, private, link-local, multicast and reserved
  addresses are refused (no reaching into the server's own network);
- redirects are not followed;
- a connect and read timeout and an overall deadline; the body is read in chunks and given
  up beyond MAX_BYTES.

Parsing it: JSON Feed 1.1 only (Atom is published but not read: no hardened XML parser is
installed), checked field by field; text is made plain (tags and scripts removed), lengths
are capped, addresses other than https dropped, at most MAX_ITEMS items kept. Whatever goes
wrong raises FeedError with a message for the coordinator.
"""

from __future__ import annotations

import datetime
import html
import ipaddress
import json
import re
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
import requests
from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ITEMS = 500
TIMEOUT = (5, 5)  # connect, read (seconds)
DEADLINE = 15  # seconds for the whole body
CHUNK = 64 * 1024

LIMITS = {
    "id": 300,
    "title": 200,
    "summary": 4000,
    "question": 300,
    "unit": 200,
    "organisation": 120,
    "url": 500,
}


class FeedError(Exception):
    """The feed could not be read; the message says why (shown to the coordinator)."""


@dataclass
class ParsedItem:
    external_id: str
    kind: str
    title: str
    summary: str = ""
    question: str = ""
    url: str = ""
    adopt_url: str = ""
    adopt_item: str = ""
    organisation: str = ""
    unit_name: str = ""
    global_goals: list[int] = field(default_factory=list)
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None


# Addresses ----------------------------------------------------------------------------------


def allowed_hosts() -> set[str]:
    """Hosts reachable over plain http and on private addresses: the setting's, and with
    DEBUG on this installation's own (the demo feed)."""
    hosts = {host.lower() for host in getattr(settings, "NETWORK_ALLOWED_HOSTS", ())}
    if settings.DEBUG:
        own = urlsplit(settings.SITE_URL).hostname
        if own:
            hosts.add(own.lower())
    return hosts


def check_url(url: str, *, resolve: bool = True) -> str:
    """The address if a feed may be fetched from it; FeedError otherwise."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 – raises on a bad port
    except ValueError:
        raise FeedError(_("The address is not valid.")) from None
    if parts.scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise FeedError(_("Only https addresses can be followed."))
    trusted = host in allowed_hosts()
    if parts.scheme == "http" and not trusted:
        raise FeedError(_("Only https addresses can be followed."))
    if resolve and not trusted:
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            raise FeedError(_("The feed's host could not be found.")) from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if not address.is_global or address.is_multicast:
                raise FeedError(_("The feed's address is in a private network and is refused."))
    return url


def public_url(value: object) -> str:
    """An item's link: https only (or a trusted host), else nothing."""
    if not isinstance(value, str) or len(value) > LIMITS["url"]:
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        return ""
    if parts.scheme == "https" or (parts.scheme == "http" and host in allowed_hosts()):
        return value.strip()
    return ""


# Fetching -----------------------------------------------------------------------------------


def fetch(url: str) -> bytes:
    """The feed's body, within the limits above."""
    check_url(url)
    started = time.monotonic()
    try:
        response = requests.get(
            url,
            timeout=TIMEOUT,
            allow_redirects=False,
            stream=True,
            headers={
                "Accept": "application/feed+json, application/json",
                "User-Agent": "Idesluss network reader",
            },
        )
    except requests.Timeout:
        raise FeedError(_("The feed did not answer in time.")) from None
    except requests.RequestException:
        raise FeedError(_("The feed could not be reached.")) from None
    with response:
        if response.is_redirect or 300 <= response.status_code < 400:
            raise FeedError(_("The feed answered with a redirect, which is not followed."))
        if response.status_code != 200:
            raise FeedError(
                _("The feed answered with status %(status)s.") % {"status": response.status_code}
            )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            raise FeedError(_("The feed is too large."))
        body = bytearray()
        try:
            for chunk in response.iter_content(CHUNK):
                body.extend(chunk)
                if len(body) > MAX_BYTES:
                    raise FeedError(_("The feed is too large."))
                if time.monotonic() - started > DEADLINE:
                    raise FeedError(_("The feed did not answer in time."))
        except requests.RequestException:
            raise FeedError(_("The feed did not answer in time.")) from None
    return bytes(body)


# Parsing ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(value: object, limit: int) -> str:
    """Text without markup: tags and script contents removed, entities read, capped."""
    if not isinstance(value, str):
        return ""
    text = value[: limit * 4]
    for _round in range(3):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    if "<" in text:
        text = text.replace("<", "‹").replace(">", "›")
    text = _CONTROL.sub("", text)
    return text.strip()[:limit]


def _line(value: object, limit: int) -> str:
    return " ".join(plain(value, limit * 2).split())[:limit]


def _datetime(value: object) -> datetime.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment


def _date(value: object) -> datetime.date | None:
    if not isinstance(value, str) or len(value) > 10:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        return None
    if day is None or not 2000 <= day.year <= 2200:
        return None
    return day


def _goals(value: object) -> list[int]:
    if not isinstance(value, list):
        return []
    return sorted(
        {n for n in value[:50] if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 17}
    )


def _item(raw: object) -> ParsedItem | None:
    if not isinstance(raw, dict):
        return None
    raw_id = raw.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if not isinstance(raw_id, str) or not raw_id.strip() or len(raw_id) > LIMITS["id"]:
        return None
    extension = raw.get("_idesluss")
    if not isinstance(extension, dict):
        extension = {}
    summary = plain(raw.get("content_text"), LIMITS["summary"]) or plain(
        raw.get("content_html") or raw.get("summary"), LIMITS["summary"]
    )
    title = _line(raw.get("title"), LIMITS["title"]) or _line(summary, LIMITS["title"])
    if not title:
        return None
    kind = extension.get("kind")
    if kind not in ("challenge", "good_example"):
        kind = "good_example"
    period = extension.get("period")
    period = period if isinstance(period, dict) else {}
    adopt = extension.get("adopt")
    adopt = adopt if isinstance(adopt, dict) else {}
    adopt_item = adopt.get("item")
    adopt_url = public_url(adopt.get("url"))
    published = _datetime(raw.get("date_published"))
    return ParsedItem(
        external_id=raw_id.strip(),
        kind=kind,
        title=title,
        summary=summary,
        question=_line(extension.get("question"), LIMITS["question"]),
        url=public_url(raw.get("url")),
        adopt_url=adopt_url,
        adopt_item=(
            adopt_item.strip()
            if adopt_url and isinstance(adopt_item, str) and len(adopt_item) <= LIMITS["id"]
            else ""
        ),
        organisation=_line(extension.get("organisation"), LIMITS["organisation"]),
        unit_name=_line(extension.get("unit"), LIMITS["unit"]),
        global_goals=_goals(extension.get("global_goals")),
        opens_on=_date(period.get("start")),
        closes_on=_date(period.get("end")),
        published_at=published,
        updated_at=_datetime(raw.get("date_modified")) or published,
    )


def parse(body: bytes) -> list[ParsedItem]:
    """The items of a JSON Feed, each checked field by field; items that do not pass are
    left out, a body that is not a JSON Feed raises FeedError."""
    if len(body) > MAX_BYTES:
        raise FeedError(_("The feed is too large."))
    try:
        feed = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FeedError(_("The feed is not valid JSON.")) from None
    if not isinstance(feed, dict):
        raise FeedError(_("The feed is not a JSON Feed."))
    version = feed.get("version")
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/1"):
        raise FeedError(_("The feed is not a JSON Feed."))
    raw_items = feed.get("items")
    if not isinstance(raw_items, list):
        raise FeedError(_("The feed has no list of items."))
    parsed: dict[str, ParsedItem] = {}
    for raw in raw_items[: MAX_ITEMS * 2]:
        item = _item(raw)
        if item is not None and item.external_id not in parsed:
            parsed[item.external_id] = item
        if len(parsed) >= MAX_ITEMS:
            break
    return list(parsed.values())


# Telling a source it was adopted ---------------------------------------------------------------


def post_adoption(url: str, *, organisation: str, idea_title: str) -> None:
    """POST our organisation's name and the idea's title to a source's adopt endpoint, with
    the same address checks and timeouts as fetching; FeedError unless it answers 2xx."""
    check_url(url)
    try:
        response = requests.post(
            url,
            json={"organisation": organisation, "idea_title": idea_title},
            timeout=TIMEOUT,
            allow_redirects=False,
            stream=True,
            headers={"User-Agent": "Idesluss network reader"},
        )
    except requests.RequestException:
        raise FeedError(_("The feed could not be reached.")) from None
    with response:
        if not 200 <= response.status_code < 300:
            raise FeedError(
                _("The feed answered with status %(status)s.") % {"status": response.status_code}
            )
