import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from idesluss.accounts.selectors import roles_of
from idesluss.core.dates import local
from idesluss.core.exports import csv_writer
from idesluss.core.http import apply_errors, parse_id, parse_ids, safe_next
from idesluss.core.ics import CalendarEvent, absolute_url, calendar_response, calendar_uid
from idesluss.groups import selectors, services
from idesluss.groups.forms import (
    ActionForm,
    DecisionForm,
    GroupForm,
    JointForm,
    SessionForm,
    StatusForm,
)
from idesluss.groups.models import Action, Group, JointFollowUp, Session
from idesluss.groups.policy import policy
from idesluss.ideas.models import Idea

# Most ideas a group is started from at once (a workshop's chosen ones).
MAX_START_IDEAS = 20


def _group_or_404(request: HttpRequest, pk: int, perm: str = "groups.view_group") -> Group:
    group = get_object_or_404(
        Group.objects.select_related("coach").prefetch_related("members"), pk=pk
    )
    # A group one may not see is not there for them (404); one they see but may not change 403.
    policy.require(request.user, perm, group, hidden_unless="groups.view_group")
    return group


def _session_or_404(request: HttpRequest, pk: int, session_id: int, perm: str) -> Session:
    try:
        session = selectors.session_for_page(group_pk=pk, session_pk=session_id)
    except Session.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, perm, session.group, hidden_unless="groups.view_group")
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
    policy.require(request.user, "groups.view_group", group, hidden_unless="groups.view_group")
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
    }
    return render(request, template, context, status=status)


@login_required
def group_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Start a group (from ideas, if some are given) or edit one."""
    group = None
    if pk is None:
        policy.require(request.user, "groups.add_group")
    else:
        group = _group_or_404(request, pk, "groups.change_group")
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
    """Plan a session on the group's timeline (defaults make it a few clicks)."""
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
        last = group.sessions.order_by("-starts_at", "-id").first()
        form = SessionForm(group=group, initial=SessionForm.initial_for_new(group, last))
        status = 200
    carried = Action.objects.filter(group=group, done_at__isnull=True).select_related("owner")
    context = {"form": form, "group": group, "session": None, "carried": carried}
    return render(request, "groups/session_edit.html", context, status=status)


