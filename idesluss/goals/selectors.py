"""What pages show of goals: the badges, as plain values in the current language."""

from dataclasses import dataclass

from django.db.models import QuerySet

from idesluss.core.models import bilingual
from idesluss.goals.models import GlobalGoal


@dataclass(frozen=True, slots=True)
class GoalBadge:
    """What a goal badge shows of a Global Goal (the `goal_badges` macro,
    jinja2/macros/goals.html), in the current language."""

    number: int
    label: str  # "3. Good health and well-being"
    name: str

    def __str__(self) -> str:
        return self.label


def goal_badge(goal: GlobalGoal) -> GoalBadge:
    return GoalBadge(number=goal.number, label=str(goal), name=goal.name)


def goal_badges_by(through: QuerySet, key: str) -> dict[int, tuple[GoalBadge, ...]]:
    """The Global Goals of each object of an m2m `through` table (one query), by the
    object's id (`key`), in goal order as the prefetch would give them."""
    rows = through.order_by("globalgoal__number", "pk").values_list(
        key, "globalgoal__number", "globalgoal__name_sv", "globalgoal__name_en"
    )
    goals: dict[int, list[GoalBadge]] = {}
    for owner, number, name_sv, name_en in rows:
        name = bilingual(name_sv, name_en)
        goals.setdefault(owner, []).append(
            GoalBadge(number=number, label=f"{number}. {name}", name=name)
        )
    return {owner: tuple(badges) for owner, badges in goals.items()}
