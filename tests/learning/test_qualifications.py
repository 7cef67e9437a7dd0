"""Qualifications from trainings: granted on completion, granted and withdrawn by the
coordinator with a reason, the reminder before one lapses, and the follow-up with its
exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from idesluss.accounts import qualifications
from idesluss.accounts.models import Qualification
from idesluss.accounts.selectors import roles_forget, roles_of
from idesluss.learning import services, tasks
from idesluss.learning.models import Enrolment
from idesluss.notifications.models import Notification
from tests.factories import UserFactory, make_training
from tests.learning.test_services import title
from tests.queries import page_queries

Status = Enrolment.Status


def _complete(training, person, by):
    enrolment = services.enrol(training=training, by=person)
    for session in training.sessions.filter(starts_at__lte=timezone.now()):
        services.attendance_record(session=session, by=by, present=[enrolment.pk])
    enrolment.refresh_from_db()
    return enrolment


def test_completing_a_training_grants_its_qualification(
    org, coordinator, trainer, trainee, django_capture_on_commit_callbacks
):
    training = make_training(
        by=coordinator,
        sessions_days=(-20, -10),
        grants="conversation_leader",
        validity_months=24,
        responsible=trainer,
    )
    assert "conversation_leader" not in roles_of(trainee).codes
    trainee.preferred_language = "en"  # notifications are worded in the reader's language
    trainee.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = _complete(training, trainee, trainer)
    assert enrolment.status == Status.COMPLETED
    held = Qualification.objects.get(user=trainee)
    assert (held.code, held.source, held.training_title) == (
        "conversation_leader",
        "training",
        training.title,
    )
    assert held.expires_on == services.add_months(timezone.localdate(), 24)
    trainee.refresh_from_db()
    roles_forget(trainee)
    assert "conversation_leader" in roles_of(trainee).codes
    told = Notification.objects.get(recipient=trainee, title__startswith="You completed")
    assert told.body == "You now hold the qualification Conversation leader."


def test_a_training_without_a_qualification_grants_none(org, coordinator, trainee):
    training = make_training(by=coordinator, sessions_days=(-3,))
    assert _complete(training, trainee, coordinator).status == Status.COMPLETED
    assert not Qualification.objects.filter(user=trainee).exists()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_where_it_can(day, months, expected):
    assert services.add_months(day, months) == expected


def test_missing_message_names_the_open_training(org, coordinator, trainee):
    make_training(by=coordinator, title="Coachutbildning", grants="coach")
    make_training(by=coordinator, title="Gammal kurs", grants="coach", enrolment_open=False)
    message = qualifications.missing_message(trainee, "coach")
    assert "“Coachutbildning”" in message and "Gammal kurs" not in message


def test_the_coordinator_grants_and_withdraws_with_a_reason(client, coordinator, trainee):
    client.force_login(coordinator)
    url = reverse("learning:qualifications")
    assert client.get(url).status_code == 200
    response = client.post(url, {"grant-person": str(trainee.pk), "grant-code": "coach"})
    assert response.status_code == 400
    assert "Say why the qualification is granted." in response.text
    response = client.post(
        url,
        {"grant-person": str(trainee.pk), "grant-code": "coach", "grant-reason": "Erfaren"},
    )
    assert response.status_code == 302
    held = Qualification.objects.get(user=trainee, withdrawn_at__isnull=True)
    assert (held.source, held.reason, held.granted_by) == ("granted", "Erfaren", coordinator)
    page = client.get(url)
    assert trainee.full_name in page.text
    withdraw = reverse("learning:qualification_withdraw", args=[held.pk])
    client.post(withdraw, {"reason": ""})
    held.refresh_from_db()
    assert held.withdrawn_at is None
    client.post(withdraw, {"reason": "Slutat"})
    held.refresh_from_db()
    assert held.withdrawn_at is not None and held.withdrawal_reason == "Slutat"


@pytest.mark.parametrize("role", ["employee", "manager", "coach", "steering_group"])
def test_only_the_coordinator_manages_qualifications(client, person_in_role, trainee, role):
    held = UserFactory(roles=["coach"])
    qualification = Qualification.objects.get(user=held)
    client.force_login(person_in_role(role))
    assert client.get(reverse("learning:qualifications")).status_code == 403
    response = client.post(
        reverse("learning:qualification_withdraw", args=[qualification.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    qualification.refresh_from_db()
    assert qualification.withdrawn_at is None


def test_a_qualification_granted_for_yesterday_is_refused(coordinator, trainee):
    with pytest.raises(Exception, match="valid after today"):
        services.qualification_give(
            person=trainee,
            code="coach",
            by=coordinator,
            reason="x",
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_holders_are_reminded_once_before_a_qualification_lapses(org, coordinator):
    today = timezone.localdate()
    soon, later = UserFactory(unit=org["north"]), UserFactory(unit=org["north"])
    services.qualification_give(
        person=soon, code="coach", by=coordinator, reason="x",
        expires_on=today + datetime.timedelta(days=20),
    )  # fmt: skip
    services.qualification_give(
        person=later, code="coach", by=coordinator, reason="x",
        expires_on=today + datetime.timedelta(days=45),
    )  # fmt: skip
    assert tasks.remind_lapsing_qualifications.call() == 1
    assert tasks.remind_lapsing_qualifications.call() == 0
    told = Notification.objects.filter(recipient=soon, kind="training_news")
    assert told.count() == 1 and title(told.get()).startswith("Your qualification Coach lapses")
    assert not Notification.objects.filter(recipient=later).exists()
    assert Qualification.objects.get(user=soon).reminded_at is not None


@pytest.fixture
def follow_up_world(org, coordinator):
    training = make_training(by=coordinator, title="Coachutbildning", grants="coach")
    inside = UserFactory(full_name="Inga Innanför", unit=org["north"], roles=["coach"])
    outside = UserFactory(full_name="Ulf Utanför", unit=org["bou"])
    services.enrol(training=training, by=inside)
    services.enrol(training=training, by=outside)
    return training


def test_a_manager_follows_up_their_units_only(client, follow_up_world, manager):
    client.force_login(manager)
    page = client.get(reverse("learning:follow_up"))
    assert page.status_code == 200
    assert "Inga Innanför" in page.text and "Ulf Utanför" not in page.text
    assert "Coach" in page.text


def test_the_steering_group_exports_the_follow_up(client, follow_up_world, person_in_role):
    client.force_login(person_in_role("steering_group"))
    response = client.get(reverse("learning:follow_up_csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Name", "Unit", "Training"]
    assert sorted(row[0] for row in rows[1:]) == ["Inga Innanför", "Ulf Utanför"]
    inga = next(row for row in rows if row[0] == "Inga Innanför")
    assert inga[5] == "Coach"
    excel = client.get(reverse("learning:follow_up_xlsx"))
    assert excel.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(excel.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Name" and {row[0] for row in values[1:]} == {
        "Inga Innanför",
        "Ulf Utanför",
    }


def test_an_export_keeps_formulas_as_text(client, org, coordinator):
    training = make_training(by=coordinator, title="=HYPERLINK(1)")
    services.enrol(training=training, by=UserFactory(unit=org["north"]))
    client.force_login(coordinator)
    text = b"".join(client.get(reverse("learning:follow_up_csv")).streaming_content).decode()
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize("role", ["employee", "coach", "conversation_leader"])
def test_the_follow_up_is_not_for_everyone(client, person_in_role, role):
    client.force_login(person_in_role(role))
    for name in ("learning:follow_up", "learning:follow_up_csv", "learning:follow_up_xlsx"):
        assert client.get(reverse(name)).status_code == 403, name


def test_the_follow_up_costs_the_same_however_many_rows(client, org, coordinator):
    training = make_training(by=coordinator, capacity=200)
    services.enrol(training=training, by=UserFactory(unit=org["north"], roles=["coach"]))
    client.force_login(coordinator)
    few = page_queries(client, reverse("learning:follow_up"))
    people = [UserFactory(unit=org["north"], roles=["coach"]) for _ in range(12)]
    services.enrol_people(training=training, by=coordinator, people=people)
    assert page_queries(client, reverse("learning:follow_up")) == few


def test_the_qualification_overview_costs_the_same_however_many_holders(client, coordinator):
    UserFactory(roles=["coach"])
    client.force_login(coordinator)
    few = page_queries(client, reverse("learning:qualifications"))
    for _ in range(10):
        UserFactory(roles=["coach", "conversation_leader"])
    assert page_queries(client, reverse("learning:qualifications")) == few


def test_the_start_page_shows_my_trainings_and_qualifications(client, org, coordinator, trainee):
    training = make_training(by=coordinator, sessions_days=(-3, 5), grants="coach")
    enrolment = services.enrol(training=training, by=trainee)
    services.enrolment_complete(enrolment=enrolment, by=coordinator)
    other = make_training(by=coordinator, title="Innovation och ledarskap", sessions_days=(9,))
    services.enrol(training=other, by=trainee)
    client.force_login(trainee)
    page = client.get(reverse("home:start"))
    assert "My trainings" in page.text
    assert "Innovation och ledarskap" in page.text
    assert "My qualifications" in page.text
    client.force_login(coordinator)
    page = client.get(reverse("home:start"))
    assert "Trainings: places and waiting lists" in page.text


def test_the_start_page_for_visitors_has_no_training_panel(client, db):
    assert "My trainings" not in client.get(reverse("home:start")).text
