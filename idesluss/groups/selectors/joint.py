"""Joint follow-ups: one with every group's part, and as a person may see it."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.groups.models import Action, Decision, Group, JointFollowUp, Session
from idesluss.groups.policy import policy
from idesluss.groups.selectors.groups import groups_to_follow_up


def joint_for_page(*, pk: int) -> JointFollowUp:
    """A joint follow-up with each group's session: the group (coach, members), the people,
    decisions, actions and the actions carried to it. The same queries for any number of
    groups."""
    actions = Action.objects.select_related("owner", "done_by", "group", "session")
    return (
        JointFollowUp.objects.select_related("created_by")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("group", "group__coach")
                .prefetch_related(
                    "group__members",
                    "participants",
                    "attendees",
                    Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
                    Prefetch("actions", queryset=actions),
                    Prefetch("carried_actions", queryset=actions),
                )
                .order_by("group__name", "group_id"),
            )
        )
        .get(pk=pk)
    )


def joint_participants(
    *, joint: JointFollowUp, sessions: list[Session] | None = None
) -> list[User]:
    """Everyone invited from every group of the follow-up (or of `sessions`, some of its
    groups' parts), each once, by name."""
    sessions = list(joint.sessions.all()) if sessions is None else sessions
    people = {p.pk: p for session in sessions for p in session.participants.all()}
    return sorted(people.values(), key=lambda person: (person.full_name, person.pk))


@dataclass(frozen=True, slots=True)
class JointPart:
    """One group's part of a joint follow-up, as a viewer may see it."""

    session: Session
    group: Group
    can_see: bool  # `groups.view_group`: its page, status, notes, decisions and actions
    can_change: bool


@dataclass(frozen=True, slots=True)
class JointView:
    """What a person sees of a joint follow-up: the groups they may see; those invited see
    every group's name and everyone invited (they meet), never a group's own record."""

    parts: list[JointPart]
    participants: list[User]


def joint_view(*, joint: JointFollowUp, viewer: User) -> JointView:
    """A joint follow-up (from `joint_for_page`) as `viewer` may see it."""
    guests = policy.may(viewer, "groups.view_joint_guests", joint)
    parts = []
    for session in joint.sessions.all():
        can_see = policy.may(viewer, "groups.view_group", session.group)
        if can_see or guests:
            can_change = can_see and policy.may(viewer, "groups.change_group", session.group)
            parts.append(
                JointPart(
                    session=session, group=session.group, can_see=can_see, can_change=can_change
                )
            )
    invited = joint_participants(
        joint=joint, sessions=[part.session for part in parts if guests or part.can_see]
    )
    return JointView(parts=parts, participants=invited)


def groups_for_joint(*, viewer: User) -> QuerySet[Group]:
    """The running groups a person may gather to a joint follow-up, by name."""
    today = timezone.localdate()
    return (
        groups_to_follow_up(viewer=viewer)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("coach")
        .order_by("name", "id")
    )
