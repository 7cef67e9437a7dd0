"""A session as its page reads it, and the sessions still to come."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from idesluss.groups.models import Action, Decision, Group, Session


def _joint_groups_queryset() -> QuerySet[Session]:
    return Session.objects.select_related("group").only(
        "id", "joint_id", "group__id", "group__name"
    )


def session_for_page(*, group_pk: int, session_pk: int) -> Session:
    """One session with its group (and its members), people, decisions and actions."""
    return (
        Session.objects.select_related("group", "group__coach", "created_by", "joint")
        .prefetch_related(
            "group__members",
            Prefetch("joint__sessions", queryset=_joint_groups_queryset()),
            "participants",
            "attendees",
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
            Prefetch(
                "actions", queryset=Action.objects.select_related("owner", "done_by", "created_by")
            ),
            Prefetch(
                "carried_actions",
                queryset=Action.objects.select_related("owner", "session"),
            ),
        )
        .get(pk=session_pk, group_id=group_pk)
    )


def upcoming_sessions(*, group: Group) -> list[Session]:
    """The group's sessions that have not ended (one query)."""
    now = timezone.now()
    sessions = group.sessions.select_related("joint").order_by("starts_at", "id")
    return [session for session in sessions if session.ends_at >= now]
