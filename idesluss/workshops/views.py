from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idesluss.challenges.models import Challenge
from idesluss.core.exports import csv_writer
from idesluss.core.http import apply_errors, parse_id, parse_ids
from idesluss.core.ics import CalendarEvent, calendar_response, calendar_uid
from idesluss.workshops import clustering, selectors, services
from idesluss.workshops.forms import (
    InviteForm,
    NoteForm,
    PromoteForm,
    WorkshopForm,
)
from idesluss.workshops.models import Cluster, Note, SignUp, Workshop
from idesluss.workshops.policy import policy

Phase = Workshop.Phase


def _workshop(request: HttpRequest, pk: int, perm: str = "workshops.view_workshop") -> Workshop:
    try:
        workshop = selectors.live_workshop(pk=pk, viewer=request.user)
    except Workshop.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, perm, workshop, hidden_unless="workshops.view_workshop")
    return workshop


def _form_fields(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's error with its field names as the form calls them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(name, name): messages for name, messages in error.message_dict.items()}
    )


def _perms(request: HttpRequest, workshop: Workshop) -> dict:
    user = request.user
    return {
        "may_change": policy.may(user, "workshops.change_workshop", workshop),
        "may_facilitate": policy.may(user, "workshops.facilitate_workshop", workshop),
        "may_take_part": policy.may(user, "workshops.take_part", workshop),
        "may_view_live": policy.may(user, "workshops.view_live", workshop),
        "may_view_authors": policy.may(user, "workshops.view_authors", workshop),
    }


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
    perms = _perms(request, workshop)
    signup = workshop.viewer_signup
    context = {
        "workshop": workshop,
        **perms,
        "signup": signup,
        "signed_up": signup is not None and signup.status == SignUp.Status.SIGNED_UP,
        "waiting": signup is not None and signup.status == SignUp.Status.WAITING,
        "signup_closed": services.signup_closed_reason(workshop),
        "places_left": max(0, workshop.capacity - workshop.signed_up),
        "signups": selectors.signups_for_page(workshop=workshop) if perms["may_facilitate"] else [],
        "invite_form": (invite_form or InviteForm()) if perms["may_facilitate"] else None,
        "phases": _phase_buttons(workshop) if perms["may_facilitate"] else [],
    }
    return render(request, "workshops/detail.html", context, status=status)


def _phase_buttons(workshop: Workshop) -> list[tuple[str, str]]:
    labels = {
        Phase.PLANNED: _("Back to planned"),
        Phase.CAPTURE: _("Open for notes"),
        Phase.VOTING: _("Open voting"),
        Phase.CLOSED: _("Close the workshop"),
    }
    if workshop.phase == Phase.CANCELLED:
        return []
    return [(phase, label) for phase, label in labels.items() if phase != workshop.phase]


@login_required
def workshop_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Plan a workshop, or change one."""
    workshop = None
    if pk is None:
        policy.require(request.user, "workshops.add_workshop")
    else:
        workshop = _workshop(request, pk, "workshops.change_workshop")
    if request.method == "POST":
        form = WorkshopForm(request.POST, initial={"challenge": workshop and workshop.challenge})
        if form.is_valid():
            try:
                workshop = services.workshop_save(
                    by=request.user, data=form.to_input(), workshop=workshop
                )
            except ValidationError as error:
                apply_errors(form, _form_fields(error, {"starts_at": "date", "ends_at": "end"}))
            else:
                messages.success(request, _("The workshop was saved."))
                return redirect(workshop)
        return render(
            request, "workshops/edit.html", {"form": form, "workshop": workshop}, status=400
        )
    if workshop is not None:
        initial = WorkshopForm.initial_for(workshop)
    else:
        initial = {"facilitators": request.user.email, "start": "13:00", "end": "16:00"}
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


def _event(workshop: Workshop, *, uid: str, cancelled: bool = False) -> CalendarEvent:
    facilitator = next(iter(workshop.facilitators.all()), None)
    description = workshop.description
    if workshop.online_url:
        description = f"{description}\n\n{workshop.online_url}".strip()
    return CalendarEvent(
        uid=uid,
        start=workshop.starts_at,
        end=workshop.ends_at,
        summary=_("Idea workshop: %(title)s") % {"title": workshop.title},
        description=description,
        location=workshop.place or workshop.online_url,
        url=workshop.get_absolute_url(),
        organizer_email=facilitator.email if facilitator else "",
        organizer_name=facilitator.full_name if facilitator else "",
        sequence=workshop.version,
        cancelled=cancelled or workshop.phase == Phase.CANCELLED,
        reminder_minutes=60,
        categories=(_("Idea workshop"),),
    )


@login_required
def workshop_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The workshop as a calendar file, for anyone who may see it."""
    workshop = _workshop(request, pk)
    event = _event(workshop, uid=calendar_uid("workshop", workshop.pk))
    return calendar_response([event], filename=workshop.title, name=workshop.title)


