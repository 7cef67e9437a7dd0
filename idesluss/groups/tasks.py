"""Background work of the groups: reminders before actions are due, and once more after."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from idesluss.core import periodic
from idesluss.groups import notifications
from idesluss.groups.models import Action


def reminder_days() -> int:
    """How many days before the due date an action's owner is reminded."""
    return max(0, int(getattr(settings, "ACTION_REMINDER_DAYS", 2)))


@periodic.job(periodic.DAILY)
@task()
def remind_actions_due() -> int:
    """Remind each owner of their open actions due within ACTION_REMINDER_DAYS days, and
    once more of those that are overdue. Each reminder is sent once, so running the job
    again the same day (or every day) sends nothing twice. Returns the actions reminded."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=reminder_days())
    url = reverse("groups:my_actions")
    open_actions = Action.objects.filter(done_at__isnull=True, owner__is_active=True)
    reminded = 0
    for field, actions in (
        (
            "reminded_at",
            open_actions.filter(reminded_at__isnull=True, due_on__gte=today, due_on__lte=horizon),
        ),
        (
            "overdue_reminded_at",
            open_actions.filter(overdue_reminded_at__isnull=True, due_on__lt=today),
        ),
    ):
        with transaction.atomic():
            chosen = list(
                actions.select_for_update(of=("self",), skip_locked=True)
                .select_related("owner", "group")
                .order_by("owner_id", "due_on", "id")
            )
            by_owner: dict[int, list[Action]] = defaultdict(list)
            for action in chosen:
                by_owner[action.owner_id].append(action)
            for owner_actions in by_owner.values():
                notifications.notify_actions_due(
                    actions=owner_actions, overdue=field == "overdue_reminded_at", url=url
                )
            Action.objects.filter(pk__in=[action.pk for action in chosen]).update(
                **{field: timezone.now()}
            )
            reminded += len(chosen)
    return reminded
