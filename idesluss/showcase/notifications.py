"""What the showcase tells people: an idea's submitter and co-submitters hear that their idea
became a good example when it is published (worded as phrases, in each reader's language)."""

from idesluss.accounts.models import User
from idesluss.notifications import phrases
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify
from idesluss.showcase.models import GoodExample


def notify_idea_became_example(*, example: GoodExample, by: User) -> None:
    """The idea's submitter and co-submitters learn that it is now a good example."""
    idea = example.idea
    if idea is None:
        return
    notify(
        recipients=[idea.submitter, *idea.co_submitters.all()],
        kind=Kind.GOOD_EXAMPLE,
        title=phrases.gettext("Your idea %(title)s became a good example", title=idea.title),
        body=phrases.gettext("%(example)s tells others what your idea did.", example=example.title),
        url=example.get_absolute_url(),
        actor=by,
    )
