"""Reads of groups for pages: each selects and prefetches what its page shows, so a page
costs the same number of queries however many sessions, actions or groups there are.

By topic: the group list and follow-up (`groups`), sessions (`sessions`), a group's story
and red thread (`story`), actions (`actions`), joint follow-ups (`joint`); their public
names are all here."""

from idesluss.groups.selectors.actions import START_LIST_SIZE, my_actions, start_page_groups
from idesluss.groups.selectors.groups import (
    PAGE_SIZE,
    GroupCard,
    IdeaGroupLine,
    group_for_page,
    group_list,
    groups_carrying,
    groups_to_follow_up,
    overview,
)
from idesluss.groups.selectors.joint import (
    JointPart,
    JointView,
    groups_for_joint,
    joint_for_page,
    joint_participants,
    joint_view,
)
from idesluss.groups.selectors.sessions import session_for_page, upcoming_sessions
from idesluss.groups.selectors.story import (
    ActionRow,
    Entry,
    GroupStory,
    IdeaLink,
    SessionRow,
    StageLabel,
    group_story,
    red_thread,
)

__all__ = [
    "PAGE_SIZE",
    "START_LIST_SIZE",
    "ActionRow",
    "Entry",
    "GroupCard",
    "GroupStory",
    "IdeaGroupLine",
    "IdeaLink",
    "JointPart",
    "JointView",
    "SessionRow",
    "StageLabel",
    "group_for_page",
    "group_list",
    "group_story",
    "groups_carrying",
    "groups_for_joint",
    "groups_to_follow_up",
    "joint_for_page",
    "joint_participants",
    "joint_view",
    "my_actions",
    "overview",
    "red_thread",
    "session_for_page",
    "start_page_groups",
    "upcoming_sessions",
]
