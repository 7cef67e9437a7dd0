"""The goals ideas, challenges and workshops serve: the UN's Global Goals and the
organisation's own vision goals. Reference data, below every domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from idesluss.core.models import BilingualName


class GlobalGoal(BilingualName):
    """One of the UN's 17 Global Goals (Agenda 2030), with its official colour."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    colour = models.CharField(_("colour"), max_length=7)
    text_colour = models.CharField(
        _("text colour"),
        max_length=7,
        help_text=_("The colour of the label's text, chosen so that it is easy to read."),
    )

    class Meta:
        verbose_name = _("Global Goal")
        verbose_name_plural = _("Global Goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class VisionGoal(BilingualName):
    """One of the organisation's own goals (e.g. from "Vision 2025"); set by the coordinator."""

    description = models.TextField(
        _("description"), blank=True, help_text=_("A sentence or two on what the goal means.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Goals are listed in this order, lowest first.")
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Only goals in use can be chosen for ideas, challenges and workshops."),
    )

    class Meta:
        verbose_name = _("vision goal")
        verbose_name_plural = _("vision goals")
        ordering = ["order", "name_sv"]
