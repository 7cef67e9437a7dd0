"""The groups: the list, a group's page, starting or editing one, its status, and the
follow-up overview of coaches and the coordinator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.accounts.selectors import roles_of
from idesluss.core import panels
from idesluss.core.http import apply_errors, parse_id, parse_ids
from idesluss.groups import selectors, services
from idesluss.groups.forms import GroupForm, SessionForm, StatusForm
from idesluss.groups.models import Group
from idesluss.groups.policy import policy
from idesluss.groups.views.common import group_or_404, group_page_or_404
from idesluss.ideas.models import Idea

# Most ideas a group is started from at once (a workshop's chosen ones).
MAX_START_IDEAS = 20


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("view") == "mine"
    page = selectors.group_list(viewer=request.user, page=request.GET.get("page"), mine=mine)
    return render(request, "groups/list.html", {"page": page, "mine": mine})


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's page: facts, status, sessions, open actions and the red thread."""
    return render_detail(request, pk, template="groups/detail.html")


def render_detail(
    request: HttpRequest,
    pk: int,
    *,
    template: str,
    status_form: StatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The group's page (or its printable red thread, `template`)."""
    group = group_page_or_404(request, pk)
    may_change = policy.may(request.user, "groups.change_group", group)
    now = timezone.now()
    story = selectors.group_story(group=group, viewer=request.user, now=now)
    plan_form = None
    if may_change:
        last = story.sessions[-1] if story.sessions else None
        initial = SessionForm.initial_for_new(group, last)
        plan_form = SessionForm(group=group, initial=initial, auto_id="plan_%s")
    context = {
        "group": group,
        "may_change": may_change,
        "ideas": story.ideas,
        "sessions": story.sessions,
        "upcoming": story.upcoming(now),
        "plan_form": plan_form,
        "thread": story.thread,
        "open_actions": story.open_actions,
        "status_form": status_form
        or (
            StatusForm(initial={"status": group.status, "comment": group.status_comment})
            if may_change
            else None
        ),
        "today": timezone.localdate(),
        "now": now,
        # What the apps above groups show here: its good examples (core/panels.py).
        "panels": panels.for_page("groups.detail", request, group),
    }
    return render(request, template, context, status=status)


@login_required
def group_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Start a group (from ideas, if some are given) or edit one."""
    group = None
    if pk is None:
        policy.require(request.user, "groups.add_group")
    else:
        group = group_or_404(request, pk, "groups.change_group")
    context = {"group": group}
    if request.method == "POST":
        form = GroupForm(request.POST)
        if request.POST.get("pick"):
            # Searched for people or ideas without JavaScript: show the matches, save nothing.
            form.hide_errors()
            return render(request, "groups/edit.html", {**context, "form": form})
        if form.is_valid():
            try:
                group = services.group_save(by=request.user, data=form.to_input(), group=group)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The group was saved."))
                return redirect(group)
        return render(request, "groups/edit.html", {**context, "form": form}, status=400)
    if group is not None:
        initial = GroupForm.initial_for(group)
    else:
        initial = {"starts_on": timezone.localdate(), "kind": Group.Kind.WORKGROUP}
        ideas = _ideas_to_start_from(request)
        if ideas:
            initial = GroupForm.initial_from_ideas(ideas, viewer=request.user)
        if "coach" in roles_of(request.user).codes:
            initial.setdefault("coach", request.user)
    form = GroupForm(initial=initial)
    return render(request, "groups/edit.html", {**context, "form": form})


def _ideas_to_start_from(request: HttpRequest) -> list[Idea]:
    """The open ideas named by `?idea=` (one or several) that the person may see, in the
    order given; any others are left out, and the person is told."""
    asked = request.GET.getlist("idea")
    numbers = parse_ids(asked)[:MAX_START_IDEAS]
    found = {
        idea.pk: idea
        for idea in Idea.objects.filter(pk__in=numbers, status=Idea.Status.SUBMITTED)
        .select_related("submitter", "stage")
        .prefetch_related("co_submitters", "assessor_assignments")
        if request.user.has_perm("ideas.view_idea", idea)
    }
    ideas = [found[number] for number in numbers if number in found]
    if len(ideas) < len(asked):
        messages.warning(
            request, _("Some of the ideas could not be added: they are not open or not found.")
        )
    return ideas


@require_POST
@login_required
def group_status(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_or_404(request, pk, "groups.change_group")
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
    return render_detail(request, pk, template="groups/detail.html", status_form=form, status=400)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Follow-up for coaches and the coordinator."""
    policy.require(request.user, "groups.view_overview")
    weeks = parse_id(request.GET.get("weeks"))
    if weeks is not None and weeks >= 520:
        weeks = None
    page = selectors.overview(viewer=request.user, page=request.GET.get("page"), weeks=weeks)
    context = {
        "page": page,
        "weeks": weeks,
        "query": f"weeks={weeks}" if weeks else "",
        "today": timezone.localdate(),
    }
    return render(request, "groups/overview.html", context)
