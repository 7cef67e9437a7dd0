"""What the trainings tell people: enrolled, moved up from the waiting list, completed (and
the qualification granted) and a qualification about to lapse. Said as phrases
(notifications.phrases, worded in each reader's language when shown) of the kind
`TRAINING_NEWS`; the services and tasks decide who is told and when."""

import datetime
from collections.abc import Iterable

from django.urls import reverse

from idesluss.accounts.models import Role, User
from idesluss.notifications import phrases
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify

KIND = Kind.TRAINING_NEWS


def notify_enrolled(*, training, people: Iterable[User], by: User | None, waiting: bool) -> None:
    """People enrolled (by themselves or a colleague) learn that they have a place, or that
    they wait for one."""
    title = (
        phrases.gettext(
            "You are on the waiting list for the training %(title)s", title=training.title
        )
        if waiting
        else phrases.gettext("You are enrolled in the training %(title)s", title=training.title)
    )
    notify(
        recipients=people,
        kind=KIND,
        title=title,
        body=phrases.gettext(
            "You get a place as soon as one is free, and we tell you."
            if waiting
            else "The training's sessions and calendar file are on its page."
        ),
        url=training.get_absolute_url(),
        actor=by,
    )


def notify_moved_up(*, training, people: Iterable[User], by: User | None) -> None:
    """Those who waited learn that a place became theirs."""
    notify(
        recipients=people,
        kind=KIND,
        title=phrases.gettext("You got a place on the training %(title)s", title=training.title),
        body=phrases.gettext("The training's sessions and calendar file are on its page."),
        url=training.get_absolute_url(),
        actor=by,
    )


def notify_completed(*, training, person: User, by: User | None, qualification: str = "") -> None:
    """The person learns that they completed the training (and which qualification it gave)."""
    body = (
        phrases.gettext(
            "You now hold the qualification %(qualification)s.",
            qualification=phrases.label(Role.Code(qualification).label),
        )
        if qualification
        else phrases.gettext("Your certificate is on the training's page.")
    )
    notify(
        recipients=[person],
        kind=KIND,
        title=phrases.gettext("You completed the training %(title)s", title=training.title),
        body=body,
        url=training.get_absolute_url(),
        actor=by,
    )


def notify_lapsing(*, person: User, code: str, expires_on: datetime.date) -> None:
    """A holder learns that their qualification lapses soon."""
    notify(
        recipients=[person],
        kind=KIND,
        title=phrases.gettext(
            "Your qualification %(qualification)s lapses on %(date)s",
            qualification=phrases.label(Role.Code(code).label),
            date=phrases.date(expires_on),
        ),
        body=phrases.gettext("Take the training again to renew it, or ask the idea coordinator."),
        url=reverse("learning:list"),
    )
