"""The pickers' searches while typing (htmx): the chosen options and the matches, drawn by
the picker widget's own template (core/widgets/). The domain apps give the view what the
person may choose (`load`) and find (`search`), so the rule is theirs and on the server."""

import re
from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

from idesluss.core.forms import PICKER_MAX_CHOSEN
from idesluss.core.http import parse_ids

# A form field's name, with its form's prefix ("assessor-assessor", "facilitators").
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,79}")


def picker_response(
    request: HttpRequest,
    *,
    kind: str,
    load: Callable[[list[int]], Sequence[Any]],
    search: Callable[..., list[Any]],
) -> HttpResponse:
    """The picker's options for `?field=<name>&<name>=<chosen>&<name>_q=<words>` (`one=1`:
    a single choice; `except=1,2`: never offered)."""
    name = request.GET.get("field", "")
    if not _FIELD_NAME.fullmatch(name):
        return HttpResponseBadRequest()
    numbers = parse_ids(request.GET.getlist(name))[:PICKER_MAX_CHOSEN]
    query = request.GET.get(f"{name}_q", "")[:200]
    leave_out = set(parse_ids(request.GET.get("except", "").split(",")))
    found = {obj.pk: obj for obj in load(numbers)} if numbers else {}
    context = {
        "widget": {
            "name": name,
            "attrs": {"id": f"id_{name}"},
            "chosen": [found[number] for number in numbers if number in found],
            "results": search(text=query, exclude={*numbers, *leave_out}) if query.strip() else [],
            "query": query,
            "kind": kind,
            "multiple": request.GET.get("one") != "1",
        },
        "oob": True,
    }
    return HttpResponse(render_to_string("core/widgets/_picker_options.html", context, request))
