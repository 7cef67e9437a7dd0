"""The security headers on every kind of answer, with production's settings.

Like the hostile walk (test_hostile_input.py), this reads the project's URL resolver and
fills each pattern's path from the same small world, so a page added tomorrow is checked
tomorrow with no change here: HTML pages, JSON, CSV/ICS/file downloads, redirects, the 403,
404 and 405 answers and the back office, as anonymous and as people of several roles.

Every answer carries: a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval'
(scripts only from the site and, inline, with the request's nonce), X-Content-Type-Options
nosniff, Referrer-Policy, Permissions-Policy, Cross-Origin-Opener-Policy, frame protection
(X-Frame-Options and frame-ancestors) and HSTS; every cookie set is Secure, HttpOnly and
SameSite; a file to download is sent as an attachment. The deploy check itself is run in
test_production.py.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.core.test_hostile_input import (  # the walk's world and routes, shared
    _candidates,
    _hostile_candidates,
    _path,
    _routes,
    world,  # noqa: F401  (the module-scoped fixture)
)

ROLES = ["anonymous", "employee", "coordinator", "administrator"]
# Production's values (idesluss/config/settings.py with DEBUG off), whatever DEBUG the
# suite runs with.
PRODUCTION = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}
# Answers meant to be shown in the browser; anything else 200 is a file to download.
SHOWN = ("text/html", "application/json", "text/plain", "text/css", "text/javascript",
         "application/javascript", "image/svg+xml", "application/rss+xml",
         "application/atom+xml", "application/feed+json", "application/xml",
         "text/xml")  # fmt: skip
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
DATA_BLOCK = re.compile(r"""\btype=["']?application/(ld\+)?json""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
NONCE = re.compile(r"'nonce-([^']+)'")


@dataclass
class Answer:
    role: str
    url: str
    status: int
    kind: str
    streaming: bool


def policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def problems_of(response, *, static: bool = False) -> list[str]:
    """What is missing or loose in one answer's headers and cookies. A static file (the
    site's own CSS, scripts and images, served by WhiteNoise) is no document: it needs no
    policy for scripts or frames of its own."""
    found = []
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not static:
        expected["X-Frame-Options"] = "DENY"
    for header, value in expected.items():
        if response.get(header) != value:
            found.append(f"{header}: {response.get(header)!r}, expected {value!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        found.append(f"Permissions-Policy: {response.get('Permissions-Policy')!r}")
    hsts = response.get("Strict-Transport-Security", "")
    if "max-age=31536000" not in hsts or "includeSubDomains" not in hsts:
        found.append(f"Strict-Transport-Security: {hsts!r}")
    header = response.get("Content-Security-Policy")
    if static:
        pass
    elif not header:
        found.append("no Content-Security-Policy")
    else:
        csp = policy(header)
        if "'unsafe-inline'" in header or "'unsafe-eval'" in header:
            found.append(f"Content-Security-Policy allows unsafe code: {header}")
        for directive, value in (
            ("default-src", ["'self'"]),
            ("frame-ancestors", ["'none'"]),
            ("object-src", ["'none'"]),
        ):
            if csp.get(directive) != value:
                found.append(f"CSP {directive}: {csp.get(directive)}, expected {value}")
        scripts = csp.get("script-src", [])
        if any(
            source not in ("'self'",) and not source.startswith("'nonce-") for source in scripts
        ):
            found.append(f"CSP script-src lets in more than the site: {scripts}")
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found += _page_problems(response, header)
    for cookie in response.cookies.values():
        if not cookie.value and cookie["max-age"] == 0:
            continue  # a cookie being deleted
        for flag in ("secure", "httponly"):
            if not cookie[flag]:
                found.append(f"cookie {cookie.key} is not {flag}")
        if cookie["samesite"] not in ("Lax", "Strict"):
            found.append(f"cookie {cookie.key} SameSite={cookie['samesite']!r}")
    kind = response.get("Content-Type", "").split(";")[0].strip()
    # A file (an upload, served from storage: FileResponse streams it) is always an
    # attachment, whatever its type: never shown in the site's origin as a page.
    download = response.streaming and not static
    if response.status_code == 200 and (download or not kind.startswith(SHOWN)):
        disposition = response.get("Content-Disposition", "")
        if not disposition.startswith("attachment"):
            found.append(f"{kind} sent with Content-Disposition {disposition!r}")
    return found


def _page_problems(response, header: str) -> list[str]:
    """A whole page's policy carries the request's nonce (the layout gives it to htmx); its
    inline scripts carry that nonce (else the browser refuses them), and no element has an
    inline event handler (refused alike: its button would do nothing). A fragment for htmx
    without scripts needs no nonce; a data block (type="application/json") is not run."""
    content = response.content.decode("utf-8", "replace")
    nonces = NONCE.findall(header)
    if not nonces and "<html" in content:
        return [f"a page without a nonce in its CSP: {header}"]
    found = []
    for attributes in INLINE_SCRIPT.findall(content):
        if DATA_BLOCK.search(attributes):
            continue
        if not nonces or f'nonce="{nonces[0]}"' not in attributes:
            found.append(f"an inline <script{attributes}> without the request's nonce")
    handler = EVENT_HANDLER.search(content)
    if handler:
        found.append(f"an inline event handler: {handler.group(0)[:80]}")
    return found


def _walk(the_world, role: str, *, odd_paths: bool) -> tuple[list[str], list[Answer]]:
    client = Client(raise_request_exception=False)
    user = the_world.users[role]
    if user.is_authenticated:
        client.force_login(user)
    failures, answers = [], []
    paths = ["/static/idesluss/css/site.css"]
    for route in _routes():
        if route.name.startswith("bench") or route.name == "account_logout":
            continue
        for kwargs in _candidates(the_world, route):
            paths.append(_path(route, kwargs))
            if odd_paths:
                paths += [_path(route, odd) for odd in _hostile_candidates(route, kwargs)[:1]]
    for path in dict.fromkeys(p for p in paths if p):
        response = client.get(path, secure=True)
        answers.append(
            Answer(
                role,
                path,
                response.status_code,
                response.get("Content-Type", ""),
                response.streaming,
            )
        )
        failures += [
            f"{role} GET {path} -> {response.status_code}: {problem}"
            for problem in problems_of(response, static=path.startswith("/static/"))
        ]
    return failures, answers


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_carries_the_security_headers(role, world, db, settings):  # noqa: F811
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    failures, answers = _walk(world, role, odd_paths=role == "administrator")
    statuses = {answer.status for answer in answers}
    # The walk met the kinds of answer it is meant to check.
    assert 200 in statuses and (302 in statuses or 403 in statuses or 404 in statuses)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:60])


