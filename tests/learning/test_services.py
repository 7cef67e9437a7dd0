"""Trainings through their services: places and the waiting list, attendance and the
completion rule, who may enrol whom."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idesluss.learning import services
from idesluss.learning.models import Attendance, Enrolment, TrainingSession, sessions_required
from idesluss.notifications.models import Notification, worded
from tests.factories import UserFactory, make_training

Status = Enrolment.Status


def title(notification) -> str:
    """The notification's title as a reader of the active language (English) sees it."""
    return worded(notification.wording, notification.title, notification.body)[0]


@pytest.mark.parametrize(
    ("total", "percent", "needed"),
    [(5, 80, 4), (4, 80, 4), (10, 80, 8), (3, 50, 2), (1, 1, 1), (0, 80, 0), (6, 100, 6)],
)
def test_sessions_required_rounds_up(total, percent, needed):
    assert sessions_required(total, percent) == needed


def test_enrolment_beyond_the_places_goes_to_the_waiting_list(org, coordinator):
    training = make_training(by=coordinator, capacity=2)
    people = [UserFactory(unit=org["north"]) for _ in range(3)]
    statuses = [services.enrol(training=training, by=p).status for p in people]
    assert statuses == [Status.ENROLLED, Status.ENROLLED, Status.WAITING]


def test_a_person_cannot_enrol_twice(org, coordinator, trainee):
    training = make_training(by=coordinator)
    services.enrol(training=training, by=trainee)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrol(training=training, by=trainee)
    assert Enrolment.objects.filter(training=training, person=trainee).count() == 1


def test_a_cancelled_place_goes_to_the_first_waiting_who_is_told(
    org, coordinator, django_capture_on_commit_callbacks
):
    training = make_training(by=coordinator, capacity=1)
    first, second, third = (UserFactory(unit=org["north"]) for _ in range(3))
    services.enrol(training=training, by=first)
    services.enrol(training=training, by=second)
    services.enrol(training=training, by=third)
    place = Enrolment.objects.get(training=training, person=first)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(enrolment=place, by=first)
    status = dict(Enrolment.objects.filter(training=training).values_list("person_id", "status"))
    assert status == {
        first.pk: Status.CANCELLED,
        second.pk: Status.ENROLLED,
        third.pk: Status.WAITING,
    }
    told = Notification.objects.filter(recipient=second, kind="training_news")
    assert [title(n) for n in told] == [f"You got a place on the training {training.title}"]
    assert not any(
        title(n).startswith("You got") for n in Notification.objects.filter(recipient=third)
    )


def test_enrolled_people_are_told(org, coordinator, trainee, django_capture_on_commit_callbacks):
    training = make_training(by=coordinator, capacity=1)
    other = UserFactory(unit=org["north"])
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(training=training, by=trainee)
        services.enrol(training=training, by=other)
    assert title(Notification.objects.get(recipient=trainee)) == (
        f"You are enrolled in the training {training.title}"
    )
    assert title(Notification.objects.get(recipient=other)) == (
        f"You are on the waiting list for the training {training.title}"
    )


def test_only_ones_own_enrolment_is_cancelled_by_an_employee(org, coordinator, trainee):
    training = make_training(by=coordinator)
    enrolment = services.enrol(training=training, by=trainee)
    other = UserFactory(unit=org["bou"])
    with pytest.raises(PermissionDenied):
        services.enrolment_cancel(enrolment=enrolment, by=other)


def test_a_manager_enrols_their_units_people_only(org, coordinator, manager, trainee):
    training = make_training(by=coordinator)
    outsider = UserFactory(unit=org["bou"])
    made = services.enrol_people(training=training, by=manager, people=[trainee])
    assert [e.person for e in made] == [trainee]
    assert made[0].enrolled_by == manager
    with pytest.raises(ValidationError, match="only people in the units you manage"):
        services.enrol_people(training=training, by=manager, people=[outsider])
    with pytest.raises(PermissionDenied):
        services.enrol_people(training=training, by=trainee, people=[outsider])


def test_the_coordinator_enrols_anyone_and_those_enrolled_are_left_alone(org, coordinator):
    training = make_training(by=coordinator, capacity=1)
    a, b = UserFactory(unit=org["bou"]), UserFactory(unit=org["north"])
    services.enrol(training=training, by=a)
    made = services.enrol_people(training=training, by=coordinator, people=[a, b])
    assert [(e.person, e.status) for e in made] == [(b, Status.WAITING)]


def test_closed_training_takes_no_enrolment(org, coordinator, trainee):
    training = make_training(by=coordinator, enrolment_open=False)
    with pytest.raises(ValidationError, match="closed for enrolment"):
        services.enrol(training=training, by=trainee)


