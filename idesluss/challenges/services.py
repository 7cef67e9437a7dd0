"""Every change to needs and challenges goes through these functions: they check the rules,
keep the counters and write the audit trail."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from idesluss.accounts.models import Unit, User
from idesluss.challenges import notifications
from idesluss.challenges.models import IMAGE_EXTENSIONS, Challenge, Need, NeedEcho
from idesluss.core.dates import date_error
from idesluss.core.models import AuditEvent
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.core.uploads import delete_on_commit, save_on_commit
from idesluss.goals.models import GlobalGoal, VisionGoal

MAX_IMAGE_SIZE = 5 * 1024 * 1024
# The first bytes of each image type we accept: the name alone is easy to fake.
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


@dataclass
class NeedInput:
    title: str = ""
    description: str = ""
    where: str = ""
    affected: str = ""
    frequency: str = ""
    unit: Unit | None = None


@dataclass
class ChallengeInput:
    title: str = ""
    background: str = ""
    question: str = ""
    owner_unit: Unit | None = None
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    global_goals: list[GlobalGoal] = field(default_factory=list)
    vision_goals: list[VisionGoal] = field(default_factory=list)
    image: object | None = None  # an uploaded file; None keeps the current image
    image_alt: str = ""
    remove_image: bool = False


@transaction.atomic
def need_record(*, by: User, data: NeedInput) -> Need:
    """Record a need or problem in the needs bank; any employee may."""
    if not by.has_perm("challenges.record_need"):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Say in a few words what the need or problem is.")]
    if not data.description.strip():
        errors["description"] = [_("Describe the need or problem.")]
    if data.frequency and data.frequency not in Need.Frequency.values:
        errors["frequency"] = [_("Choose how often it happens.")]
    if errors:
        raise ValidationError(errors)
    need = Need(
        title=single_line(data.title),
        description=data.description.strip(),
        where=data.where.strip(),
        affected=data.affected.strip(),
        frequency=data.frequency,
        unit=data.unit,
        recorded_by=by,
    )
    need.full_clean()
    need.save()
    audit_record(actor=by, action="need.record", target=need)
    return need


def _recount(need: Need) -> None:
    # Recomputed from the rows, so a lost update can never make the counter drift; counted
    # under the need's row lock, so two echoes at once both count (see ideas' recount).
    with transaction.atomic():
        list(Need.objects.select_for_update(no_key=True).filter(pk=need.pk).values_list("pk"))
        count = NeedEcho.objects.filter(need=need).count()
        Need.objects.filter(pk=need.pk).update(echo_count=count)
    need.echo_count = count


def need_echo(*, need: Need, by: User) -> Need:
    """'We have this problem too': once per person, not on one's own need."""
    if not by.has_perm("challenges.echo_need", need):
        if by.has_perm("challenges.view_need", need) and need.recorded_by_id == by.pk:
            raise ValidationError(_("You recorded this need yourself."))
        raise PermissionDenied
    try:
        with transaction.atomic():
            NeedEcho.objects.create(need=need, user=by)
            _recount(need)
            # Saying it, taking it back and saying it again tells the recorder once only.
            said_before = AuditEvent.objects.filter(
                actor=by, action="need.echo", target_type="challenges.need", target_id=str(need.pk)
            ).exists()
            audit_record(actor=by, action="need.echo", target=need)
            if not said_before:
                notifications.notify_need_echoed(need=need, by=by)
    except IntegrityError:
        raise ValidationError(_("You have already said that you have this problem too.")) from None
    return need


@transaction.atomic
def need_unecho(*, need: Need, by: User) -> Need:
    """Take back one's 'we have it too'."""
    if not by.has_perm("challenges.view_need", need):
        raise PermissionDenied
    deleted, _rows = NeedEcho.objects.filter(need=need, user=by).delete()
    if deleted:
        _recount(need)
        audit_record(actor=by, action="need.unecho", target=need)
    return need


def _validate_image(upload) -> None:
    name = (getattr(upload, "name", "") or "").lower()
    if name.rsplit(".", 1)[-1] not in IMAGE_EXTENSIONS:
        raise ValidationError({"image": [_("The image must be a JPEG, PNG or WebP file.")]})
    if upload.size > MAX_IMAGE_SIZE:
        raise ValidationError({"image": [_("The image can be at most 5 MB.")]})
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    is_webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if not (is_webp or head.startswith(IMAGE_SIGNATURES)):
        raise ValidationError({"image": [_("The file is not a JPEG, PNG or WebP image.")]})


