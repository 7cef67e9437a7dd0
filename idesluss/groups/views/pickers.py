"""The pickers' searches while typing (htmx): the ticked options and the matches, drawn
by the picker widget's own template (core/widgets/, a Django template of the form
renderer)."""

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from idesluss.accounts import selectors as account_selectors
from idesluss.core.http import parse_ids
from idesluss.groups.forms import GroupForm
from idesluss.ideas import selectors as idea_selectors


def _picker_response(
    request: HttpRequest,
    *,
    name: str,
    load: Callable[[list[int]], Sequence[Any]],
    search: Callable[..., list[Any]],
) -> HttpResponse:
    numbers = parse_ids(request.GET.getlist(name))[:200]
    query = request.GET.get(f"{name}_q", "")[:200]
    chosen = load(numbers) if numbers else []
    found = {obj.pk: obj for obj in chosen}
    context = {
        "widget": {
            "name": name,
            "attrs": {"id": f"id_{name}"},
            "chosen": [found[n] for n in numbers if n in found],
            "results": search(text=query, exclude=set(numbers)) if query.strip() else [],
            "query": query,
            "kind": "people" if name == "members" else "ideas",
        },
        "oob": True,
    }
    return HttpResponse(render_to_string("core/widgets/_picker_options.html", context, request))


@require_GET
@login_required
def pick_people(request: HttpRequest) -> HttpResponse:
    """The people picker's options while typing (htmx): the ticked ones and the matches."""
    return _picker_response(
        request, name="members", load=GroupForm._people, search=account_selectors.people_matching
    )


@require_GET
@login_required
def pick_ideas(request: HttpRequest) -> HttpResponse:
    """The idea picker's options while typing (htmx)."""
    return _picker_response(
        request, name="ideas", load=GroupForm._ideas, search=idea_selectors.ideas_matching
    )
