"""Actions as their owners see them: across their groups, and on the start page."""

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.groups.models import Action, Group, Session
from idesluss.groups.selectors.groups import PAGE_SIZE


def my_actions(*, person: User, page: int | str | None, done: bool = False) -> Page:
    """A person's actions across all groups, open ones by due date (done ones latest first)."""
    actions = Action.objects.filter(owner=person).select_related("group", "session")
    if done:
        actions = actions.filter(done_at__isnull=False).order_by("-done_at", "-id")
    else:
        actions = actions.filter(done_at__isnull=True).order_by("due_on", "id")
    return Paginator(actions, PAGE_SIZE).get_page(page)


START_LIST_SIZE = 5


def start_page_groups(person: User) -> dict:
    """What a person's start page shows of groups (two queries): their open actions, the
    earliest due first, and the sessions they are invited to or coach that have not begun."""
    actions = (
        Action.objects.filter(owner=person, done_at__isnull=True)
        .select_related("group")
        .order_by("due_on", "id")
    )
    # A subquery of the person's invitations, not a join with every participant and
    # DISTINCT (10 ms at region scale).
    invited = Session.participants.through.objects.filter(user=person).values("session_id")
    coached = Group.objects.filter(coach=person).values("pk")
    sessions = (
        Session.objects.filter(
            Q(pk__in=invited) | Q(group_id__in=coached), starts_at__gte=timezone.now()
        )
        .select_related("group")
        .order_by("starts_at", "id")
    )
    return {
        "open_actions": list(actions[:START_LIST_SIZE]),
        "coming_sessions": list(sessions[:START_LIST_SIZE]),
    }
