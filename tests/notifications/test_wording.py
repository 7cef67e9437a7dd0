"""Notifications keep what happened as data and are worded in the reader's language when
shown, and e-mailed in the recipient's (issue 12, item 6); their dates follow the style
of that language (item 7)."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from idesluss.groups import notifications as group_notifications
from idesluss.groups import services as group_services
from idesluss.ideas import services as idea_services
from idesluss.notifications import phrases, services
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_group, make_idea
from tests.queries import page_queries

# 14:00 in Stockholm on Monday 14 December 2026.
MOMENT = datetime.datetime(2026, 12, 14, 13, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _stockholm(settings):
    settings.TIME_ZONE = "Europe/Stockholm"


def _list(client, language: str) -> str:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("notifications:list")).text


def test_a_move_is_shown_in_the_language_the_reader_reads_in(client, org, manager, employee, stage):
    """Made for a Swede, read with the English interface: English, the stage's English name."""
    idea = make_idea(submitter=employee, unit=org["north"], title="Nycklar")
    to_stage = stage("innovation", "assessment")
    assert to_stage.name_en and to_stage.name_en != to_stage.name_sv
    idea_services.idea_move(idea=idea, to_stage=to_stage, by=manager, message="Vi tittar på den.")
    client.force_login(employee)
    english = _list(client, "en")
    assert f"Nycklar is now: {to_stage.name_en}" in english
    assert "är nu" not in english
    assert "Vi tittar på den." in english  # the manager's own words, as written
    swedish = _list(client, "sv")
    assert f"Nycklar är nu: {to_stage.name_sv}" in swedish


def test_a_session_is_told_with_its_kind_and_time_in_the_readers_language(client, org, coach):
    member = UserFactory(full_name="Mona Medlem")
    group = make_group(by=coach, coach=coach, members=[member], name="Nyckelgruppen")
    session = group_services.session_create(
        group=group,
        by=coach,
        data=group_services.SessionInput(starts_at=_soon()),
    )
    Notification.objects.all().delete()
    session.starts_at = MOMENT  # as planned for that moment
    group_notifications.notify_session_planned(session=session, by=coach)
    client.force_login(member)
    english = _list(client, "en")
    assert "Coaching session in Nyckelgruppen on Mon 14 Dec 2026, 14:00" in english
    swedish = _list(client, "sv")
    assert "Coachtillfälle i Nyckelgruppen den mån 14 dec 2026 kl. 14.00" in swedish
    assert "Coaching session" not in swedish


def _soon() -> datetime.datetime:
    from django.utils import timezone

    return (timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)


def test_each_email_is_worded_in_its_recipients_language(db, django_capture_on_commit_callbacks):
    swede, english = UserFactory(), UserFactory()
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[swede, english],
            kind=Kind.IDEA_ANSWERED,
            title=phrases.gettext("Answer by %(date)s.", date=phrases.date(MOMENT.date())),
            body=phrases.gettext(
                "Joint follow-up on %(when)s: %(title)s",
                when=phrases.datetime(MOMENT),
                title="Nyckelträffen",
            ),
        )
    sent = {message.to[0]: message for message in mail.outbox}
    assert "Answer by 14 December 2026." in sent[english.email].subject
    assert "Mon 14 Dec 2026, 14:00" in sent[english.email].body
    assert "14 december 2026" in sent[swede.email].subject
    assert "mån 14 dec 2026 kl. 14.00" in sent[swede.email].body
    html = sent[swede.email].alternatives[0].content
    assert "mån 14 dec 2026 kl. 14.00" in html


def test_repeats_merged_into_one_keep_their_wording(db):
    person, first, second = UserFactory(), UserFactory(), UserFactory()

    def comment(by, text):
        services.notify(
            recipients=[person],
            kind=Kind.IDEA_COMMENTED,
            title=phrases.gettext("%(name)s commented on %(title)s", name="A", title="Idén"),
            body=text,
            actor=by,
            topic="idea-comments:1",
            collapsed=lambda count: phrases.ngettext(
                "%(count)s new comment on %(title)s",
                "%(count)s new comments on %(title)s",
                count=count,
                title="Idén",
            ),
        )

    comment(first, "Första")
    comment(second, "Andra")
    notification = Notification.objects.get(recipient=person)
    assert notification.count == 2
    with translation.override("en"):
        assert notification.worded_title() == "2 new comments on Idén"
        assert notification.worded_body() == "Första\n\nAndra"
    with translation.override("sv"):
        assert "Idén" in notification.worded_title()
        assert notification.worded_title() != "2 new comments on Idén"


def test_notifications_made_before_the_wording_was_kept_show_their_stored_text(client, db):
    person = UserFactory()
    Notification.objects.create(
        recipient=person, kind=Kind.GROUP_NEWS, title="Gammal rubrik", body="Gammal text"
    )
    client.force_login(person)
    page = _list(client, "en")
    assert "Gammal rubrik" in page and "Gammal text" in page


def test_a_wording_the_catalogue_cannot_fill_falls_back_to_the_stored_text(db):
    person = UserFactory()
    notification = Notification.objects.create(
        recipient=person,
        kind=Kind.GROUP_NEWS,
        title="Sparad",
        wording={"title": {"text": "%(missing)s", "params": {"other": 1}}, "body": []},
    )
    assert notification.worded_title() == "Sparad"


def test_phrases_render_values_in_the_active_language():
    phrase = phrases.lines(
        phrases.literal(
            "– %(what)s (%(stage)s, %(date)s)",
            what="Nycklar",
            stage=phrases.names("Bedömning", "Assessment"),
            date=phrases.short_date(datetime.date(2026, 10, 10)),
        ),
        "Egen text",
    )
    with translation.override("en"):
        assert phrases.render(phrase) == "– Nycklar (Assessment, 10 Oct)\nEgen text"
    with translation.override("sv"):
        assert phrases.render(phrase) == "– Nycklar (Bedömning, 10 okt)\nEgen text"
    label = phrases.label(Kind.IDEA_ANSWERED.label)
    with translation.override("en"):
        assert phrases.render(label) == "Answers to my ideas (stage changes)"
    with translation.override("sv"):
        assert phrases.render(label) != "Answers to my ideas (stage changes)"


def test_the_notification_list_costs_the_same_however_many_are_worded(client, db):
    person = UserFactory()
    client.force_login(person)

    def add(count: int) -> None:
        for number in range(count):
            services.notify(
                recipients=[person],
                kind=Kind.GROUP_NEWS,
                title=phrases.gettext(
                    "Joint follow-up on %(when)s: %(title)s",
                    when=phrases.datetime(MOMENT),
                    title=f"Träff {number}",
                ),
                body=phrases.gettext("Answer by %(date)s.", date=phrases.date(MOMENT.date())),
            )

    add(1)
    one = page_queries(client, reverse("notifications:list"))
    add(40)
    assert page_queries(client, reverse("notifications:list")) == one


def test_a_value_alone_is_a_phrase_too():
    span = phrases.time_span(MOMENT, MOMENT + datetime.timedelta(hours=2))
    with translation.override("en"):
        assert phrases.render(span) == "Mon 14 Dec 2026, 14:00–16:00"
    with translation.override("sv"):
        assert phrases.render(span) == "mån 14 dec 2026 kl. 14.00–16.00"
