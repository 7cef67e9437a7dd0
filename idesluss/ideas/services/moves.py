"""Workflow moves: an idea goes from stage to stage as the workflow allows, and someone is
responsible for answering it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.ideas import notifications, workflow
from idesluss.ideas.models import Idea, IdeaEvent, Stage
from idesluss.ideas.policy import policy
from idesluss.ideas.services.common import IdeaChanged, answered_by, response_due


def allowed_moves(*, idea: Idea, user: User) -> list[Stage]:
    """The stages this person may move this idea to now (the workflow decides)."""
    return workflow.moves(user=user, idea=idea)


@transaction.atomic
def idea_move(
    *,
    idea: Idea,
    to_stage: Stage,
    by: User,
    message: str,
    expected_version: int | None = None,
    closing_reason: str = "",
    lesson_learned: str = "",
    forwarded_to: str = "",
) -> Idea:
    """Move an idea to another stage and tell the submitter why."""
    locked = Idea.objects.select_for_update(of=("self",)).select_related("stage").get(pk=idea.pk)
    policy.require(by, "ideas.move_idea", locked)
    if expected_version is not None and locked.version != expected_version:
        raise IdeaChanged.on_move()
    message = message.strip()
    workflow.check_move(
        user=by,
        idea=locked,
        to_stage=to_stage,
        message=message,
        closing_reason=closing_reason,
        lesson_learned=lesson_learned,
        forwarded_to=forwarded_to,
    )
    from_stage = locked.stage
    now = timezone.now()
    fields = ["stage", "moved_at", "response_due", "version", "updated_at"]
    if locked.first_answered_at is None:
        # The first move is the idea's first answer: in time when it comes by the deadline
        # set at hand-in (the one this move replaces).
        locked.first_answered_at = now
        locked.answered_in_time = answered_by(now, locked.response_due)
        fields += ["first_answered_at", "answered_in_time"]
    locked.stage = to_stage
    locked.moved_at = now
    locked.response_due = response_due(to_stage)
    written = {
        "closing_reason": closing_reason,
        "lesson_learned": lesson_learned,
        "forwarded_to": forwarded_to,
    }
    # What the stage asks for is kept with the move (workflow.requirements).
    for name in workflow.requirements(to_stage):
        setattr(locked, name, written[name].strip())
        fields.append(name)
    locked.version += 1  # the row is locked: nobody else raises it meanwhile
    locked.save(update_fields=fields)
    IdeaEvent.objects.create(
        idea=locked,
        actor=by,
        kind=IdeaEvent.Kind.MOVED,
        from_stage=from_stage,
        to_stage=to_stage,
        message=message,
    )
    audit_record(
        actor=by,
        action="idea.move",
        target=locked,
        data={"from": from_stage.code, "to": to_stage.code},
    )

    notifications.idea_moved(idea=locked, by=by, to_stage=to_stage, message=message)
    return locked


@transaction.atomic
def idea_assign_responsible(*, idea: Idea, responsible: User, by: User) -> Idea:
    """Hand an idea to another person to answer; they hear of it, and the history says so."""
    locked = Idea.objects.select_for_update(of=("self",)).select_related("unit").get(pk=idea.pk)
    if not by.has_perm("ideas.assign_responsible", locked):
        raise PermissionDenied
    if not responsible.is_active:
        raise ValidationError(_("That person is no longer active."))
    if locked.responsible_id == responsible.pk:
        return locked
    locked.responsible = responsible
    locked.version += 1  # the row is locked: nobody else raises it meanwhile
    locked.save(update_fields=["responsible", "version", "updated_at"])
    IdeaEvent.objects.create(
        idea=locked,
        actor=by,
        kind=IdeaEvent.Kind.ASSIGNED,
        message=_("%(name)s is now responsible for answering.") % {"name": responsible.full_name},
    )
    audit_record(
        actor=by, action="idea.assign", target=locked, data={"responsible": responsible.pk}
    )
    notifications.responsible_assigned(idea=locked, by=by, responsible=responsible)
    return locked
