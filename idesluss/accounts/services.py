"""Every change to people, units and roles goes through these functions."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts.models import Qualification, Role, RoleAssignment, Unit, User
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
    if role.code in Qualification.Code.values:
        raise ValidationError(
            _(
                "%(role)s is a qualification: it comes from a completed training, or the idea "
                "coordinator grants it under Trainings."
            )
            % {"role": role}
        )
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


def _valid_expiry(expires_on, today) -> None:
    if expires_on is not None:
        if expires_on < today:
            raise ValidationError({"expires_on": _("A qualification cannot lapse in the past.")})
        if expires_on.year > today.year + 10:
            raise ValidationError({"expires_on": _("Choose a date within ten years from today.")})


@transaction.atomic
def qualification_grant(
    *,
    person: User,
    code: str,
    by: User | None,
    source: str,
    reason: str = "",
    expires_on=None,
    training_title: str = "",
    granted_on=None,
) -> Qualification:
    """Give a person a qualification (coach, conversation leader), or renew the one they hold.

    By hand (`source` "granted") it takes the coordinator's permission and a reason; a
    completed training (`source` "training") is granted by the learning app's service,
    which has checked who records the completion. A person holds at most one active
    qualification of a code: granting again extends it (the later expiry wins, none is
    latest of all)."""
    if code not in Qualification.Code.values:
        raise ValidationError({"code": _("Choose a qualification.")})
    if source not in Qualification.Source.values:
        raise ValueError(f"unknown qualification source {source!r}")
    reason = (reason or "").strip()
    if source == Qualification.Source.GRANTED:
        _require(by, "accounts.grant_qualification")
        if not reason:
            raise ValidationError({"reason": _("Say why the qualification is granted.")})
    if not person.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": person})
    today = timezone.localdate()
    _valid_expiry(expires_on, today)
    granted_by = by if getattr(by, "pk", None) else None
    current = (
        Qualification.objects.select_for_update()
        .filter(user=person, code=code, withdrawn_at__isnull=True)
        .first()
    )
    if current is not None and current.is_valid_on(today):
        if current.expires_on is not None and (
            expires_on is None or expires_on > current.expires_on
        ):
            current.expires_on = expires_on
            current.reminded_at = None
            current.save(update_fields=["expires_on", "reminded_at"])
            audit_record(
                actor=by,
                action="qualification.renew",
                target=person,
                data={"code": code, "source": source, "expires_on": _iso(expires_on)},
            )
        return current
    if current is not None:
        # Lapsed: it stays in the record as it was; the new one replaces it.
        current.withdrawn_at = timezone.now()
        current.withdrawal_reason = "lapsed"
        current.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    qualification = Qualification.objects.create(
        user=person,
        code=code,
        granted_on=granted_on or today,
        expires_on=expires_on,
        source=source,
        reason=reason,
        training_title=training_title[:200],
        granted_by=granted_by,
    )
    roles_changed(users=[person])
    audit_record(
        actor=by,
        action="qualification.grant",
        target=person,
        data={
            "code": code,
            "source": source,
            "reason": reason,
            "training": training_title,
            "expires_on": _iso(expires_on),
        },
    )
    return qualification


@transaction.atomic
def qualification_withdraw(*, qualification: Qualification, by: User | None, reason: str) -> None:
    """Take a qualification back, with the reason; the record stays."""
    _require(by, "accounts.grant_qualification")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the qualification is withdrawn.")})
    locked = Qualification.objects.select_for_update().get(pk=qualification.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("The qualification was already withdrawn."))
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = by if getattr(by, "pk", None) else None
    locked.withdrawal_reason = reason
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    for name in ("withdrawn_at", "withdrawn_by", "withdrawal_reason"):
        setattr(qualification, name, getattr(locked, name))
    roles_changed(users=[qualification.user])
    audit_record(
        actor=by,
        action="qualification.withdraw",
        target=qualification.user,
        data={"code": locked.code, "reason": reason},
    )


def _iso(day) -> str | None:
    return day.isoformat() if day else None
