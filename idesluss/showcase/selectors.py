"""Reads of good examples, news and the public showcase: plain values, a fixed number of
queries per page. Names of people appear only where they agreed to be named."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.challenges.models import Challenge
from idesluss.challenges.selectors import open_challenges
from idesluss.core.plain import url_format
from idesluss.goals.selectors import GoalBadge, goal_badges_by
from idesluss.ideas.models import Idea
from idesluss.ideas.selectors import answer_figures
from idesluss.showcase.models import Consent, GoodExample, NewsPost, ShowcaseSettings
from idesluss.showcase.policy import implemented_q, policy

PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class ExampleCard:
    """What a list shows of a good example."""

    id: int
    title: str
    summary: str
    url: str
    unit_name: str
    published_at: datetime.datetime | None
    is_draft: bool
    is_public: bool
    image_url: str
    image_alt: str
    goals: tuple[GoalBadge, ...]


def _image_url(name: str, pk: int, route: str) -> str:
    return url_format(route).format(pk) if name else ""


def _cards(examples: QuerySet[GoodExample]) -> list[ExampleCard]:
    rows = list(
        examples.values_list(
            "id",
            "title",
            "summary",
            "unit__name",
            "published_at",
            "status",
            "is_public",
            "image",
            "image_alt",
        )
    )
    goals = goal_badges_by(
        GoodExample.global_goals.through.objects.filter(
            goodexample_id__in=[row[0] for row in rows]
        ),
        "goodexample_id",
    )
    url = url_format("showcase:example")
    return [
        ExampleCard(
            id=pk,
            title=title,
            summary=summary,
            url=url.format(pk),
            unit_name=unit_name or "",
            published_at=published_at,
            is_draft=status == GoodExample.Status.DRAFT,
            is_public=is_public,
            image_url=_image_url(image, pk, "showcase:example_image"),
            image_alt=image_alt,
            goals=goals.get(pk, ()),
        )
        for pk, title, summary, unit_name, published_at, status, is_public, image, image_alt in rows
    ]


def example_list(*, viewer: User, page=None, drafts: bool = False) -> tuple[Page, list]:
    """The good examples the viewer may see, newest first, a page at a time (two queries
    and the count); with `drafts`, only the drafts they may see."""
    examples = policy.filter(viewer, "showcase.view_example")
    if drafts:
        examples = examples.filter(status=GoodExample.Status.DRAFT)
    else:
        examples = examples.filter(status=GoodExample.Status.PUBLISHED)
    examples = examples.order_by(F("published_at").desc(nulls_first=True), "-id")
    paged = Paginator(examples.values_list("id", flat=True), PAGE_SIZE).get_page(page)
    ids = list(paged.object_list)
    by_id = {card.id: card for card in _cards(GoodExample.objects.filter(pk__in=ids))}
    return paged, [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class ExamplePage:
    """One good example with what its page shows: the people named (only those who agreed),
    its goals, and where it came from."""

    example: GoodExample
    named: list[str]
    goals: list
    vision_goals: list
    consents: list[Consent]  # for those who may change it: who agreed or not, and when


def example_for_page(*, pk: int, viewer: User) -> ExamplePage:
    """One good example the viewer may see (404 otherwise is the view's), in five queries."""
    example = (
        policy.filter(viewer, "showcase.view_example")
        .select_related("unit", "idea", "group")
        .get(pk=pk)
    )
    consents = list(
        Consent.objects.filter(example=example)
        .select_related("person")
        .order_by("person__full_name")
    )
    return ExamplePage(
        example=example,
        named=[consent.person.full_name for consent in consents if consent.agreed],
        goals=list(example.global_goals.order_by("number")),
        vision_goals=list(example.vision_goals.all()),
        consents=consents if policy.may(viewer, "showcase.change_example", example) else [],
    )


def examples_of(*, viewer: User, idea_id: int | None = None, group_id: int | None = None):
    """The good examples told from an idea or a group that the viewer may see."""
    examples = policy.filter(viewer, "showcase.view_example")
    if idea_id is not None:
        examples = examples.filter(idea_id=idea_id)
    if group_id is not None:
        examples = examples.filter(group_id=group_id)
    return list(examples.order_by("-id").values("id", "title", "status"))


def example_of_the_month(*, viewer: User, today: datetime.date | None = None) -> ExampleCard | None:
    """The month's good example, if it is one the viewer may see (the coordinator's choice;
    anonymous visitors see it only when it is public)."""
    today = today or timezone.localdate()
    examples = policy.filter(viewer, "showcase.view_example").filter(
        status=GoodExample.Status.PUBLISHED, featured_month=today.replace(day=1)
    )
    cards = _cards(examples[:1])
    return cards[0] if cards else None


def latest_news(*, limit: int = 3) -> list[dict]:
    """The latest published news posts (title, date, link)."""
    today = timezone.localdate()
    url = url_format("showcase:news_post")
    rows = NewsPost.objects.filter(published_on__lte=today).values("id", "title", "published_on")
    return [{**row, "url": url.format(row["id"])} for row in rows[:limit]]


def news_list(*, page=None, include_future: bool = False) -> Page:
    """News posts, newest first; those dated in the future only for those who write them."""
    posts = NewsPost.objects.order_by("-published_on", "-id")
    if not include_future:
        posts = posts.filter(published_on__lte=timezone.localdate())
    return Paginator(
        posts.only("id", "title", "body_html", "published_on", "image", "image_alt"), 10
    ).get_page(page)


# The public showcase ------------------------------------------------------------------------


def showcase_settings() -> ShowcaseSettings:
    """What the organisation shows publicly (defaults: nothing but public examples)."""
    return ShowcaseSettings.objects.filter(pk=1).first() or ShowcaseSettings(pk=1)


@dataclass(frozen=True, slots=True)
class PublicChallenge:
    """What the public showcase shows of an open challenge: no person's name."""

    title: str
    question: str
    unit_name: str
    opens_on: datetime.date
    closes_on: datetime.date
    goals: tuple[GoalBadge, ...]


def public_challenges(*, today: datetime.date | None = None, limit: int = 10) -> list:
    """The open challenges, with what is already safe to show anybody (two queries)."""
    rows = list(
        open_challenges(today).values_list(
            "id", "title", "question", "owner_unit__name", "opens_on", "closes_on"
        )[:limit]
    )
    goals = goal_badges_by(
        Challenge.global_goals.through.objects.filter(challenge_id__in=[row[0] for row in rows]),
        "challenge_id",
    )
    return [
        PublicChallenge(
            title=title,
            question=question,
            unit_name=unit_name,
            opens_on=opens_on,
            closes_on=closes_on,
            goals=goals.get(pk, ()),
        )
        for pk, title, question, unit_name, opens_on, closes_on in rows
    ]


@dataclass(frozen=True, slots=True)
class KeyFigures:
    year: int
    handed_in: int  # ideas handed in this year
    implemented: int  # of those, implemented
    answered: int  # of those, answered (moved once at least)
    answered_in_time: int  # of those answered, first answer on or before the deadline

    @property
    def in_time_percent(self) -> int | None:
        if not self.answered:
            return None
        return round(100 * self.answered_in_time / self.answered)


# The public key figures are the same for every visitor and change slowly: they are kept in
# the shared cache for a few minutes (the key names the day), so that signed-out visitors
# cannot make the database add up the year's ideas on every request.
KEY_FIGURES_SECONDS = 300
KEY_FIGURES_FORMAT = 1


def key_figures_kept(*, today: datetime.date | None = None) -> KeyFigures:
    """`key_figures`, kept for a few minutes."""
    today = today or timezone.localdate()
    key = f"showcase:key_figures:{KEY_FIGURES_FORMAT}:{today.isoformat()}"
    return cache.get_or_set(key, lambda: key_figures(today=today), KEY_FIGURES_SECONDS)


def key_figures(*, today: datetime.date | None = None) -> KeyFigures:
    """A few figures of this year's ideas, in one aggregate query: how many were handed in,
    how many are implemented and how many were first answered within their deadline (as
    `ideas.selectors.answer_figures` counts them). Handed in: not drafts, nor duplicates
    merged into another idea (as the dashboards count)."""
    today = today or timezone.localdate()
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED, submitted_at__year=today.year)
    figures = answer_figures(
        ideas,
        today=today,
        median=False,
        also={"handed_in": Count("pk"), "implemented": Count("pk", filter=implemented_q())},
    )
    return KeyFigures(
        year=today.year,
        handed_in=figures.others["handed_in"],
        implemented=figures.others["implemented"],
        answered=figures.answered,
        answered_in_time=figures.within,
    )


