"""Background work of the idea workshops."""

import datetime

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.core import periodic
from idesluss.notifications.models import Frequency, Kind
from idesluss.notifications.selectors import frequencies_for
from idesluss.notifications.services import notify
from idesluss.workshops.models import SignUp, Workshop
from idesluss.workshops.services import when_text


@periodic.job(periodic.DAILY)
@task()
def remind_workshops() -> int:
    """Remind everyone taking part in tomorrow's workshops, once (by e-mail unless they turned
    workshop e-mails off: a reminder in a later digest would come too late)."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    reminded = 0
    workshops = Workshop.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
        phase__in=[Workshop.Phase.CLOSED, Workshop.Phase.CANCELLED]
    )
    for workshop in workshops:
        with transaction.atomic():
            # Locked and marked in one go: a second run (or a parallel worker) skips them.
            signups = list(
                SignUp.objects.select_for_update(of=("self",))
                .filter(workshop=workshop, status__in=SignUp.TAKING_PART, reminded_at__isnull=True)
                .select_related("person")
            )
            if not signups:
                continue
            SignUp.objects.filter(pk__in=[signup.pk for signup in signups]).update(
                reminded_at=timezone.now()
            )
            people = [signup.person for signup in signups]
            notifications = notify(
                recipients=people,
                kind=Kind.WORKSHOP_NEWS,
                title=lambda workshop=workshop: (
                    _("Tomorrow: the workshop %(title)s") % {"title": workshop.title}
                ),
                body=lambda workshop=workshop: (
                    f"{when_text(workshop)}. {workshop.place or workshop.online_url}".strip()
                ),
                url=workshop.get_absolute_url(),
            )
            wanted = frequencies_for(user_ids=[p.pk for p in people], kind=Kind.WORKSHOP_NEWS)
            now_ids = [
                n.pk
                for n in notifications
                if n.emailed_at is None and wanted[n.recipient_id] != Frequency.OFF
            ]
            if now_ids:
                from idesluss.notifications.tasks import send_notification_emails

                transaction.on_commit(
                    lambda ids=now_ids: send_notification_emails.enqueue(notification_ids=ids)
                )
            reminded += len(signups)
    return reminded
