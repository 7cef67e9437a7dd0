"""Taking part in an idea: supporting it, following it and commenting on it."""

import markdown
import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.ideas import notifications
from idesluss.ideas.models import Comment, Follow, Idea, Support
from idesluss.ideas.services.common import recount


@transaction.atomic
def idea_support(*, idea: Idea, by: User) -> Idea:
    """'Stöd idén': once per person, never one's own idea."""
    if not by.has_perm("ideas.support_idea", idea):
        if idea.submitter_id == by.pk or idea.co_submitters.filter(pk=by.pk).exists():
            raise ValidationError(_("You cannot support your own idea."))
        raise PermissionDenied
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=by)
    except IntegrityError:
        raise ValidationError(_("You already support this idea.")) from None
    recount(idea, "support_count", Support)
    return idea


@transaction.atomic
def idea_unsupport(*, idea: Idea, by: User) -> Idea:
    """Take one's support back."""
    Support.objects.filter(idea=idea, user=by).delete()
    recount(idea, "support_count", Support)
    return idea


@transaction.atomic
def idea_follow(*, idea: Idea, by: User, follow: bool = True) -> Idea:
    """Follow an idea (hear of its news) or stop following it."""
    if not by.has_perm("ideas.follow_idea", idea):
        raise PermissionDenied
    if follow:
        Follow.objects.get_or_create(idea=idea, user=by)
    else:
        Follow.objects.filter(idea=idea, user=by).delete()
    recount(idea, "follower_count", Follow)
    return idea


ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}


def render_markdown(text: str) -> str:
    """Markdown to HTML with only harmless tags kept (links get rel=noopener)."""
    html = markdown.markdown(text, extensions=["sane_lists", "nl2br"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@transaction.atomic
def comment_add(*, idea: Idea, by: User, body: str) -> Comment:
    """Add a comment (Markdown); the authors and followers hear of it."""
    if not by.has_perm("ideas.comment_idea", idea):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write something before you send.")]})
    if len(body) > 5000:
        raise ValidationError({"body": [_("A comment can be at most 5000 characters.")]})
    comment = Comment.objects.create(
        idea=idea, author=by, body=body, body_html=render_markdown(body)
    )
    recount(idea, "comment_count", Comment)
    Follow.objects.get_or_create(idea=idea, user=by)
    recount(idea, "follower_count", Follow)
    notifications.comment_added(idea=idea, by=by, comment=comment)
    return comment
