"""What the workshops tell people: one function per notification, said here as phrases
(notifications.phrases, worded in each reader's language when shown) and sent through
the notifications app. Services and tasks decide
who is told and when; these functions only say what."""

from collections.abc import Iterable

from django.db import transaction

from idesluss.accounts.models import User
from idesluss.core.dates import format_time_span
from idesluss.notifications import phrases
from idesluss.notifications.models import Frequency, Kind, Notification
from idesluss.notifications.selectors import frequencies_for
from idesluss.notifications.services import notify
from idesluss.workshops.models import Workshop


def when_text(workshop: Workshop) -> str:
    """The workshop's day and hours in the active language, as notifications say them."""
    return format_time_span(workshop.starts_at, workshop.ends_at)


def _when(workshop: Workshop) -> phrases.Phrase:
    return phrases.time_span(workshop.starts_at, workshop.ends_at)


def notify_facilitating(*, workshop: Workshop, people: Iterable[User], by: User) -> None:
    """A new workshop's facilitators learn that they lead it."""
    notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=phrases.gettext("You facilitate the workshop %(title)s", title=workshop.title),
        body=_when(workshop),
        url=workshop.get_absolute_url(),
        actor=by,
    )


def notify_moved(*, workshop: Workshop, people: Iterable[User], by: User) -> None:
    """Everyone taking part learns the workshop's new time or place."""
    notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=phrases.gettext(
            "The workshop %(title)s has a new time or place", title=workshop.title
        ),
        body=(
            phrases.literal("%(when)s %(place)s", when=_when(workshop), place=workshop.place)
            if workshop.place
            else _when(workshop)
        ),
        url=workshop.get_absolute_url(),
        actor=by,
        # Moved again soon after: the latest time replaces the earlier news.
        topic=f"workshop-moved:{workshop.pk}",
    )


def notify_invited(*, workshop: Workshop, people: Iterable[User], by: User) -> None:
    """Invited colleagues learn that they may sign up."""
    notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=phrases.gettext("You are invited to the workshop %(title)s", title=workshop.title),
        body=phrases.gettext(
            "%(when)s. Sign up on the workshop's page while there is room.", when=_when(workshop)
        ),
        url=workshop.get_absolute_url(),
        actor=by,
        # Invited again soon after (a facilitator re-sending the list): one invitation.
        topic=f"workshop-invited:{workshop.pk}",
    )


def notify_got_place(*, workshop: Workshop, people: Iterable[User], by: User) -> None:
    """Those who waited learn that a place became theirs."""
    notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=phrases.gettext("You got a place at the workshop %(title)s", title=workshop.title),
        body=_when(workshop),
        url=workshop.get_absolute_url(),
        actor=by,
    )


def notify_cancelled(*, workshop: Workshop, people: Iterable[User], by: User) -> None:
    """Everyone taking part learns that the workshop is cancelled."""
    notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=phrases.gettext("The workshop %(title)s is cancelled", title=workshop.title),
        body=_when(workshop),
        url=workshop.get_absolute_url(),
        actor=by,
    )


def notify_reminder(*, workshop: Workshop, people: list[User]) -> list[Notification]:
    """Tomorrow's participants are reminded, by e-mail right away unless they turned workshop
    e-mails off (a reminder in a later digest would come too late)."""
    notifications = notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=phrases.gettext("Tomorrow: the workshop %(title)s", title=workshop.title),
        body=(
            phrases.literal(
                "%(when)s. %(where)s",
                when=_when(workshop),
                where=workshop.place or workshop.online_url,
            )
            if workshop.place or workshop.online_url
            else _when(workshop)
        ),
        url=workshop.get_absolute_url(),
    )
    wanted = frequencies_for(user_ids=[person.pk for person in people], kind=Kind.WORKSHOP_NEWS)
    now_ids = [
        notification.pk
        for notification in notifications
        if notification.emailed_at is None and wanted[notification.recipient_id] != Frequency.OFF
    ]
    if now_ids:
        from idesluss.notifications.tasks import send_notification_emails

        transaction.on_commit(
            lambda ids=now_ids: send_notification_emails.enqueue(notification_ids=ids)
        )
    return notifications


def notify_note_promoted(*, workshop: Workshop, idea, people: Iterable[User], by: User) -> None:
    """The authors of notes made an idea learn that their notes became it, and where to
    follow it (they are also asked to be its co-submitters, by the ideas app)."""
    notify(
        recipients=people,
        kind=Kind.WORKSHOP_NEWS,
        title=phrases.gettext(
            "Your note from the workshop %(workshop)s is now the idea %(title)s",
            workshop=workshop.title,
            title=idea.title,
        ),
        body=phrases.gettext(
            "It has been handed in and will be answered like every idea. Follow it on its page."
        ),
        url=idea.get_absolute_url(),
        actor=by,
    )
