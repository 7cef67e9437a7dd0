"""What the network shows on other apps' pages (core/panels.py): on a challenge's page
whether it is shared with the network (and the button to change that, for those who may)
and which organisations adopted it; on an idea's page the organisation it was adopted from."""

from django.http import HttpRequest

from idesluss.core import panels
from idesluss.network import selectors
from idesluss.network.policy import policy


@panels.register("challenges.detail", order=40)
def challenge_in_the_network(request: HttpRequest, challenge) -> panels.Panel | None:
    may_share = policy.may(request.user, "network.share_challenge", challenge)
    network = selectors.challenge_network(challenge_id=challenge.pk)
    if not may_share and not network.shared:
        return None
    return panels.Panel(
        "network/_challenge_panel.html",
        {"challenge": challenge.pk, "network": network, "may_share": may_share},
    )


@panels.register("ideas.detail", order=5)
def idea_adopted_from(request: HttpRequest, idea) -> panels.Panel | None:
    source = selectors.adopted_from(idea_id=idea.pk)
    if source is None:
        return None
    return panels.Panel("network/_idea_panel.html", {"source": source})
