"""Planning a workshop and taking part in it: the list, the workshop's page, planning and
changing it, signing up, the waiting list, invitations and moving it between phases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idesluss.challenges.models import Challenge
from idesluss.core.http import apply_errors, parse_id
from idesluss.workshops import selectors, services
from idesluss.workshops.forms import InviteForm, WorkshopForm
from idesluss.workshops.models import SignUp, Workshop
from idesluss.workshops.policy import policy
from idesluss.workshops.views.common import form_fields, get_workshop, perms, phase_buttons

Phase = Workshop.Phase


@login_required
def workshop_list(request: HttpRequest) -> HttpResponse:
    """Upcoming workshops everyone may sign up for (and past ones, with their results)."""
    policy.require(request.user, "workshops.view_workshop")
    past = request.GET.get("view") == "past"
    page = selectors.workshop_list(viewer=request.user, page=request.GET.get("page"), past=past)
    context = {
        "page": page,
        "cards": selectors.workshop_cards(page.object_list, past=past),
        "past": past,
    }
    return render(request, "workshops/list.html", context)


@login_required
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def _render_detail(
    request: HttpRequest, pk: int, *, invite_form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    try:
        workshop = selectors.workshop_for_page(pk=pk, viewer=request.user)
    except Workshop.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, "workshops.view_workshop", workshop)
    may = perms(request, workshop)
    signup = workshop.viewer_signup
    context = {
        "workshop": workshop,
        **may,
        "signup": signup,
        "signed_up": signup is not None and signup.status == SignUp.Status.SIGNED_UP,
        "waiting": signup is not None and signup.status == SignUp.Status.WAITING,
        "signup_closed": services.signup_closed_reason(workshop),
        "places_left": max(0, workshop.capacity - workshop.signed_up),
        "signups": selectors.signups_for_page(workshop=workshop) if may["may_facilitate"] else [],
        "invite_form": (invite_form or InviteForm()) if may["may_facilitate"] else None,
        "phases": phase_buttons(workshop) if may["may_facilitate"] else [],
    }
    return render(request, "workshops/detail.html", context, status=status)


@login_required
def workshop_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Plan a workshop, or change one."""
    workshop = None
    if pk is None:
        policy.require(request.user, "workshops.add_workshop")
    else:
        workshop = get_workshop(request, pk, "workshops.change_workshop")
    if request.method == "POST":
        form = WorkshopForm(request.POST, initial={"challenge": workshop and workshop.challenge})
        if form.searching:
            # Searched for facilitators without JavaScript: show the matches, save nothing.
            form.hide_errors()
            return render(request, "workshops/edit.html", {"form": form, "workshop": workshop})
        if form.is_valid():
            try:
                workshop = services.workshop_save(
                    by=request.user, data=form.to_input(), workshop=workshop
                )
            except ValidationError as error:
                apply_errors(form, form_fields(error, {"starts_at": "date", "ends_at": "end"}))
            else:
                messages.success(request, _("The workshop was saved."))
                return redirect(workshop)
        return render(
            request, "workshops/edit.html", {"form": form, "workshop": workshop}, status=400
        )
    if workshop is not None:
        initial = WorkshopForm.initial_for(workshop)
    else:
        initial = {"facilitators": [request.user.pk], "start": "13:00", "end": "16:00"}
        challenge_id = parse_id(request.GET.get("challenge"))
        challenge = (
            Challenge.objects.filter(pk=challenge_id).first() if challenge_id is not None else None
        )
        if challenge is not None:
            # Planned from a challenge: its question, goals and owner's theme to start from.
            initial.update(
                challenge=challenge,
                title=challenge.title,
                description=challenge.question,
                global_goals=list(challenge.global_goals.all()),
                vision_goals=list(challenge.vision_goals.all()),
            )
    form = WorkshopForm(initial=initial)
    return render(request, "workshops/edit.html", {"form": form, "workshop": workshop})


@require_POST
@login_required
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(request, pk)
    try:
        services.signup_create(workshop=workshop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You are signed up. Add the workshop to your calendar with the link below.")
        )
        if request.POST.get("next") == "live" and workshop.phase in (Phase.CAPTURE, Phase.VOTING):
            # Signed up from the live board's door: straight in.
            return redirect("workshops:live", pk=workshop.pk)
    return redirect(workshop)


@require_POST
@login_required
def waitlist(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(request, pk)
    try:
        services.waitlist_join(workshop=workshop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You are on the waiting list. We tell you as soon as you get a place.")
        )
    return redirect(workshop)


@require_POST
@login_required
def signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(request, pk)
    previous = workshop.viewer_signup.status if workshop.viewer_signup else ""
    try:
        services.signup_cancel(workshop=workshop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You left the waiting list.")
            if previous == SignUp.Status.WAITING
            else _("Your place was given back."),
        )
    return redirect(workshop)


@require_POST
@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
    form = InviteForm(request.POST)
    if form.searching:
        # Searched for colleagues without JavaScript: show the matches, invite nobody yet.
        form.hide_errors()
        return _render_detail(request, pk, invite_form=form)
    if form.is_valid():
        try:
            count = services.workshop_invite(
                workshop=workshop, by=request.user, people=form.cleaned_data["people"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s colleague was invited.", "%(count)s colleagues were invited.", count
                )
                % {"count": count}
                if count
                else _("Everyone named is already invited or signed up."),
            )
            return redirect(workshop)
    return _render_detail(request, pk, invite_form=form, status=400)


@require_POST
@login_required
def set_phase(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
    phase = request.POST.get("phase", "")
    try:
        workshop = services.workshop_set_phase(workshop=workshop, by=request.user, phase=phase)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The workshop is now: %(phase)s") % {"phase": workshop.get_phase_display()}
        )
    target = request.POST.get("return", "")
    if target == "live":
        return redirect("workshops:live", pk=workshop.pk)
    return redirect(workshop)
