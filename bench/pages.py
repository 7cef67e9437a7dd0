"""The pages and actions the load test measures, and who asks for them.

Each Page builds its requests from the seeded data (a Cast): a list of Req that the
load generator sends in turn. A new feature adds its pages here in a few lines, e.g.

    Page("needs bank", lambda c, n: [Req("GET", "/needs/", c.employee)]),

and, for the soak run, names them in SOAK_MIX. Writes say what a successful answer looks
like (status and a piece of the redirect's Location), so a refused write counts as an
error, not as a fast page.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

# The same searches as the in-process benchmark of the idea pages.
from bench.ideas_bench import SEARCH_WORD, SIMILAR_TITLES, operation_manager

MOVED_MARK = "bench-moved"


@dataclass
class Req:
    method: str
    path: str
    user: object  # an accounts.User (its session cookie is sent), or None: not signed in
    data: dict | None = None  # form fields of a POST (the CSRF token is added)


@dataclass
class Cast:
    """The people and objects the pages are asked about, picked from the seeded data."""

    rng: random.Random
    employee: object
    manager: object  # manages an operation (a subtree of units)
    unit: object  # that operation
    coach: object | None
    doing_stage: int
    popular: list[int]  # ideas with many supports and comments
    challenges: list[int]  # the open one first
    group_members: list[tuple[int, object]]  # (group, a member) for groups with sessions
    action_owners: list[object]  # people with open actions
    readers: list[object] = field(default_factory=list)  # ordinary employees
    live_workshops: list[tuple[int, object]] = field(
        default_factory=list
    )  # (workshop, participant)
    examples: list[int] = field(default_factory=list)  # published good examples
    coordinator: object | None = None  # the idea coordinator (trainings, qualifications)
    trainings: list[int] = field(default_factory=list)  # trainings with recorded attendance


@dataclass
class Page:
    name: str
    # Builds about n requests (the list is taken in turn, repeated unless `once`).
    requests: Callable[[Cast, int], list[Req]]
    kind: str = "read"  # read, write, ceiling (the bare view) or layout (diagnostic)
    expect: int = 200
    location: str = ""  # a write's redirect must contain this
    once: bool = False  # each request may be sent only once (e.g. moving an idea)


def _get(path: str, who: Callable[[Cast], object]) -> Callable[[Cast, int], list[Req]]:
    return lambda c, n: [Req("GET", path, who(c))]


def _holding(code: str, fallback: str = "coordinator") -> Callable[[Cast], object]:
    """Someone holding the role `code` in the seeded data (else `fallback`'s first holder):
    the insights pages' readers."""

    def who(c: Cast) -> object:
        from idesluss.accounts.models import User

        for role in (code, fallback):
            person = (
                User.objects.filter(role_assignments__role__code=role, is_active=True)
                .order_by("id")
                .first()
            )
            if person is not None:
                return person
        return c.manager

    return who


def _filtered_list(c: Cast, n: int) -> list[Req]:
    query = urlencode({"lane": "improvement", "stage": c.doing_stage, "unit": c.unit.pk})
    return [Req("GET", f"/ideas/?{query}", c.employee)]


def _idea_pages(c: Cast, n: int) -> list[Req]:
    return [Req("GET", f"/ideas/{pk}/", c.employee) for pk in c.popular[: max(n, 1)]]


def _similar(c: Cast, n: int) -> list[Req]:
    return [
        Req("GET", f"/ideas/similar/?{urlencode({'title': title})}", c.employee)
        for title in SIMILAR_TITLES
    ]


def _challenge_pages(c: Cast, n: int) -> list[Req]:
    return [Req("GET", f"/challenges/{pk}/", c.employee) for pk in c.challenges]


def _group_pages(c: Cast, n: int) -> list[Req]:
    return [Req("GET", f"/groups/{group}/", member) for group, member in c.group_members]


def _my_actions(c: Cast, n: int) -> list[Req]:
    return [Req("GET", "/groups/my-actions/", person) for person in c.action_owners]


def _example_pages(c: Cast, n: int) -> list[Req]:
    return [Req("GET", f"/good-examples/{pk}/", c.employee) for pk in c.examples[: max(n, 1)]]


def _training_pages(c: Cast, n: int) -> list[Req]:
    who = c.coordinator or c.manager
    return [Req("GET", f"/learning/{pk}/", who) for pk in c.trainings[: max(n, 1)]]


def _workshop_live(c: Cast, n: int) -> list[Req]:
    return [Req("GET", f"/workshops/{pk}/live/", person) for pk, person in c.live_workshops]


def _workshop_poll(c: Cast, n: int) -> list[Req]:
    """What every phone and the big screen ask every few seconds during a workshop."""
    return [Req("GET", f"/workshops/{pk}/live/board/", person) for pk, person in c.live_workshops]


def _workshop_votes(c: Cast, n: int) -> list[Req]:
    """One request per dot participants of workshops in the voting phase still have: a
    refused vote answers like a placed one (back to the live board), so none is asked for
    a dot its voter does not have."""
    from django.db.models import Count

    from idesluss.workshops.models import Note, SignUp, Vote, Workshop

    requests = []
    voting = Workshop.objects.filter(phase=Workshop.Phase.VOTING).order_by("id")
    for workshop in voting:
        notes = list(Note.objects.filter(workshop=workshop).values_list("pk", flat=True))
        used = dict(
            Vote.objects.filter(workshop=workshop)
            .values("voter")
            .annotate(n=Count("id"))
            .values_list("voter", "n")
        )
        signups = SignUp.objects.filter(
            workshop=workshop, status=SignUp.Status.SIGNED_UP
        ).select_related("person")
        for signup in signups:
            for _ in range(workshop.dots_per_person - used.get(signup.person_id, 0)):
                note = c.rng.choice(notes)
                path = f"/workshops/{workshop.pk}/notes/{note}/vote/"
                requests.append(Req("POST", path, signup.person, {}))
    c.rng.shuffle(requests)
    return requests[:n]


def _submit(c: Cast, n: int) -> list[Req]:
    people = c.readers or [c.employee]
    return [
        Req(
            "POST",
            "/ideas/new/",
            people[i % len(people)],
            {
                "title": f"Bänkidé {i}: {SIMILAR_TITLES[i % len(SIMILAR_TITLES)]}",
                "need": "Vi lägger mycket tid på att leta efter nycklar varje morgon.",
                "proposal": "Pröva ett enkelt digitalt stöd under en månad.",
                "lane": "improvement" if i % 2 else "innovation",
                "unit": c.unit.pk,
                "benefit": "",
                "co_submitters": "",
            },
        )
        for i in range(min(n, 500))
    ]


def _moves(c: Cast, n: int) -> list[Req]:
    """Open ideas, each moved once along an allowed transition by its responsible manager."""
    from idesluss.ideas import services
    from idesluss.ideas.models import Idea

    ideas = list(
        Idea.objects.filter(
            status=Idea.Status.SUBMITTED,
            stage__is_final=False,
            responsible__isnull=False,
            responsible__is_active=True,
        )
        .select_related("stage", "unit", "responsible")
        .order_by("?")[: n * 2]
    )
    requests = []
    for idea in ideas:
        stages = services.allowed_moves(idea=idea, user=idea.responsible)
        if not stages:
            continue
        requests.append(
            Req(
                "POST",
                f"/ideas/{idea.pk}/move/",
                idea.responsible,
                {
                    "to_stage": stages[0].pk,
                    "message": "Vi har tittat på idén och går vidare.",
                    "version": idea.version,
                    "closing_reason": "Kostnaden blev för hög.",
                    "lesson_learned": "Räkna på kostnaden tidigare.",
                    "forwarded_to": "Samhällsbyggnadsförvaltningen",
                    "next": f"/ideas/?{MOVED_MARK}=1",
                },
            )
        )
        if len(requests) >= n:
            break
    return requests


def _conversation_leader():
    """A conversation leader of the seeded data with recorded sessions (the busiest)."""
    from django.db.models import Count

    from idesluss.accounts.models import User

    return (
        User.objects.filter(led_conversations__recorded_at__isnull=False)
        .annotate(n=Count("led_conversations"))
        .order_by("-n", "pk")
        .first()
    )


def _conversation_sessions(c: Cast, n: int) -> list[tuple[int, object]]:
    """Recorded sessions with insights, each with its leader."""
    from idesluss.conversations.models import Session

    sessions = (
        Session.objects.filter(recorded_at__isnull=False, insights__isnull=False)
        .select_related("leader")
        .distinct()
        .order_by("-starts_at")[: max(n, 1)]
    )
    return [(session.pk, session.leader) for session in sessions]


def _conversation_pages(c: Cast, n: int) -> list[Req]:
    return [
        Req("GET", f"/conversations/{pk}/", leader) for pk, leader in _conversation_sessions(c, n)
    ]


def _conversation_follow(c: Cast, n: int) -> list[Req]:
    """The guide at phone width: one phase at a time (the page is the same at any width)."""
    return [
        Req("GET", f"/conversations/{pk}/guide/?phase={1 + i % 5}", leader)
        for i, (pk, leader) in enumerate(_conversation_sessions(c, n))
    ]


def _conversation_overview(c: Cast, n: int) -> list[Req]:
    from idesluss.accounts.models import Role, User

    coordinator = User.objects.filter(
        is_active=True, role_assignments__role__code=Role.Code.COORDINATOR
    ).first()
    return [Req("GET", "/conversations/overview/", coordinator or c.manager)]


def _conversation_history(c: Cast, n: int) -> list[Req]:
    return [Req("GET", "/conversations/history/", _conversation_leader() or c.employee)]


PAGES: list[Page] = [
    # The ceiling: the same middleware, no work (bench/urls.py; signed in like the pages).
    Page("bare view (ceiling)", _get("/bench/bare", lambda c: c.employee), kind="ceiling"),
    # An empty page in the base layout: the share of every page that is the layout itself.
    Page("empty layout (base.html)", _get("/bench/layout", lambda c: c.employee), kind="layout"),
    Page("start page", _get("/", lambda c: c.employee)),
    Page("idea list", _get("/ideas/", lambda c: c.employee)),
    Page("idea list filtered", _filtered_list),
    Page("idea list searched", _get(f"/ideas/?q={SEARCH_WORD}", lambda c: c.employee)),
    Page("idea page", _idea_pages),
    Page(
        "improvement board (unit)",
        lambda c, n: [Req("GET", f"/ideas/board/improvement/?unit={c.unit.pk}", c.manager)],
    ),
    Page("innovation board", _get("/ideas/board/innovation/", lambda c: c.employee)),
    Page("similar ideas", _similar),
    Page("challenge list", _get("/challenges/", lambda c: c.employee)),
    Page("challenge page", _challenge_pages),
    Page("needs bank", _get("/needs/", lambda c: c.employee)),
    Page("group list", _get("/groups/", lambda c: c.employee)),
    Page("group page", _group_pages),
    Page("my actions", _my_actions),
    Page("follow-up (coach)", _get("/groups/follow-up/", lambda c: c.coach or c.manager)),
    Page("notifications", _get("/notifications/", lambda c: c.employee)),
    # The programme's figures (insights): the whole organisation, a manager's units, and the
    # steering group's start page with the programme at a glance.
    Page(
        "dashboard (coordinator, whole organisation)", _get("/insights/", _holding("coordinator"))
    ),
    Page("dashboard (manager)", _get("/insights/", lambda c: c.manager)),
    Page("start page (steering group)", _get("/", _holding("steering_group"))),
    # The search-as-you-type pickers (issue 12, item 16): a colleague by name, an idea by words.
    Page(
        "people picker (search)",
        _get("/people/pick/?field=person&person_q=Anna&one=1", lambda c: c.manager),
    ),
    Page(
        "idea picker (search)",
        _get(f"/ideas/pick/?field=target&target_q={SEARCH_WORD}&one=1", lambda c: c.manager),
    ),
    Page("workshop list", _get("/workshops/", lambda c: c.employee)),
    # Issue 15, item 4 (the exports themselves: bench/export_bench.py).
    Page("exports page", _get("/insights/exports/", lambda c: c.manager)),
    Page("steering-group report", _get("/insights/report/", lambda c: c.manager)),
    Page("good example list", _get("/good-examples/", lambda c: c.employee)),
    Page("good example page", _example_pages),
    Page("public showcase (not signed in)", _get("/showcase/", lambda c: None)),
    Page("network list", _get("/network/", lambda c: c.employee)),
    Page("network feed (JSON Feed)", _get("/network/feed.json", lambda c: c.employee)),
    Page(
        "conversation list",
        lambda c, n: [
            Req("GET", "/conversations/?view=past", _conversation_leader() or c.employee)
        ],
    ),
    Page("conversation page", _conversation_pages),
    Page("conversation guide (phone)", _conversation_follow),
    Page("conversation overview", _conversation_overview),
    Page("conversation leader's history", _conversation_history),
    Page("training list", _get("/learning/", lambda c: c.employee)),
    Page("training page with attendance", _training_pages),
    Page(
        "qualification overview",
        _get("/learning/qualifications/", lambda c: c.coordinator or c.manager),
    ),
    Page("training follow-up (manager)", _get("/learning/follow-up/", lambda c: c.manager)),
    Page("workshop live view", _workshop_live),
    Page("workshop live board (poll)", _workshop_poll),
    Page(
        "write: vote on a note",
        _workshop_votes,
        kind="write",
        expect=302,
        location="/live/",
        once=True,
    ),
    Page("write: hand in an idea", _submit, kind="write", expect=302, location="/ideas/"),
    Page(
        "write: move an idea",
        _moves,
        kind="write",
        expect=302,
        location=MOVED_MARK,
        once=True,
    ),
]

# The soak run's simulated people: their share of the users, their pages, and how long
# they think between requests (ms, on average: 0.5-1.5 times this). Each page of each kind
# runs as its own load generator. 100 people at these think times offer ~15 requests a
# second (a busy hour of a region is far less); --think scales them.
SOAK_MIX: dict[str, tuple[float, list[str], int]] = {
    # share of the users, pages, think time
    "readers": (
        0.5,
        [
            "start page",
            "idea list",
            "idea list filtered",
            "idea list searched",
            "idea page",
            "innovation board",
            "similar ideas",
            "challenge page",
            "needs bank",
        ],
        5000,
    ),
    "submitters": (0.2, ["write: hand in an idea"], 30_000),
    "managers": (0.1, ["write: move an idea", "improvement board (unit)"], 10_000),
    "group members": (0.1, ["group page", "my actions"], 8000),
    "workshop voters": (0.1, ["workshop live board (poll)", "write: vote on a note"], 4000),
}


def page_named(name: str) -> Page:
    for page in PAGES:
        if page.name == name:
            return page
    raise KeyError(name)


def cast(seed: int = 7) -> Cast:
    """Pick the people and data deterministically from the seeded database."""
    from django.db.models import Count, Q

    from idesluss.accounts.models import Role, User
    from idesluss.challenges.models import Challenge
    from idesluss.groups.models import Action, Group
    from idesluss.ideas.models import Idea, Stage
    from idesluss.showcase.models import GoodExample
    from idesluss.workshops.models import SignUp, Workshop

    rng = random.Random(seed)
    assignment = operation_manager()
    unit = assignment.unit
    no_role = User.objects.filter(
        is_active=True, role_assignments__isnull=True, qualifications__isnull=True
    )
    employee = (
        no_role.filter(unit__path__startswith=unit.path, unit__depth=2)
        .filter(submitted_ideas__isnull=False)
        .order_by("id")
        .first()
    )
    readers = list(no_role.order_by("id")[:200])
    rng.shuffle(readers)
    popular = list(
        Idea.objects.filter(
            status=Idea.Status.SUBMITTED, support_count__gte=30, comment_count__gte=8
        )
        .order_by("-support_count", "id")
        .values_list("pk", flat=True)[:2000]
    )
    rng.shuffle(popular)
    challenges = list(
        Challenge.objects.annotate(n=Count("ideas"))
        .order_by("-opens_on")
        .values_list("pk", flat=True)[:10]
    )
    groups = list(
        Group.objects.annotate(n=Count("sessions")).filter(n__gte=4).order_by("-n", "id")[:50]
    )
    group_members = []
    for group in groups:
        member = group.members.order_by("id").first()
        if member is not None:
            group_members.append((group.pk, member))
    owner_ids = list(
        Action.objects.filter(done_at__isnull=True)
        .values("owner")
        .annotate(n=Count("id"))
        .order_by("-n", "owner")
        .values_list("owner", flat=True)[:30]
    )
    coach = (
        User.objects.filter(qualifications__code=Role.Code.COACH)
        .annotate(n=Count("coached_groups", filter=Q(coached_groups__isnull=False)))
        .order_by("-n", "id")
        .first()
    )
    live_workshops = []
    for workshop in Workshop.objects.filter(
        phase__in=[Workshop.Phase.CAPTURE, Workshop.Phase.VOTING]
    ).order_by("id")[:20]:
        signup = (
            SignUp.objects.filter(workshop=workshop, status=SignUp.Status.SIGNED_UP)
            .select_related("person")
            .order_by("id")
            .first()
        )
        if signup is not None:
            live_workshops.append((workshop.pk, signup.person))
    from idesluss.learning.models import Training

    coordinator = (
        User.objects.filter(role_assignments__role__code=Role.Code.COORDINATOR, is_active=True)
        .order_by("id")
        .first()
    )
    trainings = list(
        Training.objects.annotate(n=Count("sessions__attendances"))
        .filter(n__gt=0)
        .order_by("-n", "id")
        .values_list("pk", flat=True)[:20]
    )
    return Cast(
        rng=rng,
        employee=employee or readers[0],
        manager=assignment.user,
        unit=unit,
        coach=coach,
        doing_stage=Stage.objects.get(lane="improvement", code="doing").pk,
        popular=popular or list(Idea.objects.values_list("pk", flat=True)[:200]),
        challenges=challenges,
        group_members=group_members,
        action_owners=list(User.objects.filter(pk__in=owner_ids)),
        readers=readers,
        live_workshops=live_workshops,
        examples=list(
            GoodExample.objects.filter(status=GoodExample.Status.PUBLISHED)
            .order_by("-published_at", "id")
            .values_list("pk", flat=True)[:50]
        ),
        coordinator=coordinator,
        trainings=trainings,
    )
