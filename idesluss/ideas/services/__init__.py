"""Every change to an idea goes through these functions: they check the rules, keep the
history and counters, and tell the people involved (through `ideas.notifications`).

One module per topic, as Zulip's `actions/`; the names are gathered here so that callers
write `from idesluss.ideas import services` and `services.submit_idea(...)`."""

from idesluss.ideas.services.assessment import assessment_save, assessor_assign
from idesluss.ideas.services.attachments import (
    ATTACHMENT_EXTENSIONS,
    MAX_ATTACHMENTS,
    attachment_validate,
    attachments_add,
)
from idesluss.ideas.services.benefits import benefit_add
from idesluss.ideas.services.co_submitters import co_submitter_answer
from idesluss.ideas.services.common import IdeaChanged
from idesluss.ideas.services.drafts import save_draft
from idesluss.ideas.services.editing import update_idea
from idesluss.ideas.services.input import IdeaInput
from idesluss.ideas.services.merging import idea_merge
from idesluss.ideas.services.moves import allowed_moves, idea_assign_responsible, idea_move
from idesluss.ideas.services.participation import (
    ALLOWED_TAGS,
    comment_add,
    idea_follow,
    idea_support,
    idea_unsupport,
    render_markdown,
)
from idesluss.ideas.services.submit import initial_stage, submit_idea

__all__ = [
    "ALLOWED_TAGS",
    "ATTACHMENT_EXTENSIONS",
    "MAX_ATTACHMENTS",
    "IdeaChanged",
    "IdeaInput",
    "allowed_moves",
    "assessment_save",
    "assessor_assign",
    "attachment_validate",
    "attachments_add",
    "benefit_add",
    "co_submitter_answer",
    "comment_add",
    "idea_assign_responsible",
    "idea_follow",
    "idea_merge",
    "idea_move",
    "idea_support",
    "idea_unsupport",
    "initial_stage",
    "render_markdown",
    "save_draft",
    "submit_idea",
    "update_idea",
]
