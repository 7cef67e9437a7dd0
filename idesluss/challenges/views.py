from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.challenges import selectors, services
from idesluss.challenges.forms import ChallengeForm, NeedForm
from idesluss.challenges.models import Challenge, Need
from idesluss.challenges.policy import need_policy, policy
from idesluss.core.http import apply_errors, parse_ids


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


@login_required
def challenge_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "challenges.view_challenge")
    groups = selectors.challenge_list()
    context = {
        "groups": [
            (status, Challenge.Status(status).label, items) for status, items in groups.items()
        ],
    }
    return render(request, "challenges/challenge_list.html", context)


@login_required
def challenge_create(request: HttpRequest) -> HttpResponse:
    """Turn needs (chosen on the needs bank: ?need=1&need=2) into a challenge."""
    policy.require(request.user, "challenges.add_challenge")
    raw = request.POST.getlist("needs") if request.method == "POST" else request.GET.getlist("need")
    need_ids = parse_ids(raw)
    chosen = sorted(Need.objects.filter(pk__in=need_ids), key=lambda n: need_ids.index(n.pk))
    initial = {"needs": chosen}
    if chosen:
        initial.update(title=chosen[0].title, background="\n\n".join(n.description for n in chosen))
    form = ChallengeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        need_ids=[need.pk for need in chosen],
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create_from_needs(
                by=request.user, data=form.to_input(), needs=list(form.cleaned_data["needs"])
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The challenge was created."))
            return redirect(challenge)
    status = 400 if form.errors else 200
    context = {"form": form, "challenge": None, "needs": chosen}
    return render(request, "challenges/challenge_form.html", context, status=status)


@login_required
def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge.objects.select_related("owner_unit"), pk=pk)
    policy.require(
        request.user,
        "challenges.change_challenge",
        challenge,
        hidden_unless="challenges.view_challenge",
    )
    form = ChallengeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=ChallengeForm.initial_for(challenge),
    )
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_update(
                challenge=challenge, by=request.user, data=form.to_input()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The challenge was saved."))
            return redirect(challenge)
    status = 400 if form.errors else 200
    context = {"form": form, "challenge": challenge, "needs": []}
    return render(request, "challenges/challenge_form.html", context, status=status)


@login_required
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = selectors.challenge_for_page(pk=pk)
    except Challenge.DoesNotExist:
        raise Http404 from None
    challenge = page.challenge
    policy.require(request.user, "challenges.view_challenge", challenge)
    context = {
        "challenge": challenge,
        "goals": page.goals,
        "vision_goals": page.vision_goals,
        "needs": page.needs,
        "ideas": selectors.challenge_ideas(
            challenge=challenge, viewer=request.user, page=request.GET.get("page")
        ),
        "workshops": selectors.challenge_workshops(challenge=challenge),
        "today": timezone.localdate(),
    }
    return render(request, "challenges/challenge_detail.html", context)


@login_required
def challenge_image(request: HttpRequest, pk: int) -> FileResponse:
    """The image is served only to those who may see the challenge."""
    challenge = get_object_or_404(Challenge, pk=pk)
    policy.require(request.user, "challenges.view_challenge", challenge)
    if not challenge.image:
        raise Http404
    try:
        handle = challenge.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle)
