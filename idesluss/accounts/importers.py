"""Load units and people from CSV files exported from an HR system.

A broken row is reported with its line number and every reason, and the valid rows
are imported all the same. People are imported in batches: everything the rows need
(people, units, roles) is read once into dictionaries, and each batch of rows is
written in one short transaction with bulk queries, so an import of 50,000 people
takes seconds and other people's writes wait at most for one batch. In the back
office the import runs as a background task (`people_import_start`), with its
progress and report on a page of its own; the management command runs the same
functions directly.
"""

import csv
import io
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from idesluss.accounts import services
from idesluss.accounts.models import (
    PeopleImport,
    Qualification,
    Role,
    RoleAssignment,
    Unit,
    User,
)
from idesluss.core.models import AuditEvent
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.core.uploads import safe_filename, save_on_commit

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 20 * 1024 * 1024
# Rows written per transaction: small enough that others' writes barely wait.
BATCH_SIZE = 500
# No field of an HR export is this long; a longer one means a broken line.
MAX_FIELD_CHARS = 1000

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
    unchanged: int = 0
    deactivated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    dry_run: bool = False
    total: int = 0
    processed: int = 0

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def reject(self, line: int, identifier: str, reasons: list[str]) -> None:
        self.rejected.append(RejectedRow(line, identifier[:100], reasons))


Progress = Callable[[ImportReport], None] | None


class _DryRunRollback(Exception):
    pass


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Neither (a byte such as 0x81 is text in neither): read it as UTF-8 and report the
    # lines with bytes that are not text, importing the others.
    return raw.decode("utf-8-sig", errors="surrogateescape")


def _undecodable(values: list[str]) -> list[str]:
    return sorted(
        {
            f"0x{ord(char) - 0xDC00:02X}"
            for value in values
            for char in value
            if "\udc80" <= char <= "\udcff"
        }
    )


