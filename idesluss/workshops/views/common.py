"""What the workshops' views share: finding the workshop the way its permission check
needs it, the viewer's permissions for the templates, the phase buttons."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from idesluss.workshops import selectors
from idesluss.workshops.models import Cluster, Workshop
from idesluss.workshops.policy import policy

Phase = Workshop.Phase


def get_workshop(request: HttpRequest, pk: int, perm: str = "workshops.view_workshop") -> Workshop:
    """The workshop if the viewer may `perm` it (404 if they may not even see it)."""
    try:
        workshop = selectors.live_workshop(pk=pk, viewer=request.user)
    except Workshop.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, perm, workshop, hidden_unless="workshops.view_workshop")
    return workshop


def get_cluster(workshop: Workshop, cluster_id: int) -> Cluster:
    """A cluster of this workshop's board (404 for any other)."""
    cluster = Cluster.objects.filter(pk=cluster_id, workshop=workshop).first()
    if cluster is None:
        raise Http404
    cluster.workshop = workshop
    return cluster


def form_fields(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's error with its field names as the form calls them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(name, name): messages for name, messages in error.message_dict.items()}
    )


def perms(request: HttpRequest, workshop: Workshop) -> dict:
    """What the viewer may do with the workshop, for the templates."""
    user = request.user
    return {
        "may_change": policy.may(user, "workshops.change_workshop", workshop),
        "may_facilitate": policy.may(user, "workshops.facilitate_workshop", workshop),
        "may_take_part": policy.may(user, "workshops.take_part", workshop),
        "may_view_live": policy.may(user, "workshops.view_live", workshop),
        "may_view_authors": policy.may(user, "workshops.view_authors", workshop),
    }


def phase_buttons(workshop: Workshop) -> list[tuple[str, str]]:
    """The phases a facilitator may move the workshop to, with their buttons' words."""
    labels = {
        Phase.PLANNED: _("Back to planned"),
        Phase.CAPTURE: _("Open for notes"),
        Phase.VOTING: _("Open voting"),
        Phase.CLOSED: _("Close the workshop"),
    }
    if workshop.phase == Phase.CANCELLED:
        return []
    return [(phase, label) for phase, label in labels.items() if phase != workshop.phase]


def summary_for(request: HttpRequest, pk: int) -> tuple[Workshop, selectors.Summary]:
    """The workshop and its summary, for those who may see the summary."""
    try:
        workshop = selectors.workshop_for_page(pk=pk, viewer=request.user)
    except Workshop.DoesNotExist:
        raise Http404 from None
    policy.require(
        request.user, "workshops.view_summary", workshop, hidden_unless="workshops.view_workshop"
    )
    return workshop, selectors.summary(workshop=workshop, viewer=request.user)
