"""axe-core for the browser tests: `visit(page, url)` navigates and checks, `check_a11y(page)`
checks the page as it is now (after a click, a form post or any other change)."""

from collections import Counter
from html.parser import HTMLParser
from weakref import WeakKeyDictionary

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


class _Navigations:
    def __init__(self, javascript_enabled: bool) -> None:
        self.javascript_enabled = javascript_enabled
        self.urls: list[str] = []
        self.checked = 0


_navigations: "WeakKeyDictionary[Page, _Navigations]" = WeakKeyDictionary()


def track_navigations(page: Page, *, javascript_enabled: bool = True) -> None:
    """Remember every page the main frame shows, so unchecked ones can be reported."""
    navigations = _navigations.setdefault(page, _Navigations(javascript_enabled))

    def on_navigated(frame) -> None:
        if frame == page.main_frame and frame.url != "about:blank":
            navigations.urls.append(frame.url)

    page.on("framenavigated", on_navigated)


def unchecked_navigations(page: Page) -> list[str]:
    navigations = _navigations.get(page)
    if navigations is None:
        return []
    return navigations.urls[navigations.checked :]


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('html', '').strip()[:200]}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def _run_axe(page: Page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def _run_axe_on_copy(page: Page) -> list[dict]:
    """axe needs JavaScript (and timers): check the page a script-less browser shows by
    serving its exact HTML at the same address to a script-enabled page of the same size."""
    html = page.content()
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:

        def serve_snapshot(route) -> None:
            if route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:
                route.continue_()

        copy = context.new_page()
        copy.route("**/*", serve_snapshot)
        copy.goto(page.url)
        copy.wait_for_load_state("load")
        return _run_axe(copy)
    finally:
        context.close()


# Every id on the page and how often it occurs (axe 4.x no longer reports duplicate ids
# under WCAG 2.1: a label or aria-describedby pointing at the wrong one goes unnoticed).
_DUPLICATE_IDS_SCRIPT = """() => {
  const seen = {};
  for (const element of document.querySelectorAll("[id]")) {
    seen[element.id] = (seen[element.id] || 0) + 1;
  }
  return Object.entries(seen).filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count}×)`);
}"""


def duplicate_ids(page: Page) -> list[str]:
    """The ids that more than one element on the page has (with how many)."""
    return page.evaluate(_DUPLICATE_IDS_SCRIPT)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.counts[value] += 1


def _duplicate_ids_in_html(page: Page) -> list[str]:
    """The duplicate ids of a script-less page (it cannot run the script), from its HTML."""
    parser = _Ids()
    parser.feed(page.content())
    return [f"{id_} ({count}×)" for id_, count in parser.counts.items() if count > 1]


def check_a11y(page: Page) -> None:
    """Run axe-core (WCAG 2.0 and 2.1, levels A and AA) and fail listing every violation;
    fail too if two elements share an id (a label would point at only one of them)."""
    page.wait_for_load_state("load")
    navigations = _navigations.get(page)
    if navigations is None or navigations.javascript_enabled:
        duplicates = duplicate_ids(page)
    else:
        duplicates = _duplicate_ids_in_html(page)
    if duplicates:
        if navigations is not None:
            navigations.checked = len(navigations.urls)
        pytest.fail(f"Duplicate ids on {page.url}: {', '.join(duplicates)}", pytrace=False)
    if navigations is None or navigations.javascript_enabled:
        violations = _run_axe(page)
    else:
        violations = _run_axe_on_copy(page)
    if navigations is not None:
        navigations.checked = len(navigations.urls)
    if violations:
        pytest.fail(format_violations(page.url, violations), pytrace=False)


def visit(page: Page, url: str) -> Response | None:
    """Go to `url` (relative to the live server) and check the page with axe."""
    response = page.goto(url)
    check_a11y(page)
    return response
