"""Load units and people from CSV files exported from an HR system.

Each row is written whole or not at all; a broken row is reported with its line
number and every reason, and the valid rows are imported all the same.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idesluss.accounts import services
from idesluss.accounts.models import Role, RoleAssignment, Unit, User

MAX_IMPORT_BYTES = 20 * 1024 * 1024

UNIT_COLUMNS = {
    "code": ("code", "kod", "enhetskod"),
    "name": ("name", "namn", "enhetsnamn"),
    "kind": ("kind", "typ", "nivå"),
    "parent": ("parent", "parent_code", "överordnad", "ingår i"),
    "managers": ("managers", "manager", "chef", "chefer"),
}
USER_COLUMNS = {
    "email": ("email", "e-mail", "e-post", "epost", "mejl"),
    "full_name": ("full_name", "name", "namn"),
    "unit": ("unit", "unit_code", "enhet", "enhetskod"),
    "job_title": ("job_title", "title", "titel", "befattning"),
    "employee_number": ("employee_number", "anställningsnummer", "anstnr"),
    "roles": ("roles", "roller"),
    "active": ("active", "aktiv"),
}
KIND_WORDS = {
    "department": Unit.Kind.DEPARTMENT,
    "förvaltning": Unit.Kind.DEPARTMENT,
    "operation": Unit.Kind.OPERATION,
    "verksamhet": Unit.Kind.OPERATION,
    "unit": Unit.Kind.UNIT,
    "enhet": Unit.Kind.UNIT,
}
TRUE_WORDS = {"", "1", "true", "yes", "ja", "j", "x", "aktiv"}
FALSE_WORDS = {"0", "false", "no", "nej", "n", "inaktiv"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass
class RejectedRow:
    line: int
    identifier: str
    reasons: list[str]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated


class _DryRunRollback(Exception):
    pass


def _read_rows(file: IO[bytes] | IO[str], columns: dict[str, tuple[str, ...]], required: set[str]):
    raw = file.read(MAX_IMPORT_BYTES + 1)
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise ImportFileError(_("The file is larger than 20 MB."))
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    else:
        text = raw
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = [name.strip().lower() for name in next(reader)]
    positions: dict[str, int] = {}
    for key, aliases in columns.items():
        for index, name in enumerate(header):
            if name in aliases:
                positions[key] = index
                break
    missing = [columns[key][0] for key in sorted(required) if key not in positions]
    if missing:
        raise ImportFileError(
            _("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        row = {
            key: (values[index].strip() if index < len(values) else "")
            for key, index in positions.items()
        }
        rows.append((reader.line_num, row))
    return rows, set(positions)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def _run(by: User | None, dry_run: bool, body) -> ImportReport:
    if by is not None and not by.has_perm("accounts.import_people"):
        raise PermissionDenied
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            body(report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def units_import(file: IO, *, by: User | None = None, dry_run: bool = False) -> ImportReport:
    """Create or update units by code; parents may come later in the same file."""
    rows, present = _read_rows(file, UNIT_COLUMNS, {"code", "name"})

    def body(report: ImportReport) -> None:
        seen: dict[str, int] = {}
        pending: list[tuple[int, dict]] = []
        for line, row in rows:
            code = row["code"]
            if code and code in seen:
                report.rejected.append(
                    RejectedRow(
                        line,
                        code,
                        [
                            _("The code appears twice in the file (line %(line)s).")
                            % {"line": seen[code]}
                        ],
                    )
                )
                continue
            seen[code] = line
            pending.append((line, row))
        codes_in_file = {row["code"] for _line, row in pending if row["code"]}
        # Parents first: keep passing over the rows until no more can be placed.
        while pending:
            waiting = []
            for line, row in pending:
                parent_code = row.get("parent", "")
                if (
                    parent_code
                    and parent_code in codes_in_file
                    and not Unit.objects.filter(code=parent_code).exists()
                ):
                    waiting.append((line, row))
                    continue
                _unit_row(report, line, row, present, by)
            if len(waiting) == len(pending):
                for line, row in waiting:
                    report.rejected.append(
                        RejectedRow(
                            line,
                            row["code"],
                            [
                                _("The parent unit %(code)s could not be imported first.")
                                % {"code": row["parent"]}
                            ],
                        )
                    )
                break
            pending = waiting
        report.rejected.sort(key=lambda rejected: rejected.line)

    return _run(by, dry_run, body)


def _unit_row(
    report: ImportReport, line: int, row: dict, present: set[str], by: User | None
) -> None:
    reasons: list[str] = []
    code, name = row["code"], row["name"]
    if not code:
        reasons.append(_("The code is missing."))
    if not name:
        reasons.append(_("The name is missing."))
    kind = Unit.Kind.UNIT
    if row.get("kind"):
        kind = KIND_WORDS.get(row["kind"].lower())
        if kind is None:
            reasons.append(
                _("Unknown kind “%(kind)s”: use förvaltning, verksamhet or enhet.")
                % {"kind": row["kind"]}
            )
    parent = None
    if row.get("parent"):
        parent = Unit.objects.filter(code=row["parent"]).first()
        if parent is None:
            reasons.append(_("The parent unit %(code)s does not exist.") % {"code": row["parent"]})
        elif parent.code == code:
            reasons.append(_("A unit cannot be its own parent."))
    managers: list[User] = []
    if row.get("managers"):
        for email in _split(row["managers"]):
            manager = User.objects.filter(email__iexact=email).first()
            if manager is None:
                reasons.append(
                    _("No person has the manager's e-mail address %(email)s.") % {"email": email}
                )
            else:
                managers.append(manager)
    if reasons:
        report.rejected.append(RejectedRow(line, code, reasons))
        return
    try:
        with transaction.atomic():
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                unit = services.unit_create(name=name, code=code, kind=kind, parent=parent, by=by)
                report.created += 1
            else:
                services.unit_update(unit=unit, name=name, kind=kind, parent=parent, by=by)
                report.updated += 1
            if "managers" in present:
                _sync_managers(unit, managers, by)
    except ValidationError as error:
        report.rejected.append(RejectedRow(line, code, _messages(error)))


def _sync_managers(unit: Unit, managers: list[User], by: User | None) -> None:
    current = set(
        RoleAssignment.objects.filter(unit=unit, role__code=Role.Code.MANAGER).values_list(
            "user_id", flat=True
        )
    )
    wanted = {manager.pk for manager in managers}
    for manager in managers:
        if manager.pk not in current:
            services.role_assign(user=manager, role_code=Role.Code.MANAGER, unit=unit, by=by)
    for user in User.objects.filter(pk__in=current - wanted):
        services.role_revoke(user=user, role_code=Role.Code.MANAGER, unit=unit, by=by)


def _split(value: str) -> list[str]:
    return [
        part.strip()
        for part in value.replace(",", ";").replace("|", ";").split(";")
        if part.strip()
    ]


def users_import(
    file: IO,
    *,
    by: User | None = None,
    deactivate_missing: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Create or update people by employee number or e-mail address.

    With `deactivate_missing`, active people who are not in the file at all are
    deactivated (people who left); administrators and the importer are spared.
    """
    rows, present = _read_rows(file, USER_COLUMNS, {"email", "full_name"})

    def body(report: ImportReport) -> None:
        seen: dict[str, int] = {}
        mentioned_emails: set[str] = set()
        mentioned_numbers: set[str] = set()
        for line, row in rows:
            email = row["email"].lower()
            mentioned_emails.add(email)
            if row.get("employee_number"):
                mentioned_numbers.add(row["employee_number"])
            if email and email in seen:
                report.rejected.append(
                    RejectedRow(
                        line,
                        email,
                        [
                            _("The e-mail address appears twice in the file (line %(line)s).")
                            % {"line": seen[email]}
                        ],
                    )
                )
                continue
            seen[email] = line
            _user_row(report, line, row, present, by)
        if deactivate_missing:
            leavers = (
                User.objects.filter(is_active=True, is_superuser=False)
                .exclude(email__in=mentioned_emails)
                .exclude(employee_number__in=mentioned_numbers)
                .exclude(role_assignments__role__code=Role.Code.ADMINISTRATOR)
            )
            if by is not None:
                leavers = leavers.exclude(pk=by.pk)
            report.deactivated = leavers.update(is_active=False)

    return _run(by, dry_run, body)


