"""Learning conversations: themes and their guides, planning a session, following its guide
phase by phase, recording it, making ideas of its insights, the overview and a leader's
history. Views translate HTTP to the services and selectors and back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from idesluss.accounts import qualifications
from idesluss.accounts.models import Role, User
from idesluss.conversations import selectors, services
from idesluss.conversations.forms import (
    OverviewFilterForm,
    PromoteForm,
    RecordForm,
    SessionForm,
    ThemeForm,
)
from idesluss.conversations.models import Session, Theme
from idesluss.conversations.policy import policy
from idesluss.core.http import apply_errors, parse_id
from idesluss.core.ics import CalendarEvent, absolute_url, calendar_response, calendar_uid

# Themes -------------------------------------------------------------------------------------


@login_required
def theme_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "conversations.view_theme")
    return render(
        request,
        "conversations/themes.html",
        {
            "themes": selectors.theme_list(),
            "may_manage": policy.may(request.user, "conversations.manage_themes"),
        },
    )


@login_required
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "conversations.view_theme")
    try:
        theme, guide, versions = selectors.theme_for_page(pk=pk)
    except Theme.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "conversations/theme.html",
        {
            "theme": theme,
            "guide": guide,
            "versions": versions,
            "may_manage": policy.may(request.user, "conversations.manage_themes"),
            "may_plan": policy.may(request.user, "conversations.plan_session"),
        },
    )


@login_required
def theme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Write a theme and its guide (the coordinator); a changed guide is a new version."""
    policy.require(request.user, "conversations.manage_themes")
    theme = guide = None
    if pk is not None:
        theme = Theme.objects.filter(pk=pk).first()
        if theme is None:
            raise Http404
        guide = services.current_guide(theme)
    if request.method == "POST":
        form = ThemeForm(request.POST)
        if form.is_valid():
            try:
                theme = services.theme_save(by=request.user, data=form.to_input(), theme=theme)
            except ValidationError as error:
                apply_errors(form, _phase_errors(error))
            else:
                messages.success(request, _("The theme and its guide were saved."))
                return redirect(theme)
        return render(
            request, "conversations/theme_edit.html", {"form": form, "theme": theme}, status=400
        )
    form = ThemeForm(initial=ThemeForm.initial_for(theme, guide))
    return render(request, "conversations/theme_edit.html", {"form": form, "theme": theme})


def _phase_errors(error: ValidationError) -> ValidationError:
    """The service's guide errors belong to the first phase's name on the form."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            ("phase_1_name" if name == "phases" else name): messages
            for name, messages in error.message_dict.items()
        }
    )


# Sessions -----------------------------------------------------------------------------------


def _get_session(request: HttpRequest, pk: int, perm: str = "conversations.view_session"):
    """The session if the viewer may `perm` it (404 if they may not even know it exists)."""
    try:
        session = selectors.session_for_page(pk=pk, viewer=request.user)
    except Session.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, perm, session, hidden_unless="conversations.view_session")
    return session


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("view") == "past"
    page = selectors.session_list(viewer=request.user, page=request.GET.get("page"), past=past)
    return render(
        request,
        "conversations/list.html",
        {
            "page": page,
            "past": past,
            "may_plan": policy.may(request.user, "conversations.plan_session"),
            "may_overview": policy.may(request.user, "conversations.view_overview"),
            "may_history": policy.may(request.user, "conversations.view_history"),
        },
    )


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session(request, pk)
    user = request.user
    return render(
        request,
        "conversations/detail.html",
        {
            "session": session,
            "may_see_notes": policy.may(user, "conversations.view_notes", session),
            "may_change": policy.may(user, "conversations.change_session", session),
            "started": session.has_started(),
        },
    )


@login_required
def session_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Plan a learning conversation (a leader their own, the coordinator for a leader)."""
    session = None
    if pk is None:
        if not policy.may(request.user, "conversations.plan_session"):
            # Say what is missing and where it comes from (the training that gives it).
            return render(
                request,
                "conversations/not_qualified.html",
                {
                    "reason": qualifications.missing_message(
                        request.user, Role.Code.CONVERSATION_LEADER
                    )
                },
                status=403,
            )
    else:
        session = _get_session(request, pk, "conversations.change_session")
    template = "conversations/edit.html"
    if request.method == "POST":
        form = SessionForm(request.POST, user=request.user, session=session)
        if form.searching:
            form.hide_errors()
            return render(request, template, {"form": form, "session": session})
        if form.is_valid():
            try:
                session = services.session_save(
                    by=request.user, data=form.to_input(), session=session
                )
            except ValidationError as error:
                apply_errors(form, _session_errors(error))
            else:
                messages.success(
                    request,
                    _("The conversation was saved. Named participants are invited."),
                )
                return redirect(session)
        return render(request, template, {"form": form, "session": session}, status=400)
    if session is not None:
        initial = SessionForm.initial_for(session)
    else:
        initial = {"leader": request.user.pk, "start": "13:00", "end": "14:00"}
        theme_id = parse_id(request.GET.get("theme"))
        if theme_id is not None:
            initial["theme"] = theme_id
    form = SessionForm(initial=initial, user=request.user, session=session)
    return render(request, template, {"form": form, "session": session})


