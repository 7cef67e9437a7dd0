"""What a person writes in an idea, and the checks it must pass to be kept as a draft or
handed in (drafts.py, submit.py, editing.py)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from idesluss.accounts.models import Unit, User
from idesluss.challenges.models import Challenge
from idesluss.core.text import single_line
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.ideas.models import Idea, Lane


@dataclass
class IdeaInput:
    title: str = ""
    need: str = ""
    proposal: str = ""
    benefit: str = ""
    lane: str = Lane.IMPROVEMENT
    unit: Unit | None = None
    other_units: list[Unit] = field(default_factory=list)
    global_goals: list[GlobalGoal] = field(default_factory=list)
    vision_goals: list[VisionGoal] = field(default_factory=list)
    co_submitters: list[User] = field(default_factory=list)
    # The challenge the idea answers; it must be open when the idea is handed in.
    challenge: Challenge | None = None
    # The idea workshop the idea came from (a workshops.Workshop: that app sits above this
    # one, adds the form's field and checks what may be chosen).
    workshop: Model | None = None


def validate(data: IdeaInput, *, complete: bool) -> None:
    """A draft needs only a title; a handed-in idea (`complete`) also the need, the idea
    and the unit it concerns."""
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the idea a short title.")]
    if complete:
        if not data.need.strip():
            errors["need"] = [_("Describe the need or problem.")]
        if not data.proposal.strip():
            errors["proposal"] = [_("Describe your idea.")]
        if data.unit is None:
            errors["unit"] = [_("Choose the unit the idea concerns.")]
    if data.lane not in Lane.values:
        errors["lane"] = [_("Choose improvement or innovation.")]
    if errors:
        raise ValidationError(errors)


def validate_challenge(data: IdeaInput, idea: Idea) -> None:
    """A new answer to a challenge is taken only while the challenge is open."""
    challenge = data.challenge
    if challenge is None or (challenge.pk == idea.challenge_id and not idea.is_draft):
        return
    if not challenge.is_open:
        raise ValidationError({"challenge": [challenge.closed_reason()]})


# The rows an idea refers to, which the caller has read.
RELATED_ROWS = ["unit", "challenge", "workshop"]
# The fields `apply` writes, for `save(update_fields=...)`.
WRITTEN_FIELDS = ["challenge", "workshop", "title", "need", "proposal", "benefit", "unit"]


def apply(idea: Idea, data: IdeaInput) -> list[str]:
    """Copy what was written onto the idea and check it; the fields changed are returned.
    The lane is chosen while the idea is a draft; a handed-in idea keeps its lane."""
    idea.challenge = data.challenge
    idea.workshop = data.workshop
    idea.title = single_line(data.title)
    idea.need = data.need.strip()
    idea.proposal = data.proposal.strip()
    idea.benefit = data.benefit.strip()
    idea.unit = data.unit
    fields = list(WRITTEN_FIELDS)
    if idea.is_draft:
        idea.lane = data.lane
        fields.append("lane")
    # The unit, challenge and workshop come as rows already read (the database's foreign
    # keys hold them); the other fields are checked against the model.
    idea.full_clean(exclude=["stage", "submitter", "merged_into", "responsible", *RELATED_ROWS])
    return fields


def set_relations(idea: Idea, data: IdeaInput, *, new: bool) -> None:
    """The other units, Global Goals and vision goals: a new idea's are added (nothing to
    compare with), a kept idea's are set to the chosen ones."""
    other_units = list({unit.pk: unit for unit in data.other_units if unit != data.unit}.values())
    for related, chosen in (
        (idea.other_units, other_units),
        (idea.global_goals, data.global_goals),
        (idea.vision_goals, data.vision_goals),
    ):
        if not new:
            related.set(chosen)
        elif chosen:
            related.add(*chosen)


def lock_for_writing(idea: Idea, *, by: User) -> Idea:
    """The idea as it is now, locked until the change is saved, if this person may change it."""
    locked = (
        Idea.objects.select_for_update(of=("self",)).select_related("submitter").get(pk=idea.pk)
    )
    if not by.has_perm("ideas.change_idea", locked):
        raise PermissionDenied
    return locked
