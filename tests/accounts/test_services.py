import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from idesluss.accounts import services
from idesluss.accounts.models import Role, RoleAssignment, Unit, User
from idesluss.accounts.selectors import managers_of_unit, roles_of
from idesluss.core.models import AuditEvent
from tests.factories import UnitFactory, UserFactory


def test_unit_tree_paths_follow_parents(org):
    assert org["vo"].path == f"/{org['vo'].pk}/"
    assert org["north"].path == f"/{org['vo'].pk}/{org['ht'].pk}/{org['north'].pk}/"
    assert org["north"].depth == 2
    assert org["north"].is_within(org["vo"])
    assert not org["north"].is_within(org["bou"])


def test_moving_a_unit_moves_its_subtree(org):
    services.unit_update(
        unit=org["ht"], name="Hemtjänst", kind=Unit.Kind.OPERATION, parent=org["bou"]
    )
    north = Unit.objects.get(pk=org["north"].pk)
    assert north.path == f"/{org['bou'].pk}/{org['ht'].pk}/{north.pk}/"
    assert north.depth == 2
    assert north.is_within(Unit.objects.get(pk=org["bou"].pk))


def test_a_unit_cannot_move_under_itself(org):
    with pytest.raises(ValidationError):
        services.unit_update(
            unit=org["vo"], name="Vård och omsorg", kind=Unit.Kind.DEPARTMENT, parent=org["north"]
        )
    assert Unit.objects.get(pk=org["vo"].pk).parent is None


def test_user_create_normalises_email_and_refuses_duplicates(db):
    user = services.user_create(
        email="  Anna.Svensson@Kommunen.Example ", full_name="Anna Svensson"
    )
    assert user.email == "anna.svensson@kommunen.example"
    assert not user.has_usable_password()
    with pytest.raises(ValidationError) as raised:
        services.user_create(email="ANNA.svensson@kommunen.example", full_name="Anna S")
    assert "email" in raised.value.message_dict
    assert User.objects.count() == 1


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b"])
def test_user_create_rejects_bad_addresses(db, email):
    with pytest.raises(ValidationError):
        services.user_create(email=email, full_name="Namn")
    assert not User.objects.exists()


def test_manager_role_needs_a_unit_and_covers_units_below(org):
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.role_assign(user=person, role_code=Role.Code.MANAGER)
    services.role_assign(user=person, role_code=Role.Code.MANAGER, unit=org["ht"])
    roles = roles_of(person)
    assert "manager" in roles.codes
    assert roles.manages(org["ht"])
    assert roles.manages(org["north"])
    assert not roles.manages(org["vo"])
    assert not roles.manages(org["bou"])


def test_roles_are_cached_per_user_object_and_forgotten_on_change(org, django_assert_num_queries):
    person = UserFactory()
    with django_assert_num_queries(1):
        roles_of(person)
        roles_of(person)
    services.role_assign(user=person, role_code=Role.Code.STEERING_GROUP)
    assert "steering_group" in roles_of(person).codes


def test_administrator_role_grants_and_revokes_back_office(db):
    person = UserFactory()
    services.role_assign(user=person, role_code=Role.Code.ADMINISTRATOR)
    person.refresh_from_db()
    assert person.is_staff
    assert person.has_perm("core.access_backoffice")
    services.role_revoke(user=person, role_code=Role.Code.ADMINISTRATOR)
    person = User.objects.get(pk=person.pk)
    assert not person.is_staff
    assert not person.has_perm("core.access_backoffice")


def test_only_administrators_assign_roles(org):
    coordinator = UserFactory(roles=["coordinator"])
    target = UserFactory()
    with pytest.raises(PermissionDenied):
        services.role_assign(user=target, role_code=Role.Code.STEERING_GROUP, by=coordinator)
    assert not RoleAssignment.objects.filter(user=target).exists()
    admin = UserFactory(roles=["administrator"])
    services.role_assign(user=target, role_code=Role.Code.STEERING_GROUP, by=admin)
    event = AuditEvent.objects.filter(action="role.assign", target_id=str(target.pk)).get()
    assert event.actor == admin
    assert event.data["role"] == "steering_group"


def test_people_edit_their_own_details_but_not_their_unit(org):
    person = UserFactory(unit=org["north"])
    services.user_update(user=person, by=person, job_title="Samordnare")
    assert User.objects.get(pk=person.pk).job_title == "Samordnare"
    with pytest.raises(PermissionDenied):
        services.user_update(user=person, by=person, unit=org["bou"])
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        services.user_update(user=person, by=other, job_title="Chef")
    assert User.objects.get(pk=person.pk).unit == org["north"]


def test_managers_of_unit_falls_back_to_the_nearest_manager_above(org):
    boss = UserFactory(roles=[("manager", org["vo"])])
    assert managers_of_unit(unit=org["north"]) == [boss]
    local = UserFactory(roles=[("manager", org["north"])])
    assert managers_of_unit(unit=org["north"]) == [local]
    assert managers_of_unit(unit=UnitFactory()) == []


def test_unit_choices_follow_every_change_of_the_tree(db):
    from idesluss.accounts.selectors import unit_choices
    from idesluss.core.widgets import LongSelect

    admin = UserFactory(roles=["administrator"])
    top = services.unit_create(name="Vård <och> omsorg", code="VO", by=admin)
    child = services.unit_create(name="Hemtjänst", code="HT", parent=top, by=admin)
    other = services.unit_create(name="Barn och utbildning", code="BOU", by=admin)
    labels = dict(unit_choices())
    # Tree order, indented by depth, plain strings: the select escapes them, once.
    order = [pk for pk, _label in unit_choices()]
    assert order.index(child.pk) == order.index(top.pk) + 1
    assert labels[top.pk] == "Vård <och> omsorg"
    select = LongSelect(choices=unit_choices()).render("unit", top.pk)
    assert f'<option value="{top.pk}" selected>Vård &lt;och&gt; omsorg</option>' in select
    assert labels[child.pk] == "– Hemtjänst"
    # Renamed, moved, deactivated: the next call sees it (not a stale cached list).
    services.unit_update(unit=child, name="Hemtjänst Norr", kind=child.kind, parent=other, by=admin)
    assert dict(unit_choices())[child.pk] == "– Hemtjänst Norr"
    order = [pk for pk, _label in unit_choices()]
    assert order.index(child.pk) == order.index(other.pk) + 1  # now right under its parent
    services.unit_update(
        unit=other, name=other.name, kind=other.kind, parent=None, is_active=False, by=admin
    )
    assert other.pk not in dict(unit_choices())