def test_attendance_cannot_be_recorded_for_a_future_session(org, coordinator, trainee):
    training = make_training(by=coordinator, sessions_days=(3,))
    enrolment = services.enrol(training=training, by=trainee)
    session = training.sessions.get()
    with pytest.raises(ValidationError, match="has not taken place yet"):
        services.attendance_record(session=session, by=coordinator, present=[enrolment.pk])
    assert not Attendance.objects.exists()


def test_the_completion_rule_completes_at_its_percentage(org, coordinator, trainee):
    # Five sessions at 80 %: four make it.
    training = make_training(
        by=coordinator, sessions_days=(-50, -40, -30, -20, -10), completion_percent=80
    )
    enrolment = services.enrol(training=training, by=trainee)
    other = services.enrol(training=training, by=UserFactory(unit=org["north"]))
    sessions = list(TrainingSession.objects.filter(training=training).order_by("starts_at"))
    for session in sessions[:3]:
        done = services.attendance_record(
            session=session, by=coordinator, present=[enrolment.pk, other.pk]
        )
        assert done == []
    done = services.attendance_record(session=sessions[3], by=coordinator, present=[enrolment.pk])
    assert [e.pk for e in done] == [enrolment.pk]
    enrolment.refresh_from_db()
    other.refresh_from_db()
    assert enrolment.status == Status.COMPLETED and enrolment.completed_by is None
    assert other.status == Status.ENROLLED


def test_attendance_is_replaced_not_added(org, coordinator, trainee):
    training = make_training(by=coordinator)
    enrolment = services.enrol(training=training, by=trainee)
    session = training.sessions.order_by("starts_at").first()
    services.attendance_record(session=session, by=coordinator, present=[enrolment.pk])
    services.attendance_record(session=session, by=coordinator, present=[])
    assert not Attendance.objects.filter(session=session).exists()


def test_attendance_only_for_people_enrolled(org, coordinator, trainee):
    training = make_training(by=coordinator, capacity=1)
    services.enrol(training=training, by=trainee)
    waiting = services.enrol(training=training, by=UserFactory(unit=org["north"]))
    session = training.sessions.order_by("starts_at").first()
    with pytest.raises(ValidationError, match="Tick only people enrolled"):
        services.attendance_record(session=session, by=coordinator, present=[waiting.pk])


def test_the_trainer_records_attendance_others_may_not(org, coordinator, trainer, trainee):
    training = make_training(by=coordinator, responsible=trainer)
    enrolment = services.enrol(training=training, by=trainee)
    session = training.sessions.order_by("starts_at").first()
    services.attendance_record(session=session, by=trainer, present=[enrolment.pk])
    with pytest.raises(PermissionDenied):
        services.attendance_record(session=session, by=trainee, present=[enrolment.pk])


def test_the_coordinator_marks_completed_by_hand(org, coordinator, trainee):
    training = make_training(by=coordinator)
    enrolment = services.enrol(training=training, by=trainee)
    services.enrolment_complete(enrolment=enrolment, by=coordinator)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED and enrolment.completed_by == coordinator
    with pytest.raises(ValidationError):
        services.enrolment_complete(enrolment=enrolment, by=coordinator)


def test_fewer_places_than_enrolled_are_refused_and_more_fill_the_waiting_list(org, coordinator):
    training = make_training(by=coordinator, capacity=1)
    a, b = UserFactory(unit=org["north"]), UserFactory(unit=org["north"])
    services.enrol(training=training, by=a)
    services.enrol(training=training, by=b)
    data = services.TrainingInput(title=training.title, capacity=2)
    services.training_save(by=coordinator, data=data, training=training)
    assert Enrolment.objects.get(person=b).status == Status.ENROLLED


def test_training_input_is_validated(coordinator):
    with pytest.raises(ValidationError) as caught:
        services.training_save(
            by=coordinator,
            data=services.TrainingInput(
                title=" ", capacity=0, completion_percent=101, validity_months=12
            ),
        )
    assert set(caught.value.message_dict) == {
        "title",
        "capacity",
        "completion_percent",
        "validity_months",
    }


def test_a_session_ends_after_it_starts(coordinator):
    training = make_training(by=coordinator, sessions_days=())
    start = timezone.now()
    with pytest.raises(ValidationError):
        services.session_add(
            training=training,
            by=coordinator,
            starts_at=start,
            ends_at=start - datetime.timedelta(hours=1),
        )


def test_a_session_with_attendance_stays(org, coordinator, trainee):
    training = make_training(by=coordinator)
    enrolment = services.enrol(training=training, by=trainee)
    session = training.sessions.order_by("starts_at").first()
    services.attendance_record(session=session, by=coordinator, present=[enrolment.pk])
    with pytest.raises(ValidationError):
        services.session_delete(session=session, by=coordinator)
