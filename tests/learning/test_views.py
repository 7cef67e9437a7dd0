"""The training pages: who sees what, enrolment and attendance through the pages, bad input,
and a fixed number of queries however many rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from idesluss.learning import services
from idesluss.learning.models import Attendance, Enrolment, Training
from tests.conftest import ROLES
from tests.factories import UserFactory, make_training
from tests.queries import page_queries

Status = Enrolment.Status


@pytest.mark.parametrize("role", ROLES)
def test_the_list_and_a_training_are_for_everyone_signed_in(client, person_in_role, role):
    training = make_training()
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    for url in (reverse("learning:list"), training.get_absolute_url()):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
        else:
            assert response.status_code == 200, url
            assert training.title in response.text


def test_an_employee_enrols_and_cancels_on_the_page(client, trainee):
    training = make_training(capacity=1)
    client.force_login(trainee)
    response = client.post(reverse("learning:enrol", args=[training.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(training=training, person=trainee)
    assert enrolment.status == Status.ENROLLED
    page = client.get(training.get_absolute_url())
    assert "You are enrolled." in page.text
    client.post(reverse("learning:enrolment_cancel", args=[training.pk, enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Status.CANCELLED


def test_enrolling_twice_on_the_page_says_so(client, trainee):
    training = make_training()
    client.force_login(trainee)
    client.post(reverse("learning:enrol", args=[training.pk]))
    response = client.post(reverse("learning:enrol", args=[training.pk]), follow=True)
    assert "You are already enrolled in this training." in response.text


def test_someone_elses_enrolment_cannot_be_cancelled(client, org, trainee):
    training = make_training()
    enrolment = services.enrol(training=training, by=trainee)
    other = UserFactory(unit=org["bou"])
    client.force_login(other)
    response = client.post(reverse("learning:enrolment_cancel", args=[training.pk, enrolment.pk]))
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENROLLED


def test_attendance_lists_are_shown_to_the_right_people(client, org, coordinator, trainer, manager):
    training = make_training(by=coordinator, responsible=trainer)
    inside = UserFactory(full_name="Inga Innanför", unit=org["north"])
    outside = UserFactory(full_name="Ulf Utanför", unit=org["bou"])
    services.enrol(training=training, by=inside)
    services.enrol(training=training, by=outside)
    seen = {}
    for who in (coordinator, trainer, manager, outside):
        client.force_login(who)
        text = client.get(training.get_absolute_url()).text
        seen[who.full_name] = ("Inga Innanför" in text, "Ulf Utanför" in text)
    assert seen == {
        coordinator.full_name: (True, True),
        trainer.full_name: (True, True),
        manager.full_name: (True, False),  # only their units' people
        outside.full_name: (False, False),
    }


def test_the_attendance_page_records_and_completes(client, coordinator, trainee):
    training = make_training(by=coordinator, sessions_days=(-3,), grants="")
    enrolment = services.enrol(training=training, by=trainee)
    session = training.sessions.get()
    client.force_login(coordinator)
    url = reverse("learning:attendance", args=[training.pk, session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"present": [str(enrolment.pk)]}, follow=True)
    assert "1 participant completed the training." in response.text
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED
    certificate = client.get(reverse("learning:certificate", args=[training.pk, enrolment.pk]))
    assert certificate.status_code == 200
    assert trainee.full_name in certificate.text
    # The trainee sees their own certificate; a colleague does not.
    client.force_login(trainee)
    assert (
        client.get(reverse("learning:certificate", args=[training.pk, enrolment.pk])).status_code
        == 200
    )


def test_attendance_for_a_future_session_says_why(client, coordinator, trainee):
    training = make_training(by=coordinator, sessions_days=(5,))
    enrolment = services.enrol(training=training, by=trainee)
    session = training.sessions.get()
    client.force_login(coordinator)
    url = reverse("learning:attendance", args=[training.pk, session.pk])
    page = client.get(url)
    assert "has not taken place yet" in page.text
    response = client.post(url, {"present": [str(enrolment.pk)]})
    assert response.status_code == 400
    assert "has not taken place yet" in response.text
    assert not Attendance.objects.exists()


def test_attendance_is_refused_to_participants(client, coordinator, trainee):
    training = make_training(by=coordinator)
    services.enrol(training=training, by=trainee)
    session = training.sessions.order_by("starts_at").first()
    client.force_login(trainee)
    url = reverse("learning:attendance", args=[training.pk, session.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"present": ["1"]}).status_code == 403


@pytest.mark.parametrize("value", ["²", "-1", "abc", str(10**23), ""])
def test_odd_attendance_values_never_fail(client, coordinator, trainee, value):
    training = make_training(by=coordinator)
    services.enrol(training=training, by=trainee)
    session = training.sessions.order_by("starts_at").first()
    client.force_login(coordinator)
    url = reverse("learning:attendance", args=[training.pk, session.pk])
    assert client.post(url, {"present": [value]}).status_code in (302, 400)


def test_unknown_ids_are_not_found(client, coordinator):
    training = make_training(by=coordinator)
    client.force_login(coordinator)
    for url in (
        reverse("learning:detail", args=[999999]),
        reverse("learning:attendance", args=[training.pk, 999999]),
        reverse("learning:certificate", args=[training.pk, 999999]),
        reverse("learning:session_calendar", args=[training.pk, 999999]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_session_of_another_training_is_not_found(client, coordinator):
    one = make_training(by=coordinator)
    other = make_training(by=coordinator)
    session = other.sessions.first()
    client.force_login(coordinator)
    url = reverse("learning:attendance", args=[one.pk, session.pk])
    assert client.get(url).status_code == 404


def test_the_coordinator_plans_a_training_and_adds_a_session(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("learning:create"),
        {
            "title": "Coachutbildning",
            "capacity": "12",
            "completion_percent": "80",
            "grants": "coach",
            "validity_months": "24",
            "enrolment_open": "on",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get(title="Coachutbildning")
    assert (training.capacity, training.grants, training.validity_months) == (12, "coach", 24)
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("learning:session_add", args=[training.pk]),
        {
            "session-date": day.isoformat(),
            "session-start": "09:00",
            "session-end": "12:00",
            "session-place": "Sal 1",
        },
    )
    assert response.status_code == 302
    assert training.sessions.count() == 1
    calendar = client.get(reverse("learning:calendar", args=[training.pk]))
    assert calendar.status_code == 200 and b"BEGIN:VEVENT" in calendar.content


def test_a_session_ending_before_it_starts_shows_the_form_again(client, coordinator):
    training = make_training(by=coordinator, sessions_days=())
    client.force_login(coordinator)
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("learning:session_add", args=[training.pk]),
        {"session-date": day.isoformat(), "session-start": "12:00", "session-end": "09:00"},
    )
    assert response.status_code == 400
    assert "The session must end after it starts." in response.text


@pytest.mark.parametrize("role", ["employee", "manager", "coach", "steering_group"])
def test_only_the_coordinator_plans_trainings(client, person_in_role, role):
    training = make_training()
    client.force_login(person_in_role(role))
    assert client.get(reverse("learning:create")).status_code == 403
    assert client.get(reverse("learning:edit", args=[training.pk])).status_code == 403


def test_the_list_costs_the_same_however_many_trainings(client, org, coordinator, trainee):
    client.force_login(trainee)
    make_training(by=coordinator)
    few = page_queries(client, reverse("learning:list"))
    for _ in range(25):
        training = make_training(by=coordinator, sessions_days=(3, 5))
        services.enrol(training=training, by=UserFactory(unit=org["north"]))
    assert page_queries(client, reverse("learning:list")) == few


def test_a_training_page_costs_the_same_however_many_participants(client, org, coordinator):
    training = make_training(by=coordinator, capacity=100)
    services.enrol(training=training, by=UserFactory(unit=org["north"]))
    client.force_login(coordinator)
    few = page_queries(client, training.get_absolute_url())
    people = [UserFactory(unit=org["north"]) for _ in range(15)]
    services.enrol_people(training=training, by=coordinator, people=people)
    session = training.sessions.order_by("starts_at").first()
    services.attendance_record(
        session=session,
        by=coordinator,
        present=list(training.enrolments.values_list("pk", flat=True)),
    )
    assert page_queries(client, training.get_absolute_url()) == few


def test_a_manager_enrols_their_people_on_the_page_and_is_refused_others(
    client, org, coordinator, manager
):
    training = make_training(by=coordinator)
    inside = UserFactory(full_name="Inga Innanför", unit=org["north"])
    outside = UserFactory(full_name="Ulf Utanför", unit=org["bou"])
    client.force_login(manager)
    url = reverse("learning:enrol_people", args=[training.pk])
    response = client.post(url, {"enrol-people": [str(outside.pk)]})
    assert response.status_code == 400
    assert "You can enrol only people in the units you manage: Ulf Utanför" in response.text
    assert client.post(url, {"enrol-people": [str(inside.pk)]}).status_code == 302
    assert Enrolment.objects.get(training=training).person == inside


def test_colleagues_are_not_enrolled_in_a_closed_training(client, coordinator, trainee):
    training = make_training(by=coordinator, enrolment_open=False)
    client.force_login(coordinator)
    response = client.post(
        reverse("learning:enrol_people", args=[training.pk]),
        {"enrol-people": [str(trainee.pk)]},
        follow=True,
    )
    assert "The training is closed for enrolment." in response.text
    assert not Enrolment.objects.exists()


def test_an_employee_may_not_enrol_colleagues(client, org, trainee):
    training = make_training()
    other = UserFactory(unit=org["north"])
    client.force_login(trainee)
    response = client.post(
        reverse("learning:enrol_people", args=[training.pk]), {"enrol-people": [str(other.pk)]}
    )
    assert response.status_code == 403
    assert not Enrolment.objects.exists()
