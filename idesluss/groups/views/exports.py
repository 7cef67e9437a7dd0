"""A group's record taken elsewhere: the printable red thread, the red thread as a
spreadsheet, and sessions and joint follow-ups as calendar files."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from idesluss.core.dates import format_date, local
from idesluss.core.exports import csv_writer
from idesluss.core.ics import CalendarEvent, absolute_url, calendar_response, calendar_uid
from idesluss.groups import selectors
from idesluss.groups.models import JointFollowUp, Session
from idesluss.groups.policy import policy
from idesluss.groups.views.common import group_page_or_404, joint_or_404, session_or_404
from idesluss.groups.views.groups import render_detail


@login_required
def group_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The red thread, for paper."""
    return render_detail(request, pk, template="groups/print.html")


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
        text = f"{entry.text} – {entry.owner_name}, {format_date(entry.due_on)}"
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
    group = group_page_or_404(request, pk)
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
        location=session.location,
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


@require_GET
@login_required
def session_ics(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """One session as a calendar file, for those who may see the group."""
    session = session_or_404(request, pk, session_id, "groups.view_group")
    when = local(session.starts_at)
    return calendar_response(
        [_session_event(session)], filename=f"{session.group.name} {when:%Y-%m-%d}"
    )


@require_GET
@login_required
def group_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Every coming session of a group in one calendar file."""
    group = group_page_or_404(request, pk)
    events = [_session_event(session) for session in selectors.upcoming_sessions(group=group)]
    return calendar_response(events, filename=group.name, name=f"Idésluss – {group.name}")


@require_GET
@login_required
def joint_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """A joint follow-up as one calendar file, naming the groups the person may see."""
    joint = joint_or_404(request, pk, "groups.view_joint")
    sessions = [
        session
        for session in joint.sessions.all()
        if policy.may(request.user, "groups.view_group", session.group)
    ]
    when = local(joint.starts_at)
    return calendar_response(
        [_joint_event(joint, sessions)], filename=f"{joint.title} {when:%Y-%m-%d}"
    )