# For the network's feed ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicExample:
    """A published public good example as others may read it: no person's name (the story's
    page names those who agreed; the feed names nobody)."""

    id: int
    title: str
    summary: str
    url: str  # a path on this site; the feed makes it absolute
    unit_name: str
    goals: tuple[int, ...]  # Global Goal numbers
    published_at: datetime.datetime
    updated_at: datetime.datetime
    image_url: str  # a path, "" without an image
    image_alt: str


def published_public_examples(*, limit: int | None = None) -> list[PublicExample]:
    """Every published good example marked "show publicly", newest first, as plain data for
    the network's feed (two queries whatever their number): title, summary, address,
    unit, Global Goals, publication and update times and image address (no person's name)."""
    examples = GoodExample.objects.filter(status=GoodExample.Status.PUBLISHED, is_public=True)
    rows = examples.order_by("-published_at", "-id").values_list(
        "id",
        "title",
        "summary",
        "unit__name",
        "published_at",
        "updated_at",
        "image",
        "image_alt",
    )
    rows = list(rows[:limit] if limit else rows)
    ids = [row[0] for row in rows]
    goals: dict[int, list[int]] = {}
    through = GoodExample.global_goals.through.objects.filter(goodexample_id__in=ids)
    for example_id, number in through.order_by("globalgoal__number").values_list(
        "goodexample_id", "globalgoal__number"
    ):
        goals.setdefault(example_id, []).append(number)
    url = url_format("showcase:example")
    return [
        PublicExample(
            id=pk,
            title=title,
            summary=summary,
            url=url.format(pk),
            unit_name=unit_name or "",
            goals=tuple(goals.get(pk, ())),
            published_at=published_at,
            updated_at=updated_at,
            image_url=_image_url(image, pk, "showcase:example_image"),
            image_alt=image_alt,
        )
        for pk, title, summary, unit_name, published_at, updated_at, image, image_alt in rows
    ]
