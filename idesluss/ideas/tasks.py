"""Background work of the idea sluice."""

from django.db.models import Count
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.accounts.models import Role, User
from idesluss.core import periodic
from idesluss.ideas.selectors import overdue
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify


@periodic.job(periodic.DAILY)
@task()
def remind_overdue() -> int:
    """Remind each responsible person of ideas waiting too long, and the coordinators of all."""
    waiting_url = reverse("ideas:list") + "?view=waiting"
    rows = (
        overdue(waiting_for_anyone())
        .values("responsible_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    reminded = 0
    people = User.objects.in_bulk([row["responsible_id"] for row in rows])
    for row in rows:
        person, count = people[row["responsible_id"]], row["count"]
        notify(
            recipients=[person],
            kind=Kind.IDEA_OVERDUE,
            title=lambda count=count: (
                ngettext(
                    "%(count)s idea is waiting too long for your answer",
                    "%(count)s ideas are waiting too long for your answer",
                    count,
                )
                % {"count": count}
            ),
            url=waiting_url,
        )
        reminded += 1
    total = overdue(waiting_for_anyone()).count()
    if total:
        coordinators = User.objects.filter(
            is_active=True, role_assignments__role__code=Role.Code.COORDINATOR
        ).distinct()
        notify(
            recipients=coordinators,
            kind=Kind.IDEA_OVERDUE,
            title=lambda: (
                ngettext(
                    "%(count)s idea in the organisation is overdue for an answer",
                    "%(count)s ideas in the organisation are overdue for an answer",
                    total,
                )
                % {"count": total}
            ),
            body=lambda: _("See the list of overdue ideas."),
            url=reverse("ideas:list") + "?overdue=on",
        )
    return reminded


def waiting_for_anyone():
    from idesluss.ideas.models import Idea

    return Idea.objects.filter(status=Idea.Status.SUBMITTED, stage__is_final=False)
