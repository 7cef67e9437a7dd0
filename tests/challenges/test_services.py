import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from idesluss.challenges import selectors, services
from idesluss.challenges.models import Challenge, Need, NeedEcho
from idesluss.core.models import AuditEvent
from idesluss.ideas import selectors as idea_selectors
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Idea, Lane
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_challenge, make_idea, make_need

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TODAY = datetime.date(2026, 5, 10)


def test_record_a_need(employee):
    need = services.need_record(
        by=employee,
        data=services.NeedInput(
            title=" Nycklar ",
            description="Vi letar efter nycklar.",
            where="Lokalen",
            affected="Brukare",
            frequency="daily",
        ),
    )
    assert (need.title, need.recorded_by, need.echo_count) == ("Nycklar", employee, 0)
    assert AuditEvent.objects.filter(action="need.record", target_id=str(need.pk)).exists()


def test_a_need_needs_what_and_a_description(employee):
    with pytest.raises(ValidationError) as error:
        services.need_record(by=employee, data=services.NeedInput(frequency="hourly"))
    assert set(error.value.message_dict) == {"title", "description", "frequency"}
    assert not Need.objects.exists()


def test_anonymous_cannot_record_a_need(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.need_record(
            by=AnonymousUser(), data=services.NeedInput(title="x", description="y")
        )


def test_we_have_it_too_once_per_person(org, employee):
    need = make_need()
    services.need_echo(need=need, by=employee)
    assert Need.objects.get(pk=need.pk).echo_count == 1
    with pytest.raises(ValidationError, match="already"):
        services.need_echo(need=need, by=employee)
    assert Need.objects.get(pk=need.pk).echo_count == 1
    assert NeedEcho.objects.count() == 1
    colleague = UserFactory(unit=org["north"])
    services.need_echo(need=need, by=colleague)
    assert Need.objects.get(pk=need.pk).echo_count == 2
    services.need_unecho(need=need, by=employee)
    services.need_unecho(need=need, by=employee)  # taking it back twice changes nothing more
    assert Need.objects.get(pk=need.pk).echo_count == 1


def test_the_database_also_refuses_a_second_echo(employee):
    need = make_need()
    NeedEcho.objects.create(need=need, user=employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedEcho.objects.create(need=need, user=employee)


def test_no_echo_on_ones_own_need(employee):
    need = make_need(by=employee)
    with pytest.raises(ValidationError, match="yourself"):
        services.need_echo(need=need, by=employee)
    assert Need.objects.get(pk=need.pk).echo_count == 0


def test_coordinator_turns_needs_into_a_challenge(org):
    coordinator = UserFactory(roles=["coordinator"])
    needs = [make_need(title="A"), make_need(title="B")]
    challenge = make_challenge(by=coordinator, owner_unit=org["bou"], needs=needs)
    assert set(challenge.needs.all()) == set(needs)
    assert challenge.created_by == coordinator and challenge.status == "open"
    event = AuditEvent.objects.get(action="challenge.create")
    assert event.data == {"needs": [needs[0].pk, needs[1].pk]}


def test_manager_only_for_their_own_units(org, manager):
    challenge = make_challenge(by=manager, owner_unit=org["north"])
    assert challenge.owner_unit == org["north"]
    with pytest.raises(ValidationError) as error:
        make_challenge(by=manager, owner_unit=org["bou"])
    assert "owner_unit" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        make_challenge(by=UserFactory(unit=org["north"]))
    assert Challenge.objects.count() == 1


def test_a_challenge_cannot_close_before_it_opens(org):
    with pytest.raises(ValidationError) as error:
        make_challenge(owner_unit=org["bou"], opens_in=5, closes_in=2)
    assert error.value.message_dict["closes_on"] == ["The challenge cannot close before it opens."]
    assert not Challenge.objects.exists()


def test_the_database_refuses_closing_before_opening(org):
    challenge = make_challenge(owner_unit=org["bou"])
    challenge.closes_on = challenge.opens_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        challenge.save(update_fields=["closes_on"])


def test_a_challenge_needs_its_fields(org):
    coordinator = UserFactory(roles=["coordinator"])
    with pytest.raises(ValidationError) as error:
        services.challenge_create_from_needs(by=coordinator, data=services.ChallengeInput())
    assert set(error.value.message_dict) >= {
        "title",
        "background",
        "question",
        "owner_unit",
        "opens_on",
        "closes_on",
    }


def test_update_a_challenge_with_an_image(org, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    challenge = make_challenge(by=manager, owner_unit=org["north"])
    data = services.ChallengeInput(
        title="Ny titel",
        background=challenge.background,
        question=challenge.question,
        owner_unit=org["north"],
        opens_on=challenge.opens_on,
        closes_on=challenge.closes_on,
        image=SimpleUploadedFile("bild.png", PNG, content_type="image/png"),
        image_alt="En nyckelknippa",
    )
    updated = services.challenge_update(challenge=challenge, by=manager, data=data)
    assert updated.title == "Ny titel" and updated.image.name.endswith(".png")
    assert AuditEvent.objects.filter(action="challenge.update").exists()
    # A manager cannot move the challenge to a unit they do not manage.
    data.owner_unit, data.image = org["bou"], None
    with pytest.raises(ValidationError):
        services.challenge_update(challenge=updated, by=manager, data=data)
    assert Challenge.objects.get(pk=challenge.pk).owner_unit == org["north"]


def test_a_challenge_image_is_not_written_when_the_transaction_rolls_back(
    org, manager, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    challenge = make_challenge(by=manager, owner_unit=org["north"])
    data = services.ChallengeInput(
        title=challenge.title,
        background=challenge.background,
        question=challenge.question,
        owner_unit=org["north"],
        opens_on=challenge.opens_on,
        closes_on=challenge.closes_on,
        image=SimpleUploadedFile("bild.png", PNG, content_type="image/png"),
        image_alt="En nyckelknippa",
    )
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.challenge_update(challenge=challenge, by=manager, data=data)
        raise RuntimeError("something later in the request failed")
    assert list(tmp_path.rglob("*")) == []
    assert not Challenge.objects.get(pk=challenge.pk).image
    # Committed, it is written under a name of its own.
    data.image.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.challenge_update(challenge=challenge, by=manager, data=data)
    assert (tmp_path / updated.image.name).read_bytes() == PNG
    assert updated.image.name.startswith("challenges/") and "bild" not in updated.image.name


@pytest.mark.parametrize(
    ("name", "content", "alt"),
    [
        ("bild.gif", b"GIF89a" + b"\x00" * 10, "En bild"),
        ("bild.png", b"not really an image", "En bild"),
        ("bild.png", PNG, ""),
    ],
)
def test_only_described_jpeg_png_or_webp_images(org, name, content, alt):
    coordinator = UserFactory(roles=["coordinator"])
    today = timezone.localdate()
    data = services.ChallengeInput(
        title="T",
        background="B",
        question="Q",
        owner_unit=org["bou"],
        opens_on=today,
        closes_on=today,
        image=SimpleUploadedFile(name, content),
        image_alt=alt,
    )
    with pytest.raises(ValidationError) as error:
        services.challenge_create_from_needs(by=coordinator, data=data)
    assert set(error.value.message_dict) & {"image", "image_alt"}
    assert not Challenge.objects.exists()


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (TODAY - datetime.timedelta(days=1), "upcoming"),
        (TODAY, "open"),
        (TODAY + datetime.timedelta(days=3), "open"),
        (TODAY + datetime.timedelta(days=7), "open"),
        (TODAY + datetime.timedelta(days=8), "closed"),
    ],
)
def test_status_follows_the_dates(day, status):
    challenge = Challenge(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=7))
    assert challenge.status_on(day) == status


def test_selectors_filter_by_status(org):
    opened = make_challenge(owner_unit=org["bou"], opens_in=-3, closes_in=3)
    upcoming = make_challenge(owner_unit=org["bou"], opens_in=2, closes_in=9)
    closed = make_challenge(owner_unit=org["bou"], opens_in=-9, closes_in=-1)
    today = timezone.localdate()
    groups = {
        status: [card.id for card in cards] for status, cards in selectors.challenge_list().items()
    }
    assert groups == {"open": [opened.pk], "upcoming": [upcoming.pk], "closed": [closed.pk]}
    assert list(selectors.open_challenges()) == [opened]
    for status, challenge in (("open", opened), ("upcoming", upcoming), ("closed", closed)):
        assert list(selectors.with_status(Challenge.objects.all(), status, today)) == [challenge]
        assert challenge.status == status


def idea_input(unit, challenge, **extra) -> idea_services.IdeaInput:
    fields = {
        "title": "Svinnvåg",
        "need": "Mycket mat slängs.",
        "proposal": "En våg i matsalen.",
        "lane": Lane.IMPROVEMENT,
        **extra,
    }
    return idea_services.IdeaInput(unit=unit, challenge=challenge, **fields)


def test_an_idea_answers_an_open_challenge(org, employee, manager):
    challenge = make_challenge(owner_unit=org["bou"])
    idea = idea_services.submit_idea(by=employee, data=idea_input(org["north"], challenge))
    assert idea.challenge == challenge
    cards = idea_selectors.ideas_answering(challenge_id=challenge.pk, viewer=manager, page=1)
    assert [card.id for card in cards.object_list] == [idea.pk]


@pytest.mark.parametrize(("opens_in", "closes_in", "reason"), [(-9, -1, "closed"), (2, 9, "opens")])
def test_no_ideas_to_a_closed_or_upcoming_challenge(org, employee, opens_in, closes_in, reason):
    challenge = make_challenge(owner_unit=org["bou"], opens_in=opens_in, closes_in=closes_in)
    with pytest.raises(ValidationError) as error:
        idea_services.submit_idea(by=employee, data=idea_input(org["north"], challenge))
    assert reason in error.value.message_dict["challenge"][0]
    assert not Idea.objects.exists()


def test_an_idea_keeps_its_challenge_after_it_closed(org, employee, manager):
    challenge = make_challenge(owner_unit=org["bou"])
    idea = make_idea(submitter=employee, challenge=challenge)
    Challenge.objects.filter(pk=challenge.pk).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=9),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    challenge.refresh_from_db()
    coordinator = UserFactory(roles=["coordinator"])
    edited = idea_services.update_idea(
        by=coordinator, idea=idea, data=idea_input(org["north"], challenge, need="Ändrad")
    )
    assert edited.challenge == challenge and edited.need == "Ändrad"


