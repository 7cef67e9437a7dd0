"""The live workshop: notes, dots and grouping.

Many phones post and vote at once during a workshop. Notes are plain inserts, so none is
lost; a vote locks the voter's own sign-up row while it counts their dots, so nobody can
spend more dots than they have, however fast they tap, and voters never wait for each
other."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.workshops.models import Cluster, Note, SignUp, Vote, Workshop
from idesluss.workshops.services.common import require

Phase = Workshop.Phase


def _participant_or_refuse(workshop: Workshop, by: User) -> None:
    if not by.has_perm("workshops.take_part", workshop):
        if by.has_perm("workshops.view_workshop", workshop):
            raise ValidationError(_("Sign up for the workshop to take part."))
        raise PermissionDenied


def note_closed_reason(workshop: Workshop) -> str:
    """Why no notes can be posted now (empty while they can)."""
    if workshop.phase == Phase.PLANNED:
        return _("The facilitator has not opened the workshop for notes yet.")
    if workshop.phase != Phase.CAPTURE:
        return _("The workshop is closed for new notes.")
    if workshop.challenge is not None and not workshop.challenge.is_open:
        return workshop.challenge.closed_reason()
    return ""


def note_post(*, workshop: Workshop, by: User, text: str) -> Note:
    """A participant posts a short idea note while the workshop captures notes."""
    _participant_or_refuse(workshop, by)
    current = Workshop.objects.select_related("challenge").get(pk=workshop.pk)
    reason = note_closed_reason(current)
    if reason:
        raise ValidationError(reason)
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": [_("Write your idea on the note.")]})
    if len(text) > Note.MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("A note can be at most %(max)s characters: keep it short.")
                    % {"max": Note.MAX_LENGTH}
                ]
            }
        )
    return Note.objects.create(workshop=current, author=by, text=text)


def _note_of(workshop: Workshop, note_id: int) -> Note:
    note = Note.objects.filter(pk=note_id, workshop=workshop).first()
    if note is None:
        raise ValidationError(_("That note is not on this workshop's board."))
    return note


@transaction.atomic
def vote_add(*, workshop: Workshop, by: User, note_id: int) -> Vote:
    """Put one of one's dots on a note, while voting is open and dots are left."""
    _participant_or_refuse(workshop, by)
    # The voter's own sign-up row is the lock: their dots are counted one tap at a time.
    signup = (
        SignUp.objects.select_for_update()
        .filter(workshop_id=workshop.pk, person=by, status__in=SignUp.TAKING_PART)
        .first()
    )
    if signup is None:
        raise ValidationError(_("Sign up for the workshop to take part."))
    current = Workshop.objects.get(pk=workshop.pk)
    if current.phase != Phase.VOTING:
        if current.phase in (Phase.PLANNED, Phase.CAPTURE):
            raise ValidationError(_("Voting has not started yet."))
        raise ValidationError(_("Voting is closed."))
    note = _note_of(current, note_id)
    used = Vote.objects.filter(workshop=current, voter=by).count()
    if used >= current.dots_per_person:
        raise ValidationError(
            ngettext(
                "You have used your %(count)s dot.",
                "You have used all your %(count)s dots.",
                current.dots_per_person,
            )
            % {"count": current.dots_per_person}
        )
    return Vote.objects.create(workshop=current, note=note, voter=by)


@transaction.atomic
def vote_remove(*, workshop: Workshop, by: User, note_id: int) -> None:
    """Take one of one's dots back from a note, while voting is open."""
    _participant_or_refuse(workshop, by)
    SignUp.objects.select_for_update().filter(workshop_id=workshop.pk, person=by).first()
    current = Workshop.objects.get(pk=workshop.pk)
    if current.phase != Phase.VOTING:
        raise ValidationError(_("Voting is closed."))
    vote = Vote.objects.filter(workshop=current, voter=by, note_id=note_id).last()
    if vote is None:
        raise ValidationError(_("You have no dot on that note."))
    vote.delete()


# Grouping (facilitators)


def _facilitating(workshop: Workshop, by: User) -> Workshop:
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    require(by, "workshops.facilitate_workshop", locked)
    if locked.phase in (Phase.PLANNED, Phase.CANCELLED):
        raise ValidationError(_("Notes can be grouped once the workshop has started."))
    return locked


def _clean_name(name: str) -> str:
    name = single_line(name)
    if not name:
        raise ValidationError({"name": [_("Give the cluster a name.")]})
    if len(name) > 120:
        raise ValidationError({"name": [_("A cluster's name can be at most 120 characters.")]})
    return name


@transaction.atomic
def cluster_create(*, workshop: Workshop, by: User, name: str, note_ids: Iterable[int]) -> Cluster:
    """Group notes under a name (a suggested grouping accepted, changed, or one's own)."""
    locked = _facilitating(workshop, by)
    name = _clean_name(name)
    ids = {int(pk) for pk in note_ids}
    notes = list(Note.objects.filter(workshop=locked, pk__in=ids))
    if not notes or len(notes) != len(ids):
        raise ValidationError({"notes": [_("Choose notes of this workshop to group.")]})
    cluster = Cluster.objects.create(workshop=locked, name=name, created_by=by)
    Note.objects.filter(pk__in=[note.pk for note in notes]).update(cluster=cluster)
    audit_record(actor=by, action="workshop.cluster", target=locked, data={"cluster": cluster.pk})
    return cluster


@transaction.atomic
def cluster_rename(*, cluster: Cluster, by: User, name: str) -> Cluster:
    """Give a cluster a better name."""
    _facilitating(cluster.workshop, by)
    cluster.name = _clean_name(name)
    cluster.save(update_fields=["name"])
    return cluster


@transaction.atomic
def cluster_delete(*, cluster: Cluster, by: User) -> None:
    """Break a cluster up: its notes stay on the board, ungrouped."""
    locked = _facilitating(cluster.workshop, by)
    cluster.delete()
    audit_record(actor=by, action="workshop.uncluster", target=locked)


@transaction.atomic
def note_move(*, workshop: Workshop, by: User, note_id: int, cluster_id: int | None) -> Note:
    """Move a note into a cluster, or out of any."""
    locked = _facilitating(workshop, by)
    note = _note_of(locked, note_id)
    cluster = None
    if cluster_id is not None:
        cluster = Cluster.objects.filter(pk=cluster_id, workshop=locked).first()
        if cluster is None:
            raise ValidationError(_("That cluster is not on this workshop's board."))
    note.cluster = cluster
    note.save(update_fields=["cluster"])
    return note
