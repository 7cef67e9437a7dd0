"""What learning conversations tell people: named participants are invited (with the
calendar file's link), and a leader is reminded of a past conversation not yet recorded.
Worded as phrases (notifications.phrases), so each reads them in their own language; the
kind "Learning conversations: invitations and reminders to record them" lets each person
choose how to hear of them."""

from collections.abc import Iterable

from django.urls import reverse

from idesluss.accounts.models import User
from idesluss.conversations.models import Session
from idesluss.core.ics import absolute_url
from idesluss.notifications import phrases
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify

KIND = Kind.CONVERSATION_NEWS


def notify_invited(*, session: Session, people: Iterable[User], by: User) -> None:
    """Named participants learn when and where the conversation is, with its calendar file."""
    calendar = absolute_url(reverse("conversations:calendar", kwargs={"pk": session.pk}))
    notify(
        recipients=people,
        kind=KIND,
        title=phrases.gettext(
            "You are invited to a learning conversation: %(theme)s", theme=session.theme.title
        ),
        body=phrases.gettext(
            "%(when)s, %(place)s. Add it to your calendar: %(calendar)s",
            when=phrases.datetime(session.starts_at),
            place=session.place or "–",
            calendar=calendar,
        ),
        url=session.get_absolute_url(),
        actor=by,
        topic=f"conversation-invited:{session.pk}",
    )


def notify_unrecorded(*, session: Session) -> None:
    """The leader is reminded to record a conversation that took place."""
    notify(
        recipients=[session.leader],
        kind=KIND,
        title=phrases.gettext(
            "Record the learning conversation %(theme)s", theme=session.theme.title
        ),
        body=phrases.gettext(
            "It took place %(when)s. Record the experiences, lessons and insights while "
            "they are fresh.",
            when=phrases.datetime(session.starts_at),
        ),
        url=reverse("conversations:record", kwargs={"pk": session.pk}),
    )
