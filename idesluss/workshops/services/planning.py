"""Planning workshops and taking part in them: planning and changing a workshop, inviting
colleagues, signing up, the waiting list and moving the workshop between phases. Places are
counted under a lock on the workshop's row, so two people never take the last place."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.challenges.models import Challenge
from idesluss.core.dates import date_error
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.workshops import notifications
from idesluss.workshops.models import SignUp, Workshop
from idesluss.workshops.services.common import require

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
        notifications.notify_facilitating(workshop=workshop, people=facilitators, by=by)
    elif moved:
        notifications.notify_moved(workshop=workshop, people=_taking_part(workshop), by=by)
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


@transaction.atomic
def workshop_invite(*, workshop: Workshop, by: User, people: Iterable[User]) -> int:
    """Invite colleagues; each is told and may then sign up (an invitation keeps no place)."""
    require(by, "workshops.facilitate_workshop", workshop)
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
    notifications.notify_invited(workshop=workshop, people=invited, by=by)
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
    require(by, "workshops.view_workshop", locked)
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
    require(by, "workshops.view_workshop", locked)
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
    notifications.notify_got_place(workshop=workshop, people=people, by=by)
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
    require(by, "workshops.facilitate_workshop", locked)
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
        notifications.notify_cancelled(workshop=locked, people=_taking_part(locked), by=by)
    audit_record(
        actor=by, action="workshop.phase", target=locked, data={"from": previous, "to": phase}
    )
    return locked
