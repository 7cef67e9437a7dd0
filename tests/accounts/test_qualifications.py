"""Coach and conversation leader are qualifications: granted, lapsing, withdrawn, carried
over from the role assignments of before, and counted as roles by roles_of."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idesluss.accounts import qualifications, services
from idesluss.accounts.models import Qualification, Role, RoleAssignment
from idesluss.accounts.selectors import people_with_role, roles_cache_key, roles_of
from idesluss.core.models import AuditEvent
from tests.factories import UserFactory

carry_over = importlib.import_module(
    "idesluss.accounts.migrations.0008_roles_to_qualifications"
).roles_to_qualifications


def fresh(person):
    return type(person).objects.get(pk=person.pk)


def test_a_granted_qualification_counts_as_the_role(db):
    coordinator = UserFactory(roles=["coordinator"])
    person = UserFactory()
    assert "coach" not in roles_of(person).codes
    services.qualification_grant(
        person=person, code="coach", by=coordinator, source="granted", reason="Gick kursen 2025"
    )
    assert "coach" in roles_of(fresh(person)).codes
    assert list(people_with_role("coach")) == [person]
    event = AuditEvent.objects.get(action="qualification.grant")
    assert event.actor == coordinator
    assert event.data["reason"] == "Gick kursen 2025"


def test_only_the_coordinator_and_administrator_grant_by_hand_and_always_with_a_reason(db):
    person = UserFactory()
    for role in ("manager_free", "coach", "steering_group"):
        by = UserFactory(roles=[] if role == "manager_free" else [role])
        with pytest.raises(PermissionDenied):
            services.qualification_grant(
                person=person, code="coach", by=by, source="granted", reason="x"
            )
    coordinator = UserFactory(roles=["coordinator"])
    with pytest.raises(ValidationError) as refused:
        services.qualification_grant(
            person=person, code="coach", by=coordinator, source="granted", reason="  "
        )
    assert "reason" in refused.value.message_dict
    assert not Qualification.objects.filter(user=person).exists()
    admin = UserFactory(roles=["administrator"])
    services.qualification_grant(
        person=person, code="coach", by=admin, source="granted", reason="y"
    )
    assert Qualification.objects.filter(user=person, code="coach").count() == 1


def test_granting_again_renews_the_one_held(db):
    person = UserFactory()
    today = timezone.localdate()
    first = services.qualification_grant(
        person=person,
        code="conversation_leader",
        by=None,
        source="training",
        expires_on=today + datetime.timedelta(days=30),
    )
    again = services.qualification_grant(
        person=person,
        code="conversation_leader",
        by=None,
        source="training",
        expires_on=today + datetime.timedelta(days=400),
    )
    assert again.pk == first.pk
    assert Qualification.objects.get(pk=first.pk).expires_on == today + datetime.timedelta(days=400)
    assert Qualification.objects.filter(user=person).count() == 1


def test_an_expiry_in_the_past_or_beyond_ten_years_is_refused(db):
    person = UserFactory()
    today = timezone.localdate()
    for day in (today - datetime.timedelta(days=1), today.replace(year=today.year + 11)):
        with pytest.raises(ValidationError):
            services.qualification_grant(
                person=person, code="coach", by=None, source="training", expires_on=day
            )
    assert not Qualification.objects.exists()


def test_a_lapsed_qualification_is_no_role_and_a_new_grant_replaces_it(db):
    person = UserFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    lapsed = Qualification.objects.create(
        user=person,
        code="coach",
        granted_on=yesterday.replace(year=yesterday.year - 2),
        expires_on=yesterday,
        source="training",
    )
    assert "coach" not in roles_of(fresh(person)).codes
    assert not people_with_role("coach").exists()
    renewed = services.qualification_grant(person=person, code="coach", by=None, source="training")
    assert renewed.pk != lapsed.pk
    assert Qualification.objects.get(pk=lapsed.pk).withdrawn_at is not None
    assert "coach" in roles_of(fresh(person)).codes


def test_the_roles_kept_in_the_cache_are_kept_per_day(db):
    day = datetime.date(2026, 12, 6)
    assert roles_cache_key(7, 3, day) != roles_cache_key(7, 3, day + datetime.timedelta(days=1))


def test_withdrawing_takes_the_role_away_and_keeps_the_record(db):
    coordinator = UserFactory(roles=["coordinator"])
    person = UserFactory(roles=["coach"])
    held = Qualification.objects.get(user=person)
    with pytest.raises(ValidationError):
        services.qualification_withdraw(qualification=held, by=coordinator, reason="")
    with pytest.raises(PermissionDenied):
        services.qualification_withdraw(qualification=held, by=UserFactory(), reason="Nej")
    services.qualification_withdraw(qualification=held, by=coordinator, reason="Slutat coacha")
    assert "coach" not in roles_of(fresh(person)).codes
    held.refresh_from_db()
    assert (held.withdrawn_by, held.withdrawal_reason) == (coordinator, "Slutat coacha")
    assert AuditEvent.objects.filter(action="qualification.withdraw").count() == 1
    with pytest.raises(ValidationError):
        services.qualification_withdraw(qualification=held, by=coordinator, reason="Igen")


def test_a_qualification_is_no_longer_assigned_as_a_role(db):
    admin = UserFactory(roles=["administrator"])
    with pytest.raises(ValidationError):
        services.role_assign(user=UserFactory(), role_code=Role.Code.COACH, by=admin)
    assert not RoleAssignment.objects.filter(role__code="coach").exists()


def test_the_refusal_names_the_training_that_gives_the_qualification(db):
    person = UserFactory(full_name="Nora Nilsson")
    assert "Nora Nilsson" in qualifications.missing_message(person, "coach")

    def coach_training(code: str) -> list[str]:
        return ["Coachutbildning"] if code == "coach" else []

    qualifications.register_source(coach_training)
    try:
        message = qualifications.missing_message(person, "coach")
        assert "Coachutbildning" in message and "Nora Nilsson" in message
        assert "Coachutbildning" not in qualifications.missing_message(
            person, "conversation_leader"
        )
    finally:
        qualifications._sources.remove(coach_training)


def test_the_roles_of_before_are_carried_over_as_qualifications(db):
    admin = UserFactory(roles=["administrator"])
    coach, leader = UserFactory(), UserFactory()
    # As they were stored before qualifications existed.
    for person, code in ((coach, "coach"), (leader, "conversation_leader")):
        RoleAssignment.objects.create(
            user=person, role=Role.objects.get(code=code), granted_by=admin
        )
    version = fresh(coach).roles_version
    carry_over(apps, None)
    assert not RoleAssignment.objects.filter(role__code__in=["coach", "conversation_leader"])
    rows = {q.user_id: q for q in Qualification.objects.all()}
    assert rows[coach.pk].code == "coach" and rows[leader.pk].code == "conversation_leader"
    assert rows[coach.pk].source == "carried_over" and rows[coach.pk].granted_by == admin
    assert fresh(coach).roles_version == version + 1
    assert "coach" in roles_of(fresh(coach)).codes
    assert "conversation_leader" in roles_of(fresh(leader)).codes
    assert "administrator" in roles_of(fresh(admin)).codes