def _session_errors(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    names = {"starts_at": "date", "ends_at": "end"}
    return ValidationError(
        {names.get(name, name): messages for name, messages in error.message_dict.items()}
    )


@login_required
def session_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """The guide, one phase at a time, for the leader's phone during the conversation."""
    session = _get_session(request, pk, "conversations.view_notes")
    phases = list(session.guide.phases.all())
    if not phases:
        raise Http404
    number = parse_id(request.GET.get("phase")) or 1
    number = min(max(number, 1), len(phases))
    phase = phases[number - 1]
    return render(
        request,
        "conversations/follow.html",
        {
            "session": session,
            "phase": phase,
            "number": number,
            "count": len(phases),
            "may_change": policy.may(request.user, "conversations.change_session", session),
        },
    )


@login_required
def session_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record experiences, lessons, insights and who took part, once it has started."""
    session = _get_session(request, pk, "conversations.change_session")
    participants = [
        (row.person_id, row.person.full_name or row.person.email)
        for row in session.participant_rows.all()
    ]
    promoted = [insight for insight in session.insights.all() if insight.idea_id]
    template = "conversations/record.html"
    context = {"session": session, "promoted": promoted, "started": session.has_started()}
    if request.method == "POST":
        form = RecordForm(request.POST, participants=participants)
        if form.is_valid():
            try:
                services.session_record(by=request.user, session=session, data=form.to_input())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The conversation was recorded."))
                return redirect(session)
        return render(request, template, {**context, "form": form}, status=400)
    initial = {
        "experiences": session.experiences,
        "lessons": session.lessons,
        # Never the participants' names: the notes say what was learned, not who said it.
        "insights": "\n".join(i.text for i in session.insights.all() if not i.idea_id),
        "took_part": [row.person_id for row in session.participant_rows.all() if row.took_part],
        "attended_count": session.attended_count,
    }
    form = RecordForm(initial=initial, participants=participants)
    return render(request, template, {**context, "form": form})


@login_required
def insight_promote(request: HttpRequest, pk: int, insight_id: int) -> HttpResponse:
    """Make an idea of an insight: the idea form, filled in from the insight and theme."""
    session = _get_session(request, pk, "conversations.change_session")
    insight = next((i for i in session.insights.all() if i.pk == insight_id), None)
    if insight is None:
        raise Http404
    if insight.idea_id:
        messages.info(request, _("That insight is already an idea."))
        return redirect(session)
    people = [row.person for row in session.participant_rows.all() if row.person.is_active]
    template = "conversations/promote.html"
    context = {"session": session, "insight": insight}
    if request.method == "POST":
        form = PromoteForm(request.POST, people=people)
        if form.is_valid():
            try:
                idea = services.insight_promote(
                    by=request.user, insight=insight, data=form.to_input()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The insight is now an idea in the sluice."))
                return redirect(idea)
        return render(request, template, {**context, "form": form}, status=400)
    initial = {
        "title": insight.text[:150],
        "need": insight.text,
        "proposal": insight.text,
        "unit": session.unit_id or getattr(request.user, "unit_id", None),
    }
    form = PromoteForm(initial=initial, people=people)
    return render(request, template, {**context, "form": form})


@login_required
def session_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The conversation as a calendar file, for those who may see it."""
    session = _get_session(request, pk)
    event = CalendarEvent(
        uid=calendar_uid("conversation", session.pk),
        start=session.starts_at,
        end=session.ends_at,
        summary=_("Learning conversation: %(theme)s") % {"theme": session.theme.title},
        location=session.place,
        url=absolute_url(session.get_absolute_url()),
        organizer_email=session.leader.email,
        organizer_name=session.leader.full_name,
        sequence=session.version,
        reminder_minutes=60,
    )
    return calendar_response([event], filename=f"conversation-{session.pk}")


# Overview and history -----------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[OverviewFilterForm, selectors.Filters]:
    form = OverviewFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, selectors.Filters(
            start=data["start"], end=data["end"], unit=data["unit"], theme=data["theme"]
        )
    return form, selectors.Filters()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "conversations.view_overview")
    form, filters = _filters(request)
    status = 400 if form.is_bound and form.errors else 200
    data = None if status == 400 else selectors.overview(viewer=request.user, filters=filters)
    return render(
        request, "conversations/overview.html", {"form": form, "data": data}, status=status
    )


@login_required
def leader_history(request: HttpRequest) -> HttpResponse:
    """A leader's own sessions over time; the coordinator may look at any leader's."""
    policy.require(request.user, "conversations.view_history")
    leader = request.user
    leader_id = parse_id(request.GET.get("leader"))
    if leader_id is not None and leader_id != request.user.pk:
        if not policy.may(request.user, "conversations.view_overview"):
            raise Http404
        leader = User.objects.filter(pk=leader_id).first()
        if leader is None:
            raise Http404
    params = request.GET.copy()
    params.pop("leader", None)
    params.pop("page", None)
    form = OverviewFilterForm(params or None)
    filters = selectors.Filters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = selectors.Filters(
                start=data["start"], end=data["end"], unit=data["unit"], theme=data["theme"]
            )
        else:
            status = 400
    page, totals = selectors.history(leader=leader, filters=filters, page=request.GET.get("page"))
    return render(
        request,
        "conversations/history.html",
        {"form": form, "page": page, "totals": totals, "leader": leader},
        status=status,
    )
