"""Panels: what the apps above a page's app show on it.

An idea's page shows the groups carrying the idea; a challenge's page shows the
workshops and the ideas answering it. Those apps sit above ideas and challenges in the
layers (README, tests/test_layers.py), so the page cannot ask them: each registers a
panel for the page in its own `panels.py`, and the page's view asks for its panels and
renders them in their order, each with its own template:

    # groups/panels.py
    @panels.register("ideas.detail", order=10)
    def groups_carrying_the_idea(request, idea) -> panels.Panel | None:
        ...
        return panels.Panel("groups/_idea_panel.html", data)

    # ideas/views.py
    context["panels"] = panels.for_page("ideas.detail", request, idea)

    {# ideas/detail.html #}
    {% for panel in panels %}{% include panel.template %}{% endfor %}

A panel's template reads `panel.data` (and the page's context: `user`, `request`, …).
A provider decides with its own app's policy what the viewer may see, and returns None
when it has nothing to show.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from idesluss.core.discovery import app_modules


@dataclass(frozen=True, slots=True)
class Panel:
    template: str  # a Jinja2 template
    data: Any = None


Provider = Callable[[HttpRequest, Any], Panel | None]

_providers: dict[str, list[tuple[int, Provider]]] = {}


def register(page: str, *, order: int) -> Callable[[Provider], Provider]:
    """Show the decorated provider's panel on `page`; lower orders come first."""

    def decorator(provider: Provider) -> Provider:
        _providers.setdefault(page, []).append((order, provider))
        return provider

    return decorator


def for_page(page: str, request: HttpRequest, obj: Any) -> list[Panel]:
    """The panels the apps show on `page` for `obj`, in order."""
    app_modules("panels")
    shown = []
    for _order, provider in sorted(_providers.get(page, []), key=lambda item: item[0]):
        panel = provider(request, obj)
        if panel is not None:
            shown.append(panel)
    return shown
