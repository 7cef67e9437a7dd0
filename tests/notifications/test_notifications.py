import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from idesluss.core import periodic
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Idea
from idesluss.ideas.tasks import remind_overdue
from idesluss.notifications import services
from idesluss.notifications.models import DEFAULT_FREQUENCY, Frequency, Kind, Notification
from idesluss.notifications.selectors import frequencies_for
from idesluss.notifications.tasks import send_digests
from tests.factories import UserFactory, make_idea


def test_notify_skips_the_actor_and_inactive_people(db):
    actor, active, gone = UserFactory(), UserFactory(), UserFactory()
    gone.is_active = False
    gone.save()
    services.notify(
        recipients=[actor, active, gone], kind=Kind.IDEA_FOLLOWED, title="Hej", actor=actor
    )
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [active.pk]


def test_text_is_worded_in_each_recipients_language(db):
    from django.utils.translation import gettext

    swede, english = UserFactory(), UserFactory()
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    services.notify(
        recipients=[swede, english], kind=Kind.IDEA_FOLLOWED, title=lambda: gettext("Ideas")
    )
    assert Notification.objects.get(recipient=swede).title == "Idéer"
    assert Notification.objects.get(recipient=english).title == "Ideas"


def test_preferences_decide_immediate_email_and_digests(db, django_capture_on_commit_callbacks):
    daily, weekly, off = UserFactory(), UserFactory(), UserFactory()
    services.preferences_save(user=weekly, choices={Kind.IDEA_ANSWERED: Frequency.WEEKLY})
    services.preferences_save(user=off, choices={Kind.IDEA_ANSWERED: Frequency.OFF})
    now = UserFactory()  # the default for answers is immediately
    services.preferences_save(user=daily, choices={Kind.IDEA_ANSWERED: Frequency.DAILY})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[daily, weekly, off, now], kind=Kind.IDEA_ANSWERED, title="Svar")
    assert [m.to for m in mail.outbox] == [[now.email]]
    mail.outbox.clear()
    assert send_digests.call(frequency=Frequency.DAILY) == 1
    assert [m.to for m in mail.outbox] == [[daily.email]]
    mail.outbox.clear()
    assert send_digests.call(frequency=Frequency.WEEKLY) == 1
    assert [m.to for m in mail.outbox] == [[weekly.email]]
    mail.outbox.clear()
    assert send_digests.call(frequency=Frequency.DAILY) == 0  # nothing twice
    assert Notification.objects.get(recipient=off).emailed_at is None
    assert len(mail.outbox) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_task_backend_and_worker_send_the_mail(settings):
    """The real background path: the task is stored, and the worker command sends it."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    person = UserFactory()
    with transaction.atomic():
        services.notify(recipients=[person], kind=Kind.IDEA_ANSWERED, title="Svar på din idé")
    assert len(mail.outbox) == 0  # not sent inside the request
    assert DBTaskResult.objects.count() == 1
    call_command(
        "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Svar på din idé" in mail.outbox[0].subject


def test_overdue_ideas_are_reminded(org, manager, employee):
    idea = make_idea(submitter=employee, unit=org["north"])
    coordinator = UserFactory(roles=["coordinator"])
    Idea.objects.filter(pk=idea.pk).update(
        response_due=timezone.localdate() - datetime.timedelta(days=2)
    )
    assert remind_overdue.call() == 1
    reminder = Notification.objects.get(recipient=manager, kind=Kind.IDEA_OVERDUE)
    assert "1" in reminder.title and reminder.url.endswith("?view=waiting")
    assert Notification.objects.filter(recipient=coordinator, kind=Kind.IDEA_OVERDUE).exists()


def test_each_app_registers_its_own_periodic_jobs(db):
    """The command names no app: each app's tasks module registers its jobs."""
    names = {
        schedule: [(job.name, job.kwargs) for job in periodic.jobs(schedule)]
        for schedule in periodic.SCHEDULES
    }
    assert names == {
        periodic.MAIL: [("idesluss.notifications.tasks.send_due_emails", {})],
        periodic.DAILY: [
            ("idesluss.ideas.tasks.remind_overdue", {}),
            ("idesluss.groups.tasks.remind_actions_due", {}),
            ("idesluss.workshops.tasks.remind_workshops", {}),
            ("idesluss.notifications.tasks.send_digests", {"frequency": Frequency.DAILY}),
            ("idesluss.conversations.tasks.remind_unrecorded", {}),
            ("idesluss.learning.tasks.remind_lapsing_qualifications", {}),
            ("idesluss.network.tasks.fetch_all_subscriptions", {}),
            ("idesluss.network.tasks.tell_sources_again", {}),
        ],
        periodic.WEEKLY: [
            ("idesluss.notifications.tasks.send_digests", {"frequency": Frequency.WEEKLY})
        ],
    }


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--mail"], "Queued the e-mails that are due."),
        ([], "Queued the periodic jobs (9)."),
        (["--weekly"], "Queued the periodic jobs (10)."),
    ],
)
def test_periodic_jobs_command_queues_the_schedules_asked_for(db, arguments, said):
    out = io.StringIO()
    call_command("periodic_jobs", *arguments, stdout=out)
    assert out.getvalue().strip() == said


def test_notification_list_open_and_read_all(client, org, manager, employee, stage):
    idea = make_idea(submitter=employee, unit=org["north"])
    idea_services.idea_move(
        idea=idea, to_stage=stage("innovation", "assessment"), by=manager, message="Hej!"
    )
    client.force_login(employee)
    page = client.get(reverse("notifications:list"))
    assert "Hej!" in page.text
    assert page.context["unread_notifications"] == 1
    notification = Notification.objects.get(recipient=employee)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == idea.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    # Someone else's notification cannot be opened or read.
    other = Notification.objects.create(recipient=manager, kind=Kind.IDEA_FOLLOWED, title="x")
    client.post(reverse("notifications:open", args=[other.pk]))
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()


def test_notification_list_shows_local_times_and_who_did_it(client, db, settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    person, actor = UserFactory(), UserFactory(full_name="Erik <Chef>")
    services.notify(recipients=[person], kind=Kind.IDEA_FOLLOWED, title="Hej", actor=actor)
    late = datetime.datetime(2026, 3, 29, 22, 30, tzinfo=datetime.UTC)
    Notification.objects.filter(recipient=person).update(created_at=late)
    client.force_login(person)
    page = client.get(reverse("notifications:list")).text
    assert '<time datetime="2026-03-30T00:30:00+02:00">mån 30 mar 2026 kl. 00.30</time>' in page
    assert " · Erik &lt;Chef&gt;" in page


def test_preferences_page_saves_and_refuses_nonsense(client, db):
    person = UserFactory()
    client.force_login(person)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    data = {kind.value: Frequency.WEEKLY for kind in Kind}
    assert client.post(url, data).status_code == 302
    assert frequencies_for(user_ids=[person.pk], kind=Kind.IDEA_ANSWERED)[person.pk] == "weekly"
    data[Kind.IDEA_ANSWERED] = "hourly"
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    assert frequencies_for(user_ids=[person.pk], kind=Kind.IDEA_ANSWERED)[person.pk] == "weekly"


def test_every_kind_has_a_chosen_default():
    # A new kind must come with a decision on how people hear of it by default.
    assert set(DEFAULT_FREQUENCY) == set(Kind.values)
    assert DEFAULT_FREQUENCY[Kind.ACTION_DUE] == Frequency.IMMEDIATELY
