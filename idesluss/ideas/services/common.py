"""What several idea services share: the answer deadline, the counters, the stale-change error."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from idesluss.ideas.models import Idea, Stage


class IdeaChanged(ValidationError):
    """The idea changed after the person loaded it; their change was not saved."""


def response_due(stage: Stage | None) -> datetime.date | None:
    """When an idea in this stage must be answered (or moved on); none in a final stage."""
    if stage is None or stage.is_final:
        return None
    days = stage.response_days or settings.IDEA_RESPONSE_DAYS
    return timezone.localdate() + datetime.timedelta(days=days)


def answered_by(moment: datetime.datetime, due: datetime.date | None) -> bool:
    """Whether an answer at this moment came by the deadline: on or before its day, in the
    local time zone (an idea without a deadline cannot miss it)."""
    return due is None or timezone.localdate(moment) <= due


def recount(idea: Idea, counter: str, model: type[models.Model]) -> None:
    """Counters are recomputed from the rows, so a lost update can never make them drift."""
    count = model.objects.filter(idea=idea).count()
    Idea.objects.filter(pk=idea.pk).update(**{counter: count})
    setattr(idea, counter, count)
