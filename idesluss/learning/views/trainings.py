"""The trainings: the list, a training's page, planning and changing it and its sessions,
enrolment (oneself, or colleagues), the waiting list, attendance per session, completion and
the certificate, and calendar files of the sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idesluss.core.http import apply_errors, parse_ids
from idesluss.core.ics import CalendarEvent, calendar_response, calendar_uid
from idesluss.learning import selectors, services
from idesluss.learning.forms import EnrolPeopleForm, SessionForm, TrainingForm
from idesluss.learning.models import Enrolment, Training, TrainingSession, sessions_required
from idesluss.learning.policy import policy

Status = Enrolment.Status


def get_training(request: HttpRequest, pk: int, perm: str = "learning.view_training") -> Training:
    """The training if the viewer may `perm` it (404 if they may not see it)."""
    try:
        training = selectors.training_for_page(pk=pk, viewer=request.user)
    except Training.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, perm, training, hidden_unless="learning.view_training")
    return training


def get_session(training: Training, session_id: int) -> TrainingSession:
    session = next((s for s in training.sessions.all() if s.pk == session_id), None)
    if session is None:
        raise Http404
    session.training = training
    return session


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    """Trainings with coming sessions (or past ones), with places left and one's own status."""
    policy.require(request.user, "learning.view_training")
    past = request.GET.get("view") == "past"
    page = selectors.training_list(viewer=request.user, page=request.GET.get("page"), past=past)
    context = {"page": page, "trainings": page.object_list, "past": past}
    return render(request, "learning/list.html", context)


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def _render_detail(
    request: HttpRequest,
    pk: int,
    *,
    enrol_form: EnrolPeopleForm | None = None,
    session_form: SessionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    training = get_training(request, pk)
    user = request.user
    total = len(training.sessions.all())
    needed = sessions_required(total, training.completion_percent)
    may_change = policy.may(user, "learning.change_training", training)
    may_record = policy.may(user, "learning.record_attendance", training)
    may_view_attendance = policy.may(user, "learning.view_attendance", training)
    may_enrol_others = policy.may(user, "learning.enrol_others") and training.enrolment_open
    context = {
        "training": training,
        "enrolment": training.viewer_enrolment,
        "places_left": max(0, training.capacity - training.taken),
        "rule": services.completion_rule(training, total),
        "needed": needed,
        "now": timezone.now(),
        "may_change": may_change,
        "may_record": may_record,
        "may_view_attendance": may_view_attendance,
        "may_enrol_others": may_enrol_others,
        "participants": (
            selectors.participants(training=training, viewer=user, needed=needed)
            if may_view_attendance
            else []
        ),
        "enrol_form": (enrol_form or EnrolPeopleForm()) if may_enrol_others else None,
        "session_form": (session_form or SessionForm()) if may_change else None,
    }
    return render(request, "learning/detail.html", context, status=status)


@login_required
def training_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Plan a training, or change one (the idea coordinator)."""
    training = None
    if pk is None:
        policy.require(request.user, "learning.add_training")
    else:
        training = get_training(request, pk, "learning.change_training")
    if request.method == "POST":
        form = TrainingForm(request.POST)
        if form.searching:
            form.hide_errors()
            return render(request, "learning/edit.html", {"form": form, "training": training})
        if form.is_valid():
            try:
                training = services.training_save(
                    by=request.user, data=form.to_input(), training=training
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The training was saved."))
                return redirect(training)
        return render(
            request, "learning/edit.html", {"form": form, "training": training}, status=400
        )
    initial = TrainingForm.initial_for(training) if training else {"enrolment_open": True}
    form = TrainingForm(initial=initial)
    return render(request, "learning/edit.html", {"form": form, "training": training})


@require_POST
@login_required
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_training(request, pk, "learning.change_training")
    form = SessionForm(request.POST)
    if form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            services.session_add(
                training=training,
                by=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                topic=form.cleaned_data["topic"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The session was added."))
            return redirect(training)
    return _render_detail(request, pk, session_form=form, status=400)


@require_POST
@login_required
def session_delete(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    training = get_training(request, pk, "learning.change_training")
    session = get_session(training, session_id)
    try:
        services.session_delete(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session was removed."))
    return redirect(training)


@require_POST
@login_required
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_training(request, pk)
    try:
        enrolment = services.enrol(training=training, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment.status == Status.WAITING:
            messages.success(
                request,
                _(
                    "The training is full: you are on the waiting list. We tell you when you get a place."
                ),
            )
        else:
            messages.success(
                request, _("You are enrolled. Add the sessions to your calendar below.")
            )
    return redirect(training)


@require_POST
@login_required
def enrol_people(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_training(request, pk, "learning.enrol_others")
    if not training.enrolment_open:
        messages.error(request, _("The training is closed for enrolment."))
        return redirect(training)
    form = EnrolPeopleForm(request.POST)
    if form.searching:
        form.hide_errors()
        return _render_detail(request, pk, enrol_form=form)
    if form.is_valid():
        try:
            made = services.enrol_people(
                training=training, by=request.user, people=form.cleaned_data["people"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            waiting = sum(1 for e in made if e.status == Status.WAITING)
            messages.success(
                request,
                (
                    ngettext(
                        "%(count)s colleague was enrolled.",
                        "%(count)s colleagues were enrolled.",
                        len(made),
                    )
                    % {"count": len(made)}
                    + (
                        " "
                        + ngettext(
                            "%(count)s of them is on the waiting list.",
                            "%(count)s of them are on the waiting list.",
                            waiting,
                        )
                        % {"count": waiting}
                        if waiting
                        else ""
                    )
                )
                if made
                else _("Everyone named is already enrolled."),
            )
            return redirect(training)
    return _render_detail(request, pk, enrol_form=form, status=400)


def _enrolment(request: HttpRequest, training: Training, enrolment_id: int, perm: str) -> Enrolment:
    enrolment = selectors.enrolment_for_page(pk=enrolment_id, training_id=training.pk)
    if enrolment is None:
        raise Http404
    enrolment.training = training
    policy.require(request.user, perm, enrolment, hidden_unless="learning.view_enrolment")
    return enrolment


@require_POST
@login_required
def enrolment_cancel(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    training = get_training(request, pk)
    enrolment = _enrolment(request, training, enrolment_id, "learning.cancel_enrolment")
    was_waiting = enrolment.status == Status.WAITING
    try:
        services.enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment.person_id == request.user.pk:
            messages.success(
                request,
                _("You left the waiting list.") if was_waiting else _("Your place was given back."),
            )
        else:
            messages.success(
                request,
                _("The enrolment of %(name)s was cancelled.")
                % {"name": enrolment.person.full_name},
            )
    return redirect(training)


@require_POST
@login_required
def enrolment_complete(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    training = get_training(request, pk, "learning.change_training")
    enrolment = _enrolment(request, training, enrolment_id, "learning.view_enrolment")
    try:
        services.enrolment_complete(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s has completed the training.") % {"name": enrolment.person.full_name},
        )
    return redirect(training)


@login_required
def certificate(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    """The printable certificate ("intyg") of a completed training."""
    training = get_training(request, pk)
    enrolment = _enrolment(request, training, enrolment_id, "learning.view_enrolment")
    if enrolment.status != Status.COMPLETED:
        raise Http404
    context = {
        "training": training,
        "enrolment": enrolment,
        "attended": selectors.attended_sessions(enrolment=enrolment),
        "sessions": list(training.sessions.all()),
        "now": timezone.now(),
    }
    return render(request, "learning/certificate.html", context)


@login_required
def attendance(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """Who attended a session: the trainer and the coordinator tick them; completion follows."""
    training = get_training(request, pk, "learning.record_attendance")
    session = get_session(training, session_id)
    status = 200
    if request.method == "POST":
        present = parse_ids(request.POST.getlist("present"))
        try:
            completed = services.attendance_record(
                session=session, by=request.user, present=present
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            text = _("The attendance was saved.")
            if completed:
                text += " " + ngettext(
                    "%(count)s participant completed the training.",
                    "%(count)s participants completed the training.",
                    len(completed),
                ) % {"count": len(completed)}
            messages.success(request, text)
            return redirect("learning:attendance", pk=training.pk, session_id=session.pk)
    total = len(training.sessions.all())
    context = {
        "training": training,
        "session": session,
        "sheet": selectors.attendance_sheet(session=session),
        "future": session.starts_at > timezone.now(),
        "rule": services.completion_rule(training, total),
    }
    return render(request, "learning/attendance.html", context, status=status)


def _event(session: TrainingSession, training: Training) -> CalendarEvent:
    trainer = training.responsible
    return CalendarEvent(
        uid=calendar_uid("training-session", session.pk),
        start=session.starts_at,
        end=session.ends_at,
        summary=_("Training: %(title)s") % {"title": training.title}
        + (f" – {session.topic}" if session.topic else ""),
        description=training.description,
        location=session.place,
        url=training.get_absolute_url(),
        organizer_email=trainer.email if trainer else "",
        organizer_name=trainer.full_name if trainer else "",
        sequence=training.version,
        reminder_minutes=60,
        categories=(_("Training"),),
    )


@login_required
def training_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Every session of the training as a calendar file."""
    training = get_training(request, pk)
    events = [_event(session, training) for session in training.sessions.all()]
    return calendar_response(events, filename=training.title, name=training.title)


@login_required
def session_calendar(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    training = get_training(request, pk)
    session = get_session(training, session_id)
    return calendar_response(
        [_event(session, training)], filename=training.title, name=training.title
    )
