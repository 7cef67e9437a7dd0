"""Reads of workshops for pages: each selects and prefetches what its page shows, so a page
costs the same number of queries however many sign-ups, notes, clusters or votes there are."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from idesluss.accounts.models import User
from idesluss.core.plain import url_format
from idesluss.goals.selectors import GoalBadge, goal_badge
from idesluss.ideas.models import Idea
from idesluss.workshops.models import Cluster, Note, SignUp, Workshop
from idesluss.workshops.policy import policy

PAGE_SIZE = 20
Phase = Workshop.Phase


def _with_viewer(workshop: Workshop, viewer: User) -> Workshop:
    """Attach the viewer's sign-up, so the policy asks no query for it."""
    workshop.viewer_id = viewer.pk
    workshop.viewer_signup = (
        SignUp.objects.filter(workshop=workshop, person_id=viewer.pk).first()
        if viewer.is_authenticated
        else None
    )
    return workshop


def _signed_up_count() -> Count:
    return Count("signups", filter=Q(signups__status=SignUp.Status.SIGNED_UP), distinct=True)


def workshop_list(*, viewer: User, page: int | str | None, past: bool = False) -> Page:
    """Upcoming workshops, soonest first (or past ones, latest first), with the places taken
    and the viewer's own sign-up status."""
    now = timezone.now()
    upcoming = Q(ends_at__gt=now) & ~Q(phase__in=[Phase.CLOSED, Phase.CANCELLED])
    workshops = Workshop.objects.exclude(upcoming) if past else Workshop.objects.filter(upcoming)
    workshops = policy.filter(viewer, "workshops.view_workshop", workshops)
    mine = SignUp.objects.filter(workshop=OuterRef("pk"), person_id=viewer.pk).values("status")
    workshops = (
        workshops.prefetch_related("global_goals")
        .annotate(signed_up=_signed_up_count(), my_status=Subquery(mine[:1]))
        .order_by(*(["-starts_at", "-id"] if past else ["starts_at", "id"]))
    )
    return Paginator(workshops, PAGE_SIZE).get_page(page)


@dataclass(frozen=True, slots=True)
class WorkshopCard:
    """What the workshop list shows of a workshop, as plain values in the current language
    (the `workshop_card` macro in jinja2/macros/workshops.html draws it)."""

    id: int
    url: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    phase: str
    phase_label: str
    signed_up: int
    capacity: int
    my_status: str
    past: bool
    goals: tuple[GoalBadge, ...]


def workshop_cards(workshops, *, past: bool) -> list[WorkshopCard]:
    """The cards of a page of workshops (from `workshop_list`)."""
    phases = {value: str(label) for value, label in Phase.choices}
    return [
        WorkshopCard(
            id=workshop.pk,
            url=workshop.get_absolute_url(),
            title=workshop.title,
            starts_at=workshop.starts_at,
            ends_at=workshop.ends_at,
            place=workshop.place,
            phase=workshop.phase,
            phase_label=phases.get(workshop.phase, workshop.phase),
            signed_up=workshop.signed_up,
            capacity=workshop.capacity,
            my_status=workshop.my_status or "",
            past=past,
            goals=tuple(goal_badge(goal) for goal in workshop.global_goals.all()),
        )
        for workshop in workshops
    ]


def workshop_for_page(*, pk: int, viewer: User) -> Workshop:
    """A workshop with everything its page shows (raises Workshop.DoesNotExist)."""
    workshop = (
        Workshop.objects.select_related("challenge", "created_by")
        .prefetch_related(
            Prefetch("facilitators", queryset=User.objects.order_by("full_name")),
            "global_goals",
            "vision_goals",
        )
        .annotate(
            signed_up=_signed_up_count(),
            note_count=Count("notes", distinct=True),
        )
        .get(pk=pk)
    )
    return _with_viewer(workshop, viewer)


def signups_for_page(*, workshop: Workshop) -> list[SignUp]:
    """Everyone invited, signed up or cancelled (not the facilitators), by name."""
    return list(
        SignUp.objects.filter(workshop=workshop)
        .exclude(status=SignUp.Status.FACILITATING)
        .select_related("person", "person__unit")
        .order_by("status", "person__full_name")
    )


@dataclass
class Column:
    """A cluster (or the ungrouped notes) on the board, with its notes and dots."""

    cluster: Cluster | None
    notes: list[Note] = field(default_factory=list)

    @property
    def votes(self) -> int:
        return sum(note.vote_total for note in self.notes)


@dataclass
class Board:
    workshop: Workshop
    columns: list[Column]
    dots_used: int
    note_count: int

    @property
    def dots_left(self) -> int:
        return max(0, self.workshop.dots_per_person - self.dots_used)

    @property
    def ungrouped(self) -> Column:
        return self.columns[-1]

    @property
    def clusters(self) -> list[Column]:
        return self.columns[:-1]

    @property
    def ranking(self) -> list[Note]:
        """Notes with dots, most first."""
        notes = [note for column in self.columns for note in column.notes if note.vote_total]
        return sorted(notes, key=lambda note: (-note.vote_total, note.pk))


