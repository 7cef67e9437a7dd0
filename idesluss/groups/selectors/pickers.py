"""What the pickers find while someone types: people and ideas."""

from django.db.models import Q

from idesluss.accounts.models import User
from idesluss.core.http import parse_id
from idesluss.ideas.models import Idea
from idesluss.ideas.search import search_ideas

PICKER_LIMIT = 15


def people_matching(*, text: str, exclude: set[int] | None = None) -> list[User]:
    """Active people whose name, e-mail address or unit contains every word typed, by name;
    at most PICKER_LIMIT (one query however many people there are)."""
    words = text.replace("\x00", "").split()[:5]
    if not words:
        return []
    people = User.objects.filter(is_active=True)
    for word in words:
        word = word[:100]
        people = people.filter(
            Q(full_name__icontains=word) | Q(email__icontains=word) | Q(unit__name__icontains=word)
        )
    if exclude:
        people = people.exclude(pk__in=exclude)
    return list(
        people.select_related("unit")
        .only("id", "full_name", "email", "unit__id", "unit__name")
        .order_by("full_name", "id")[:PICKER_LIMIT]
    )


def ideas_matching(*, text: str, exclude: set[int] | None = None) -> list[Idea]:
    """Handed-in ideas a group may carry: by number ("#12" or "12") or by their words, best
    first; at most PICKER_LIMIT (one query)."""
    text = text.replace("\x00", "").strip()[:200]
    if not text:
        return []
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    if exclude:
        ideas = ideas.exclude(pk__in=exclude)
    number = parse_id(text.lstrip("#"))
    if number is not None:
        ideas = ideas.filter(pk=number)
    else:
        ideas = search_ideas(ideas, text, by_rank=True)
    return list(ideas.select_related("stage").only(*_IDEA_FIELDS)[:PICKER_LIMIT])


_IDEA_FIELDS = (
    "id",
    "title",
    "status",
    "stage__id",
    "stage__name_sv",
    "stage__name_en",
    "stage__kind",
    "stage__is_final",
)
