"""What several idea services share: the answer deadline, the counters, the stale-change error."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.ideas.models import Idea, Stage


class IdeaChanged(ValidationError):
    """The idea changed after the person loaded it; their change was not saved."""

    @classmethod
    def on_move(cls) -> "IdeaChanged":
        return cls(
            _(
                "Someone else changed this idea while you were looking at it. "
                "Your move was not saved: look at the idea again and decide anew."
            )
        )


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
    """Counters are recomputed from the rows, so a lost update can never make them drift.

    The idea's row is locked first (FOR NO KEY UPDATE: it waits for another recount, not
    for the rows that point at the idea), so the count, taken after the lock, sees every
    row the transactions before it committed. Without it two supports at once each count
    without the other's and the counter ends one short."""
    with transaction.atomic():
        list(Idea.objects.select_for_update(no_key=True).filter(pk=idea.pk).values_list("pk"))
        count = model.objects.filter(idea=idea).count()
        Idea.objects.filter(pk=idea.pk).update(**{counter: count})
    setattr(idea, counter, count)
