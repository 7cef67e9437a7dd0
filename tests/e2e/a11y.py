"""axe-core for the browser tests: `visit(page, url)` navigates and checks, `check_a11y(page)`
checks the page as it is now (after a click, a form post or any other change)."""

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


def check_a11y(page: Page) -> None:
    """Run axe-core (WCAG 2.0 and 2.1, levels A and AA) and fail listing every violation."""
    page.wait_for_load_state("load")
    navigations = _navigations.get(page)
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
