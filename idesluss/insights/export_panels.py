"""The idea list's export links (a panel: insights sits above ideas), carrying the list's
filters to the ideas export."""

from django.http import HttpRequest
from django.urls import reverse

from idesluss.core import panels
from idesluss.insights.exports import EXPORTS


@panels.register("ideas.list", order=50)
def idea_list_export_links(request: HttpRequest, filters) -> panels.Panel | None:
    """CSV and Excel links with the list's filters, for those who may export ideas."""
    if not EXPORTS["ideas"].may(request.user):
        return None
    query = request.GET.copy()
    query.pop("page", None)
    address = reverse("insights:export", args=["ideas"])
    links = {}
    for extension in ("csv", "xlsx"):
        query["format"] = extension
        links[extension] = f"{address}?{query.urlencode()}"
    return panels.Panel("insights/_idea_list_exports.html", links)
