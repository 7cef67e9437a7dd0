"""Every change to people, units and roles goes through these functions."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from idesluss.accounts.models import Role, RoleAssignment, Unit, User
from idesluss.accounts.selectors import roles_forget
from idesluss.core.services import audit_record
from idesluss.core.text import single_line


def _require(by: User | None, perm: str, obj=None) -> None:
    # `by=None` means the system itself (management commands, migrations, the demo data).
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied


def _unit_path(parent: Unit | None, pk: int) -> str:
    return f"{parent.path if parent else '/'}{pk}/"


@transaction.atomic
def unit_create(
    *,
    name: str,
    code: str,
    kind: str = Unit.Kind.UNIT,
    parent: Unit | None = None,
    by: User | None = None,
) -> Unit:
    """Create an organisation unit in the tree."""
    _require(by, "accounts.change_unit")
    unit = Unit(name=single_line(name), code=code.strip(), kind=kind, parent=parent)
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    unit.path = _unit_path(parent, unit.pk)
    unit.depth = unit.path.count("/") - 2
    unit.save(update_fields=["path", "depth"])
    audit_record(actor=by, action="unit.create", target=unit, data={"code": unit.code})
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    name: str,
    kind: str,
    parent: Unit | None,
    is_active: bool = True,
    by: User | None = None,
) -> Unit:
    """Rename, re-kind or move a unit; moving takes its whole subtree along."""
    _require(by, "accounts.change_unit", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if parent is not None and parent.is_within(unit):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or one of its own sub-units.")}
        )
    old_path = unit.path
    unit.name, unit.kind, unit.parent, unit.is_active = single_line(name), kind, parent, is_active
    unit.full_clean(exclude=["path", "depth", "code"])
    unit.path = _unit_path(parent, unit.pk)
    unit.depth = unit.path.count("/") - 2
    unit.save(update_fields=["name", "kind", "parent", "is_active", "path", "depth", "updated_at"])
    if unit.path != old_path:
        shift = unit.depth - (old_path.count("/") - 2)
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + shift,
        )
        # Managers of the moved units manage by path: their roles are read afresh.
        roles_changed(
            user_ids=RoleAssignment.objects.filter(unit__path__startswith=unit.path).values_list(
                "user_id", flat=True
            )
        )
    audit_record(actor=by, action="unit.update", target=unit, data={"parent": parent and parent.pk})
    return unit


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    return email


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    unit: Unit | None = None,
    job_title: str = "",
    employee_number: str | None = None,
    password: str | None = None,
    by: User | None = None,
) -> User:
    """Add a person to the organisation. Without a password they sign in by reset or SSO."""
    _require(by, "accounts.add_user")
    email = _clean_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A person with this email address already exists.")})
    if not full_name.strip():
        raise ValidationError({"full_name": _("A name is required.")})
    user = User(
        email=email,
        full_name=single_line(full_name),
        unit=unit,
        job_title=single_line(job_title),
        employee_number=employee_number or None,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=by, action="user.create", target=user, data={"email": email})
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    by: User | None,
    **changes,
) -> User:
    """Change a person's details; the person themself or an administrator."""
    _require(by, "accounts.change_person", user)
    allowed = {"full_name", "job_title", "phone", "preferred_language", "unit", "is_active"}
    if set(changes) - allowed:
        raise ValueError(f"Unknown fields: {set(changes) - allowed}")
    if (
        by is not None
        and not by.has_perm("accounts.change_user")
        and ("unit" in changes or "is_active" in changes)
    ):
        # People may edit their own details, but their unit and status come from HR.
        raise PermissionDenied
    for name, value in changes.items():
        if name in {"full_name", "job_title"}:
            value = single_line(value)
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changes))
    audit_record(actor=by, action="user.update", target=user, data={"fields": sorted(changes)})
    return user


def roles_changed(*, users: Iterable[User] = (), user_ids: Iterable[int] = ()) -> None:
    """These people's roles changed (or a unit they hold a role for moved): count up their
    roles_version, so every worker reads their roles afresh (accounts.selectors.roles_of).
    Call it in the transaction that makes the change."""
    users = list(users)
    ids = {user.pk for user in users} | set(user_ids)
    if not ids:
        return
    User.objects.filter(pk__in=ids).update(roles_version=F("roles_version") + 1)
    for user in users:
        user.roles_version += 1
        roles_forget(user)


@transaction.atomic
def role_assign(
    *, user: User, role_code: str, unit: Unit | None = None, by: User | None = None
) -> RoleAssignment:
    """Give a person a role; roles held for a unit (manager) need the unit."""
    _require(by, "accounts.assign_role")
    role = Role.objects.get(code=role_code)
    if role.code == Role.Code.EMPLOYEE:
        raise ValidationError(_("Everyone in the organisation is an employee already."))
    if role.unit_scoped and unit is None:
        raise ValidationError({"unit": _("The role %(role)s is held for a unit.") % {"role": role}})
    if not role.unit_scoped:
        unit = None
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"granted_by": by}
    )
    if role.code == Role.Code.ADMINISTRATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        roles_changed(users=[user])
        audit_record(
            actor=by,
            action="role.assign",
            target=user,
            data={"role": role.code, "unit": unit.pk if unit else None},
        )
    return assignment


@transaction.atomic
def role_revoke(
    *, user: User, role_code: str, unit: Unit | None = None, by: User | None = None
) -> None:
    """Take a role away from a person."""
    _require(by, "accounts.assign_role")
    deleted, _details = RoleAssignment.objects.filter(
        user=user, role__code=role_code, unit=unit
    ).delete()
    if role_code == Role.Code.ADMINISTRATOR and not user.is_superuser:
        still_admin = RoleAssignment.objects.filter(user=user, role__code=role_code).exists()
        if not still_admin and user.is_staff:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    if deleted:
        roles_changed(users=[user])
        audit_record(
            actor=by,
            action="role.revoke",
            target=user,
            data={"role": role_code, "unit": unit.pk if unit else None},
        )
