"""Reminders before an action is due, and once more when it is late: by e-mail as each
owner chose, each sent once."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from idesluss.groups import services
from idesluss.groups.models import Action
from idesluss.groups.tasks import remind_actions_due
from idesluss.notifications import services as notification_services
from idesluss.notifications.models import Frequency, Kind, Notification
from idesluss.notifications.tasks import send_digests
from tests.factories import UserFactory, make_group


def add_action(session, by, owner, what: str, due_in: int) -> Action:
    action = services.action_add(
        session=session, by=by, what=what, owner=owner, due_on=timezone.localdate()
    )
    Action.objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=due_in)
    )
    return action


def test_owners_are_reminded_before_the_due_date_and_once_when_late(
    settings, coach, member, session_at, django_capture_on_commit_callbacks
):
    settings.ACTION_REMINDER_DAYS = 2
    now_person, daily_person, silent = member, UserFactory(), UserFactory()
    notification_services.preferences_save(
        user=now_person, choices={Kind.ACTION_DUE: Frequency.IMMEDIATELY}
    )
    notification_services.preferences_save(
        user=daily_person, choices={Kind.ACTION_DUE: Frequency.DAILY}
    )
    notification_services.preferences_save(user=silent, choices={Kind.ACTION_DUE: Frequency.OFF})
    group = make_group(
        coach=coach, members=[now_person, daily_person, silent], name="Nyckelgruppen"
    )
    session = session_at(group, coach)
    soon = add_action(session, coach, now_person, "Ring IT", due_in=2)
    also_soon = add_action(session, coach, now_person, "Skriv förslaget", due_in=0)
    later = add_action(session, coach, now_person, "Långt fram", due_in=3)
    late = add_action(session, coach, daily_person, "Sen sak", due_in=-1)
    add_action(session, coach, silent, "Tyst sak", due_in=1)
    done = add_action(session, coach, now_person, "Klar", due_in=1)
    services.action_set_done(action=done, by=now_person)
    Notification.objects.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions_due.call() == 4

    # One notification per owner: two actions due soon for the member, e-mailed now.
    reminders = Notification.objects.filter(kind=Kind.ACTION_DUE)
    assert reminders.count() == 3
    mine = reminders.get(recipient=now_person)
    assert (
        "Ring IT" in mine.body and "Skriv förslaget" in mine.body and "Långt fram" not in mine.body
    )
    assert [message.to for message in mail.outbox] == [[now_person.email]]
    assert "Nyckelgruppen" in mail.outbox[0].body
    soon.refresh_from_db()
    also_soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded_at and also_soon.reminded_at and later.reminded_at is None
    late.refresh_from_db()
    assert late.overdue_reminded_at and late.reminded_at is None
    # The daily digest brings the late one; "off" sends no mail, only the list entry.
    mail.outbox.clear()
    send_digests.call(frequency=Frequency.DAILY)
    assert [message.to for message in mail.outbox] == [[daily_person.email]]
    assert reminders.filter(recipient=silent).exists()

    # Nothing twice: running the job again the same day reminds nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions_due.call() == 0
    assert not mail.outbox and Notification.objects.filter(kind=Kind.ACTION_DUE).count() == 3

    # Once the due date has passed, the owner hears once more.
    Action.objects.filter(pk=soon.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions_due.call() == 1
    assert len(mail.outbox) == 1 and "Ring IT" in mail.outbox[0].subject


def test_the_reminder_window_is_a_setting(settings, coach, member, session_at):
    settings.ACTION_REMINDER_DAYS = 5
    group = make_group(coach=coach, members=[member])
    add_action(session_at(group, coach), coach, member, "Om fem dagar", due_in=5)
    assert remind_actions_due.call() == 1


def test_inactive_owners_are_not_reminded(coach, member, session_at):
    group = make_group(coach=coach, members=[member])
    add_action(session_at(group, coach), coach, member, "Ring", due_in=1)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert remind_actions_due.call() == 0
    assert not Notification.objects.filter(kind=Kind.ACTION_DUE).exists()


def test_the_periodic_jobs_queue_the_reminders(coach, member, session_at):
    group = make_group(coach=coach, members=[member])
    action = add_action(session_at(group, coach), coach, member, "Ring", due_in=1)
    call_command("periodic_jobs", stdout=io.StringIO())
    action.refresh_from_db()
    assert action.reminded_at is not None
