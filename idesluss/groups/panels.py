"""What the groups show on other apps' pages (core/panels.py)."""

from django.http import HttpRequest

from idesluss.core import panels
from idesluss.groups import selectors
from idesluss.groups.policy import policy


@panels.register("ideas.detail", order=10)
def groups_carrying_the_idea(request: HttpRequest, idea) -> panels.Panel | None:
    """The groups working on a handed-in idea, and "Start a workgroup" for those who may."""
    if idea.is_draft:
        return None
    groups = selectors.groups_carrying(idea_id=idea.pk, viewer=request.user)
    may_start = policy.may(request.user, "groups.add_group")
    if not groups and not may_start:
        return None
    return panels.Panel(
        "groups/_idea_panel.html",
        {
            "groups": groups,
            "start_for": idea.pk if may_start and idea.status == "submitted" else None,
        },
    )
