"""Who may do what with workgroups and pilot groups, their actions and joint follow-ups.

The table is docs/roles_and_permissions.md; `tests/groups/test_policy.py` checks it cell by
cell, for one object (`may`) and for the queryset (`filter`) alike. Each rule below answers
both from one place; no other module decides who sees or changes a group.

"Insider" = a member of the group or its coach; the coordinator may do everything an insider
may, with every group. A joint follow-up's "invited" = invited to one of its groups' parts,
coaching one of its groups, or having planned it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds
from idesluss.core.policy import EVERYTHING, Policy, Rule
from idesluss.groups.models import Action, Group, JointFollowUp, Session


def _coordinator(user) -> bool:
    return holds(user, Role.Code.COORDINATOR)


# One group ----------------------------------------------------------------------------------


def is_member(user, group: Group | None) -> bool:
    """The person is a member of the group (pages prefetch the members; else one query)."""
    return group is not None and any(person.pk == user.pk for person in group.members.all())


def is_insider(user, group: Group | None) -> bool:
    """A member of the group or its coach."""
    if group is None:
        return False
    return (group.coach_id is not None and group.coach_id == user.pk) or is_member(user, group)


def may_view_group(user, group: Group | None) -> bool:
    """Public groups are readable by everyone signed in; private ones by insiders."""
    if _coordinator(user):
        return True
    return group is not None and (group.is_public or is_insider(user, group))


def may_change_group(user, group: Group | None) -> bool:
    """Insiders change their group; the coordinator every group."""
    return _coordinator(user) or is_insider(user, group)


# Many groups (a `Q` over groups, or over what points at a group through `prefix`) ------------


def insider_q(user, prefix: str = "") -> Q:
    """Groups (or rows whose `prefix` is a group) the person is a member or the coach of."""
    memberships = Group.members.through.objects.filter(user_id=user.pk).values("group_id")
    return Q(**{f"{prefix}coach_id": user.pk}) | Q(**{f"{prefix}pk__in": memberships})


def view_group_q(user, prefix: str = "") -> Q:
    """The groups a person may see, as `may_view_group` decides for one."""
    if _coordinator(user):
        return EVERYTHING
    return Q(**{f"{prefix}is_public": True}) | insider_q(user, prefix)


def change_group_q(user, prefix: str = "") -> Q:
    """The groups a person may change, as `may_change_group` decides for one."""
    if _coordinator(user):
        return EVERYTHING
    return insider_q(user, prefix)


# Actions --------------------------------------------------------------------------------------


def may_view_action(user, action: Action | None) -> bool:
    """An action is seen by its owner (also after they left the group) and by those who see
    its group."""
    if action is None:
        return _coordinator(user)
    return action.owner_id == user.pk or may_view_group(user, action.group)


def view_action_q(user) -> Q:
    if _coordinator(user):
        return EVERYTHING
    return Q(owner_id=user.pk) | view_group_q(user, "group__")


def may_complete_action(user, action: Action | None) -> bool:
    """An action's owner ticks it off, and so do those who may change its group."""
    if action is None:
        return _coordinator(user)
    return action.owner_id == user.pk or may_change_group(user, action.group)


def complete_action_q(user) -> Q:
    if _coordinator(user):
        return EVERYTHING
    return Q(owner_id=user.pk) | insider_q(user, "group__")


# Joint follow-ups ------------------------------------------------------------------------------


def _parts(joint: JointFollowUp) -> list[Session]:
    # `selectors.joint_for_page` prefetches the parts, their groups (members) and people.
    return list(joint.sessions.all())


def is_invited(user, joint: JointFollowUp | None) -> bool:
    """Invited to one of its groups' parts, coaching one of its groups or having planned it:
    they meet the others, so they see which groups it gathers and who is invited."""
    if joint is None:
        return False
    if joint.created_by_id == user.pk:
        return True
    return any(
        session.group.coach_id == user.pk
        or any(person.pk == user.pk for person in session.participants.all())
        for session in _parts(joint)
    )


