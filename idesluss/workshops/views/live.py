"""The live workshop: the board that the big screen and the phones poll, posting notes,
giving and taking back dots, and the facilitators grouping the notes into clusters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.core.http import apply_errors, parse_id, parse_ids
from idesluss.workshops import clustering, selectors, services
from idesluss.workshops.forms import NoteForm
from idesluss.workshops.models import SignUp, Workshop
from idesluss.workshops.policy import policy
from idesluss.workshops.views.common import get_cluster, get_workshop, perms, phase_buttons

Phase = Workshop.Phase


def _live_context(request: HttpRequest, workshop: Workshop, **extra) -> dict:
    board = selectors.board(workshop=workshop, viewer=request.user)
    return {
        "workshop": workshop,
        "board": board,
        **perms(request, workshop),
        "note_closed": services.note_closed_reason(workshop),
        "voting": workshop.phase == Phase.VOTING,
        **extra,
    }


@login_required
def live(request: HttpRequest, pk: int, *, note_form: NoteForm | None = None, status: int = 200):
    """The live board: the facilitator's big screen and the participants' phones."""
    workshop = get_workshop(request, pk)
    if not policy.may(request.user, "workshops.view_live", workshop):
        # Invited (or just curious) but not signed up: say so, with the button to sign up.
        return _sign_up_first(request, workshop)
    context = _live_context(
        request,
        workshop,
        note_form=note_form or NoteForm(),
        phases=phase_buttons(workshop),
    )
    return render(request, "workshops/live.html", context, status=status)


def _sign_up_first(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """The live board's door for those not taking part: why they cannot come in, and the
    button to sign up (a 403, with the way forward)."""
    workshop = selectors.workshop_for_page(pk=workshop.pk, viewer=request.user)
    signup = workshop.viewer_signup
    context = {
        "workshop": workshop,
        "invited": signup is not None and signup.status == SignUp.Status.INVITED,
        "signup_closed": services.signup_closed_reason(workshop),
        "places_left": max(0, workshop.capacity - workshop.signed_up),
    }
    return render(request, "workshops/sign_up_first.html", context, status=403)


@login_required
def live_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The board alone, polled every few seconds by the live page."""
    workshop = get_workshop(request, pk, "workshops.view_live")
    return render(request, "workshops/_board.html", _live_context(request, workshop))


@require_POST
@login_required
def note_post(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.view_live")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_post(workshop=workshop, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your note is on the board. Write another!"))
            return redirect("workshops:live", pk=workshop.pk)
    return live(request, pk, note_form=form, status=400)


def _vote_response(request: HttpRequest, workshop: Workshop, error: str, done: str):
    if request.htmx:
        context = _live_context(request, workshop, board_error=error, board_done=done)
        return render(request, "workshops/_board.html", context, status=200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(reverse("workshops:live", args=[workshop.pk]) + "#live-board")


@require_POST
@login_required
def vote(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.view_live")
    error = ""
    try:
        services.vote_add(workshop=workshop, by=request.user, note_id=note_id)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _vote_response(request, workshop, error, _("Your dot is on the note."))


@require_POST
@login_required
def unvote(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.view_live")
    error = ""
    try:
        services.vote_remove(workshop=workshop, by=request.user, note_id=note_id)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _vote_response(request, workshop, error, _("You took a dot back."))


# Grouping


@login_required
def organise(request: HttpRequest, pk: int) -> HttpResponse:
    """The facilitator groups the notes: suggested clusters, one's own, moving notes."""
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
    board = selectors.board(workshop=workshop, viewer=request.user)
    notes = {note.pk: note for column in board.columns for note in column.notes}
    suggestions = [
        (suggestion, [notes[note_id] for note_id in suggestion.note_ids if note_id in notes])
        for suggestion in clustering.suggest_clusters(workshop.pk)
    ]
    context = {
        "workshop": workshop,
        "board": board,
        "suggestions": suggestions,
        "grouping_open": workshop.phase not in (Phase.PLANNED, Phase.CANCELLED),
    }
    return render(request, "workshops/organise.html", context)


def _organise_redirect(workshop: Workshop) -> HttpResponse:
    return redirect("workshops:organise", pk=workshop.pk)


@require_POST
@login_required
def cluster_create(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
    try:
        cluster = services.cluster_create(
            workshop=workshop,
            by=request.user,
            name=request.POST.get("name", ""),
            note_ids=parse_ids(request.POST.getlist("notes")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The cluster %(name)s was made.") % {"name": cluster.name})
    return _organise_redirect(workshop)


@require_POST
@login_required
def cluster_rename(request: HttpRequest, pk: int, cluster_id: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
    cluster = get_cluster(workshop, cluster_id)
    try:
        services.cluster_rename(cluster=cluster, by=request.user, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The cluster was renamed."))
    return _organise_redirect(workshop)


@require_POST
@login_required
def cluster_delete(request: HttpRequest, pk: int, cluster_id: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
    cluster = get_cluster(workshop, cluster_id)
    try:
        services.cluster_delete(cluster=cluster, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The cluster was broken up; its notes are ungrouped."))
    return _organise_redirect(workshop)


@require_POST
@login_required
def note_move(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
    try:
        services.note_move(
            workshop=workshop,
            by=request.user,
            note_id=note_id,
            cluster_id=parse_id(request.POST.get("cluster")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The note was moved."))
    return _organise_redirect(workshop)
