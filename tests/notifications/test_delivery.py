"""E-mail delivery: safe subjects, plain text that is not HTML-escaped, retries with
back-off through a mail server that really refuses, and the back office's view of it."""

import datetime
import socket

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from idesluss.core.text import SingleLineCharField, single_line, subject_line
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Idea
from idesluss.notifications import delivery, services
from idesluss.notifications.models import Frequency, Kind, Notification
from idesluss.notifications.tasks import send_digests
from tests.factories import UserFactory, make_idea

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def refusing_mail_server(settings):
    """Django's SMTP backend pointed at a local port nobody listens on: every send fails."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    return settings


def later(seconds: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


# Single-line titles and names (item 7)


def test_line_breaks_and_control_characters_become_single_spaces():
    assert single_line(" Ny\r\nidé\u2028om\u2029nycklar\tnu\x0b\x00 ") == "Ny idé om nycklar nu"
    assert single_line("\n\n") == ""
    field = SingleLineCharField(max_length=120)
    assert field.clean("Rad ett\nrad två") == "Rad ett rad två"


def test_subjects_are_one_line_and_cut_at_a_word():
    assert subject_line("a\nb") == "a b"
    long = "ord " * 60
    cut = subject_line(long)
    assert len(cut) <= 150 and cut.endswith("ord…") and "\n" not in cut


def test_titles_and_names_are_stored_on_one_line(org, employee):
    from idesluss.accounts import services as account_services

    idea = make_idea(submitter=employee, unit=org["north"], title="Nycklar\nsom\u2028försvinner")
    assert idea.title == "Nycklar som försvinner"
    person = account_services.user_create(
        email="ny@kommunen.example", full_name="Anna\r\nAndersson", by=None
    )
    assert person.full_name == "Anna Andersson"


def test_the_idea_form_keeps_the_title_on_one_line(client, org, employee):
    client.force_login(employee)
    response = client.post(
        reverse("ideas:submit"),
        {
            "title": "Första raden\r\nandra raden",
            "need": "Behov",
            "proposal": "Förslag",
            "lane": "improvement",
            "unit": org["north"].pk,
        },
    )
    assert response.status_code == 302
    assert Idea.objects.get(submitter=employee).title == "Första raden andra raden"


def test_a_stored_title_with_a_line_break_is_still_mailed(
    org, manager, employee, stage, django_capture_on_commit_callbacks
):
    """Data stored before titles were kept on one line: the answer still reaches the
    submitter, with the title on one line in the subject."""
    idea = make_idea(submitter=employee, unit=org["north"])
    Idea.objects.filter(pk=idea.pk).update(title="Rad ett\nrad två\r\n")
    idea.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_move(
            idea=idea, to_stage=stage("innovation", "assessment"), by=manager, message="Hej!"
        )
    [answer] = [m for m in mail.outbox if m.to == [employee.email]]
    assert answer.subject.startswith("Idésluss: Rad ett rad två är nu: ")
    assert Notification.objects.get(recipient=employee).emailed_at is not None


# Plain text is not HTML-escaped (item 8)


def test_subject_and_text_are_plain_and_html_is_escaped(db, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[person], kind=Kind.IDEA_ANSWERED, title="\"'>&< svar", body="a & b <c>"
        )
    [message] = mail.outbox
    assert message.subject == "Idésluss: \"'>&< svar"
    assert "\"'>&< svar" in message.body and "a & b <c>" in message.body
    html = message.alternatives[0].content
    # The e-mail's HTML is a Jinja2 template: markupsafe writes `"` and `'` as &#34; and &#39;.
    assert "&#34;&#39;&gt;&amp;&lt; svar" in html and "\"'>&<" not in html
    assert "a &amp; b &lt;c&gt;" in html


# Retries with back-off (item 7)


def test_a_failed_email_is_retried_with_back_off_and_then_sent(
    refusing_mail_server, db, django_capture_on_commit_callbacks
):
    settings = refusing_mail_server
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[person], kind=Kind.IDEA_ANSWERED, title="Svar på din idé")
    notification = Notification.objects.get()
    assert notification.emailed_at is None and notification.attempts == 1
    assert "ConnectionRefusedError" in notification.last_error
    first_retry = notification.next_attempt_at
    assert (
        datetime.timedelta(seconds=55)
        < first_retry - notification.created_at
        < datetime.timedelta(seconds=65)
    )
    # Not before its time; and a second failure waits longer (5 minutes).
    assert delivery.notifications_send_due(now=later(30)) == 0
    assert delivery.notifications_send_due(now=later(61)) == 0
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.next_attempt_at - first_retry > datetime.timedelta(seconds=290)
    # The mail server is back: the next due run sends it, once.
    settings.MAILERS = LOCMEM
    assert delivery.notifications_send_due(now=later(400)) == 1
    assert [m.subject for m in mail.outbox] == ["Idésluss: Svar på din idé"]
    assert delivery.notifications_send_due(now=later(4000)) == 0
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.next_attempt_at is None


def test_after_the_last_back_off_it_is_marked_failed(
    refusing_mail_server, db, django_capture_on_commit_callbacks
):
    refusing_mail_server.NOTIFICATION_RETRY_DELAYS = [60, 300]
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[person], kind=Kind.IDEA_ANSWERED, title="Svar")
    assert delivery.notifications_send_due(now=later(61)) == 0
    assert delivery.notifications_send_due(now=later(400)) == 0
    notification = Notification.objects.get()
    assert notification.attempts == 3
    assert notification.failed_at is not None and notification.next_attempt_at is None
    assert notification.delivery == "misslyckades"
    # Given up: later runs leave it alone.
    assert delivery.notifications_send_due(now=later(100_000)) == 0
    assert Notification.objects.get().attempts == 3


def test_a_failed_digest_is_retried(refusing_mail_server, db):
    person = UserFactory()
    services.preferences_save(user=person, choices={Kind.IDEA_FOLLOWED: Frequency.DAILY})
    for title in ("Nyhet ett", "Nyhet två"):
        services.notify(recipients=[person], kind=Kind.IDEA_FOLLOWED, title=title)
    assert send_digests.call(frequency=Frequency.DAILY) == 0
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
    refusing_mail_server.MAILERS = LOCMEM
    # The next digest does not take them twice; the retry sends both in one e-mail.
    assert send_digests.call(frequency=Frequency.DAILY) == 0
    assert delivery.notifications_send_due(now=later(61)) == 1
    [message] = mail.outbox
    assert "Nyhet ett" in message.body and "Nyhet två" in message.body
    assert message.subject == "Idésluss: 2 notiser"


def test_the_back_office_lists_failures_and_sends_again(
    refusing_mail_server, client, person_in_role, django_capture_on_commit_callbacks
):
    administrator = person_in_role("administrator")
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[person], kind=Kind.IDEA_ANSWERED, title="Svar på din idé")
    notification = Notification.objects.get()
    client.force_login(administrator)
    url = reverse("admin:notifications_notification_changelist")
    page = client.get(url, {"delivery": "retrying"})
    assert page.status_code == 200
    assert "Svar på din idé" in page.text and "ConnectionRefusedError" in page.text
    assert client.get(url, {"delivery": "failed"}).context["cl"].result_count == 0
    refusing_mail_server.MAILERS = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "send_again", "_selected_action": [notification.pk]}, follow=True
        )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[person.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_only_administrators_see_the_deliveries(client, person_in_role):
    client.force_login(person_in_role("coordinator"))
    url = reverse("admin:notifications_notification_changelist")
    assert client.get(url).status_code == 403


def test_csv_import_keeps_names_on_one_line(db):
    import io

    from idesluss.accounts import importers
    from idesluss.accounts.models import Unit, User

    units = 'code;name;kind;parent\nHS;"Hemtjänst\nSyd";enhet;\n'
    assert importers.units_import(io.BytesIO(units.encode())).created == 1
    assert Unit.objects.get(code="HS").name == "Hemtjänst Syd"
    people = 'email;name\nanna@kommunen.example;"Anna\r\nAndersson\u2028"\n'
    assert importers.users_import(io.BytesIO(people.encode())).created == 1
    assert User.objects.get(email="anna@kommunen.example").full_name == "Anna Andersson"


def test_the_back_office_keeps_titles_and_names_on_one_line(rf, person_in_role):
    from django.contrib import admin

    from idesluss.accounts.models import Unit, User
    from idesluss.challenges.models import Challenge, Need
    from idesluss.groups.models import Group
    from idesluss.workshops.models import Workshop

    request = rf.get("/")
    request.user = person_in_role("administrator")
    for model, field in [
        (Need, "title"),
        (Challenge, "title"),
        (Workshop, "title"),
        (Group, "name"),
        (Unit, "name"),
        (User, "full_name"),
    ]:
        form = admin.site._registry[model].get_form(request)
        assert isinstance(form.base_fields[field], SingleLineCharField), model
    form = admin.site._registry[Need].get_form(request)(data={"title": "Ett\ntvå"})
    form.is_valid()
    assert form.cleaned_data["title"] == "Ett två"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_sends_a_delayed_email_at_its_time(settings):
    """With the real task backend the e-mail task is stored to run when the delay is over."""
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATION_EMAIL_DELAY = 120
    person = UserFactory()
    with transaction.atomic():
        services.notify(recipients=[person], kind=Kind.IDEA_ANSWERED, title="Svar")
    [stored] = DBTaskResult.objects.all()
    notification = Notification.objects.get()
    assert stored.run_after == notification.send_after
    assert datetime.timedelta(seconds=115) < stored.run_after - timezone.now()
    worker = ["db_worker", "--batch", "--no-startup-delay"]
    call_command(*worker, stdout=io.StringIO(), stderr=io.StringIO())
    assert mail.outbox == []  # not before its time
    earlier = timezone.now() - datetime.timedelta(seconds=1)
    DBTaskResult.objects.update(run_after=earlier)
    Notification.objects.update(send_after=earlier)
    call_command(*worker, stdout=io.StringIO(), stderr=io.StringIO())
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_the_email_is_marked_in_the_recipients_language(db, django_capture_on_commit_callbacks):
    swede, english = UserFactory(), UserFactory()
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[swede, english], kind=Kind.IDEA_ANSWERED, title="Svar")
    languages = {
        message.to[0]: message.alternatives[0].content.split('<html lang="')[1][:2]
        for message in mail.outbox
    }
    assert languages == {swede.email: "sv", english.email: "en"}