def invited_q(user, prefix: str = "") -> Q:
    """The joint follow-ups a person is invited to, as `is_invited` decides for one."""
    invitations = Session.participants.through.objects.filter(user_id=user.pk)
    parts = Session.objects.filter(
        Q(pk__in=invitations.values("session_id")) | Q(group__coach_id=user.pk),
        joint__isnull=False,
    )
    return Q(**{f"{prefix}created_by_id": user.pk}) | Q(
        **{f"{prefix}pk__in": parts.values("joint_id")}
    )


def may_view_joint(user, joint: JointFollowUp | None) -> bool:
    """Those who may see one of its groups, and those invited; for anyone else it is not
    there."""
    if _coordinator(user):
        return True
    if joint is None:
        return False
    return is_invited(user, joint) or any(
        may_view_group(user, session.group) for session in _parts(joint)
    )


def view_joint_q(user) -> Q:
    if _coordinator(user):
        return EVERYTHING
    seen = Session.objects.filter(view_group_q(user, "group__"), joint__isnull=False)
    return Q(pk__in=seen.values("joint_id")) | invited_q(user)


def may_view_joint_guests(user, joint: JointFollowUp | None) -> bool:
    """Which groups it gathers and who is invited, also from groups one may not see: those
    invited (they meet together) and the coordinator."""
    return _coordinator(user) or is_invited(user, joint)


def view_joint_guests_q(user) -> Q:
    return EVERYTHING if _coordinator(user) else invited_q(user)


def may_change_joint(user, joint: JointFollowUp | None) -> bool:
    """Whoever planned it, those who may change every group it gathers, the coordinator."""
    if _coordinator(user):
        return True
    if joint is None:
        return False
    if joint.created_by_id == user.pk:
        return True
    parts = _parts(joint)
    return bool(parts) and all(may_change_group(user, session.group) for session in parts)


def change_joint_q(user) -> Q:
    if _coordinator(user):
        return EVERYTHING
    parts = Session.objects.filter(joint_id=OuterRef("pk"))
    unchangeable = parts.exclude(change_group_q(user, "group__"))
    return Q(created_by_id=user.pk) | (Exists(parts) & ~Exists(unchangeable))


# The policy -----------------------------------------------------------------------------------


def _role(*codes: str):
    return lambda user, obj=None: holds(user, *codes)


class GroupPolicy(Policy):
    """Groups: public ones are read by everyone signed in, private ones only by their members
    and coach; insiders change their group; the coordinator sees and changes every group."""

    model = Group
    rules = {
        "groups.add_group": Rule(
            check=_role(Role.Code.MANAGER, Role.Code.COACH, Role.Code.COORDINATOR),
            doc="Start a workgroup or pilot group (also from an idea).",
        ),
        "groups.view_group": Rule(check=may_view_group, q=view_group_q),
        "groups.change_group": Rule(check=may_change_group, q=change_group_q),
        "groups.view_action": Rule(check=may_view_action, q=view_action_q, model=Action),
        "groups.complete_action": Rule(
            check=may_complete_action, q=complete_action_q, model=Action
        ),
        "groups.view_overview": Rule(check=_role(Role.Code.COACH, Role.Code.COORDINATOR)),
        # The groups gathered must each be one the person may change (the service checks).
        "groups.plan_joint": Rule(check=_role(Role.Code.COACH, Role.Code.COORDINATOR)),
        "groups.view_joint": Rule(check=may_view_joint, q=view_joint_q, model=JointFollowUp),
        "groups.view_joint_guests": Rule(
            check=may_view_joint_guests, q=view_joint_guests_q, model=JointFollowUp
        ),
        "groups.change_joint": Rule(check=may_change_joint, q=change_joint_q, model=JointFollowUp),
        "groups.manage_back_office": Rule(
            check=_role(Role.Code.COORDINATOR),
            doc="Correct groups, sessions, actions and joint follow-ups in the back office.",
        ),
    }

    def follow_up_q(self, user) -> Q:
        """The groups a person follows up on the overview: the coordinator all, a coach the
        ones they coach (not every group they are a member of or may see)."""
        if not user.is_authenticated or not user.is_active:
            return Q(pk__in=[])
        if user.is_superuser or _coordinator(user):
            return EVERYTHING
        return Q(coach_id=user.pk)


policy = GroupPolicy()
