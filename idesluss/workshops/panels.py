"""What the workshops show on other apps' pages (core/panels.py)."""

from django.http import HttpRequest

from idesluss.core import panels
from idesluss.workshops import selectors
from idesluss.workshops.policy import policy


@panels.register("challenges.detail", order=10)
def workshops_on_the_challenge(request: HttpRequest, challenge) -> panels.Panel | None:
    """The workshops on a challenge, and "Plan a workshop" while it is open, for those
    who may plan one."""
    workshops = selectors.workshops_on_challenge(challenge_id=challenge.pk, viewer=request.user)
    plan_for = (
        challenge.pk
        if challenge.is_open and policy.may(request.user, "workshops.add_workshop")
        else None
    )
    if not workshops and plan_for is None:
        return None
    return panels.Panel(
        "workshops/_challenge_panel.html", {"workshops": workshops, "plan_for": plan_for}
    )
