"""Background work of the groups: reminders before actions are due, and once more after."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.core import periodic
from idesluss.groups.models import Action
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify


def reminder_days() -> int:
    """How many days before the due date an action's owner is reminded."""
    return max(0, int(getattr(settings, "ACTION_REMINDER_DAYS", 2)))


def _lines(actions: list[Action]) -> str:
    return "\n".join(
        f"– {action.what} ({action.group.name}, {formats.date_format(action.due_on, 'j F')})"
        for action in actions
    )


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
                _remind(owner_actions, overdue=field == "overdue_reminded_at", url=url)
            Action.objects.filter(pk__in=[action.pk for action in chosen]).update(
                **{field: timezone.now()}
            )
            reminded += len(chosen)
    return reminded


def _remind(actions: list[Action], *, overdue: bool, url: str) -> None:
    """One notification to one owner about their actions (e-mailed as they chose)."""
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
                    "date": formats.date_format(first.due_on, "j F"),
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
        body=lambda: _lines(actions),
        url=url,
    )
