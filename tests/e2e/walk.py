"""A bounded walk over the pages a browser can reach by following links, checking each page.

`walk(page, start)` follows same-site links breadth first, one page per kind of page (the
Django view and the shape of its arguments, so one idea page rather than three hundred), and
checks every page it shows: axe-core (WCAG 2.0/2.1 A and AA), no sideways scrolling on the
screen it is shown on, no id used twice and an `<html lang>` that says the page's language.
It gathers what it finds instead of stopping at the first fault, so one run reports them all.
"""

import json
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.a11y import AXE_OPTIONS, format_violations


def prepare(context: BrowserContext) -> None:
    """Load axe-core into every page the context opens (once, instead of sending it
    anew for each page)."""
    context.add_init_script(script=Axe().axe_script)


_RUN_AXE = f"() => axe.run(document, {json.dumps(AXE_OPTIONS)}).then((r) => r.violations)"

# Views the walk does not open: downloads, the way out, and the language switch (a form).
SKIPPED_VIEWS = {
    "account_logout",
    "accounts:language_switch",
    "ideas:attachment",
    "challenges:image",
    "groups:export",
    "groups:calendar",
    "groups:session_ics",
    "groups:joint_ics",
    "workshops:calendar",
    "workshops:signup_calendar",
    "workshops:summary_csv",
    "healthz",
}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
SKIPPED_SUFFIXES = (".csv", ".ics", ".pdf", ".xlsx", ".zip", ".png", ".jpg", ".svg")

# The elements wider than the screen, innermost first (the ones that push the page wide).
_OVERFLOW_SCRIPT = """
() => {
  const limit = document.documentElement.clientWidth;
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    for (const name of el.classList) text += '.' + name;
    return text;
  };
  const path = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4; node = node.parentElement) {
      parts.unshift(describe(node));
    }
    return parts.join(' > ');
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 0.5) continue;
    // Inside something that scrolls or clips sideways: that does not widen the page.
    let clipped = false;
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow !== 'visible') { clipped = true; break; }
    }
    if (clipped) continue;
    wide.push(el);
  }
  const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  return innermost.slice(0, 5).map((el) => {
    const box = el.getBoundingClientRect();
    return `${path(el)} (right edge at ${Math.round(box.right)} px, ${Math.round(box.width)} px wide)`;
  });
}
"""

_DUPLICATE_IDS_SCRIPT = """
() => {
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) {
    seen.set(el.id, (seen.get(el.id) || 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count} times)`);
}
"""

_LINKS_SCRIPT = """
() => [...document.querySelectorAll('a[href]')]
  .filter((a) => !a.hasAttribute('download'))
  .map((a) => a.href)
"""


@dataclass
class WalkReport:
    who: str
    visited: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def fail(self, url: str, problem: str) -> None:
        self.failures.append(f"[{self.who}] {url}\n{problem}")


def page_kind(path: str, query: str) -> tuple | None:
    """What kind of page a path shows: the view's name, its arguments (numbers stand for any
    object, other values such as a board's lane name a kind of their own) and the names of the
    query parameters. None for paths that are no page of the application."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    arguments = tuple(
        sorted(
            (name, "*" if isinstance(value, int) or str(value).isdigit() else str(value))
            for name, value in match.kwargs.items()
        )
    )
    parameters = tuple(sorted({name for name, _value in parse_qsl(query, keep_blank_values=True)}))
    return (match.view_name, arguments, parameters)


def _worth_following(url: str, origin: str) -> tuple[str, tuple] | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
        return None
    kind = page_kind(parts.path, parts.query)
    if kind is None or kind[0] in SKIPPED_VIEWS:
        return None
    address = parts.path + (f"?{parts.query}" if parts.query else "")
    return address, kind


def check_page(page: Page, report: WalkReport, *, language: str) -> None:
    """Check the page as it is shown now, adding what is wrong to the report."""
    url = page.url
    violations = page.evaluate(_RUN_AXE)
    if violations:
        report.fail(url, format_violations(url, violations))
    screen = page.viewport_size["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > screen:
        culprits = "\n".join(f"    {line}" for line in page.evaluate(_OVERFLOW_SCRIPT))
        report.fail(url, f"is {width} px wide on a {screen} px screen; too wide:\n{culprits}")
    duplicates = page.evaluate(_DUPLICATE_IDS_SCRIPT)
    if duplicates:
        report.fail(url, "ids used more than once: " + ", ".join(duplicates))
    lang = page.evaluate("document.documentElement.getAttribute('lang')")
    if lang != language:
        report.fail(url, f'<html lang="{lang}">, but the page is in "{language}"')


def walk(
    page: Page, report: WalkReport, *, origin: str, start: str, limit: int, language: str
) -> None:
    """Breadth first from `start` over links on the same site, at most `limit` pages, one of
    each kind. Pages that redirect count as the page they end on."""
    queue: deque[str] = deque([start])
    kinds_seen: set[tuple] = set()
    first = _worth_following(origin + start, origin)
    if first:
        kinds_seen.add(first[1])
    while queue and len(report.visited) < limit:
        address = queue.popleft()
        try:
            response = page.goto(address)
        except PlaywrightError as error:  # a download or a dead end
            report.fail(address, f"could not be opened: {error.message.splitlines()[0]}")
            continue
        landed = _worth_following(page.url, origin)
        if landed and landed[1] not in kinds_seen and landed[0] != address:
            kinds_seen.add(landed[1])  # redirected to a kind of page not yet seen
        elif landed and landed[0] != address and landed[1] in kinds_seen:
            # Redirected somewhere already checked (e.g. to the sign-in page).
            report.visited.append(f"{address} -> {landed[0]}")
            continue
        report.visited.append(address)
        if response is not None and response.status >= 400:
            report.fail(address, f"answered {response.status}")
        content_type = (response.headers.get("content-type", "") if response else "") or ""
        if not content_type.startswith("text/html"):
            continue
        page.wait_for_load_state("load")
        check_page(page, report, language=language)
        for href in page.evaluate(_LINKS_SCRIPT):
            found = _worth_following(href, origin)
            if found and found[1] not in kinds_seen:
                kinds_seen.add(found[1])
                queue.append(found[0])