def test_the_walk_meets_every_kind_of_answer(world, db, settings):  # noqa: F811
    """Pages, JSON, downloads, redirects and the error answers are all among what is
    checked above (else the checks above would pass for want of anything to check)."""
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    _failures, answers = _walk(world, "administrator", odd_paths=True)
    kinds = {answer.kind.split(";")[0] for answer in answers if answer.status == 200}
    statuses = {answer.status for answer in answers}
    assert {"text/html", "application/json", "text/calendar", "text/csv"} <= kinds, kinds
    assert {200, 302, 404, 405} <= statuses, statuses
    # An uploaded file (the world's idea attachment, a text file).
    assert any(answer.streaming and answer.status == 200 for answer in answers)


def test_plain_http_is_sent_to_https(db, settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    response = Client().get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_the_session_and_csrf_cookies_of_a_sign_in_are_secure(db, settings, person_in_role):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    person = person_in_role("employee")
    person.set_password("a long passphrase 42")
    person.save(update_fields=["password"])
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/", secure=True)
    assert not problems_of(page)
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": "a long passphrase 42", "csrfmiddlewaretoken": token},
        secure=True,
        headers={"Referer": "https://testserver/accounts/login/"},
    )
    assert response.status_code == 302
    assert {"sessionid", "csrftoken"} <= set(response.cookies)
    assert problems_of(response) == []


def test_the_language_cookie_is_secure(db, settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    response = Client().post("/language/", {"language": "en"}, secure=True)
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME in response.cookies
    assert problems_of(response) == []
