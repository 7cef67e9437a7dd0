"""Every change to a workshop goes through these functions: they check the rules, validate,
keep the audit trail and tell the people involved. By topic: planning and sign-up
(`planning`), the live board's notes, dots and clusters (`live`), and promotion of notes to
ideas (`promotion`); all are here under one name, `services.workshop_save` and so on."""

from idesluss.workshops.notifications import when_text
from idesluss.workshops.services.live import (
    cluster_create,
    cluster_delete,
    cluster_rename,
    note_closed_reason,
    note_move,
    note_post,
    vote_add,
    vote_remove,
)
from idesluss.workshops.services.planning import (
    MAX_CAPACITY,
    MAX_DOTS,
    PHASE_ORDER,
    WorkshopInput,
    signup_cancel,
    signup_closed_reason,
    signup_create,
    waitlist_join,
    workshop_invite,
    workshop_save,
    workshop_set_phase,
)
from idesluss.workshops.services.promotion import PromoteInput, workshop_promote

__all__ = [
    "MAX_CAPACITY",
    "MAX_DOTS",
    "PHASE_ORDER",
    "PromoteInput",
    "WorkshopInput",
    "cluster_create",
    "cluster_delete",
    "cluster_rename",
    "note_closed_reason",
    "note_move",
    "note_post",
    "signup_cancel",
    "signup_closed_reason",
    "signup_create",
    "vote_add",
    "vote_remove",
    "waitlist_join",
    "when_text",
    "workshop_invite",
    "workshop_promote",
    "workshop_save",
    "workshop_set_phase",
]
