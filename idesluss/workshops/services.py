"""Every change to a workshop goes through these functions: they check the rules, validate,
keep the audit trail and tell the people involved.

Many phones post and vote at once during a workshop. Notes are plain inserts, so none is
lost; a vote locks the voter's own sign-up row while it counts their dots, so nobody can
spend more dots than they have, however fast they tap, and voters never wait for each
other."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import Challenge
from idesluss.core.dates import date_error, local
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.ideas.models import GlobalGoal, Idea, Lane, VisionGoal
from idesluss.ideas.services import IdeaInput, submit_idea
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify
from idesluss.workshops.models import Cluster, Note, SignUp, Vote, Workshop

Phase = Workshop.Phase
MAX_DOTS = 20
MAX_CAPACITY = 1000


@dataclass
class WorkshopInput:
    title: str = ""
    description: str = ""
    challenge: Challenge | None = None
    global_goals: list[GlobalGoal] = field(default_factory=list)
    vision_goals: list[VisionGoal] = field(default_factory=list)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str = ""
    online_url: str = ""
    facilitators: list[User] = field(default_factory=list)
    capacity: int | None = 20
    dots_per_person: int | None = 3


def when_text(workshop: Workshop) -> str:
    start = local(workshop.starts_at)
    end = local(workshop.ends_at)
    return f"{date_format(start, 'j F Y')} {start:%H:%M}–{end:%H:%M}"


def _validate_workshop(data: WorkshopInput, workshop: Workshop) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the workshop a theme.")]
    elif len(data.title.strip()) > 150:
        errors["title"] = [_("The theme can be at most 150 characters.")]
    if data.starts_at is None:
        errors["starts_at"] = [_("Give the date and start time.")]
    elif date_error(data.starts_at):
        errors["starts_at"] = [date_error(data.starts_at)]
    elif data.ends_at is None or data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The workshop must end after it starts.")]
    if not data.place.strip() and not data.online_url.strip():
        errors["place"] = [_("Say where the workshop is, or give the online link.")]
    if data.capacity is None or not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = [
            _("The number of places must be between 1 and %(max)s.") % {"max": MAX_CAPACITY}
        ]
    if data.dots_per_person is None or not 1 <= data.dots_per_person <= MAX_DOTS:
        errors["dots_per_person"] = [
            _("Each participant gets between 1 and %(max)s dots.") % {"max": MAX_DOTS}
        ]
    if not [person for person in data.facilitators if person.is_active]:
        errors["facilitators"] = [_("A workshop needs at least one facilitator.")]
    if (
        data.challenge is not None
        and data.challenge.pk != workshop.challenge_id
        and data.challenge.status == Challenge.Status.CLOSED
    ):
        errors["challenge"] = [data.challenge.closed_reason()]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def workshop_save(*, by: User, data: WorkshopInput, workshop: Workshop | None = None) -> Workshop:
    """Plan a workshop (coordinator, managers, coaches) or change one (its facilitators)."""
    if workshop is None:
        if not by.has_perm("workshops.add_workshop"):
            raise PermissionDenied
        workshop = Workshop(created_by=by)
    else:
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if not by.has_perm("workshops.change_workshop", workshop):
            raise PermissionDenied
        if workshop.phase == Phase.CANCELLED:
            raise ValidationError(_("The workshop is cancelled and can no longer be changed."))
    _validate_workshop(data, workshop)
    new = workshop.pk is None
    moved = not new and (
        workshop.starts_at != data.starts_at
        or workshop.ends_at != data.ends_at
        or workshop.place != data.place.strip()
        or workshop.online_url != data.online_url.strip()
    )
    if (
        not new
        and data.capacity
        < SignUp.objects.filter(workshop=workshop, status=SignUp.Status.SIGNED_UP).count()
    ):
        raise ValidationError(
            {"capacity": [_("More people have signed up already than that number of places.")]}
        )
    workshop.title = single_line(data.title)
    workshop.description = data.description.strip()
    workshop.challenge = data.challenge
    workshop.starts_at = data.starts_at
    workshop.ends_at = data.ends_at
    workshop.place = data.place.strip()
    workshop.online_url = data.online_url.strip()
    workshop.capacity = data.capacity
    workshop.dots_per_person = data.dots_per_person
    if not new:
        workshop.version = F("version") + 1
    workshop.full_clean(exclude=["version", "facilitators", "created_by"])
    workshop.save()
    workshop.refresh_from_db(fields=["version"])
    workshop.global_goals.set(data.global_goals)
    workshop.vision_goals.set(data.vision_goals)
    facilitators = [person for person in data.facilitators if person.is_active]
    workshop.facilitators.set(facilitators)
    _sync_facilitator_signups(workshop, facilitators)
    if not new:
        _fill_from_waiting_list(workshop, by)
    if new:
        notify(
            recipients=facilitators,
            kind=Kind.WORKSHOP_NEWS,
            title=lambda: _("You facilitate the workshop %(title)s") % {"title": workshop.title},
            body=lambda: when_text(workshop),
            url=workshop.get_absolute_url(),
            actor=by,
        )
    elif moved:
        notify(
            recipients=_taking_part(workshop),
            kind=Kind.WORKSHOP_NEWS,
            title=lambda: (
                _("The workshop %(title)s has a new time or place") % {"title": workshop.title}
            ),
            body=lambda: f"{when_text(workshop)} {workshop.place}".strip(),
            url=workshop.get_absolute_url(),
            actor=by,
            # Moved again soon after: the latest time replaces the earlier news.
            topic=f"workshop-moved:{workshop.pk}",
        )
    audit_record(actor=by, action="workshop.create" if new else "workshop.save", target=workshop)
    return workshop


def _sync_facilitator_signups(workshop: Workshop, facilitators: list[User]) -> None:
    """Facilitators take part without taking a place; a former facilitator no longer does."""
    ids = {person.pk for person in facilitators}
    existing = {signup.person_id: signup for signup in SignUp.objects.filter(workshop=workshop)}
    now = timezone.now()
    for person in facilitators:
        signup = existing.get(person.pk)
        if signup is None:
            SignUp.objects.create(
                workshop=workshop, person=person, status=SignUp.Status.FACILITATING, created_at=now
            )
        elif signup.status != SignUp.Status.FACILITATING:
            signup.status = SignUp.Status.FACILITATING
            signup.save(update_fields=["status"])
    SignUp.objects.filter(workshop=workshop, status=SignUp.Status.FACILITATING).exclude(
        person_id__in=ids
    ).update(status=SignUp.Status.CANCELLED)


def _taking_part(workshop: Workshop) -> list[User]:
    return [
        signup.person
        for signup in SignUp.objects.filter(
            workshop=workshop, status__in=SignUp.TAKING_PART
        ).select_related("person")
    ]


def _require(by: User, perm: str, workshop: Workshop) -> None:
    if not by.has_perm(perm, workshop):
        raise PermissionDenied


@transaction.atomic
def workshop_invite(*, workshop: Workshop, by: User, people: Iterable[User]) -> int:
    """Invite colleagues; each is told and may then sign up (an invitation keeps no place)."""
    _require(by, "workshops.facilitate_workshop", workshop)
    if workshop.is_over:
        raise ValidationError(_("The workshop is over; nobody can be invited any more."))
    existing = {signup.person_id: signup for signup in SignUp.objects.filter(workshop=workshop)}
    now = timezone.now()
    invited: list[User] = []
    for person in people:
        if not person.is_active:
            continue
        signup = existing.get(person.pk)
        if signup is None:
            SignUp.objects.create(
                workshop=workshop,
                person=person,
                status=SignUp.Status.INVITED,
                invited_by=by,
                invited_at=now,
            )
        elif signup.status == SignUp.Status.CANCELLED:
            signup.status, signup.invited_by, signup.invited_at = SignUp.Status.INVITED, by, now
            signup.save(update_fields=["status", "invited_by", "invited_at"])
        elif signup.status == SignUp.Status.INVITED:
            signup.invited_by, signup.invited_at = by, now
            signup.save(update_fields=["invited_by", "invited_at"])
        else:
            continue  # already taking part
        invited.append(person)
    notify(
        recipients=invited,
        kind=Kind.WORKSHOP_NEWS,
        title=lambda: _("You are invited to the workshop %(title)s") % {"title": workshop.title},
        body=lambda: (
            _("%(when)s. Sign up on the workshop's page while there is room.")
            % {"when": when_text(workshop)}
        ),
        url=workshop.get_absolute_url(),
        actor=by,
        # Invited again soon after (a facilitator re-sending the list): one invitation.
        topic=f"workshop-invited:{workshop.pk}",
    )
    if invited:
        audit_record(
            actor=by,
            action="workshop.invite",
            target=workshop,
            data={"people": [person.pk for person in invited]},
        )
    return len(invited)


def signup_closed_reason(workshop: Workshop) -> str:
    """Why nobody can sign up now (empty while they can)."""
    if workshop.phase == Phase.CANCELLED:
        return _("The workshop is cancelled.")
    if workshop.phase == Phase.CLOSED or workshop.ends_at <= timezone.now():
        return _("The workshop is over.")
    return ""


@transaction.atomic
def signup_create(*, workshop: Workshop, by: User) -> SignUp:
    """Sign oneself up while there is room; the places are counted under a lock."""
    # The workshop row is the lock: two people taking the last place one after the other.
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require(by, "workshops.view_workshop", locked)
    reason = signup_closed_reason(locked)
    if reason:
        raise ValidationError(reason)
    signup = SignUp.objects.filter(workshop=locked, person=by).first()
    if signup is not None and signup.takes_part:
        raise ValidationError(_("You have already signed up."))
    if signup is not None and signup.status == SignUp.Status.WAITING:
        raise ValidationError(_("You are on the waiting list: you get a place when one is free."))
    taken = SignUp.objects.filter(workshop=locked, status=SignUp.Status.SIGNED_UP).count()
    if taken >= locked.capacity:
        raise ValidationError(
            _(
                "The workshop is full: all %(count)s places are taken. You can join the "
                "waiting list."
            )
            % {"count": locked.capacity}
        )
    now = timezone.now()
    if signup is None:
        signup = SignUp.objects.create(
            workshop=locked, person=by, status=SignUp.Status.SIGNED_UP, signed_up_at=now
        )
    else:
        signup.status, signup.signed_up_at, signup.reminded_at = SignUp.Status.SIGNED_UP, now, None
        signup.save(update_fields=["status", "signed_up_at", "reminded_at"])
    audit_record(actor=by, action="workshop.signup", target=locked)
    return signup


@transaction.atomic
def waitlist_join(*, workshop: Workshop, by: User) -> SignUp:
    """Wait for a place at a full workshop; the first waiting gets the next free place."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require(by, "workshops.view_workshop", locked)
    reason = signup_closed_reason(locked)
    if reason:
        raise ValidationError(reason)
    signup = SignUp.objects.filter(workshop=locked, person=by).first()
    if signup is not None and (signup.takes_part or signup.status == SignUp.Status.WAITING):
        raise ValidationError(_("You have already signed up."))
    taken = SignUp.objects.filter(workshop=locked, status=SignUp.Status.SIGNED_UP).count()
    if taken < locked.capacity:
        raise ValidationError(_("There is a place free: sign up instead."))
    now = timezone.now()
    if signup is None:
        signup = SignUp.objects.create(
            workshop=locked, person=by, status=SignUp.Status.WAITING, waiting_since=now
        )
    else:
        signup.status, signup.waiting_since = SignUp.Status.WAITING, now
        signup.save(update_fields=["status", "waiting_since"])
    audit_record(actor=by, action="workshop.waitlist", target=locked)
    return signup


