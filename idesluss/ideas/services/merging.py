"""Merging duplicates: one idea lives on in another, with its people and comments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.ideas import notifications
from idesluss.ideas.models import Comment, Follow, Idea, IdeaEvent, Support
from idesluss.ideas.services.common import recount


@transaction.atomic
def idea_merge(*, duplicate: Idea, into: Idea, by: User, message: str) -> Idea:
    """Merge a duplicate into another idea: supports, followers and comments move along."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("An idea cannot be merged into itself."))
    # Both rows locked, in id order (not left to the model's default order): two merges
    # of the same pair, either way round, wait for each other.
    locked = {
        idea.pk: idea
        for idea in Idea.objects.select_for_update(of=("self",))
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if into.status != Idea.Status.SUBMITTED or duplicate.status != Idea.Status.SUBMITTED:
        raise ValidationError(_("Only handed-in ideas that are not merged already can be merged."))
    if not by.has_perm("ideas.merge_idea", duplicate):
        raise PermissionDenied
    message = message.strip()
    if not message:
        raise ValidationError({"message": [_("Say why the ideas are merged.")]})
    into_authors = {into.submitter_id, *into.co_submitters.values_list("pk", flat=True)}
    involved = {
        duplicate.submitter_id,
        *duplicate.co_submitters.values_list("pk", flat=True),
        *Follow.objects.filter(idea=duplicate).values_list("user_id", flat=True),
        *Support.objects.filter(idea=duplicate).values_list("user_id", flat=True),
    }
    # Supports move along, except from the target's own authors; the duplicate's
    # submitter supports the target (their idea lives on there).
    supporters = set(Support.objects.filter(idea=duplicate).values_list("user_id", flat=True))
    supporters.add(duplicate.submitter_id)
    Support.objects.bulk_create(
        [Support(idea=into, user_id=pk) for pk in supporters - into_authors], ignore_conflicts=True
    )
    Follow.objects.bulk_create(
        [Follow(idea=into, user_id=pk) for pk in involved], ignore_conflicts=True
    )
    Comment.objects.filter(idea=duplicate).update(idea=into)
    Support.objects.filter(idea=duplicate).delete()
    Follow.objects.filter(idea=duplicate).delete()
    for idea, counter, model in (
        (into, "support_count", Support),
        (into, "follower_count", Follow),
        (into, "comment_count", Comment),
        (duplicate, "support_count", Support),
        (duplicate, "follower_count", Follow),
        (duplicate, "comment_count", Comment),
    ):
        recount(idea, counter, model)
    duplicate.status = Idea.Status.MERGED
    duplicate.merged_into = into
    duplicate.response_due = None
    duplicate.version += 1  # the row is locked: nobody else raises it meanwhile
    duplicate.save(update_fields=["status", "merged_into", "response_due", "version", "updated_at"])
    IdeaEvent.objects.bulk_create(
        IdeaEvent(idea=idea, actor=by, kind=IdeaEvent.Kind.MERGED, message=message)
        for idea in (duplicate, into)
    )
    audit_record(actor=by, action="idea.merge", target=duplicate, data={"into": into.pk})
    notifications.ideas_merged(
        duplicate=duplicate, into=into, by=by, message=message, involved=involved
    )
    return into
