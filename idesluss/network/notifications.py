"""What the network tells people: the challenge's owner hears that another organisation
adopted it (worded in the reader's language, notifications.phrases)."""

from idesluss.accounts.models import Role, User
from idesluss.accounts.selectors import people_with_role
from idesluss.network.models import Adoption
from idesluss.notifications import phrases
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify


def notify_challenge_adopted(*, adoption: Adoption) -> None:
    """Who created the challenge, or else the coordinators, hear which organisation adopted
    it; several adoptions of one challenge in a short while make one notification."""
    challenge = adoption.challenge
    recipients: list[User] = []
    if challenge.created_by_id and challenge.created_by.is_active:
        recipients = [challenge.created_by]
    else:
        recipients = list(people_with_role(Role.Code.COORDINATOR))
    title = challenge.title
    notify(
        recipients=recipients,
        kind=Kind.NETWORK_ADOPTED,
        title=phrases.gettext(
            "%(organisation)s adopted your challenge: %(title)s",
            organisation=adoption.organisation,
            title=title,
        ),
        body=(
            phrases.gettext("Their idea: %(idea)s", idea=adoption.idea_title)
            if adoption.idea_title
            else ""
        ),
        url=challenge.get_absolute_url(),
        topic=f"network-adopted:{challenge.pk}",
        collapsed=lambda count: phrases.ngettext(
            "%(count)s network organisation adopted your challenge: %(title)s",
            "%(count)s network organisations adopted your challenge: %(title)s",
            count=count,
            title=title,
        ),
    )