def _user_row(
    report: ImportReport, line: int, row: dict, present: set[str], by: User | None
) -> None:
    reasons: list[str] = []
    email = row["email"].lower()
    if not email:
        reasons.append(_("The e-mail address is missing."))
    if not row["full_name"]:
        reasons.append(_("The name is missing."))
    unit = None
    if row.get("unit"):
        unit = Unit.objects.filter(code=row["unit"]).first()
        if unit is None:
            reasons.append(_("The unit %(code)s does not exist.") % {"code": row["unit"]})
    active = True
    if row.get("active", "").lower() in FALSE_WORDS:
        active = False
    elif row.get("active", "").lower() not in TRUE_WORDS:
        reasons.append(_("Active must be ja or nej, not “%(value)s”.") % {"value": row["active"]})
    number = row.get("employee_number") or None
    existing = None
    if number:
        existing = User.objects.filter(employee_number=number).first()
    if existing is None and email:
        existing = User.objects.filter(email__iexact=email).first()
        if existing and number and existing.employee_number and existing.employee_number != number:
            reasons.append(
                _("%(email)s already belongs to the person with employee number %(number)s.")
                % {"email": email, "number": existing.employee_number}
            )
    roles: list[tuple[str, Unit | None]] = []
    if "roles" in present:
        roles, role_reasons = _parse_roles(row.get("roles", ""), unit)
        reasons.extend(role_reasons)
    if reasons:
        report.rejected.append(RejectedRow(line, email or f"#{line}", reasons))
        return
    try:
        with transaction.atomic():
            if existing is None:
                user = services.user_create(
                    email=email,
                    full_name=row["full_name"],
                    unit=unit,
                    job_title=row.get("job_title", ""),
                    employee_number=number,
                    by=by,
                )
                if not active:
                    services.user_update(user=user, is_active=False, by=by)
                report.created += 1
            else:
                user = existing
                if email != user.email:
                    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
                        raise ValidationError(
                            _("Another person already has the e-mail address %(email)s.")
                            % {"email": email}
                        )
                    user.email = email
                    user.save(update_fields=["email"])
                if number and user.employee_number != number:
                    user.employee_number = number
                    user.save(update_fields=["employee_number"])
                changes = {"full_name": row["full_name"], "unit": unit, "is_active": active}
                if "job_title" in present:
                    changes["job_title"] = row.get("job_title", "")
                services.user_update(user=user, by=by, **changes)
                report.updated += 1
            if "roles" in present:
                _sync_roles(user, roles, by)
    except ValidationError as error:
        report.rejected.append(RejectedRow(line, email, _messages(error)))


