"""Permission policies: who may do what, for one object and for many, from one rule.

Each app has one policy (`<app>/policy.py`), in the spirit of Wagtail's permission policies.
A policy lists the app's permissions; each is a `Rule` that answers both questions side by
side, so that they cannot drift apart:

- `check(user, obj)`: may this person do it to this object? Evaluated in Python from what
  the object (and the person's roles, read once a request) already carry.
- `q(user)`: which objects may this person do it to? A `Q` over the rule's model, for
  lists, boards and "may move"-style flags computed in SQL (`Policy.flag`).

A permission that is not about one object (hand in an idea, plan a workshop) has a `check`
called with `obj=None` and no `q`.

django-rules stays the public API: `Policy.register()` adds every rule as a rules permission,
so `user.has_perm("ideas.move_idea", idea)` and the templates' `has_perm` keep working. The
permission grid tests (`tests/permission_grid.py`) read the table in
`docs/roles_and_permissions.md` and check, cell by cell, that both sides give its answer.

The common part lives here once: anonymous and inactive people may do nothing, superusers
may do everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet
from django.http import Http404

NOTHING = Q(pk__in=[])
# Every row, as a condition that survives being combined: Django drops an empty `Q()` from
# `Q() | Q(...)`, which would turn "everything, or mine" into "mine".
EVERYTHING = Q(pk__isnull=False)


@dataclass(frozen=True)
class Rule:
    """One permission: the rule for one object and the same rule as a `Q` for many."""

    check: Callable[[Any, Any], bool]
    q: Callable[[Any], Q] | None = None
    doc: str = ""
    # The model `q` filters when it is not the policy's own (an app's permission on another
    # of its models: ticking off a group's action).
    model: type[Model] | None = None


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _superuser(user) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


class Policy:
    """The permissions of one app: `rules` maps a permission name ("ideas.move_idea") to its
    `Rule`; `model` is what the `Q`s filter."""

    model: type[Model] | None = None
    rules: dict[str, Rule] = {}

    def may(self, user, perm: str, obj: Any = None) -> bool:
        """May `user` do `perm` (to `obj`)?"""
        rule = self.rules[perm]
        if not _active(user):
            return False
        if _superuser(user):
            return True
        return bool(rule.check(user, obj))

    def q(self, user, perm: str) -> Q:
        """The objects `user` may do `perm` to, as a `Q` over the policy's model."""
        rule = self.rules[perm]
        if rule.q is None:
            raise TypeError(f"{perm} is not a permission on objects")
        if not _active(user):
            return NOTHING
        if _superuser(user):
            return EVERYTHING
        return rule.q(user)

    def filter(self, user, perm: str, queryset: QuerySet | None = None) -> QuerySet:
        """`queryset` (by default every object of the rule's model, or the policy's) narrowed
        to what `user` may do `perm` to."""
        if queryset is None:
            model = self.rules[perm].model or self.model
            assert model is not None
            queryset = model._default_manager.all()
        return queryset.filter(self.q(user, perm))

    def flag(self, user, perm: str) -> ExpressionWrapper:
        """A boolean column saying, row by row, whether `user` may do `perm`:
        `queryset.annotate(may_move=policy.flag(user, "ideas.move_idea"))`."""
        condition = self.q(user, perm)
        if condition == NOTHING:
            # An empty IN list cannot be compiled as a column; "no row" is a constant.
            condition = Q(pk__isnull=True)
        return ExpressionWrapper(condition, output_field=BooleanField())

    def require(self, user, perm: str, obj: Any = None, *, hidden_unless: str = "") -> None:
        """Raise PermissionDenied unless `user` may do `perm`. With `hidden_unless` (a view
        permission), an object the person may not even see answers 404: it is not there for
        them."""
        if hidden_unless and not self.may(user, hidden_unless, obj):
            raise Http404
        if not self.may(user, perm, obj):
            raise PermissionDenied

    def register(self) -> None:
        """Make every rule a django-rules permission (replacing an earlier registration)."""
        for perm in self.rules:
            rules.set_perm(perm, self._predicate(perm))

    def _predicate(self, perm: str) -> rules.Predicate:
        def check(user, obj=None) -> bool:
            return self.may(user, perm, obj)

        return rules.Predicate(check, name=perm)
