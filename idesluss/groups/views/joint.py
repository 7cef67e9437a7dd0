"""Joint follow-ups: one meeting that gathers several groups, each with its part."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.core.http import apply_errors, parse_ids
from idesluss.groups import selectors, services
from idesluss.groups.forms import JointForm
from idesluss.groups.models import JointFollowUp
from idesluss.groups.policy import policy
from idesluss.groups.views.common import joint_or_404, save_or_conflict


@login_required
def joint_create(request: HttpRequest) -> HttpResponse:
    """Plan a follow-up that gathers several groups (chosen on the follow-up overview)."""
    policy.require(request.user, "groups.plan_joint")
    groups = list(selectors.groups_for_joint(viewer=request.user))
    if request.method == "POST":
        form = JointForm(request.POST, groups=groups)
        if form.is_valid():
            try:
                joint = services.joint_create(by=request.user, data=form.to_input())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("The joint follow-up was planned and the groups were told.")
                )
                return redirect(joint)
        status = 400
    else:
        chosen = parse_ids(request.GET.getlist("group"))
        day = timezone.localdate() + datetime.timedelta(days=7)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        initial = {"groups": chosen, "date": day, "time": datetime.time(13, 0)}
        form = JointForm(groups=groups, initial=initial)
        status = 200
    context = {"form": form, "joint": None, "groups": groups}
    return render(request, "groups/joint_edit.html", context, status=status)


@login_required
def joint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A joint follow-up: the groups, everyone invited, and each group's part."""
    joint = joint_or_404(request, pk, "groups.view_joint")
    view = selectors.joint_view(joint=joint, viewer=request.user)
    context = {
        "joint": joint,
        "parts": view.parts,
        "participants": view.participants,
        "may_change": policy.may(request.user, "groups.change_joint", joint),
        "now": timezone.now(),
        "today": timezone.localdate(),
    }
    return render(request, "groups/joint.html", context)


@login_required
def joint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a joint follow-up or change its agenda; a change made meanwhile is not lost."""
    joint = joint_or_404(request, pk, "groups.change_joint")
    conflict = None
    status = 200
    if request.method == "POST":
        form = JointForm(request.POST)
        status = 400
        if form.is_valid():
            saved, form, conflict, status = save_or_conflict(
                request,
                form,
                save=lambda: services.joint_update(
                    joint=joint,
                    by=request.user,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                ),
                current=lambda: JointFollowUp.objects.get(pk=joint.pk),
                rebind=JointForm,
            )
            if saved is not None:
                messages.success(request, _("The joint follow-up was saved."))
                return redirect(saved)
    else:
        form = JointForm(initial=JointForm.initial_for(joint))
    context = {"form": form, "joint": joint, "conflict": conflict}
    return render(request, "groups/joint_edit.html", context, status=status)