# Role names as HR staff write them, in Swedish or English.
ROLE_WORDS = {
    "medarbetare": Role.Code.EMPLOYEE,
    "chef": Role.Code.MANAGER,
    "samtalsledare": Role.Code.CONVERSATION_LEADER,
    "idésamordnare": Role.Code.COORDINATOR,
    "idesamordnare": Role.Code.COORDINATOR,
    "samordnare": Role.Code.COORDINATOR,
    "styrgrupp": Role.Code.STEERING_GROUP,
    "administratör": Role.Code.ADMINISTRATOR,
    **{code: code for code in Role.Code.values},
}

IMPORTABLE_ROLES = {
    Role.Code.MANAGER,
    Role.Code.COACH,
    Role.Code.CONVERSATION_LEADER,
    Role.Code.COORDINATOR,
    Role.Code.STEERING_GROUP,
}


def _parse_roles(
    value: str, own_unit: Unit | None
) -> tuple[list[tuple[str, Unit | None]], list[str]]:
    """`coach; manager; manager:VO-HT` → roles; a bare `manager` is for the person's own unit."""
    roles: list[tuple[str, Unit | None]] = []
    reasons: list[str] = []
    for token in _split(value):
        word, _sep, unit_code = token.partition(":")
        code = ROLE_WORDS.get(word.strip().lower(), word.strip().lower())
        if code == Role.Code.EMPLOYEE:
            continue
        if code == Role.Code.ADMINISTRATOR:
            reasons.append(_("The administrator role can only be given in the back office."))
            continue
        if code not in IMPORTABLE_ROLES:
            reasons.append(_("Unknown role “%(role)s”.") % {"role": token})
            continue
        unit = None
        if code == Role.Code.MANAGER:
            if unit_code:
                unit = Unit.objects.filter(code=unit_code.strip()).first()
                if unit is None:
                    reasons.append(_("The unit %(code)s does not exist.") % {"code": unit_code})
                    continue
            elif own_unit is None:
                reasons.append(
                    _("A manager needs a unit: give the person a unit or write manager:UNITCODE.")
                )
                continue
            else:
                unit = own_unit
        roles.append((code, unit))
    return roles, reasons


def _sync_roles(user: User, roles: list[tuple[str, Unit | None]], by: User | None) -> None:
    """The file's roles become the person's roles (administrator is never touched)."""
    wanted = {(code, unit.pk if unit else None) for code, unit in roles}
    current = {
        (assignment.role.code, assignment.unit_id): assignment
        for assignment in RoleAssignment.objects.filter(
            user=user, role__code__in=IMPORTABLE_ROLES
        ).select_related("role", "unit")
    }
    for code, unit in roles:
        if (code, unit.pk if unit else None) not in current:
            services.role_assign(user=user, role_code=code, unit=unit, by=by)
    for key, assignment in current.items():
        if key not in wanted:
            services.role_revoke(
                user=user, role_code=assignment.role.code, unit=assignment.unit, by=by
            )
