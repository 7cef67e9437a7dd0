"""The qualification overview: who holds which qualification, from where and until when;
the idea coordinator grants and withdraws them, with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.core.http import apply_errors
from idesluss.learning import selectors, services
from idesluss.learning.forms import GrantForm, WithdrawForm
from idesluss.learning.models import Grants
from idesluss.learning.policy import policy


def _render(request: HttpRequest, *, form: GrantForm | None = None, status: int = 200):
    context = {
        "holders": selectors.qualification_holders(),
        "codes": Grants.choices,
        "form": form or GrantForm(),
        "withdraw_form": WithdrawForm(),
        "today": selectors.today(),
    }
    return render(request, "learning/qualifications.html", context, status=status)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "learning.manage_qualifications")
    if request.method != "POST":
        return _render(request)
    form = GrantForm(request.POST)
    if form.searching:
        form.hide_errors()
        return _render(request, form=form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.qualification_give(
                person=data["person"],
                code=data["code"],
                by=request.user,
                reason=data["reason"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now holds the qualification %(qualification)s.")
                % {
                    "name": data["person"].full_name,
                    "qualification": str(Grants(data["code"]).label).lower(),
                },
            )
            return redirect("learning:qualifications")
    return _render(request, form=form, status=400)


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "learning.manage_qualifications")
    qualification = selectors.qualification_for_change(pk=pk)
    if qualification is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("learning:qualifications")
    try:
        services.qualification_take(
            qualification=qualification, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The qualification of %(name)s was withdrawn.")
            % {"name": qualification.user.full_name},
        )
    return redirect("learning:qualifications")
