"""The dashboards, the benefits summary and the coordinator's targets: thin views over
`selectors` (reads) and `services` (the targets)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.core.http import apply_errors
from idesluss.insights import selectors, services
from idesluss.insights.forms import PeriodForm, TargetForm
from idesluss.insights.policy import policy, sees_everything


def _filters(request: HttpRequest):
    """The period and unit asked for (bad input: the form's messages, and the defaults)."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, viewer=request.user, today=today)
    period = selectors.Period.year_of(today)
    unit = None
    if form.is_bound:
        # What was asked well is kept (a bad unit keeps the period asked for); the rest is
        # the default, and the form says what was wrong.
        form.is_valid()
        data = form.cleaned_data
        if data.get("start") and data.get("end") and not form.non_field_errors():
            period = selectors.Period(data["start"], data["end"])
        unit = data.get("unit")
    if not form.is_bound:
        form = PeriodForm(
            initial={"start": period.start, "end": period.end},
            viewer=request.user,
            today=today,
        )
    return form, period, unit, today


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The programme's figures for a period: the whole organisation for the coordinator and
    the steering group, their units for managers."""
    policy.require(request.user, "insights.view_dashboard")
    form, period, unit, today = _filters(request)
    data = selectors.dashboard_kept(viewer=request.user, period=period, unit=unit, today=today)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "data": data, "whole": unit is None and sees_everything(request.user)}
    return render(request, "insights/dashboard.html", context, status=status)


@login_required
def benefits(request: HttpRequest) -> HttpResponse:
    """Expected and realised benefits added up by category, unit, goal and month."""
    policy.require(request.user, "insights.view_dashboard")
    form, period, unit, today = _filters(request)
    data = selectors.benefit_summary_kept(
        viewer=request.user, period=period, unit=unit, today=today
    )
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "data": data, "whole": unit is None and sees_everything(request.user)}
    return render(request, "insights/benefits.html", context, status=status)


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The coordinator sets each unit's target of ideas per employee and year."""
    policy.require(request.user, "insights.change_target")
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_target_set(
                unit=form.cleaned_data["unit"],
                ideas_per_employee=form.cleaned_data["ideas_per_employee"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("insights:targets")
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "lines": selectors.target_lines()}
    return render(request, "insights/targets.html", context, status=status)
