"""The one write of the insights app: the coordinator's targets of ideas per employee."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idesluss.accounts.models import Unit, User
from idesluss.core.services import audit_record
from idesluss.insights.models import UnitTarget

MAX_TARGET = Decimal(100)


@transaction.atomic
def unit_target_set(*, unit: Unit, ideas_per_employee: Decimal | None, by: User) -> None:
    """Set (or, with None, remove) a unit's target; units below it without their own target
    take it."""
    if not by.has_perm("insights.change_target"):
        raise PermissionDenied
    if ideas_per_employee is not None and not (0 <= ideas_per_employee <= MAX_TARGET):
        raise ValidationError(_("Choose a number between 0 and 100."))
    if ideas_per_employee is None:
        UnitTarget.objects.filter(unit=unit).delete()
    else:
        target, created = UnitTarget.objects.select_for_update().get_or_create(
            unit=unit, defaults={"ideas_per_employee": ideas_per_employee}
        )
        if not created and target.ideas_per_employee != ideas_per_employee:
            target.ideas_per_employee = ideas_per_employee
            target.save(update_fields=["ideas_per_employee", "updated_at"])
    audit_record(
        actor=by,
        action="insights.target",
        target=unit,
        data={
            "ideas_per_employee": None if ideas_per_employee is None else str(ideas_per_employee)
        },
    )
