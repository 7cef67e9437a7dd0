"""Handing an idea in: it enters its lane's first stage and someone is to answer it."""

from django.db import transaction
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.accounts.selectors import managers_of_unit
from idesluss.core.services import audit_record
from idesluss.ideas import notifications
from idesluss.ideas.models import Follow, Idea, IdeaEvent, Stage
from idesluss.ideas.services.co_submitters import co_submitters_invite
from idesluss.ideas.services.common import recount, response_due
from idesluss.ideas.services.drafts import draft_for_writing
from idesluss.ideas.services.input import (
    IdeaInput,
    apply,
    set_relations,
    validate,
    validate_challenge,
)

# The fields handing in writes, besides what was written in the idea.
HANDED_IN_FIELDS = ["status", "stage", "submitted_at", "moved_at", "responsible", "response_due"]


def initial_stage(lane: str) -> Stage:
    """The stage a lane's handed-in ideas start in."""
    return Stage.objects.get(lane=lane, is_initial=True)


@transaction.atomic
def submit_idea(*, by: User, data: IdeaInput, idea: Idea | None = None) -> Idea:
    """Hand an idea in, new or a draft: it enters its lane's first stage, the nearest
    manager of its unit is to answer it by the stage's deadline (the coordinators hear of
    it where there is none), and its authors follow it."""
    idea, new = draft_for_writing(idea, by=by)
    validate(data, complete=True)
    validate_challenge(data, idea)
    fields = apply(idea, data)
    stage = initial_stage(idea.lane)
    managers = managers_of_unit(unit=idea.unit)
    now = timezone.now()
    idea.status = Idea.Status.SUBMITTED
    idea.stage = stage
    idea.submitted_at = now
    idea.moved_at = now
    idea.responsible = managers[0] if managers else None
    idea.response_due = response_due(stage)
    if new:
        # Its submitter follows it (below); nobody else can before it is committed.
        idea.follower_count = 1
        idea.save()
    else:
        idea.version += 1  # the row is locked: nobody else raises it meanwhile
        idea.save(update_fields=[*fields, *HANDED_IN_FIELDS, "version", "updated_at"])
    set_relations(idea, data, new=new)
    invited = co_submitters_invite(idea=idea, by=by, people=data.co_submitters, new=new, quiet=True)
    # Those who confirmed while it was a draft are its authors too (a new idea has none yet).
    authors = [by] if new else [idea.submitter, *idea.co_submitters.all()]
    IdeaEvent.objects.create(idea=idea, actor=by, kind=IdeaEvent.Kind.SUBMITTED, to_stage=stage)
    Follow.objects.bulk_create(
        [Follow(idea=idea, user=person) for person in authors], ignore_conflicts=not new
    )
    if not new:
        recount(idea, "follower_count", Follow)
    audit_record(
        actor=by,
        action="idea.submit",
        target=idea,
        data={"co_submitters_invited": sorted(person.pk for person in invited)}
        if invited
        else None,
    )
    notifications.idea_submitted(idea=idea, by=by, invited=invited)
    return idea
