"""Who may do what with good examples, news and the public showcase.

The table is docs/roles_and_permissions.md; `tests/showcase/test_policy.py` checks it cell by
cell, for one object (`may`) and for the queryset (`filter`) alike.

A draft is seen only by the coordinator and the person who wrote it; a published example by
everyone signed in; a published example marked "show publicly" by anybody, signed in or not
(the public showcase). That last rule is the one place where a person who is not signed in
may do something, so this policy answers for anonymous visitors itself.
"""

from __future__ import annotations

from django.db.models import Q

from idesluss.accounts.models import Role
from idesluss.accounts.policy import holds, managed_units_q
from idesluss.core.policy import EVERYTHING, NOTHING, Policy, Rule, _active
from idesluss.ideas.models import Idea
from idesluss.showcase.models import GoodExample, NewsPost

PUBLISHED = GoodExample.Status.PUBLISHED


def _coordinator(user) -> bool:
    return holds(user, Role.Code.COORDINATOR)


def implemented_q(prefix: str = "") -> Q:
    """Ideas that are implemented: handed in, not merged, in a final stage of the main line
    (Införd, or Klart for an improvement)."""
    return Q(
        **{
            f"{prefix}status": Idea.Status.SUBMITTED,
            f"{prefix}stage__is_final": True,
            f"{prefix}stage__kind": "main",
        }
    )


# Good examples ------------------------------------------------------------------------------


def is_public(example: GoodExample | None) -> bool:
    return example is not None and example.is_published and example.is_public


def public_q() -> Q:
    return Q(status=PUBLISHED, is_public=True)


def may_view_example(user, example: GoodExample | None) -> bool:
    """Published examples for everyone signed in; drafts for their author and the
    coordinator."""
    if example is None:
        return True
    if _coordinator(user):
        return True
    return example.is_published or example.created_by_id == user.pk


def view_example_q(user) -> Q:
    if _coordinator(user):
        return EVERYTHING
    return Q(status=PUBLISHED) | Q(created_by_id=user.pk)


def may_add_example(user, idea: Idea | None) -> bool:
    """The coordinator, and a manager from an implemented idea of a unit they manage."""
    if _coordinator(user):
        return True
    if not holds(user, Role.Code.MANAGER):
        return False
    if idea is None:
        return True
    return Idea.objects.filter(managed_units_q(user, "unit"), pk=idea.pk).exists()


def add_example_q(user) -> Q:
    """The ideas a person may make a good example from (the service also asks that the idea
    is implemented)."""
    if _coordinator(user):
        return EVERYTHING
    if not holds(user, Role.Code.MANAGER):
        return NOTHING
    return managed_units_q(user, "unit")


def may_change_example(user, example: GoodExample | None) -> bool:
    """The author edits and publishes their example; the coordinator every example."""
    if _coordinator(user):
        return True
    return example is not None and example.created_by_id == user.pk


def change_example_q(user) -> Q:
    return EVERYTHING if _coordinator(user) else Q(created_by_id=user.pk)


def _role(*codes: str):
    return lambda user, obj=None: holds(user, *codes)


def _signed_in(user, obj=None) -> bool:
    return True


class ShowcasePolicy(Policy):
    """Good examples: drafts for their author and the coordinator, published ones for those
    signed in, public ones for anybody; news for those signed in, written by the coordinator."""

    model = GoodExample
    rules = {
        "showcase.view_example": Rule(check=may_view_example, q=view_example_q),
        "showcase.add_example": Rule(check=may_add_example, q=add_example_q, model=Idea),
        "showcase.change_example": Rule(check=may_change_example, q=change_example_q),
        "showcase.feature_example": Rule(
            check=_role(Role.Code.COORDINATOR),
            doc="Choose the month's good example.",
        ),
        "showcase.view_news": Rule(
            check=_signed_in, q=lambda user: EVERYTHING, model=NewsPost, doc="Read the news."
        ),
        "showcase.change_news": Rule(
            check=_role(Role.Code.COORDINATOR), doc="Write, edit and delete news posts."
        ),
        "showcase.manage_showcase": Rule(
            check=_role(Role.Code.COORDINATOR), doc="Choose what the public showcase shows."
        ),
    }

    # Public examples are for anybody: the one rule that answers for visitors not signed in.

    def may(self, user, perm: str, obj=None) -> bool:
        if perm == "showcase.view_example" and not _active(user):
            return obj is None or is_public(obj)
        return super().may(user, perm, obj)

    def q(self, user, perm: str) -> Q:
        if perm == "showcase.view_example" and not _active(user):
            return public_q()
        return super().q(user, perm)


policy = ShowcasePolicy()
