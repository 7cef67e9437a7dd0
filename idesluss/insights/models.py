"""What the dashboards measure against: the coordinator's target of ideas per employee.

The unit tree belongs to accounts; the target is the programme's, so it lives here, one row
per unit that has one. A unit without a row takes the target of its nearest ancestor that
has one (`selectors.target_for`)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from idesluss.core.models import TimeStampedModel


class UnitTarget(TimeStampedModel):
    """How many ideas each employee of a unit (and the units below it) is hoped to hand in a
    year."""

    unit = models.OneToOneField(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    ideas_per_employee = models.DecimalField(
        _("ideas per employee and year"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("idea target")
        verbose_name_plural = _("idea targets")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.ideas_per_employee}"
