"""Benefits: what an idea is expected to bring, and what it brought."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.ideas.models import Benefit, Idea


@transaction.atomic
def benefit_add(
    *,
    idea: Idea,
    by: User,
    category: str,
    kind: str,
    description: str,
    amount=None,
    measure: str = "",
) -> Benefit:
    """Record an expected or realised benefit of an idea."""
    if not by.has_perm("ideas.record_benefit", idea):
        raise PermissionDenied
    benefit = Benefit(
        idea=idea,
        category=category,
        kind=kind,
        description=description.strip(),
        amount=amount,
        measure=measure.strip(),
        recorded_by=by,
    )
    benefit.full_clean()
    benefit.save()
    audit_record(
        actor=by, action="idea.benefit", target=idea, data={"category": category, "kind": kind}
    )
    return benefit
