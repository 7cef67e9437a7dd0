"""Making ideas of a workshop's notes and clusters."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idesluss.accounts.models import Unit, User
from idesluss.core.services import audit_record
from idesluss.ideas.models import Idea, Lane
from idesluss.ideas.services import IdeaInput, submit_idea
from idesluss.workshops import notifications
from idesluss.workshops.models import Cluster, Note, Workshop
from idesluss.workshops.services.common import require

Phase = Workshop.Phase


@dataclass
class PromoteInput:
    title: str = ""
    need: str = ""
    proposal: str = ""
    lane: str = Lane.IMPROVEMENT
    unit: Unit | None = None


@transaction.atomic
def workshop_promote(
    *,
    workshop: Workshop,
    by: User,
    data: PromoteInput,
    note_ids: Iterable[int] = (),
    cluster_id: int | None = None,
) -> Idea:
    """Make a real idea of a note or a cluster: it enters the idea sluice with the workshop,
    its challenge (while open) and goals, and every note author as a co-submitter."""
    locked = (
        Workshop.objects.select_for_update(of=("self",))
        .select_related("challenge")
        .get(pk=workshop.pk)
    )
    require(by, "workshops.facilitate_workshop", locked)
    if locked.phase in (Phase.PLANNED, Phase.CANCELLED):
        raise ValidationError(_("Notes can be made ideas once the workshop has started."))
    cluster = None
    if cluster_id is not None:
        cluster = Cluster.objects.select_for_update().filter(pk=cluster_id, workshop=locked).first()
        if cluster is None:
            raise ValidationError(_("That cluster is not on this workshop's board."))
        if cluster.promoted_idea_id:
            raise ValidationError(_("That cluster is already an idea."))
        notes = list(Note.objects.filter(cluster=cluster).select_related("author"))
    else:
        ids = {int(pk) for pk in note_ids}
        notes = list(
            Note.objects.select_for_update(of=("self",))
            .filter(workshop=locked, pk__in=ids)
            .select_related("author")
        )
        if not notes or len(notes) != len(ids):
            raise ValidationError(_("Choose a note or a cluster of this workshop."))
        if any(note.promoted_idea_id for note in notes):
            raise ValidationError(_("That note is already an idea."))
    if not notes:
        raise ValidationError(_("The cluster has no notes."))
    authors = list({note.author.pk: note.author for note in notes}.values())
    challenge = locked.challenge if locked.challenge and locked.challenge.is_open else None
    idea = submit_idea(
        by=by,
        data=IdeaInput(
            title=data.title,
            need=data.need,
            proposal=data.proposal,
            lane=data.lane,
            unit=data.unit,
            global_goals=list(locked.global_goals.all()),
            vision_goals=list(locked.vision_goals.all()),
            co_submitters=[person for person in authors if person.is_active],
            challenge=challenge,
            workshop=locked,
        ),
    )
    Note.objects.filter(pk__in=[note.pk for note in notes]).update(promoted_idea=idea)
    if cluster is not None:
        cluster.promoted_idea = idea
        cluster.save(update_fields=["promoted_idea"])
    audit_record(actor=by, action="workshop.promote", target=locked, data={"idea": idea.pk})
    # The note authors hear that their notes became an idea (the page tells the
    # facilitator they have), once it is committed.
    told = [person for person in authors if person.is_active]
    transaction.on_commit(
        lambda: notifications.notify_note_promoted(workshop=locked, idea=idea, people=told, by=by)
    )
    return idea
