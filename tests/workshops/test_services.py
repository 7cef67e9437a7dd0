import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from idesluss.goals.models import GlobalGoal
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Idea, Lane
from idesluss.notifications.models import Kind, Notification
from idesluss.notifications.services import preferences_save
from idesluss.workshops import services
from idesluss.workshops.models import Cluster, Note, SignUp, Vote, Workshop
from idesluss.workshops.tasks import remind_workshops
from tests.factories import UserFactory, make_challenge, make_workshop

Phase = Workshop.Phase


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [([], False), (["coach"], True), (["coordinator"], True), (["steering_group"], False)],
)
def test_who_may_plan_a_workshop(org, roles, allowed):
    person = UserFactory(roles=roles)
    if allowed:
        workshop = make_workshop(by=person)
        assert list(workshop.facilitators.all()) == [person]
        assert SignUp.objects.get(workshop=workshop).status == SignUp.Status.FACILITATING
    else:
        with pytest.raises(PermissionDenied):
            make_workshop(by=person)


def test_managers_may_plan_workshops(manager):
    assert make_workshop(by=manager).pk


def test_bad_workshop_input_is_explained_and_nothing_saved(facilitator):
    now = timezone.now()
    data = services.WorkshopInput(
        title=" ",
        starts_at=now,
        ends_at=now - datetime.timedelta(hours=1),
        capacity=0,
        dots_per_person=50,
        facilitators=[],
    )
    with pytest.raises(ValidationError) as error:
        services.workshop_save(by=facilitator, data=data)
    assert set(error.value.message_dict) == {
        "title",
        "ends_at",
        "place",
        "capacity",
        "dots_per_person",
        "facilitators",
    }
    assert not Workshop.objects.exists()


def test_a_closed_challenge_cannot_be_chosen(facilitator):
    closed = make_challenge(opens_in=-30, closes_in=-1)
    with pytest.raises(ValidationError) as error:
        make_workshop(by=facilitator, challenge=closed)
    assert "challenge" in error.value.message_dict


def test_invitations_tell_people_and_keep_no_place(workshop, facilitator, org):
    guests = [UserFactory(unit=org["north"]) for _ in range(2)]
    assert services.workshop_invite(workshop=workshop, by=facilitator, people=guests) == 2
    assert Notification.objects.filter(kind=Kind.WORKSHOP_NEWS, recipient__in=guests).count() == 2
    # Asking again tells nobody twice who already takes part.
    participant = SignUp.objects.get(workshop=workshop, status=SignUp.Status.SIGNED_UP).person
    assert services.workshop_invite(workshop=workshop, by=facilitator, people=[participant]) == 0
    assert SignUp.objects.filter(workshop=workshop, status=SignUp.Status.SIGNED_UP).count() == 1
    with pytest.raises(PermissionDenied):
        services.workshop_invite(workshop=workshop, by=guests[0], people=[participant])


def test_sign_up_until_full_then_a_clear_refusal(facilitator, org):
    workshop = make_workshop(by=facilitator, capacity=2)
    first, second, third = (UserFactory(unit=org["north"]) for _ in range(3))
    services.signup_create(workshop=workshop, by=first)
    services.signup_create(workshop=workshop, by=second)
    with pytest.raises(ValidationError, match="full"):
        services.signup_create(workshop=workshop, by=third)
    assert not SignUp.objects.filter(person=third).exists()
    with pytest.raises(ValidationError, match="already"):
        services.signup_create(workshop=workshop, by=first)
    # A place given back can be taken.
    services.signup_cancel(workshop=workshop, by=first)
    services.signup_create(workshop=workshop, by=third)
    taken = SignUp.objects.filter(workshop=workshop, status=SignUp.Status.SIGNED_UP)
    assert {signup.person for signup in taken} == {second, third}


