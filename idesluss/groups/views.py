from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from idesluss.accounts.selectors import roles_of
from idesluss.core.http import apply_errors, safe_next
from idesluss.groups import selectors, services
from idesluss.groups.forms import ActionForm, DecisionForm, GroupForm, SessionForm, StatusForm
from idesluss.groups.models import Action, Group, Session
from idesluss.ideas.models import Idea


def _group_or_404(request: HttpRequest, pk: int, perm: str = "groups.view_group") -> Group:
    group = get_object_or_404(
        Group.objects.select_related("coach").prefetch_related("members"), pk=pk
    )
    if not request.user.has_perm("groups.view_group", group):
        # A group one may not see is not there for them.
        raise Http404
    if not request.user.has_perm(perm, group):
        raise PermissionDenied
    return group


def _session_or_404(request: HttpRequest, pk: int, session_id: int, perm: str) -> Session:
    try:
        session = selectors.session_for_page(group_pk=pk, session_pk=session_id)
    except Session.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("groups.view_group", session.group):
        raise Http404
    if not request.user.has_perm(perm, session.group):
        raise PermissionDenied
    return session


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("view") == "mine"
    page = selectors.group_list(viewer=request.user, page=request.GET.get("page"), mine=mine)
    return render(request, "groups/list.html", {"page": page, "mine": mine})


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's page: facts, status, sessions, open actions and the red thread."""
    return _render_detail(request, pk, template="groups/detail.html")


@login_required
def group_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The red thread, for paper."""
    return _render_detail(request, pk, template="groups/print.html")


def _render_detail(
    request: HttpRequest, pk: int, *, template: str, status_form=None, status: int = 200
) -> HttpResponse:
    try:
        group = selectors.group_for_page(pk=pk)
    except Group.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("groups.view_group", group):
        raise Http404
    may_change = request.user.has_perm("groups.change_group", group)
    context = {
        "group": group,
        "may_change": may_change,
        "thread": selectors.red_thread(group=group),
        "open_actions": selectors.open_actions(group=group),
        "status_form": status_form
        or (
            StatusForm(initial={"status": group.status, "comment": group.status_comment})
            if may_change
            else None
        ),
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render(request, template, context, status=status)


@login_required
def group_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Start a group (from an idea, if one is given) or edit one."""
    group = None
    if pk is None:
        if not request.user.has_perm("groups.add_group"):
            raise PermissionDenied
    else:
        group = _group_or_404(request, pk, "groups.change_group")
    if request.method == "POST":
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = services.group_save(by=request.user, data=form.to_input(), group=group)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The group was saved."))
                return redirect(group)
        return render(request, "groups/edit.html", {"form": form, "group": group}, status=400)
    if group is not None:
        initial = GroupForm.initial_for(group)
    else:
        initial = {"starts_on": timezone.localdate(), "kind": Group.Kind.WORKGROUP}
        idea_id = request.GET.get("idea", "")
        if idea_id.isdigit():
            idea = Idea.objects.filter(pk=int(idea_id), status=Idea.Status.SUBMITTED).first()
            if idea is not None and request.user.has_perm("ideas.view_idea", idea):
                initial = GroupForm.initial_from_idea(idea)
        if "coach" in roles_of(request.user).codes:
            initial.setdefault("coach", request.user)
    form = GroupForm(initial=initial)
    return render(request, "groups/edit.html", {"form": form, "group": group})


@require_POST
@login_required
def group_status(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk, "groups.change_group")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.group_set_status(
                group=group,
                by=request.user,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The status was updated."))
            return redirect(group)
    return _render_detail(request, pk, template="groups/detail.html", status_form=form, status=400)


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a session on the group's timeline."""
    group = _group_or_404(request, pk, "groups.change_group")
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
        form = SessionForm(group=group, initial={"date": timezone.localdate()})
        status = 200
    context = {"form": form, "group": group, "session": None}
    return render(request, "groups/session_edit.html", context, status=status)


@login_required
def session_detail(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    session = _session_or_404(request, pk, session_id, "groups.view_group")
    return _render_session(request, session)


def _render_session(
    request: HttpRequest, session: Session, *, decision_form=None, action_form=None, status=200
) -> HttpResponse:
    group = session.group
    may_change = request.user.has_perm("groups.change_group", group)
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
    session = _session_or_404(request, pk, session_id, "groups.change_group")
    group = session.group
    conflict = None
    if request.method == "POST":
        form = SessionForm(request.POST, group=group)
        if form.is_valid():
            try:
                session = services.session_update(
                    session=session,
                    by=request.user,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                )
            except services.SessionChanged as error:
                # Keep what they wrote, show what is saved now, and let them save again.
                conflict = Session.objects.get(pk=session.pk)
                data = request.POST.copy()
                data["version"] = conflict.version
                form = SessionForm(data, group=group)
                form.is_valid()
                messages.error(request, error.messages[0])
                context = {"form": form, "group": group, "session": session, "conflict": conflict}
                return render(request, "groups/session_edit.html", context, status=409)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The session was saved."))
                return redirect(session)
        status = 400
    else:
        form = SessionForm(group=group, initial=SessionForm.initial_for(session))
        status = 200
    context = {"form": form, "group": group, "session": session, "conflict": conflict}
    return render(request, "groups/session_edit.html", context, status=status)


@require_POST
@login_required
def decision_add(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    session = _session_or_404(request, pk, session_id, "groups.change_group")
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
    session = _session_or_404(request, pk, session_id, "groups.change_group")
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


@require_POST
@login_required
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("group"), pk=action_id)
    if (
        not request.user.has_perm("groups.view_group", action.group)
        and action.owner_id != request.user.pk
    ):
        raise Http404
    done = request.POST.get("done", "1") != "0"
    services.action_set_done(action=action, by=request.user, done=done)
    messages.success(request, _("Marked as done.") if done else _("The action is open again."))
    return redirect(safe_next(request, action.group.get_absolute_url()))


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """Everyone's own actions across their groups, by due date."""
    done = request.GET.get("view") == "done"
    page = selectors.my_actions(person=request.user, page=request.GET.get("page"), done=done)
    context = {"page": page, "done": done, "today": timezone.localdate()}
    return render(request, "groups/my_actions.html", context)


@login_required
@permission_required("groups.view_overview", raise_exception=True)
def overview(request: HttpRequest) -> HttpResponse:
    """Follow-up for coaches and the coordinator."""
    weeks_raw = request.GET.get("weeks", "")
    weeks = int(weeks_raw) if weeks_raw.isdigit() and 0 < int(weeks_raw) < 520 else None
    page = selectors.overview(viewer=request.user, page=request.GET.get("page"), weeks=weeks)
    context = {
        "page": page,
        "weeks": weeks,
        "query": f"weeks={weeks}" if weeks else "",
        "today": timezone.localdate(),
    }
    return render(request, "groups/overview.html", context)