def test_the_people_of_the_needs_hear_that_they_became_a_challenge(org, mailoutbox):
    coordinator = UserFactory(roles=["coordinator"])
    recorder, sharer, other_recorder = (UserFactory(unit=org["north"]) for _ in range(3))
    first, second = make_need(title="Nycklar", by=recorder), make_need(by=other_recorder)
    services.need_echo(need=first, by=sharer)
    services.need_echo(need=second, by=recorder)  # one notification, though in two needs
    Notification.objects.all().delete()
    challenge = make_challenge(by=coordinator, owner_unit=org["bou"], needs=[first, second])
    told = Notification.objects.filter(kind=Kind.NEED_NEWS)
    assert sorted(n.recipient_id for n in told) == sorted(
        [recorder.pk, sharer.pk, other_recorder.pk]
    )
    assert {n.url for n in told} == {challenge.get_absolute_url()}
    assert challenge.title in told.first().title
    assert not Notification.objects.filter(recipient=coordinator).exists()


def test_the_recorder_hears_when_someone_has_the_same_problem(org, employee):
    colleague = UserFactory(unit=org["north"], full_name="Kim Kollega")
    need = make_need(title="Trasiga rullatorer", by=employee)
    services.need_echo(need=need, by=colleague)
    [told] = Notification.objects.filter(recipient=employee, kind=Kind.NEED_NEWS)
    assert "Kim Kollega" in told.title and "Trasiga rullatorer" in told.title
    assert told.url == need.get_absolute_url()
    # Saying it twice is refused and tells nobody again.
    with pytest.raises(ValidationError):
        services.need_echo(need=need, by=colleague)
    assert Notification.objects.filter(recipient=employee).count() == 1


def test_the_back_office_lists_and_opens_needs_and_challenges(client, org):
    coordinator = UserFactory(roles=["coordinator"])
    need = make_need()
    challenge = make_challenge(by=coordinator, owner_unit=org["bou"], needs=[need])
    client.force_login(coordinator)
    for model, obj in (("need", need), ("challenge", challenge)):
        assert client.get(reverse(f"admin:challenges_{model}_changelist")).status_code == 200
        assert (
            client.get(reverse(f"admin:challenges_{model}_change", args=[obj.pk])).status_code
            == 200
        )
    client.force_login(UserFactory(unit=org["north"]))
    assert client.get(reverse("admin:challenges_need_changelist")).status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_echoes_at_once_are_all_counted(org):
    need = make_need()
    people = [UserFactory(unit=org["north"]) for _ in range(8)]
    barrier = threading.Barrier(len(people))
    problems: list[str] = []

    def echo(person):
        from django.db import connections

        try:
            barrier.wait()
            services.need_echo(need=Need.objects.get(pk=need.pk), by=person)
        except Exception as error:  # reported below
            problems.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=echo, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert NeedEcho.objects.filter(need=need).count() == len(people)
    assert Need.objects.get(pk=need.pk).echo_count == len(people)
