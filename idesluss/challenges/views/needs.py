"""The needs bank's pages: the list, recording a need, a need's page and "we have it too"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.challenges import selectors, services
from idesluss.challenges.forms import NeedForm
from idesluss.challenges.models import Need
from idesluss.challenges.policy import need_policy
from idesluss.core.http import apply_errors


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    need_policy.require(request.user, "challenges.view_need")
    sort = request.GET.get("sort", "echoes")
    if sort not in selectors.NEED_SORTS:
        sort = "echoes"
    # A null byte is no search text (PostgreSQL refuses it).
    q = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    page = selectors.need_list(viewer=request.user, sort=sort, q=q, page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "sort": sort, "q": q, "query": query.urlencode()}
    return render(request, "challenges/need_list.html", context)


@login_required
def need_record(request: HttpRequest) -> HttpResponse:
    need_policy.require(request.user, "challenges.record_need")
    form = NeedForm(request.POST or None, initial={"unit": request.user.unit})
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_record(by=request.user, data=form.to_input())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you! The need is in the needs bank."))
            return redirect(need)
    status = 400 if form.errors else 200
    return render(request, "challenges/need_form.html", {"form": form}, status=status)


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        need = selectors.need_for_page(pk=pk, viewer=request.user)
    except Need.DoesNotExist:
        raise Http404 from None
    need_policy.require(request.user, "challenges.view_need", need)
    return render(request, "challenges/need_detail.html", {"need": need})


@require_POST
@login_required
def need_echo(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need, pk=pk)
    need_policy.require(request.user, "challenges.view_need", need)
    try:
        if request.POST.get("action") == "remove":
            services.need_unecho(need=need, by=request.user)
            messages.success(request, _("You no longer say that you have this problem."))
        else:
            services.need_echo(need=need, by=request.user)
            messages.success(request, _("Noted: you have this problem too."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(need)
