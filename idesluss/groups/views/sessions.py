"""A group's sessions: planning one, its page, recording notes and attendance, and the
decisions and actions made at it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.core.http import apply_errors
from idesluss.groups import services
from idesluss.groups.forms import ActionForm, DecisionForm, SessionForm
from idesluss.groups.models import Action, Session
from idesluss.groups.policy import policy
from idesluss.groups.views.common import group_or_404, save_or_conflict, session_or_404


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a session on the group's timeline (defaults make it a few clicks)."""
    group = group_or_404(request, pk, "groups.change_group")
    if request.method == "POST":
        form = SessionForm(request.POST, group=group)
        if form.is_valid():
            try:
                session = services.session_create(
                    group=group, by=request.user, data=form.to_input()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The session was planned and the group was told."))
                return redirect(session)
        status = 400
    else:
        last = group.sessions.order_by("-starts_at", "-id").first()
        form = SessionForm(group=group, initial=SessionForm.initial_for_new(group, last))
        status = 200
    carried = Action.objects.filter(group=group, done_at__isnull=True).select_related("owner")
    context = {"form": form, "group": group, "session": None, "carried": carried}
    return render(request, "groups/session_edit.html", context, status=status)


@login_required
def session_detail(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    session = session_or_404(request, pk, session_id, "groups.view_group")
    return _render_session(request, session)


def _render_session(
    request: HttpRequest,
    session: Session,
    *,
    decision_form: DecisionForm | None = None,
    action_form: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    group = session.group
    may_change = policy.may(request.user, "groups.change_group", group)
    context = {
        "group": group,
        "session": session,
        "may_change": may_change,
        "decision_form": (decision_form or DecisionForm()) if may_change else None,
        "action_form": (action_form or ActionForm(group=group)) if may_change else None,
        "today": timezone.localdate(),
    }
    return render(request, "groups/session.html", context, status=status)


@login_required
def session_edit(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """Record the agenda, notes and attendance; someone else's change meanwhile is not lost."""
    session = session_or_404(request, pk, session_id, "groups.change_group")
    group, joint = session.group, session.joint
    conflict = None
    if request.method == "POST":
        form = SessionForm(request.POST, group=group, joint=joint)
        status = 400
        if form.is_valid():
            saved, form, conflict, status = save_or_conflict(
                request,
                form,
                save=lambda: services.session_update(
                    session=session,
                    by=request.user,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                ),
                current=lambda: Session.objects.get(pk=session.pk),
                rebind=lambda data: SessionForm(data, group=group, joint=joint),
            )
            if saved is not None:
                messages.success(request, _("The session was saved."))
                return redirect(saved)
    else:
        form = SessionForm(group=group, joint=joint, initial=SessionForm.initial_for(session))
        status = 200
    context = {"form": form, "group": group, "session": session, "conflict": conflict}
    return render(request, "groups/session_edit.html", context, status=status)


@require_POST
@login_required
def decision_add(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    session = session_or_404(request, pk, session_id, "groups.change_group")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_add(session=session, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(session)
    return _render_session(request, session, decision_form=form, status=400)


@require_POST
@login_required
def action_add(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    session = session_or_404(request, pk, session_id, "groups.change_group")
    form = ActionForm(request.POST, group=session.group)
    if form.is_valid():
        try:
            services.action_add(
                session=session,
                by=request.user,
                what=form.cleaned_data["what"],
                owner=form.owner_person(),
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The action was added and its owner was told."))
            return redirect(session)
    return _render_session(request, session, action_form=form, status=400)
