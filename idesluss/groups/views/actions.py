"""Actions: ticking one off, and everyone's own actions across their groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.core.http import safe_next
from idesluss.groups import selectors, services
from idesluss.groups.models import Action
from idesluss.groups.policy import policy


@require_POST
@login_required
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("group"), pk=action_id)
    # An action of a group one may not see is not there for them, unless it is theirs.
    policy.require(
        request.user, "groups.complete_action", action, hidden_unless="groups.view_action"
    )
    done = request.POST.get("done", "1") != "0"
    services.action_set_done(action=action, by=request.user, done=done)
    messages.success(request, _("Marked as done.") if done else _("The action is open again."))
    return redirect(safe_next(request, action.group.get_absolute_url()))


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """Everyone's own actions across their groups, by due date."""
    done = request.GET.get("view") == "done"
    page = selectors.my_actions(person=request.user, page=request.GET.get("page"), done=done)
    context = {"page": page, "done": done, "today": timezone.localdate()}
    return render(request, "groups/my_actions.html", context)
