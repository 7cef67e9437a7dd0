"""Drafts: an idea kept by its author to finish later, seen by nobody else."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.ideas.models import Idea
from idesluss.ideas.services.co_submitters import co_submitters_invite
from idesluss.ideas.services.input import (
    IdeaInput,
    apply,
    lock_for_writing,
    set_relations,
    validate,
    validate_challenge,
)


def draft_for_writing(idea: Idea | None, *, by: User) -> tuple[Idea, bool]:
    """The idea a draft is written to, and whether it is new: a new one of `by`'s, or the
    draft given, locked (one handed in already is refused)."""
    if idea is None:
        if not by.has_perm("ideas.submit_idea"):
            raise PermissionDenied
        return Idea(submitter=by), True
    idea = lock_for_writing(idea, by=by)
    if not idea.is_draft:
        raise ValidationError(_("This idea has already been handed in."))
    return idea, False


@transaction.atomic
def save_draft(*, by: User, data: IdeaInput, idea: Idea | None = None) -> Idea:
    """Keep an idea as a draft, new or already kept: a draft needs only a title and is in
    no stage; co-submitters named on it are asked already."""
    idea, new = draft_for_writing(idea, by=by)
    validate(data, complete=False)
    validate_challenge(data, idea)
    fields = apply(idea, data)
    if new:
        idea.save()
    else:
        idea.version += 1  # the row is locked: nobody else raises it meanwhile
        idea.save(update_fields=[*fields, "version", "updated_at"])
    set_relations(idea, data, new=new)
    co_submitters_invite(idea=idea, by=by, people=data.co_submitters, new=new)
    audit_record(actor=by, action="idea.save", target=idea)
    return idea