def test_no_sign_up_to_a_workshop_that_is_over_or_cancelled(workshop, to_phase, org):
    late = UserFactory(unit=org["north"])
    to_phase(workshop, Phase.CLOSED)
    with pytest.raises(ValidationError, match="over"):
        services.signup_create(workshop=workshop, by=late)
    other = make_workshop(by=workshop.facilitators.get())
    to_phase(other, Phase.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        services.signup_create(workshop=other, by=late)
    assert not SignUp.objects.filter(person=late).exists()


def test_notes_only_while_capturing_and_only_from_participants(
    workshop, participant, facilitator, to_phase, org
):
    with pytest.raises(ValidationError, match="not opened"):
        services.note_post(workshop=workshop, by=participant, text="Gåmöten")
    to_phase(workshop, Phase.CAPTURE)
    services.note_post(workshop=workshop, by=participant, text="  Gåmöten   en gång i veckan ")
    services.note_post(workshop=workshop, by=facilitator, text="Frukt i fikarummet")
    assert list(Note.objects.values_list("text", flat=True)) == [
        "Gåmöten en gång i veckan",
        "Frukt i fikarummet",
    ]
    outsider = UserFactory(unit=org["north"])
    with pytest.raises(ValidationError, match="Sign up"):
        services.note_post(workshop=workshop, by=outsider, text="Jag med")
    with pytest.raises(ValidationError):
        services.note_post(workshop=workshop, by=participant, text="x" * 281)
    with pytest.raises(ValidationError):
        services.note_post(workshop=workshop, by=participant, text="   ")
    to_phase(workshop, Phase.VOTING)
    with pytest.raises(ValidationError, match="closed for new notes"):
        services.note_post(workshop=workshop, by=participant, text="För sent")
    assert Note.objects.count() == 2


def test_no_notes_once_the_challenge_has_closed(facilitator, participant, to_phase):
    challenge = make_challenge(opens_in=-10, closes_in=10)
    workshop = make_workshop(by=facilitator, challenge=challenge)
    services.signup_create(workshop=workshop, by=participant)
    to_phase(workshop, Phase.CAPTURE)
    challenge.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    challenge.opens_on = challenge.closes_on - datetime.timedelta(days=20)
    challenge.save()
    with pytest.raises(ValidationError, match="challenge closed"):
        services.note_post(workshop=workshop, by=participant, text="Mindre svinn")
    assert not Note.objects.exists()


def test_dots_are_limited_and_voting_has_its_phase(workshop, participant, to_phase):
    to_phase(workshop, Phase.CAPTURE)
    note = services.note_post(workshop=workshop, by=participant, text="Gåmöten")
    other = services.note_post(workshop=workshop, by=participant, text="Stående skrivbord")
    with pytest.raises(ValidationError, match="not started"):
        services.vote_add(workshop=workshop, by=participant, note_id=note.pk)
    to_phase(workshop, Phase.VOTING)
    for target in (note, note, other):
        services.vote_add(workshop=workshop, by=participant, note_id=target.pk)
    with pytest.raises(ValidationError, match="all your 3 dots"):
        services.vote_add(workshop=workshop, by=participant, note_id=other.pk)
    assert Vote.objects.filter(voter=participant).count() == 3
    services.vote_remove(workshop=workshop, by=participant, note_id=note.pk)
    services.vote_add(workshop=workshop, by=participant, note_id=other.pk)
    assert Vote.objects.filter(note=other).count() == 2
    with pytest.raises(ValidationError, match="no dot"):
        services.vote_remove(workshop=workshop, by=participant, note_id=999_999)
    foreign = make_workshop(by=workshop.facilitators.get())
    with pytest.raises(ValidationError):
        services.vote_add(workshop=foreign, by=participant, note_id=note.pk)
    to_phase(workshop, Phase.CLOSED)
    with pytest.raises(ValidationError, match="Voting is closed"):
        services.vote_remove(workshop=workshop, by=participant, note_id=other.pk)
    with pytest.raises(ValidationError, match="Voting is closed"):
        services.vote_add(workshop=workshop, by=participant, note_id=note.pk)
    assert Vote.objects.filter(voter=participant).count() == 3


def test_only_facilitators_and_the_coordinator_group(
    workshop, participant, facilitator, coordinator, to_phase
):
    to_phase(workshop, Phase.CAPTURE)
    notes = [
        services.note_post(workshop=workshop, by=participant, text=text)
        for text in ("Gåmöten", "Promenadmöten", "Frukt")
    ]
    with pytest.raises(PermissionDenied):
        services.cluster_create(
            workshop=workshop, by=participant, name="Rörelse", note_ids=[notes[0].pk]
        )
    cluster = services.cluster_create(
        workshop=workshop, by=coordinator, name=" Rörelse ", note_ids=[n.pk for n in notes[:2]]
    )
    assert cluster.name == "Rörelse" and cluster.notes.count() == 2
    services.cluster_rename(cluster=cluster, by=facilitator, name="Röra på sig")
    services.note_move(
        workshop=workshop, by=facilitator, note_id=notes[2].pk, cluster_id=cluster.pk
    )
    assert cluster.notes.count() == 3
    services.note_move(workshop=workshop, by=facilitator, note_id=notes[2].pk, cluster_id=None)
    with pytest.raises(ValidationError):
        services.cluster_create(workshop=workshop, by=facilitator, name="", note_ids=[notes[2].pk])
    with pytest.raises(ValidationError):
        services.cluster_create(workshop=workshop, by=facilitator, name="X", note_ids=[999_999])
    services.cluster_delete(cluster=cluster, by=facilitator)
    assert not Cluster.objects.exists() and Note.objects.filter(cluster=None).count() == 3


def test_promoting_a_cluster_makes_an_idea_with_every_author(
    facilitator, participant, to_phase, org
):
    challenge = make_challenge(owner_unit=org["vo"], title="Färre kemikalier")
    goal = GlobalGoal.objects.get(number=12)
    workshop = make_workshop(by=facilitator, challenge=challenge, global_goals=[goal])
    colleague = UserFactory(unit=org["north"])
    for person in (participant, colleague):
        services.signup_create(workshop=workshop, by=person)
    to_phase(workshop, Phase.CAPTURE)
    first = services.note_post(workshop=workshop, by=participant, text="Färre kemikalier")
    second = services.note_post(workshop=workshop, by=colleague, text="Miljömärkta medel")
    cluster = services.cluster_create(
        workshop=workshop, by=facilitator, name="Kemikalier", note_ids=[first.pk, second.pk]
    )
    to_phase(workshop, Phase.VOTING)
    data = services.PromoteInput(
        title="Kemikaliesmart kommun",
        need="Färre kemikalier",
        proposal="Byt till miljömärkt.",
        lane=Lane.INNOVATION,
        unit=org["vo"],
    )
    with pytest.raises(PermissionDenied):
        services.workshop_promote(
            workshop=workshop, by=participant, data=data, cluster_id=cluster.pk
        )
    idea = services.workshop_promote(
        workshop=workshop, by=facilitator, data=data, cluster_id=cluster.pk
    )
    assert idea.status == Idea.Status.SUBMITTED and idea.stage is not None
    assert (idea.workshop, idea.challenge, idea.submitter) == (workshop, challenge, facilitator)
    # The note authors are asked to be co-submitters; named once they confirm.
    assert list(idea.co_submitters.all()) == []
    assert set(idea.co_submitter_invitations.values_list("person", "status")) == {
        (participant.pk, "pending"),
        (colleague.pk, "pending"),
    }
    idea_services.co_submitter_answer(idea=idea, by=participant, accept=True)
    assert list(idea.co_submitters.all()) == [participant]
    assert list(idea.global_goals.all()) == [goal]
    cluster.refresh_from_db()
    assert cluster.promoted_idea == idea
    assert set(Note.objects.values_list("promoted_idea", flat=True)) == {idea.pk}
    with pytest.raises(ValidationError, match="already"):
        services.workshop_promote(
            workshop=workshop, by=facilitator, data=data, cluster_id=cluster.pk
        )
    assert Idea.objects.count() == 1


def test_promoting_needs_what_an_idea_needs(workshop, facilitator, participant, to_phase):
    to_phase(workshop, Phase.CAPTURE)
    note = services.note_post(workshop=workshop, by=participant, text="Gåmöten")
    with pytest.raises(ValidationError) as error:
        services.workshop_promote(
            workshop=workshop,
            by=facilitator,
            data=services.PromoteInput(title="Gåmöten", need="", proposal="", unit=None),
            note_ids=[note.pk],
        )
    assert {"need", "proposal", "unit"} <= set(error.value.message_dict)
    assert not Idea.objects.exists()
    note.refresh_from_db()
    assert note.promoted_idea is None


def test_reminders_go_once_the_day_before(
    facilitator, participant, org, mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    days = (
        timezone.make_aware(datetime.datetime.combine(tomorrow.date(), datetime.time(10)))
        - timezone.now()
    ).total_seconds() / 86400
    workshop = make_workshop(by=facilitator, starts_in_days=days)
    later = make_workshop(by=facilitator, starts_in_days=days + 3)
    services.signup_create(workshop=workshop, by=participant)
    services.signup_create(workshop=later, by=participant)
    quiet = UserFactory(unit=org["north"])
    preferences_save(user=quiet, choices={Kind.WORKSHOP_NEWS: "off"})
    services.signup_create(workshop=workshop, by=quiet)
    gone = UserFactory(unit=org["north"])
    services.signup_create(workshop=workshop, by=gone)
    services.signup_cancel(workshop=workshop, by=gone)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_workshops.call() == 3  # participant, quiet and the facilitator
    reminded = SignUp.objects.filter(workshop=workshop, reminded_at__isnull=False)
    assert {signup.person for signup in reminded} == {participant, quiet, facilitator}
    assert {message.to[0] for message in mail.outbox} == {participant.email, facilitator.email}
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_workshops.call() == 0
    assert len(mail.outbox) == 2
    assert not SignUp.objects.filter(workshop=later, reminded_at__isnull=False).exists()


def test_the_waiting_list_gets_free_places_first_come_first_served(facilitator, org):
    workshop = make_workshop(by=facilitator, capacity=1)
    holder, first, second = (UserFactory(unit=org["north"]) for _ in range(3))
    with pytest.raises(ValidationError, match="sign up instead"):
        services.waitlist_join(workshop=workshop, by=holder)
    services.signup_create(workshop=workshop, by=holder)
    services.waitlist_join(workshop=workshop, by=first)
    services.waitlist_join(workshop=workshop, by=second)
    with pytest.raises(ValidationError, match="waiting list"):
        services.signup_create(workshop=workshop, by=first)
    services.signup_cancel(workshop=workshop, by=holder)
    status = dict(SignUp.objects.filter(workshop=workshop).values_list("person", "status"))
    assert status[first.pk] == SignUp.Status.SIGNED_UP
    assert status[second.pk] == SignUp.Status.WAITING
    # Worded in the person's language (Swedish unless they chose otherwise).
    with translation.override(first.preferred_language or settings.LANGUAGE_CODE):
        told = gettext("You got a place at the workshop %(title)s") % {"title": workshop.title}
    assert first.notifications.filter(title=told).exists()
    # More places: the next one waiting gets one too.
    services.workshop_save(
        by=facilitator,
        workshop=workshop,
        data=services.WorkshopInput(
            title=workshop.title,
            place=workshop.place,
            starts_at=workshop.starts_at,
            ends_at=workshop.ends_at,
            facilitators=[facilitator],
            capacity=2,
        ),
    )
    assert SignUp.objects.get(person=second).status == SignUp.Status.SIGNED_UP
    with pytest.raises(ValidationError, match="More people"):
        services.workshop_save(
            by=facilitator,
            workshop=workshop,
            data=services.WorkshopInput(
                title=workshop.title,
                place=workshop.place,
                starts_at=workshop.starts_at,
                ends_at=workshop.ends_at,
                facilitators=[facilitator],
                capacity=1,
            ),
        )


def test_the_note_authors_hear_that_their_notes_became_an_idea(
    workshop, facilitator, participant, to_phase, org, django_capture_on_commit_callbacks
):
    """The page tells the facilitator the authors were told: they are (issue 12, item 4),
    once the idea is committed; the facilitator, an author too, is not told of their own
    act, and a promotion that fails tells nobody."""
    colleague = UserFactory(unit=org["north"])
    services.signup_create(workshop=workshop, by=colleague)
    to_phase(workshop, Phase.CAPTURE)
    notes = [
        services.note_post(workshop=workshop, by=person, text=text)
        for person, text in [(participant, "Gåmöten"), (colleague, "Stå upp"), (facilitator, "Ut")]
    ]
    cluster = services.cluster_create(
        workshop=workshop, by=facilitator, name="Röra sig", note_ids=[n.pk for n in notes]
    )

    def told() -> set:
        return set(
            Notification.objects.filter(
                kind=Kind.WORKSHOP_NEWS, url__startswith="/ideas/"
            ).values_list("recipient", flat=True)
        )

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.workshop_promote(
            workshop=workshop, by=facilitator, data=services.PromoteInput(title="Gå"),
            cluster_id=cluster.pk,
        )  # fmt: skip
    assert told() == set()
    data = services.PromoteInput(
        title="Gående möten", need="Vi sitter för mycket.", proposal="Gå och prata.",
        unit=org["north"],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        idea = services.workshop_promote(
            workshop=workshop, by=facilitator, data=data, cluster_id=cluster.pk
        )
    assert told() == set()  # not before the idea is committed
    for callback in callbacks:
        callback()
    assert told() == {participant.pk, colleague.pk}
    notification = Notification.objects.get(
        recipient=participant, kind=Kind.WORKSHOP_NEWS, url=idea.get_absolute_url()
    )
    with translation.override("en"):
        assert notification.worded_title() == (
            f"Your note from the workshop {workshop.title} is now the idea Gående möten"
        )
