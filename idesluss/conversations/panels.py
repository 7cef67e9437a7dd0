"""What learning conversations show on other apps' pages (core/panels.py)."""

from django.http import HttpRequest

from idesluss.accounts.models import Role
from idesluss.accounts.selectors import roles_of
from idesluss.conversations import selectors
from idesluss.core import panels


@panels.register("home.start", order=40)
def conversations_on_start(request: HttpRequest, user) -> panels.Panel | None:
    """Leaders see the conversations they lead soon and past ones still to record; everyone
    sees the coming conversations they are named on."""
    if not getattr(user, "is_authenticated", False):
        return None
    is_leader = Role.Code.CONVERSATION_LEADER in roles_of(user).codes
    data = selectors.start_panel(viewer=user, leads=is_leader)
    if not (is_leader or data.taking_part):
        return None
    return panels.Panel(
        "conversations/_start_panel.html",
        {
            "leading_coming": data.leading_coming,
            "unrecorded": data.unrecorded,
            "taking_part": data.taking_part,
            "is_leader": is_leader,
        },
    )


@panels.register("ideas.detail", order=30)
def idea_from_conversation(request: HttpRequest, idea) -> panels.Panel | None:
    """Where an idea came from: the insight of a learning conversation (the theme for all,
    the session's link for those who may see it)."""
    insights = selectors.insights_for_idea(idea_id=idea.pk, viewer=request.user)
    if not insights:
        return None
    return panels.Panel("conversations/_idea_panel.html", insights)
