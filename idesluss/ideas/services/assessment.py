"""Assessment: people asked to assess an idea score it against the criteria."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.ideas import notifications, relations
from idesluss.ideas.models import AssessorAssignment, Criterion, Idea, Score
from idesluss.ideas.policy import policy


@transaction.atomic
def assessor_assign(
    *, idea: Idea, assessor: User, by: User, blind: bool | None = None
) -> AssessorAssignment:
    """Ask a person to assess an idea (optionally blind: without seeing who handed it in)."""
    if not by.has_perm("ideas.assign_assessor", idea):
        raise PermissionDenied
    if not assessor.is_active:
        raise ValidationError({"assessor": [_("That person is no longer active.")]})
    connection = relations.connection_to(idea, assessor)
    if connection == "submitter":
        raise ValidationError({"assessor": [_("The submitter cannot assess their own idea.")]})
    if connection == "co_submitter":
        raise ValidationError(
            {"assessor": [_("A co-submitter cannot assess the idea they handed in.")]}
        )
    if connection == "invited":
        raise ValidationError(
            {"assessor": [_("Someone asked to be a co-submitter cannot assess the idea.")]}
        )
    if connection == "responsible":
        raise ValidationError(
            {"assessor": [_("The person responsible for answering the idea cannot assess it.")]}
        )
    assignment, created = AssessorAssignment.objects.get_or_create(
        idea=idea, assessor=assessor, defaults={"assigned_by": by}
    )
    if blind is not None and idea.blind_assessment != blind:
        idea.blind_assessment = blind
        idea.save(update_fields=["blind_assessment", "updated_at"])
    if created:
        audit_record(
            actor=by, action="idea.assessor_assign", target=idea, data={"assessor": assessor.pk}
        )
        notifications.assessor_assigned(idea=idea, by=by, assessor=assessor)
    return assignment


@transaction.atomic
def assessment_save(*, idea: Idea, by: User, scores: dict[int, tuple[int, str]]) -> list[Score]:
    """Save an assessor's scores: every active criterion 1–5, with an optional comment."""
    if not by.has_perm("ideas.assess_idea", idea):
        if policy.is_assessor(by, idea):
            raise ValidationError(_("The assessment of this idea is closed."))
        raise PermissionDenied
    assignment = AssessorAssignment.objects.get(idea=idea, assessor=by)
    criteria = {c.pk: c for c in Criterion.objects.filter(is_active=True)}
    errors: dict[str, list[str]] = {}
    for criterion_id, criterion in criteria.items():
        value, _comment = scores.get(criterion_id, (None, ""))
        if value not in (1, 2, 3, 4, 5):
            errors[f"score_{criterion_id}"] = [
                _("Give %(criterion)s a score from 1 to 5.") % {"criterion": criterion}
            ]
    if set(scores) - set(criteria):
        errors["__all__"] = [_("A criterion is no longer in use; reload the page.")]
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion_id, (value, comment) in scores.items():
        score, _created = Score.objects.update_or_create(
            idea=idea,
            assessor=by,
            criterion_id=criterion_id,
            defaults={"value": value, "comment": comment.strip()[:2000]},
        )
        saved.append(score)
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["completed_at"])
    audit_record(actor=by, action="idea.assess", target=idea)
    return saved