def _fill_from_waiting_list(workshop: Workshop, by: User) -> list[User]:
    """Give free places to those waiting longest, and tell them (the workshop is locked)."""
    taken = SignUp.objects.filter(workshop=workshop, status=SignUp.Status.SIGNED_UP).count()
    free = workshop.capacity - taken
    if free <= 0:
        return []
    waiting = list(
        SignUp.objects.filter(workshop=workshop, status=SignUp.Status.WAITING)
        .select_related("person")
        .order_by("waiting_since", "id")[:free]
    )
    now = timezone.now()
    for signup in waiting:
        signup.status, signup.signed_up_at = SignUp.Status.SIGNED_UP, now
        signup.save(update_fields=["status", "signed_up_at"])
    people = [signup.person for signup in waiting]
    notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=lambda: _("You got a place at the workshop %(title)s") % {"title": workshop.title},
        body=lambda: when_text(workshop),
        url=workshop.get_absolute_url(),
        actor=by,
    )
    return people


@transaction.atomic
def signup_cancel(*, workshop: Workshop, by: User) -> SignUp:
    """Give one's place back (or leave the waiting list); the first waiting gets the place.
    Facilitators are taken off by editing the workshop."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    signup = SignUp.objects.filter(workshop=locked, person=by).first()
    if signup is None or signup.status not in (SignUp.Status.SIGNED_UP, SignUp.Status.WAITING):
        raise ValidationError(_("You are not signed up for this workshop."))
    if locked.is_over:
        raise ValidationError(_("The workshop is over."))
    signup.status = SignUp.Status.CANCELLED
    signup.save(update_fields=["status"])
    _fill_from_waiting_list(locked, by)
    audit_record(actor=by, action="workshop.signup_cancel", target=locked)
    return signup


PHASE_ORDER = [Phase.PLANNED, Phase.CAPTURE, Phase.VOTING, Phase.CLOSED]


@transaction.atomic
def workshop_set_phase(*, workshop: Workshop, by: User, phase: str) -> Workshop:
    """Open capture, open voting, close the workshop (or step back); or cancel it."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require(by, "workshops.facilitate_workshop", locked)
    if phase not in Phase.values:
        raise ValidationError(_("Choose a phase."))
    if locked.phase == Phase.CANCELLED:
        raise ValidationError(_("The workshop is cancelled."))
    if phase == locked.phase:
        return locked
    previous = locked.phase
    locked.phase = phase
    fields = ["phase", "updated_at"]
    if phase == Phase.CANCELLED:
        locked.version = F("version") + 1
        fields.append("version")
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["version"])
    if phase == Phase.CANCELLED:
        notify(
            recipients=_taking_part(locked),
            kind=Kind.WORKSHOP_NEWS,
            title=lambda: _("The workshop %(title)s is cancelled") % {"title": locked.title},
            body=lambda: when_text(locked),
            url=locked.get_absolute_url(),
            actor=by,
        )
    audit_record(
        actor=by, action="workshop.phase", target=locked, data={"from": previous, "to": phase}
    )
    return locked


# Live capture


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
    _require(by, "workshops.facilitate_workshop", locked)
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


# Promotion


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
    _require(by, "workshops.facilitate_workshop", locked)
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
    return idea