@login_required
def signup_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One's own sign-up as a calendar file (cancelled when the place is given back)."""
    workshop = _workshop(request, pk)
    signup = workshop.viewer_signup
    if signup is None or signup.status == SignUp.Status.INVITED:
        raise Http404
    event = _event(
        workshop,
        uid=calendar_uid("workshop-signup", signup.pk),
        cancelled=signup.status == SignUp.Status.CANCELLED,
    )
    return calendar_response([event], filename=workshop.title, name=workshop.title)


@require_POST
@login_required
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk)
    try:
        services.signup_create(workshop=workshop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You are signed up. Add the workshop to your calendar with the link below.")
        )
    return redirect(workshop)


@require_POST
@login_required
def waitlist(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk)
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
    workshop = _workshop(request, pk)
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
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            count = services.workshop_invite(
                workshop=workshop, by=request.user, people=form.cleaned_data["emails"]
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
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
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


# Live capture


def _live_context(request: HttpRequest, workshop: Workshop, **extra) -> dict:
    board = selectors.board(workshop=workshop, viewer=request.user)
    perms = _perms(request, workshop)
    return {
        "workshop": workshop,
        "board": board,
        **perms,
        "note_closed": services.note_closed_reason(workshop),
        "voting": workshop.phase == Phase.VOTING,
        **extra,
    }


@login_required
def live(request: HttpRequest, pk: int, *, note_form: NoteForm | None = None, status: int = 200):
    """The live board: the facilitator's big screen and the participants' phones."""
    workshop = _workshop(request, pk, "workshops.view_live")
    context = _live_context(
        request,
        workshop,
        note_form=note_form or NoteForm(),
        phases=_phase_buttons(workshop),
    )
    return render(request, "workshops/live.html", context, status=status)


@login_required
def live_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The board alone, polled every few seconds by the live page."""
    workshop = _workshop(request, pk, "workshops.view_live")
    return render(request, "workshops/_board.html", _live_context(request, workshop))


@require_POST
@login_required
def note_post(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, "workshops.view_live")
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
    workshop = _workshop(request, pk, "workshops.view_live")
    error = ""
    try:
        services.vote_add(workshop=workshop, by=request.user, note_id=note_id)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _vote_response(request, workshop, error, _("Your dot is on the note."))


@require_POST
@login_required
def unvote(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    workshop = _workshop(request, pk, "workshops.view_live")
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
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
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


def _note_ids(request: HttpRequest) -> list[int]:
    return parse_ids(request.POST.getlist("notes"))


@require_POST
@login_required
def cluster_create(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
    try:
        cluster = services.cluster_create(
            workshop=workshop,
            by=request.user,
            name=request.POST.get("name", ""),
            note_ids=_note_ids(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The cluster %(name)s was made.") % {"name": cluster.name})
    return _organise_redirect(workshop)


def _cluster(workshop: Workshop, cluster_id: int) -> Cluster:
    cluster = Cluster.objects.filter(pk=cluster_id, workshop=workshop).first()
    if cluster is None:
        raise Http404
    cluster.workshop = workshop
    return cluster


@require_POST
@login_required
def cluster_rename(request: HttpRequest, pk: int, cluster_id: int) -> HttpResponse:
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
    cluster = _cluster(workshop, cluster_id)
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
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
    cluster = _cluster(workshop, cluster_id)
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
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
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


# Promotion


def _promote_source(request: HttpRequest, workshop: Workshop) -> tuple[Cluster | None, list[Note]]:
    data = request.POST if request.method == "POST" else request.GET
    cluster_id, note_id = parse_id(data.get("cluster")), parse_id(data.get("note"))
    if cluster_id is not None:
        cluster = _cluster(workshop, cluster_id)
        return cluster, list(cluster.notes.select_related("author").order_by("created_at", "id"))
    if note_id is not None:
        note = Note.objects.filter(pk=note_id, workshop=workshop).select_related("author").first()
        if note is None:
            raise Http404
        return None, [note]
    raise Http404


@login_required
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an idea of a note or a cluster; its authors become the idea's co-submitters."""
    workshop = _workshop(request, pk, "workshops.facilitate_workshop")
    cluster, notes = _promote_source(request, workshop)
    if request.method == "POST":
        form = PromoteForm(request.POST)
        if form.is_valid():
            try:
                idea = services.workshop_promote(
                    workshop=workshop,
                    by=request.user,
                    data=form.to_input(),
                    note_ids=[note.pk for note in notes],
                    cluster_id=cluster.pk if cluster else None,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The idea was handed in from the workshop; its authors were told."),
                )
                return redirect(idea)
        status = 400
    else:
        challenge = workshop.challenge
        need = workshop.title
        if challenge is not None:
            need = f"{workshop.title}: {challenge.question}"
        elif workshop.description:
            need = f"{workshop.title}: {workshop.description}"
        title = cluster.name if cluster else notes[0].text
        form = PromoteForm(
            initial={
                "title": title[:120],
                "need": need[:4000],
                "proposal": "\n".join(f"- {note.text}" for note in notes)
                if len(notes) > 1
                else notes[0].text,
                "unit": (challenge.owner_unit if challenge else None) or request.user.unit,
            }
        )
        status = 200
    authors = list({note.author.pk: note.author for note in notes}.values())
    already = (cluster and cluster.promoted_idea_id) or any(n.promoted_idea_id for n in notes)
    context = {
        "workshop": workshop,
        "form": form,
        "cluster": cluster,
        "notes": notes,
        "authors": authors,
        "already": already,
    }
    return render(request, "workshops/promote.html", context, status=status)


# Afterwards


def _summary(request: HttpRequest, pk: int) -> tuple[Workshop, selectors.Summary]:
    try:
        workshop = selectors.workshop_for_page(pk=pk, viewer=request.user)
    except Workshop.DoesNotExist:
        raise Http404 from None
    policy.require(
        request.user, "workshops.view_summary", workshop, hidden_unless="workshops.view_workshop"
    )
    return workshop, selectors.summary(workshop=workshop, viewer=request.user)


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """What the workshop produced and where its ideas are now."""
    workshop, result = _summary(request, pk)
    context = {"workshop": workshop, "summary": result, **_perms(request, workshop)}
    return render(request, "workshops/summary.html", context)


@login_required
def summary_print(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, result = _summary(request, pk)
    context = {
        "workshop": workshop,
        "summary": result,
        "now": timezone.now(),
        **_perms(request, workshop),
    }
    return render(request, "workshops/print.html", context)


@login_required
def summary_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every note with its cluster, dots and the idea it became (authors for facilitators)."""
    workshop, result = _summary(request, pk)
    with_authors = policy.may(request.user, "workshops.view_authors", workshop)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(workshop.title) or "workshop"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv_writer(response)
    header = [_("Cluster"), _("Idea note"), _("Dots")]
    if with_authors:
        header.append(_("Written by"))
    header += [_("Idea"), _("Stage now"), _("Address")]
    writer.writerow(header)
    ideas = {idea.pk: idea for idea in result.ideas}
    for column in result.board.columns:
        for note in column.notes:
            idea = ideas.get(note.promoted_idea_id) or ideas.get(
                column.cluster.promoted_idea_id if column.cluster else None
            )
            row = [column.cluster.name if column.cluster else "", note.text, note.vote_total]
            if with_authors:
                row.append(note.author.full_name)
            row += [
                idea.title if idea else "",
                idea.stage.name if idea and idea.stage else "",
                request.build_absolute_uri(idea.get_absolute_url()) if idea else "",
            ]
            writer.writerow(row)
    return response
