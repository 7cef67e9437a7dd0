"""After the notes: making ideas of notes and clusters, and the workshop's summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from idesluss.core.http import apply_errors, parse_id
from idesluss.workshops import services
from idesluss.workshops.forms import PromoteForm
from idesluss.workshops.models import Cluster, Note, Workshop
from idesluss.workshops.views.common import get_cluster, get_workshop, perms, summary_for


def _promote_source(request: HttpRequest, workshop: Workshop) -> tuple[Cluster | None, list[Note]]:
    data = request.POST if request.method == "POST" else request.GET
    cluster_id, note_id = parse_id(data.get("cluster")), parse_id(data.get("note"))
    if cluster_id is not None:
        cluster = get_cluster(workshop, cluster_id)
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
    workshop = get_workshop(request, pk, "workshops.facilitate_workshop")
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


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """What the workshop produced and where its ideas are now."""
    workshop, result = summary_for(request, pk)
    context = {"workshop": workshop, "summary": result, **perms(request, workshop)}
    return render(request, "workshops/summary.html", context)