def _read_rows(file: IO[bytes] | IO[str], columns: dict[str, tuple[str, ...]], required: set[str]):
    """The file's rows as (line, {column: value}, problems), and the columns it has."""
    raw = file.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than 20 MB."))
    text = _decode(raw) if isinstance(raw, bytes) else raw
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    # A field longer than the csv module's limit (131,072 characters) would stop the
    # reader with an error; allow up to the file's size and report such rows instead.
    # (Raised once for the process and never lowered: other readers only gain by it.)
    if csv.field_size_limit() < MAX_IMPORT_BYTES:
        csv.field_size_limit(MAX_IMPORT_BYTES)
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0][:10000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
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
            problems = []
            longest = max(len(value) for value in values)
            if longest > MAX_FIELD_CHARS:
                problems.append(
                    _(
                        "A field on this line is %(count)s characters long; "
                        "at most %(max)s are allowed."
                    )
                    % {"count": longest, "max": MAX_FIELD_CHARS}
                )
            if bad := _undecodable(values):
                problems.append(
                    _(
                        "The line contains bytes that are not text (%(bytes)s). "
                        "Save the file as CSV in UTF-8."
                    )
                    % {"bytes": ", ".join(bad)}
                )
            if problems:
                row = {key: value[:100] for key, value in row.items()}
            rows.append((reader.line_num, row, problems))
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s cannot be read as CSV (%(error)s); nothing was imported.")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows, set(positions)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def _require(by: User | None) -> None:
    # `by=None` is the system itself (the management command).
    if by is not None and not by.has_perm("accounts.import_people"):
        raise PermissionDenied


def _run(by: User | None, dry_run: bool, body, total: int, progress: Progress) -> ImportReport:
    # Units are few (a municipality has hundreds): one transaction, so that a dry run
    # can place parents before their children and then roll everything back.
    report = ImportReport(dry_run=dry_run, total=total)
    try:
        with transaction.atomic():
            body(report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    report.processed = total
    if progress is not None:
        progress(report)
    return report


def units_import(
    file: IO, *, by: User | None = None, dry_run: bool = False, progress: Progress = None
) -> ImportReport:
    """Create or update units by code; parents may come later in the same file."""
    _require(by)
    rows, present = _read_rows(file, UNIT_COLUMNS, {"code", "name"})

    def body(report: ImportReport) -> None:
        seen: dict[str, int] = {}
        pending: list[tuple[int, dict]] = []
        for line, row, problems in rows:
            code = row["code"]
            if problems:
                report.reject(line, code or f"#{line}", problems)
                continue
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

    return _run(by, dry_run, body, len(rows), progress)


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
                    _("No person has the manager's email address %(email)s.") % {"email": email}
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

QUALIFICATION_CODES = frozenset(Qualification.Code.values)

IMPORTABLE_ROLES = {
    Role.Code.MANAGER,
    Role.Code.COACH,
    Role.Code.CONVERSATION_LEADER,
    Role.Code.COORDINATOR,
    Role.Code.STEERING_GROUP,
}

# The person's fields the import sets, and their longest allowed values.
USER_FIELDS = ("email", "full_name", "unit_id", "job_title", "employee_number", "is_active")
LIMITS = {
    "email": User._meta.get_field("email").max_length,
    "full_name": User._meta.get_field("full_name").max_length,
    "job_title": User._meta.get_field("job_title").max_length,
    "employee_number": User._meta.get_field("employee_number").max_length,
}


@dataclass(slots=True)
class _Person:
    """A person as the import sees them: plain values, read once for the whole file."""

    pk: int | None
    email: str
    full_name: str
    unit_id: int | None
    job_title: str
    employee_number: str | None
    is_active: bool
    is_superuser: bool = False


@dataclass(slots=True)
class _Plan:
    """What one valid row does: create a person or change one, and set their roles."""

    line: int
    person: _Person
    changes: set[str]
    roles: set[tuple[str, int | None]] | None
    is_new: bool
    # Coach and conversation leader named in the file: qualifications granted from the file
    # (never withdrawn by it: a qualification comes and goes with trainings and the
    # coordinator).
    qualifications: frozenset[str] = frozenset()


class _People:
    """Everyone, their importable roles and the units, looked up by what the file uses."""

    def __init__(self, *, with_roles: bool) -> None:
        self.by_email: dict[str, _Person] = {}
        self.by_number: dict[str, _Person] = {}
        self.everyone: list[_Person] = []
        for values in User.objects.values_list(
            "pk", *(name for name in USER_FIELDS), "is_superuser"
        ).iterator(chunk_size=5000):
            person = _Person(*values)
            self._add(person)
        self.units = dict(Unit.objects.values_list("code", "pk"))
        self.role_ids = dict(Role.objects.values_list("code", "pk"))
        self.administrators = set(
            RoleAssignment.objects.filter(role__code=Role.Code.ADMINISTRATOR).values_list(
                "user_id", flat=True
            )
        )
        self.roles: dict[int, dict[tuple[str, int | None], int]] = {}
        if with_roles:
            for pk, user_id, code, unit_id in RoleAssignment.objects.filter(
                role__code__in=IMPORTABLE_ROLES
            ).values_list("pk", "user_id", "role__code", "unit_id"):
                self.roles.setdefault(user_id, {})[(code, unit_id)] = pk
        self.qualified: set[tuple[int, str]] = set()
        if with_roles:
            self.qualified = set(
                Qualification.objects.filter(withdrawn_at__isnull=True)
                .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
                .values_list("user_id", "code")
            )

    def _add(self, person: _Person) -> None:
        self.everyone.append(person)
        self.by_email[person.email.lower()] = person
        if person.employee_number:
            self.by_number[person.employee_number] = person

    def change_email(self, person: _Person, email: str) -> None:
        if self.by_email.get(person.email.lower()) is person:
            del self.by_email[person.email.lower()]
        person.email = email
        self.by_email[email] = person

    def change_number(self, person: _Person, number: str) -> None:
        if person.employee_number and self.by_number.get(person.employee_number) is person:
            del self.by_number[person.employee_number]
        person.employee_number = number
        self.by_number[number] = person


def users_import(
    file: IO,
    *,
    by: User | None = None,
    deactivate_missing: bool = False,
    dry_run: bool = False,
    progress: Progress = None,
) -> ImportReport:
    """Create or update people by employee number or e-mail address.

    With `deactivate_missing`, active people who are not in the file at all are
    deactivated (people who left); administrators and the importer are spared.
    A dry run checks every row the same way and writes nothing.
    """
    _require(by)
    rows, present = _read_rows(file, USER_COLUMNS, {"email", "full_name"})
    report = ImportReport(dry_run=dry_run, total=len(rows))
    people = _People(with_roles="roles" in present)
    seen_emails: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    mentioned_emails: set[str] = set()
    mentioned_numbers: set[str] = set()
    for start in range(0, len(rows), BATCH_SIZE):
        plans = []
        for line, row, problems in rows[start : start + BATCH_SIZE]:
            email = row["email"].lower()
            number = row.get("employee_number", "")
            mentioned_emails.add(email)
            if number:
                mentioned_numbers.add(number)
            if problems:
                report.reject(line, email or f"#{line}", problems)
                continue
            twice = []
            if email and email in seen_emails:
                twice.append(
                    _("The email address appears twice in the file (line %(line)s).")
                    % {"line": seen_emails[email]}
                )
            if number and number in seen_numbers:
                twice.append(
                    _("The employee number appears twice in the file (line %(line)s).")
                    % {"line": seen_numbers[number]}
                )
            if twice:
                report.reject(line, email or f"#{line}", twice)
                continue
            if email:
                seen_emails[email] = line
            if number:
                seen_numbers[number] = line
            plan = _plan_user_row(report, line, row, present, people)
            if plan is not None:
                plans.append(plan)
        if not dry_run and plans:
            _write_people(plans, people, by, report)
        report.created += sum(plan.is_new for plan in plans)
        report.updated += sum(bool(plan.changes) and not plan.is_new for plan in plans)
        report.unchanged += sum(not plan.changes and not plan.is_new for plan in plans)
        report.processed = min(start + BATCH_SIZE, len(rows))
        if progress is not None:
            progress(report)
    if deactivate_missing:
        leavers = [
            person
            for person in people.everyone
            if person.is_active
            and not person.is_superuser
            and person.email.lower() not in mentioned_emails
            and person.employee_number not in mentioned_numbers
            and person.pk not in people.administrators
            and (by is None or person.pk != by.pk)
        ]
        if not dry_run:
            _deactivate(leavers, by)
        report.deactivated = len(leavers)
    report.rejected.sort(key=lambda rejected: rejected.line)
    if progress is not None:
        progress(report)
    return report


def _plan_user_row(
    report: ImportReport, line: int, row: dict, present: set[str], people: _People
) -> _Plan | None:
    """Check one row against everything known; the plan of what it does, or None when
    it is rejected (with every reason in the report)."""
    reasons: list[str] = []
    email = row["email"].lower()
    # Names end up in e-mail subjects: one line, as the services keep them.
    full_name = single_line(row["full_name"])
    number = row.get("employee_number") or None
    job_title = single_line(row.get("job_title", ""))
    if not email:
        reasons.append(_("The email address is missing."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("Enter a valid email address."))
    if not full_name:
        reasons.append(_("The name is missing."))
    for name, value in (
        ("email", email),
        ("full_name", full_name),
        ("job_title", job_title),
        ("employee_number", number or ""),
    ):
        if len(value) > LIMITS[name]:
            reasons.append(
                _("“%(field)s” is longer than %(max)s characters.")
                % {"field": User._meta.get_field(name).verbose_name, "max": LIMITS[name]}
            )
    unit_id = None
    if row.get("unit"):
        unit_id = people.units.get(row["unit"])
        if unit_id is None:
            reasons.append(_("The unit %(code)s does not exist.") % {"code": row["unit"]})
    active = True
    if row.get("active", "").lower() in FALSE_WORDS:
        active = False
    elif row.get("active", "").lower() not in TRUE_WORDS:
        reasons.append(_("Active must be ja or nej, not “%(value)s”.") % {"value": row["active"]})
    existing = people.by_number.get(number) if number else None
    if existing is None and email:
        existing = people.by_email.get(email)
        if existing and number and existing.employee_number and existing.employee_number != number:
            reasons.append(
                _("%(email)s already belongs to the person with employee number %(number)s.")
                % {"email": email, "number": existing.employee_number}
            )
    elif existing is not None and email and email != existing.email.lower():
        owner = people.by_email.get(email)
        if owner is not None and owner is not existing:
            reasons.append(
                _("Another person already has the email address %(email)s.") % {"email": email}
            )
    roles = None
    if "roles" in present:
        roles, role_reasons = _parse_roles(row.get("roles", ""), unit_id, people.units)
        reasons.extend(role_reasons)
    if reasons:
        report.reject(line, email or f"#{line}", reasons)
        return None
    qualifications: frozenset[str] = frozenset()
    if roles is not None:
        qualifications = frozenset(code for code, _unit in roles if code in QUALIFICATION_CODES)
        roles = {role for role in roles if role[0] not in QUALIFICATION_CODES}
    if existing is None:
        person = _Person(None, email, full_name, unit_id, job_title, number, active)
        people._add(person)
        return _Plan(line, person, set(USER_FIELDS), roles, True, qualifications)
    wanted = {"full_name": full_name, "is_active": active}
    if "unit" in present:
        wanted["unit_id"] = unit_id
    if "job_title" in present:
        wanted["job_title"] = job_title
    changes = {name for name, value in wanted.items() if getattr(existing, name) != value}
    for name in changes:
        setattr(existing, name, wanted[name])
    if email != existing.email:
        people.change_email(existing, email)
        changes.add("email")
    if number and existing.employee_number != number:
        people.change_number(existing, number)
        changes.add("employee_number")
    if roles is not None and (
        set(people.roles.get(existing.pk, {})) != roles
        or any((existing.pk, code) not in people.qualified for code in qualifications)
    ):
        changes.add("roles")
    return _Plan(line, existing, changes, roles, False, qualifications)


def _parse_roles(
    value: str, own_unit_id: int | None, units: dict[str, int]
) -> tuple[set[tuple[str, int | None]], list[str]]:
    """`coach; manager; manager:VO-HT` → roles; a bare `manager` is for the person's own unit."""
    roles: set[tuple[str, int | None]] = set()
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
        unit_id = None
        if code == Role.Code.MANAGER:
            if unit_code:
                unit_id = units.get(unit_code.strip())
                if unit_id is None:
                    reasons.append(_("The unit %(code)s does not exist.") % {"code": unit_code})
                    continue
            elif own_unit_id is None:
                reasons.append(
                    _("A manager needs a unit: give the person a unit or write manager:UNITCODE.")
                )
                continue
            else:
                unit_id = own_unit_id
        roles.add((code, unit_id))
    return roles, reasons


def _audit(by: User | None, action: str, person: _Person, data: dict) -> dict:
    return {
        "actor_id": by.pk if getattr(by, "pk", None) else None,
        "action": action,
        "target_type": User._meta.label_lower,
        "target_id": str(person.pk),
        "target_repr": (person.full_name or person.email)[:255],
        "data": data,
    }


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert plain rows in multi-row INSERTs, the model's defaults for the fields a row
    leaves out. bulk_create prepares every value of every row through the fields, which
    was most of an import's time; here only dates and JSON need preparing. Returns the
    new rows' primary keys in order (as bulk_create does, from RETURNING)."""
    if not rows:
        return []
    connection = transaction.get_connection()
    now = timezone.now()
    columns = [column for column in model._meta.concrete_fields if not column.primary_key]
    defaults = {
        column.attname: now
        if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False)
        else column.get_default()
        for column in columns
    }
    prepared = {
        column.attname
        for column in columns
        if column.get_internal_type() in ("DateTimeField", "JSONField")
    }
    values = []
    for row in rows:
        for column in columns:
            value = row.get(column.attname, defaults[column.attname])
            if column.attname in prepared:
                value = column.get_db_prep_save(value, connection)
            values.append(value)
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(column.column) for column in columns)
    )
    one = "({})".format(", ".join(["%s"] * len(columns)))
    returning = f" RETURNING {quote(model._meta.pk.column)}"
    keys: list[int] = []
    per_statement = max(
        1, min(len(rows), (connection.features.max_query_params or 999) // len(columns))
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            count = min(per_statement, len(rows) - start)
            cursor.execute(
                head + ", ".join([one] * count) + returning,
                values[start * len(columns) : (start + count) * len(columns)],
            )
            keys.extend(key for (key,) in cursor.fetchall())
    return keys


def _write_people(plans: list[_Plan], people: _People, by: User | None, report) -> None:
    """One batch in one short transaction; a batch that clashes with a change made
    meanwhile by someone else is written row by row, and the clashing rows reported."""
    try:
        with transaction.atomic():
            _write_batch(plans, people, by)
    except IntegrityError:
        for plan in list(plans):
            try:
                with transaction.atomic():
                    _write_batch([plan], people, by)
            except IntegrityError:
                plans.remove(plan)
                report.reject(
                    plan.line,
                    plan.person.email,
                    [_("Another person already has this email address or employee number.")],
                )


def _write_batch(plans: list[_Plan], people: _People, by: User | None) -> None:
    audit: list[dict] = []
    new = [plan for plan in plans if plan.is_new]
    keys = _insert(
        User,
        [
            {
                "email": plan.person.email,
                "full_name": plan.person.full_name,
                "unit_id": plan.person.unit_id,
                "job_title": plan.person.job_title,
                "employee_number": plan.person.employee_number,
                "is_active": plan.person.is_active,
                # Unusable, as for everyone the HR system brings: they sign in by reset
                # or SSO. (What make_password(None) makes, with one call to secrets.)
                "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
            }
            for plan in new
        ],
    )
    for plan, key in zip(new, keys, strict=True):
        plan.person.pk = key
        audit.append(_audit(by, "user.create", plan.person, {"email": plan.person.email}))
    changed = [plan for plan in plans if not plan.is_new and plan.changes - {"roles"}]
    fields = sorted(set().union(*(plan.changes - {"roles"} for plan in changed)))
    if changed:
        User.objects.bulk_update(
            [
                User(pk=plan.person.pk, **{name: getattr(plan.person, name) for name in fields})
                for plan in changed
            ],
            fields,
        )
        for plan in changed:
            fields_changed = sorted(
                "unit" if name == "unit_id" else name for name in plan.changes - {"roles"}
            )
            audit.append(_audit(by, "user.update", plan.person, {"fields": fields_changed}))
    granted_by = by if getattr(by, "pk", None) else None
    assign: list[RoleAssignment] = []
    revoke: list[int] = []
    for plan in plans:
        if plan.roles is None:
            continue
        current = people.roles.get(plan.person.pk, {}) if not plan.is_new else {}
        for code, unit_id in sorted(plan.roles - set(current), key=str):
            assign.append(
                RoleAssignment(
                    user_id=plan.person.pk,
                    role_id=people.role_ids[code],
                    unit_id=unit_id,
                    granted_by=granted_by,
                )
            )
            audit.append(_audit(by, "role.assign", plan.person, {"role": code, "unit": unit_id}))
        for (code, unit_id), assignment_id in current.items():
            if (code, unit_id) not in plan.roles:
                revoke.append(assignment_id)
                audit.append(
                    _audit(by, "role.revoke", plan.person, {"role": code, "unit": unit_id})
                )
    if revoke:
        revoked_from = set(
            RoleAssignment.objects.filter(pk__in=revoke).values_list("user_id", flat=True)
        )
        RoleAssignment.objects.filter(pk__in=revoke).delete()
        services.roles_changed(user_ids=revoked_from)
    if assign:
        RoleAssignment.objects.bulk_create(assign)
        services.roles_changed(user_ids={assignment.user_id for assignment in assign})
    qualify = [
        Qualification(
            user_id=plan.person.pk,
            code=code,
            granted_on=timezone.localdate(),
            source=Qualification.Source.IMPORTED,
            granted_by=granted_by,
        )
        for plan in plans
        for code in sorted(plan.qualifications)
        if (plan.person.pk, code) not in people.qualified
    ]
    if qualify:
        # A qualification that lapsed stays in the record as it was; the new one replaces it
        # (as accounts.services.qualification_grant does).
        lapsed = Q()
        for row in qualify:
            lapsed |= Q(user_id=row.user_id, code=row.code)
        Qualification.objects.filter(lapsed, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawal_reason="lapsed"
        )
        Qualification.objects.bulk_create(qualify)
        services.roles_changed(user_ids={row.user_id for row in qualify})
        by_pk = {plan.person.pk: plan.person for plan in plans}
        for row in qualify:
            people.qualified.add((row.user_id, row.code))
            audit.append(
                _audit(
                    by,
                    "qualification.grant",
                    by_pk[row.user_id],
                    {"code": row.code, "source": row.source},
                )
            )
    _insert(AuditEvent, audit)
    # The lookups follow what was written (a rolled-back batch leaves them as they were).
    code_of = {pk: code for code, pk in people.role_ids.items()}
    for plan in plans:
        if plan.roles is not None:
            current = people.roles.get(plan.person.pk, {}) if not plan.is_new else {}
            people.roles[plan.person.pk] = {
                key: pk for key, pk in current.items() if key in plan.roles
            }
    for assignment in assign:
        people.roles[assignment.user_id][(code_of[assignment.role_id], assignment.unit_id)] = (
            assignment.pk
        )


def _deactivate(leavers: list[_Person], by: User | None) -> None:
    """People who left: deactivated in batches, each with its line in the audit trail."""
    for start in range(0, len(leavers), BATCH_SIZE):
        batch = leavers[start : start + BATCH_SIZE]
        with transaction.atomic():
            User.objects.filter(pk__in=[person.pk for person in batch]).update(is_active=False)
            _insert(
                AuditEvent,
                [_audit(by, "user.update", person, {"fields": ["is_active"]}) for person in batch],
            )
        for person in batch:
            person.is_active = False


# The import as a background task, started from the back office.


def people_import_start(
    *,
    by: User,
    kind: str,
    file,
    dry_run: bool = False,
    deactivate_missing: bool = False,
) -> PeopleImport:
    """Keep an uploaded HR file and queue its import; the page of the returned import
    shows the progress and, when done, the report."""
    _require(by)
    if by is None:
        raise PermissionDenied
    if file.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": [_("The file is larger than 20 MB.")]})
    from idesluss.accounts.tasks import people_import_run

    with transaction.atomic():
        record = PeopleImport(
            kind=kind,
            file_name=safe_filename(file.name, max_chars=200),
            dry_run=dry_run,
            deactivate_missing=deactivate_missing and kind == PeopleImport.Kind.USERS,
            created_by=by,
        )
        save_on_commit(
            record.file,
            filename=file.name,
            content=file,
            on_failure=lambda: PeopleImport.objects.filter(pk=record.pk).update(
                status=PeopleImport.Status.FAILED,
                error=_("The file could not be stored; nothing was imported. Try again."),
                finished_at=timezone.now(),
            ),
        )
        record.save()
        audit_record(
            actor=by,
            action="people_import.start",
            target=record,
            data={"kind": kind, "dry_run": dry_run, "deactivate_missing": deactivate_missing},
        )
        # After the file is written (callbacks run in the order they were registered).
        transaction.on_commit(lambda: people_import_run.enqueue(import_id=record.pk))
    return record


def people_import_process(*, import_id: int) -> PeopleImport:
    """Run a queued import: read its file, import in batches with the progress on the
    import's row, and keep the report. The file is removed afterwards."""
    record = PeopleImport.objects.select_related("created_by").get(pk=import_id)
    # Claimed once: a task run twice (a retried worker) does nothing the second time.
    claimed = PeopleImport.objects.filter(pk=import_id, status=PeopleImport.Status.QUEUED).update(
        status=PeopleImport.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return record
    by = record.created_by
    language = by.preferred_language if by else None

    def progress(report: ImportReport) -> None:
        PeopleImport.objects.filter(pk=import_id).update(**_counts(report))

    status, error, report = PeopleImport.Status.DONE, "", None
    with translation.override(language or translation.get_language()):
        try:
            if by is None:
                raise PermissionDenied
            run = units_import if record.kind == PeopleImport.Kind.UNITS else users_import
            options = {"deactivate_missing": record.deactivate_missing}
            with record.file.open("rb") as file:
                report = run(
                    file,
                    by=by,
                    dry_run=record.dry_run,
                    progress=progress,
                    **(options if run is users_import else {}),
                )
        except ImportFileError as problem:
            status, error = PeopleImport.Status.FAILED, str(problem)
        except PermissionDenied:
            status = PeopleImport.Status.FAILED
            error = _("You no longer have the right to import people; nothing was imported.")
        except Exception:
            logger.exception("The import %s stopped", import_id)
            status = PeopleImport.Status.FAILED
            error = _(
                "An unexpected error stopped the import. Batches imported before it are kept; "
                "the rest can be imported by uploading the file again."
            )
    values = {"status": status, "error": error, "finished_at": timezone.now()}
    if report is not None:
        values.update(_counts(report))
        values["rejected"] = [
            {"line": row.line, "identifier": row.identifier, "reasons": row.reasons}
            for row in report.rejected
        ]
    if record.file:
        record.file.delete(save=False)
    values["file"] = ""
    PeopleImport.objects.filter(pk=import_id).update(**values)
    record.refresh_from_db()
    return record


def _counts(report: ImportReport) -> dict[str, int]:
    return {
        "rows_total": report.total,
        "rows_done": report.processed,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "deactivated": report.deactivated,
        "rejected_count": len(report.rejected),
    }
