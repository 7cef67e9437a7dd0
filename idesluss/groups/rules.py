"""Who may do what with workgroups and pilot groups. The table is docs/roles_and_permissions.md.

The object of every group permission is the group; sessions and actions ask about theirs."""

import rules

from idesluss.accounts.rules import (
    is_coach,
    is_coordinator,
    is_employee,
    is_manager,
)


def _member_ids(group) -> set[int]:
    # Pages prefetch the members; elsewhere this is one query.
    return {person.pk for person in group.members.all()}


@rules.predicate
def is_member(user, group) -> bool:
    """The person is a member of the group."""
    return group is not None and user.is_authenticated and user.pk in _member_ids(group)


@rules.predicate
def is_group_coach(user, group) -> bool:
    """The person coaches the group."""
    return group is not None and group.coach_id is not None and group.coach_id == user.pk


@rules.predicate
def is_public(user, group) -> bool:
    """The group has chosen to be readable by everyone signed in."""
    return group is not None and group.is_public


@rules.predicate
def is_action_owner(user, action) -> bool:
    """The person owns the action."""
    return action is not None and action.owner_id == user.pk


@rules.predicate
def may_change_actions_group(user, action) -> bool:
    """Those who may edit the group may tick off any of its actions."""
    return action is not None and user.has_perm("groups.change_group", action.group)


@rules.predicate
def sees_a_joint_group(user, joint) -> bool:
    """The person may see at least one of the groups a joint follow-up gathers."""
    return joint is not None and any(
        user.has_perm("groups.view_group", session.group) for session in joint.sessions.all()
    )


@rules.predicate
def takes_part_in_joint(user, joint) -> bool:
    """The person is invited to the joint follow-up (a participant of one of its groups'
    parts), coaches one of its groups or planned it: they meet the others, so they see which
    groups it gathers and who is invited. Mirrored in SQL by `selectors.joints_taken_part_in`."""
    if joint is None or not user.is_authenticated:
        return False
    if joint.created_by_id == user.pk:
        return True
    return any(
        session.group.coach_id == user.pk
        or any(person.pk == user.pk for person in session.participants.all())
        for session in joint.sessions.all()
    )


@rules.predicate
def changes_every_joint_group(user, joint) -> bool:
    """The person may change every group a joint follow-up gathers (e.g. their coach)."""
    sessions = [] if joint is None else list(joint.sessions.all())
    return bool(sessions) and all(
        user.has_perm("groups.change_group", session.group) for session in sessions
    )


@rules.predicate
def planned_joint(user, joint) -> bool:
    """The person planned the joint follow-up."""
    return joint is not None and joint.created_by_id == user.pk


is_insider = is_member | is_group_coach | is_coordinator

rules.add_perm("groups.add_group", is_employee & (is_manager | is_coach | is_coordinator))
rules.add_perm("groups.view_group", is_employee & (is_public | is_insider))
rules.add_perm("groups.change_group", is_employee & is_insider)
rules.add_perm("groups.complete_action", is_employee & (is_action_owner | may_change_actions_group))
rules.add_perm("groups.view_overview", is_employee & (is_coach | is_coordinator))
# A joint follow-up gathers groups one may change (the service checks each group).
rules.add_perm("groups.plan_joint", is_employee & (is_coach | is_coordinator))
# Those who may see none of its groups and are not invited: it is not there for them.
rules.add_perm("groups.view_joint", is_employee & (sees_a_joint_group | takes_part_in_joint))
# Which groups it gathers and who is invited, also the groups one may not see.
rules.add_perm("groups.view_joint_guests", is_employee & (is_coordinator | takes_part_in_joint))
rules.add_perm(
    "groups.change_joint",
    is_employee & (is_coordinator | planned_joint | changes_every_joint_group),
)

# The back office asks for these model permissions; like the groups themselves, it is the
# coordinator's (administrators see no group they are not in).
for model in ("group", "session", "decision", "action", "groupevent", "jointfollowup"):
    for action in ("view", "add", "change", "delete"):
        if not rules.perm_exists(f"groups.{action}_{model}"):
            rules.add_perm(f"groups.{action}_{model}", is_coordinator)
