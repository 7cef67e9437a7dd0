"""What the ideas show on other apps' pages (core/panels.py)."""

from django.http import HttpRequest

from idesluss.core import panels
from idesluss.ideas import selectors


@panels.register("challenges.detail", order=20)
def ideas_answering_the_challenge(request: HttpRequest, challenge) -> panels.Panel:
    """The handed-in ideas answering a challenge, a page at a time (`?page=`)."""
    ideas = selectors.ideas_answering(
        challenge_id=challenge.pk, viewer=request.user, page=request.GET.get("page")
    )
    return panels.Panel("ideas/_challenge_panel.html", {"ideas": ideas, "challenge": challenge.pk})