def _validate_challenge(data: ChallengeInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the challenge a short title.")]
    if not data.background.strip():
        errors["background"] = [_("Describe the background.")]
    if not data.question.strip():
        errors["question"] = [_("Write the question ideas should answer.")]
    if data.owner_unit is None:
        errors["owner_unit"] = [_("Choose the unit that owns the challenge.")]
    if data.opens_on is None:
        errors["opens_on"] = [_("Choose the day the challenge opens.")]
    elif date_error(data.opens_on):
        errors["opens_on"] = [date_error(data.opens_on)]
    if data.closes_on is None:
        errors["closes_on"] = [_("Choose the day the challenge closes.")]
    elif date_error(data.closes_on):
        errors["closes_on"] = [date_error(data.closes_on)]
    elif data.opens_on is not None and data.closes_on < data.opens_on:
        errors["closes_on"] = [_("The challenge cannot close before it opens.")]
    if data.image and not data.image_alt.strip():
        errors["image_alt"] = [_("Say what the image shows.")]
    if data.image:
        try:
            _validate_image(data.image)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def _apply(challenge: Challenge, data: ChallengeInput) -> None:
    challenge.title = single_line(data.title)
    challenge.background = data.background.strip()
    challenge.question = data.question.strip()
    challenge.owner_unit = data.owner_unit
    challenge.opens_on = data.opens_on
    challenge.closes_on = data.closes_on
    challenge.image_alt = data.image_alt.strip()
    old_image = challenge.image.name if challenge.image else ""
    if data.remove_image and not data.image:
        challenge.image = ""
        challenge.image_alt = ""
    if data.image:
        # Written once the challenge is committed: a rollback leaves no file behind.
        save_on_commit(
            challenge.image,
            filename=data.image.name,
            content=data.image,
            on_failure=lambda: Challenge.objects.filter(pk=challenge.pk).update(
                image="", image_alt=""
            ),
        )
    if old_image and challenge.image.name != old_image:
        delete_on_commit(challenge.image, old_image)


@transaction.atomic
def challenge_create_from_needs(
    *, by: User, data: ChallengeInput, needs: list[Need] | None = None
) -> Challenge:
    """Turn one or more needs (or none) into a challenge; the coordinator, or a manager for
    their own units."""
    if not by.has_perm("challenges.add_challenge"):
        raise PermissionDenied
    _validate_challenge(data)
    challenge = Challenge(created_by=by)
    _apply(challenge, data)
    # A manager may only put challenges in the units they manage.
    if not by.has_perm("challenges.add_challenge", challenge):
        raise ValidationError({"owner_unit": [_("You can only create challenges for your units.")]})
    challenge.full_clean(exclude=["image"])
    challenge.save()
    challenge.needs.set(needs or [])
    challenge.global_goals.set(data.global_goals)
    challenge.vision_goals.set(data.vision_goals)
    audit_record(
        actor=by,
        action="challenge.create",
        target=challenge,
        data={"needs": [need.pk for need in needs or []]},
    )
    notifications.notify_needs_became_challenge(challenge=challenge, needs=needs or [], by=by)
    return challenge


@transaction.atomic
def challenge_update(*, challenge: Challenge, by: User, data: ChallengeInput) -> Challenge:
    """Change a challenge: its text, period, goals and image."""
    locked = Challenge.objects.select_for_update(of=("self",)).get(pk=challenge.pk)
    if not by.has_perm("challenges.change_challenge", challenge):
        raise PermissionDenied
    _validate_challenge(data)
    _apply(locked, data)
    if not by.has_perm("challenges.change_challenge", locked):
        raise ValidationError({"owner_unit": [_("You can only move challenges to your units.")]})
    locked.full_clean(exclude=["image"])
    locked.save()
    locked.global_goals.set(data.global_goals)
    locked.vision_goals.set(data.vision_goals)
    audit_record(actor=by, action="challenge.update", target=locked)
    return locked