def live_workshop(*, pk: int, viewer: User) -> Workshop:
    """The workshop as the live view and its permission checks need it (raises DoesNotExist)."""
    workshop = (
        Workshop.objects.select_related("challenge").prefetch_related("facilitators").get(pk=pk)
    )
    return _with_viewer(workshop, viewer)


def board(*, workshop: Workshop, viewer: User, authors: bool = False) -> Board:
    """The notes by cluster with everyone's dots and the viewer's own (two queries)."""
    notes_query = Note.objects.filter(workshop=workshop)
    if authors:
        notes_query = notes_query.select_related("author")
    notes = list(
        notes_query.annotate(
            vote_total=Count("votes"),
            my_votes=Count("votes", filter=Q(votes__voter_id=viewer.pk)),
        ).order_by("created_at", "id")
    )
    clusters = list(Cluster.objects.filter(workshop=workshop).order_by("created_at", "id"))
    columns = {cluster.pk: Column(cluster=cluster) for cluster in clusters}
    ungrouped = Column(cluster=None)
    for note in notes:
        columns.get(note.cluster_id, ungrouped).notes.append(note)
    for column in columns.values():
        column.notes.sort(key=lambda note: (-note.vote_total, note.pk))
    return Board(
        workshop=workshop,
        columns=[*columns.values(), ungrouped],
        dots_used=sum(note.my_votes for note in notes),
        note_count=len(notes),
    )


@dataclass
class Summary:
    workshop: Workshop
    participants: list[SignUp]
    board: Board
    ideas: list[Idea]


def summary(*, workshop: Workshop, viewer: User) -> Summary:
    """Everything that happened at a workshop, and where its ideas are now."""
    participants = [
        signup
        for signup in SignUp.objects.filter(workshop=workshop, status__in=SignUp.TAKING_PART)
        .select_related("person", "person__unit")
        .order_by("person__full_name")
    ]
    the_board = board(workshop=workshop, viewer=viewer, authors=True)
    ideas = list(
        Idea.objects.filter(workshop=workshop)
        .exclude(status=Idea.Status.DRAFT)
        .select_related("stage", "unit")
        .order_by("submitted_at", "id")
    )
    return Summary(workshop=workshop, participants=participants, board=the_board, ideas=ideas)


def workshops_for_idea_form(*, person: User | None = None, days: int = 60) -> QuerySet[Workshop]:
    """Workshops an idea may say it came from: recent ones, and those the person took part in."""
    since = timezone.now() - datetime.timedelta(days=days)
    recent = Q(starts_at__gte=since, starts_at__lte=timezone.now() + datetime.timedelta(days=1))
    if person is not None and person.is_authenticated:
        # A subquery, not a join with every sign-up and DISTINCT (23 ms at region scale).
        taking_part = SignUp.objects.filter(person=person, status__in=SignUp.TAKING_PART)
        recent |= Q(pk__in=taking_part.values("workshop_id"))
    return (
        Workshop.objects.filter(recent).exclude(phase=Phase.CANCELLED).order_by("-starts_at", "-id")
    )


def coming_workshops(*, person: User, limit: int = 5) -> list[Workshop]:
    """The workshops a person takes part in (or facilitates) that have not ended, the
    nearest first (one query)."""
    return list(
        Workshop.objects.filter(
            signups__person=person,
            signups__status__in=SignUp.TAKING_PART,
            ends_at__gte=timezone.now(),
        )
        .exclude(phase=Workshop.Phase.CANCELLED)
        .order_by("starts_at", "id")[:limit]
    )


@dataclass(frozen=True, slots=True)
class WorkshopLine:
    """A workshop on a challenge, as the challenge's page lists it."""

    id: int
    url: str
    title: str
    starts_at: datetime.datetime  # in the current time zone
    phase_label: str


def workshops_on_challenge(*, challenge_id: int, viewer: User) -> list[WorkshopLine]:
    """The workshops working on a challenge that the viewer may see, the latest first, at
    most 20 (one query)."""
    workshops = (
        policy.filter(
            viewer, "workshops.view_workshop", Workshop.objects.filter(challenge=challenge_id)
        )
        .exclude(phase=Workshop.Phase.CANCELLED)
        .order_by("-starts_at", "-id")
        .values_list("id", "title", "starts_at", "phase")[:20]
    )
    url = url_format("workshops:detail")
    phases = {value: str(label) for value, label in Workshop.Phase.choices}
    return [
        WorkshopLine(
            id=pk,
            url=url.format(pk),
            title=title,
            starts_at=timezone.localtime(starts_at),
            phase_label=phases.get(phase, phase),
        )
        for pk, title, starts_at, phase in workshops
    ]
