"""The programme's figures on the start page: the whole picture for the steering group and
the coordinator, and a short version (the statistics that make the work visible) for
everyone else signed in."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds
from idesluss.core import panels
from idesluss.insights import (
    export_panels,  # noqa: F401  (the idea list's export links)
    selectors,
)


def _steers(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or holds(
        user, Role.Code.STEERING_GROUP, Role.Code.COORDINATOR
    )


@panels.register("home.start", order=5)
def programme_at_a_glance(request: HttpRequest, user) -> panels.Panel | None:
    """The steering group's (and the coordinator's) programme at a glance, each figure a link
    to the list behind it."""
    if user is None or not user.is_authenticated or not user.is_active or not _steers(user):
        return None
    return panels.Panel(
        "insights/_glance_panel.html", selectors.glance_kept(today=timezone.localdate())
    )


@panels.register("home.start", order=90)
def programme_in_figures(request: HttpRequest, user) -> panels.Panel | None:
    """A few of this year's figures for everyone signed in (those who steer see them all in
    the panel above)."""
    if user is None or not user.is_authenticated or not user.is_active or _steers(user):
        return None
    return panels.Panel(
        "insights/_figures_panel.html",
        selectors.glance_kept(today=timezone.localdate(), full=False),
    )
