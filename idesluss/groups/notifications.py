"""What the groups tell people: one function per notification, each choosing its
recipients (a group's members and coach, an action's owner) and wording its title and
body as phrases (notifications.phrases), so that each person reads them in their own
language whenever they are shown. The services and the reminder task call them once the
change is made."""

from collections.abc import Iterable

from idesluss.accounts.models import User
from idesluss.groups.models import Action, Group, JointFollowUp, Session
from idesluss.notifications import phrases
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify


def _group_people(groups: Iterable[Group]) -> list[User]:
    """The members and coaches of the groups, each once, however many of them they are in."""
    people: dict[int, User] = {}
    for group in groups:
        for person in group.members.all():
            people[person.pk] = person
        if group.coach_id:
            people[group.coach_id] = group.coach
    return list(people.values())


def notify_group_started(*, group: Group, by: User) -> None:
    """A new group's members and coach learn that they are in it (never the one who started
    it)."""
    notify(
        recipients=_group_people([group]),
        kind=Kind.GROUP_NEWS,
        title=phrases.gettext("You are in the group %(name)s", name=group.name),
        url=group.get_absolute_url(),
        actor=by,
    )


def notify_session_planned(*, session: Session, by: User) -> None:
    """The group's members and coach learn of a session planned for it."""
    group = session.group
    notify(
        recipients=_group_people([group]),
        kind=Kind.GROUP_NEWS,
        title=phrases.gettext(
            "%(kind)s in %(group)s on %(when)s",
            kind=phrases.label(session.Kind(session.kind).label),
            group=group.name,
            when=phrases.datetime(session.starts_at),
        ),
        url=session.get_absolute_url(),
        actor=by,
    )


def notify_action_assigned(*, action: Action, by: User) -> None:
    """An action's owner learns what they are to do and by when; many actions given at once
    in one group make one notification (and one e-mail)."""
    group, what, due_on = action.group, action.what, action.due_on
    notify(
        recipients=[action.owner],
        kind=Kind.ACTION_ASSIGNED,
        title=phrases.gettext(
            "An action for you in %(group)s: %(what)s", group=group.name, what=what
        ),
        body=phrases.gettext("%(what)s – due %(date)s.", what=what, date=phrases.date(due_on)),
        url=action.session.get_absolute_url(),
        actor=by,
        topic=f"group-actions:{group.pk}",
        collapsed=lambda count: phrases.ngettext(
            "%(count)s new action for you in %(group)s",
            "%(count)s new actions for you in %(group)s",
            count=count,
            group=group.name,
        ),
    )


def notify_joint_planned(*, joint: JointFollowUp, groups: list[Group], by: User) -> None:
    """Everyone in the gathered groups learns of the joint follow-up, once each."""
    notify(
        recipients=_group_people(groups),
        kind=Kind.GROUP_NEWS,
        title=phrases.gettext(
            "Joint follow-up on %(when)s: %(title)s",
            when=phrases.datetime(joint.starts_at),
            title=joint.title,
        ),
        url=joint.get_absolute_url(),
        actor=by,
    )


def notify_joint_moved(*, joint: JointFollowUp, groups: list[Group], by: User) -> None:
    """Everyone in the groups learns the joint follow-up's new time; moved again soon after,
    the latest time replaces the earlier news."""
    notify(
        recipients=_group_people(groups),
        kind=Kind.GROUP_NEWS,
        title=phrases.gettext(
            "The joint follow-up %(title)s has moved to %(when)s",
            when=phrases.datetime(joint.starts_at),
            title=joint.title,
        ),
        url=joint.get_absolute_url(),
        actor=by,
        topic=f"joint-moved:{joint.pk}",
    )


def notify_actions_due(*, actions: list[Action], overdue: bool, url: str) -> None:
    """One owner is reminded of their open actions (all theirs, at least one): those due
    soon, or once more those that are overdue. E-mailed as they chose."""
    count, first = len(actions), actions[0]
    if overdue:
        title = (
            phrases.gettext("Your action is overdue: %(what)s", what=first.what)
            if count == 1
            else phrases.ngettext(
                "%(count)s of your actions is overdue",
                "%(count)s of your actions are overdue",
                count=count,
            )
        )
    else:
        title = (
            phrases.gettext(
                "Your action is due %(date)s: %(what)s",
                what=first.what,
                date=phrases.short_date(first.due_on),
            )
            if count == 1
            else phrases.ngettext(
                "%(count)s of your actions is due soon",
                "%(count)s of your actions are due soon",
                count=count,
            )
        )
    notify(
        recipients=[first.owner],
        kind=Kind.ACTION_DUE,
        title=title,
        body=phrases.lines(
            *(
                phrases.literal(
                    "– %(what)s (%(group)s, %(date)s)",
                    what=action.what,
                    group=action.group.name,
                    date=phrases.short_date(action.due_on),
                )
                for action in actions
            )
        ),
        url=url,
    )
