"""Editing a handed-in idea: what it says changes; its lane, stage and history stay."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.ideas.models import Idea, IdeaEvent
from idesluss.ideas.services.co_submitters import co_submitters_invite
from idesluss.ideas.services.input import (
    IdeaInput,
    apply,
    lock_for_writing,
    set_relations,
    validate,
    validate_challenge,
)


@transaction.atomic
def update_idea(*, by: User, data: IdeaInput, idea: Idea) -> Idea:
    """Change a handed-in idea: it must stay complete (need, idea, unit) and keeps its lane;
    the history says it was edited."""
    idea = lock_for_writing(idea, by=by)
    if idea.is_draft:
        raise ValidationError(_("This idea is a draft: save it or hand it in."))
    validate(data, complete=True)
    validate_challenge(data, idea)
    fields = apply(idea, data)
    idea.version += 1  # the row is locked: nobody else raises it meanwhile
    idea.save(update_fields=[*fields, "version", "updated_at"])
    set_relations(idea, data, new=False)
    co_submitters_invite(idea=idea, by=by, people=data.co_submitters, new=False)
    IdeaEvent.objects.create(idea=idea, actor=by, kind=IdeaEvent.Kind.EDITED)
    audit_record(actor=by, action="idea.save", target=idea)
    return idea
