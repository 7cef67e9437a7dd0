"""Repeated events on the same thing collapse into one notification and one e-mail."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from idesluss.challenges import services as challenge_services
from idesluss.groups import services as group_services
from idesluss.ideas import services as idea_services
from idesluss.notifications import delivery, services
from idesluss.notifications.models import Frequency, Kind, Notification
from idesluss.workshops import services as workshop_services
from tests.factories import UserFactory, make_group, make_idea, make_need, make_workshop


@pytest.fixture
def delayed(settings):
    """Production's timing: immediate e-mails wait two minutes, the window is ten."""
    settings.NOTIFICATION_EMAIL_DELAY = 120
    settings.NOTIFICATION_COLLAPSE_WINDOW = 600
    return settings


def later(seconds: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def test_toggling_we_have_it_too_tells_the_recorder_once(
    org, employee, delayed, django_capture_on_commit_callbacks
):
    colleague = UserFactory(unit=org["north"], full_name="Kim Kollega")
    services.preferences_save(user=employee, choices={Kind.NEED_NEWS: Frequency.IMMEDIATELY})
    need = make_need(title="Trasiga rullatorer", by=employee)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            challenge_services.need_echo(need=need, by=colleague)
            challenge_services.need_unecho(need=need, by=colleague)
    [told] = Notification.objects.filter(recipient=employee, kind=Kind.NEED_NEWS)
    assert told.count == 1 and "Kim Kollega" in told.title
    assert delivery.notifications_send_due(now=later(130)) == 1
    assert len(mail.outbox) == 1
    # Even after the window, saying it again once more tells nobody.
    Notification.objects.update(created_at=later(-3600), updated_at=later(-3600))
    challenge_services.need_echo(need=need, by=colleague)
    assert Notification.objects.filter(recipient=employee).count() == 1


def test_several_colleagues_saying_it_make_one_notification(
    org, employee, delayed, django_capture_on_commit_callbacks
):
    services.preferences_save(user=employee, choices={Kind.NEED_NEWS: Frequency.IMMEDIATELY})
    need = make_need(title="Trasiga rullatorer", by=employee)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            challenge_services.need_echo(need=need, by=UserFactory(unit=org["north"]))
    [told] = Notification.objects.filter(recipient=employee)
    assert told.count == 3
    assert told.title == "3 kollegor har samma problem: Trasiga rullatorer"
    assert mail.outbox == []  # not before the delay
    assert delivery.notifications_send_due(now=later(130)) == 1
    [message] = mail.outbox
    assert message.subject == "Idésluss: 3 kollegor har samma problem: Trasiga rullatorer"


def test_25_comments_make_one_notification_and_one_email_per_follower(
    org, employee, manager, delayed, django_capture_on_commit_callbacks
):
    idea = make_idea(submitter=employee, unit=org["north"], title="Nyckelskåp")
    commenter = UserFactory(unit=org["north"], full_name="Kim Kollega")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(25):
            idea_services.comment_add(idea=idea, by=commenter, body=f"Kommentar {number}")
    told = Notification.objects.filter(recipient=employee, kind=Kind.IDEA_COMMENTED)
    [notification] = told
    assert notification.count == 25
    assert notification.title == "25 nya kommentarer på Nyckelskåp"
    assert "Kim Kollega: Kommentar 0" in notification.body
    assert "Kim Kollega: Kommentar 24" in notification.body
    assert notification.url.endswith(f"#comment-{idea.comments.order_by('pk').first().pk}")


def test_immediate_comment_emails_wait_and_are_sent_once_per_window(
    org, employee, delayed, django_capture_on_commit_callbacks
):
    services.preferences_save(user=employee, choices={Kind.IDEA_COMMENTED: Frequency.IMMEDIATELY})
    idea = make_idea(submitter=employee, unit=org["north"], title="Nyckelskåp")
    commenter = UserFactory(unit=org["north"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            idea_services.comment_add(idea=idea, by=commenter, body=f"Kommentar {number}")
    assert mail.outbox == []
    assert delivery.notifications_send_due(now=later(60)) == 0  # not yet
    assert delivery.notifications_send_due(now=later(130)) == 1
    [message] = mail.outbox
    assert message.subject == "Idésluss: 5 nya kommentarer på Nyckelskåp"
    assert "Kommentar 0" in message.body and "Kommentar 4" in message.body
    # A comment soon after the e-mail starts a new notification, e-mailed only when the
    # window since the last e-mail has passed.
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.comment_add(idea=idea, by=commenter, body="Kommentar 5")
    newest = Notification.objects.filter(recipient=employee, emailed_at__isnull=True).get()
    first = Notification.objects.filter(recipient=employee, emailed_at__isnull=False).get()
    assert newest.send_after == first.emailed_at + datetime.timedelta(seconds=600)
    assert delivery.notifications_send_due(now=later(300)) == 0
    assert delivery.notifications_send_due(now=later(700)) == 1
    assert len(mail.outbox) == 2


def test_a_read_notification_is_not_reused(org, employee, delayed):
    idea = make_idea(submitter=employee, unit=org["north"])
    commenter = UserFactory(unit=org["north"])
    idea_services.comment_add(idea=idea, by=commenter, body="Ett")
    services.notifications_mark_read(user=employee)
    idea_services.comment_add(idea=idea, by=commenter, body="Två")
    assert Notification.objects.filter(recipient=employee).count() == 2


def test_fifteen_actions_make_one_email(org, delayed, django_capture_on_commit_callbacks):
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    member = UserFactory(unit=org["north"])
    group = make_group(coach=coach, members=[member], name="Nyckelgruppen")
    session = group_services.session_create(
        group=group, by=coach, data=group_services.SessionInput(starts_at=later(3600))
    )
    Notification.objects.all().delete()
    mail.outbox.clear()
    due = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(15):
            group_services.action_add(
                session=session, by=coach, what=f"Uppgift {number}", owner=member, due_on=due
            )
    [told] = Notification.objects.filter(recipient=member, kind=Kind.ACTION_ASSIGNED)
    assert told.title == "15 nya åtgärder till dig i Nyckelgruppen"
    assert "Uppgift 0 – klart senast" in told.body and "Uppgift 14" in told.body
    assert delivery.notifications_send_due(now=later(130)) == 1
    assert len(mail.outbox) == 1


def test_inviting_again_makes_no_second_invitation(org, delayed):
    facilitator = UserFactory(roles=["coordinator"], unit=org["vo"])
    workshop = make_workshop(by=facilitator)
    guest = UserFactory(unit=org["north"])
    for _ in range(3):
        workshop_services.workshop_invite(workshop=workshop, by=facilitator, people=[guest])
    [told] = Notification.objects.filter(recipient=guest, kind=Kind.WORKSHOP_NEWS)
    assert told.count == 3


def test_other_people_and_other_things_are_not_collapsed(org, employee, delayed):
    other = UserFactory(unit=org["north"])
    first = make_idea(submitter=employee, unit=org["north"], title="Ett")
    second = make_idea(submitter=employee, unit=org["north"], title="Två")
    idea_services.comment_add(idea=first, by=other, body="Hej")
    idea_services.comment_add(idea=second, by=other, body="Hej")
    idea_services.comment_add(idea=first, by=employee, body="Svar")
    assert Notification.objects.filter(recipient=employee).count() == 2
    assert Notification.objects.filter(recipient=other).count() == 1
