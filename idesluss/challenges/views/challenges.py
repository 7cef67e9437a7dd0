"""The challenges' pages: the list, creating one from needs, editing, a challenge's page
and its image."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.challenges import selectors, services
from idesluss.challenges.forms import ChallengeForm
from idesluss.challenges.models import Challenge, Need
from idesluss.challenges.policy import policy
from idesluss.core import panels
from idesluss.core.http import apply_errors, parse_ids


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
        # What the apps above challenges show here: its workshops and the ideas answering
        # it (core/panels.py).
        "panels": panels.for_page("challenges.detail", request, challenge),
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