@login_required
def session_detail(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    session = _session_or_404(request, pk, session_id, "groups.view_group")
    return _render_session(request, session)


def _render_session(
    request: HttpRequest, session: Session, *, decision_form=None, action_form=None, status=200
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


def _save_or_conflict(request: HttpRequest, form, *, save, current, rebind):
    """Save a versioned form with `save()`. When someone else saved meanwhile, keep what
    this person wrote, show what is saved now (`current()`) and let them save again: the
    form is bound anew (`rebind(data)`) with the current version.

    Returns (the saved object or None, the form, the conflicting object or None, status)."""
    try:
        return save(), form, None, 200
    except services.SessionChanged as error:
        conflict = current()
        data = request.POST.copy()
        data["version"] = conflict.version
        form = rebind(data)
        form.is_valid()
        messages.error(request, error.messages[0])
        return None, form, conflict, 409
    except ValidationError as error:
        apply_errors(form, error)
        return None, form, None, 400


@login_required
def session_edit(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """Record the agenda, notes and attendance; someone else's change meanwhile is not lost."""
    session = _session_or_404(request, pk, session_id, "groups.change_group")
    group, joint = session.group, session.joint
    conflict = None
    if request.method == "POST":
        form = SessionForm(request.POST, group=group, joint=joint)
        status = 400
        if form.is_valid():
            saved, form, conflict, status = _save_or_conflict(
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
    # An action of a group one may not see is not there for them, unless it is theirs.
    policy.require(
        request.user, "groups.complete_action", action, hidden_unless="groups.view_action"
    )
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


def _session_event(session: Session) -> CalendarEvent:
    """A session as a calendar entry. A joint follow-up is one entry for everyone, however
    many of its groups they are in."""
    group, joint = session.group, session.joint
    if joint is not None:
        return _joint_event(joint, [session])
    lines = [session.agenda, absolute_url(session.get_absolute_url())]
    return CalendarEvent(
        uid=calendar_uid("group-session", session.pk),
        start=session.starts_at,
        end=session.ends_at,
        summary=f"{session.get_kind_display()}: {group.name}",
        description="\n\n".join(line for line in lines if line),
        url=session.get_absolute_url(),
        organizer_email=group.coach.email if group.coach_id else "",
        organizer_name=group.coach.full_name if group.coach_id else "",
        sequence=session.version - 1,
        reminder_minutes=60,
        categories=(str(group.get_kind_display()),),
    )


def _joint_event(joint: JointFollowUp, sessions: list[Session]) -> CalendarEvent:
    names = ", ".join(session.group.name for session in sessions)
    lines = [names, joint.agenda, absolute_url(joint.get_absolute_url())]
    return CalendarEvent(
        uid=calendar_uid("group-follow-up", joint.pk),
        start=joint.starts_at,
        end=joint.ends_at,
        summary=joint.title,
        description="\n\n".join(line for line in lines if line),
        location=joint.location,
        url=joint.get_absolute_url(),
        sequence=joint.version - 1,
        reminder_minutes=60,
    )


def _thread_row(entry: selectors.Entry) -> list[str]:
    """One line of the red thread as text: when, what kind, what, who."""
    kind, text = entry.kind, ""
    if entry.kind == "session":
        session = entry.session
        kind = session.kind_label
        parts = [session.joint_title, session.notes or session.agenda]
        text = "\n".join(part for part in parts if part)
    elif entry.kind == "decision":
        kind, text = _("Decision"), entry.text
    elif entry.kind == "action":
        kind = _("Action")
        text = f"{entry.text} – {entry.owner_name}, {entry.due_on.isoformat()}"
    elif entry.kind == "done":
        kind, text = _("Done"), entry.text
    elif entry.kind == "status":
        kind = _("Status")
        text = " – ".join(part for part in (entry.status, entry.text) if part)
    elif entry.kind == "idea":
        kind = _("Idea")
        text = f"{entry.idea_title}: {' → '.join(entry.stages)}"
    else:
        kind = entry.label
    when = local(entry.when)
    return [f"{when:%Y-%m-%d %H:%M}", str(kind), text, entry.actor_name]


@require_GET
@login_required
def group_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The red thread as a spreadsheet (CSV, as Excel opens it) for the steering group."""
    try:
        group = selectors.group_for_page(pk=pk)
    except Group.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, "groups.view_group", group, hidden_unless="groups.view_group")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(group.name) or "group"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    # The byte order mark and semicolons make Excel with Swedish settings read it right.
    response.write("\ufeff")
    writer = csv_writer(response, delimiter=";")
    writer.writerow([_("When"), _("Kind"), _("What"), _("Who")])
    for entry in selectors.red_thread(group=group, viewer=request.user):
        writer.writerow(_thread_row(entry))
    return response


@require_GET
@login_required
def session_ics(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """One session as a calendar file, for those who may see the group."""
    session = _session_or_404(request, pk, session_id, "groups.view_group")
    when = local(session.starts_at)
    return calendar_response(
        [_session_event(session)], filename=f"{session.group.name} {when:%Y-%m-%d}"
    )


@require_GET
@login_required
def group_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Every coming session of a group in one calendar file."""
    try:
        group = selectors.group_for_page(pk=pk)
    except Group.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, "groups.view_group", group, hidden_unless="groups.view_group")
    events = [_session_event(session) for session in selectors.upcoming_sessions(group=group)]
    return calendar_response(events, filename=group.name, name=f"Idésluss – {group.name}")


def _joint_or_404(request: HttpRequest, pk: int, perm: str) -> JointFollowUp:
    try:
        joint = selectors.joint_for_page(pk=pk)
    except JointFollowUp.DoesNotExist:
        raise Http404 from None
    # One may see none of its groups and is not invited: it is not there for them.
    policy.require(request.user, perm, joint, hidden_unless="groups.view_joint")
    return joint


@login_required
def joint_create(request: HttpRequest) -> HttpResponse:
    """Plan a follow-up that gathers several groups (chosen on the follow-up overview)."""
    policy.require(request.user, "groups.plan_joint")
    groups = list(selectors.groups_for_joint(viewer=request.user))
    if request.method == "POST":
        form = JointForm(request.POST, groups=groups)
        if form.is_valid():
            try:
                joint = services.joint_create(by=request.user, data=form.to_input())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("The joint follow-up was planned and the groups were told.")
                )
                return redirect(joint)
        status = 400
    else:
        chosen = parse_ids(request.GET.getlist("group"))
        day = timezone.localdate() + datetime.timedelta(days=7)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        initial = {"groups": chosen, "date": day, "time": datetime.time(13, 0)}
        form = JointForm(groups=groups, initial=initial)
        status = 200
    context = {"form": form, "joint": None, "groups": groups}
    return render(request, "groups/joint_edit.html", context, status=status)


@login_required
def joint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A joint follow-up: the groups, everyone invited, and each group's part."""
    joint = _joint_or_404(request, pk, "groups.view_joint")
    view = selectors.joint_view(joint=joint, viewer=request.user)
    context = {
        "joint": joint,
        "parts": view.parts,
        "participants": view.participants,
        "may_change": policy.may(request.user, "groups.change_joint", joint),
        "now": timezone.now(),
        "today": timezone.localdate(),
    }
    return render(request, "groups/joint.html", context)


@login_required
def joint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a joint follow-up or change its agenda; a change made meanwhile is not lost."""
    joint = _joint_or_404(request, pk, "groups.change_joint")
    conflict = None
    status = 200
    if request.method == "POST":
        form = JointForm(request.POST)
        status = 400
        if form.is_valid():
            saved, form, conflict, status = _save_or_conflict(
                request,
                form,
                save=lambda: services.joint_update(
                    joint=joint,
                    by=request.user,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                ),
                current=lambda: JointFollowUp.objects.get(pk=joint.pk),
                rebind=JointForm,
            )
            if saved is not None:
                messages.success(request, _("The joint follow-up was saved."))
                return redirect(saved)
    else:
        form = JointForm(initial=JointForm.initial_for(joint))
    context = {"form": form, "joint": joint, "conflict": conflict}
    return render(request, "groups/joint_edit.html", context, status=status)


@require_GET
@login_required
def joint_ics(request: HttpRequest, pk: int) -> HttpResponse:
    joint = _joint_or_404(request, pk, "groups.view_joint")
    sessions = [
        session
        for session in joint.sessions.all()
        if policy.may(request.user, "groups.view_group", session.group)
    ]
    when = local(joint.starts_at)
    return calendar_response(
        [_joint_event(joint, sessions)], filename=f"{joint.title} {when:%Y-%m-%d}"
    )


def _picker_response(request: HttpRequest, *, name: str, load, search) -> HttpResponse:
    numbers = parse_ids(request.GET.getlist(name))[:200]
    query = request.GET.get(f"{name}_q", "")[:200]
    chosen = load(numbers) if numbers else []
    found = {obj.pk: obj for obj in chosen}
    context = {
        "widget": {
            "name": name,
            "attrs": {"id": f"id_{name}"},
            "chosen": [found[n] for n in numbers if n in found],
            "results": search(text=query, exclude=set(numbers)) if query.strip() else [],
            "query": query,
            "kind": "people" if name == "members" else "ideas",
        },
        "oob": True,
    }
    return HttpResponse(render_to_string("groups/widgets/_picker_options.html", context, request))


@require_GET
@login_required
def pick_people(request: HttpRequest) -> HttpResponse:
    """The people picker's options while typing (htmx): the ticked ones and the matches."""
    return _picker_response(
        request, name="members", load=GroupForm._people, search=selectors.people_matching
    )


@require_GET
@login_required
def pick_ideas(request: HttpRequest) -> HttpResponse:
    """The idea picker's options while typing (htmx)."""
    return _picker_response(
        request, name="ideas", load=GroupForm._ideas, search=selectors.ideas_matching
    )
