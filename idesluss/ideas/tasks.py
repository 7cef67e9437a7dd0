"""Background work of the idea sluice."""

from django.db.models import Count
from django.tasks import task

from idesluss.accounts.models import User
from idesluss.core import periodic
from idesluss.ideas import notifications
from idesluss.ideas.selectors import overdue


@periodic.job(periodic.DAILY)
@task()
def remind_overdue() -> int:
    """Remind each responsible person of ideas waiting too long, and the coordinators of all."""
    rows = (
        overdue(waiting_for_anyone())
        .values("responsible_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    reminded = 0
    people = User.objects.in_bulk([row["responsible_id"] for row in rows])
    for row in rows:
        notifications.overdue_for_responsible(
            person=people[row["responsible_id"]], count=row["count"]
        )
        reminded += 1
    total = overdue(waiting_for_anyone()).count()
    if total:
        notifications.overdue_for_coordinators(total=total)
    return reminded


def waiting_for_anyone():
    from idesluss.ideas.models import Idea

    return Idea.objects.filter(status=Idea.Status.SUBMITTED, stage__is_final=False)
