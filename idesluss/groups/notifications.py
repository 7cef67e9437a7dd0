"""What the groups tell people: one function per notification, each choosing its
recipients (a group's members and coach, an action's owner) and wording its title and
body as functions, so that each person reads them in their own language
(notifications.services.notify). The services and the reminder task call them once the
change is made."""

from collections.abc import Iterable

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.accounts.models import User
from idesluss.core.dates import local
from idesluss.groups.models import Action, Group, JointFollowUp, Session
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


def _minute(moment) -> str:
    return f"{local(moment):%Y-%m-%d %H:%M}"


def notify_group_started(*, group: Group, by: User) -> None:
    """A new group's members and coach learn that they are in it (never the one who started
    it)."""
    notify(
        recipients=_group_people([group]),
        kind=Kind.GROUP_NEWS,
        title=lambda: _("You are in the group %(name)s") % {"name": group.name},
        url=group.get_absolute_url(),
        actor=by,
    )


def notify_session_planned(*, session: Session, by: User) -> None:
    """The group's members and coach learn of a session planned for it."""
    group, when = session.group, _minute(session.starts_at)
    notify(
        recipients=_group_people([group]),
        kind=Kind.GROUP_NEWS,
        title=lambda: (
            _("%(kind)s in %(group)s on %(when)s")
            % {"kind": session.get_kind_display(), "group": group.name, "when": when}
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
        title=lambda: (
            _("An action for you in %(group)s: %(what)s") % {"group": group.name, "what": what}
        ),
        body=lambda: _("%(what)s – due %(date)s.") % {"what": what, "date": due_on.isoformat()},
        url=action.session.get_absolute_url(),
        actor=by,
        topic=f"group-actions:{group.pk}",
        collapsed=lambda count: (
            ngettext(
                "%(count)s new action for you in %(group)s",
                "%(count)s new actions for you in %(group)s",
                count,
            )
            % {"count": count, "group": group.name}
        ),
    )


def notify_joint_planned(*, joint: JointFollowUp, groups: list[Group], by: User) -> None:
    """Everyone in the gathered groups learns of the joint follow-up, once each."""
    when = _minute(joint.starts_at)
    notify(
        recipients=_group_people(groups),
        kind=Kind.GROUP_NEWS,
        title=lambda: (
            _("Joint follow-up on %(when)s: %(title)s") % {"when": when, "title": joint.title}
        ),
        url=joint.get_absolute_url(),
        actor=by,
    )


def notify_joint_moved(*, joint: JointFollowUp, groups: list[Group], by: User) -> None:
    """Everyone in the groups learns the joint follow-up's new time; moved again soon after,
    the latest time replaces the earlier news."""
    when = _minute(joint.starts_at)
    notify(
        recipients=_group_people(groups),
        kind=Kind.GROUP_NEWS,
        title=lambda: (
            _("The joint follow-up %(title)s has moved to %(when)s")
            % {"when": when, "title": joint.title}
        ),
        url=joint.get_absolute_url(),
        actor=by,
        topic=f"joint-moved:{joint.pk}",
    )


def _day(action: Action) -> str:
    return formats.date_format(action.due_on, "j F")


def notify_actions_due(*, actions: list[Action], overdue: bool, url: str) -> None:
    """One owner is reminded of their open actions (all theirs, at least one): those due
    soon, or once more those that are overdue. E-mailed as they chose."""
    count, first = len(actions), actions[0]
    if overdue:

        def title() -> str:
            if count == 1:
                return _("Your action is overdue: %(what)s") % {"what": first.what}
            return ngettext(
                "%(count)s of your actions is overdue",
                "%(count)s of your actions are overdue",
                count,
            ) % {"count": count}

    else:

        def title() -> str:
            if count == 1:
                return _("Your action is due %(date)s: %(what)s") % {
                    "what": first.what,
                    "date": _day(first),
                }
            return ngettext(
                "%(count)s of your actions is due soon",
                "%(count)s of your actions are due soon",
                count,
            ) % {"count": count}

    notify(
        recipients=[first.owner],
        kind=Kind.ACTION_DUE,
        title=title,
        body=lambda: "\n".join(
            f"– {action.what} ({action.group.name}, {_day(action)})" for action in actions
        ),
        url=url,
    )
