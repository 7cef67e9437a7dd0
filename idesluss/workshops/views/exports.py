"""The workshop outside its pages: calendar files (.ics), the summary as CSV and printed."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from idesluss.core.exports import csv_writer
from idesluss.core.ics import CalendarEvent, calendar_response, calendar_uid
from idesluss.workshops.models import SignUp, Workshop
from idesluss.workshops.policy import policy
from idesluss.workshops.views.common import get_workshop, perms, summary_for


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
        cancelled=cancelled or workshop.phase == Workshop.Phase.CANCELLED,
        reminder_minutes=60,
        categories=(_("Idea workshop"),),
    )


@login_required
def workshop_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The workshop as a calendar file, for anyone who may see it."""
    workshop = get_workshop(request, pk)
    event = _event(workshop, uid=calendar_uid("workshop", workshop.pk))
    return calendar_response([event], filename=workshop.title, name=workshop.title)


@login_required
def signup_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One's own sign-up as a calendar file (cancelled when the place is given back)."""
    workshop = get_workshop(request, pk)
    signup = workshop.viewer_signup
    if signup is None or signup.status == SignUp.Status.INVITED:
        raise Http404
    event = _event(
        workshop,
        uid=calendar_uid("workshop-signup", signup.pk),
        cancelled=signup.status == SignUp.Status.CANCELLED,
    )
    return calendar_response([event], filename=workshop.title, name=workshop.title)


@login_required
def summary_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary on paper: without links, with the time it was printed."""
    workshop, result = summary_for(request, pk)
    context = {
        "workshop": workshop,
        "summary": result,
        "now": timezone.now(),
        **perms(request, workshop),
    }
    return render(request, "workshops/print.html", context)


@login_required
def summary_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every note with its cluster, dots and the idea it became (authors for facilitators)."""
    workshop, result = summary_for(request, pk)
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
