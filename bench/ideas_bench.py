"""How fast the idea sluice's pages answer on a large database (seed it with bench/seed_ideas.py).

Measures server time in-process, through Django's test client with DEBUG off, signed in
as an employee and as a manager: after a warm-up, N requests per page, reported as
p50/p95/p99 in milliseconds, with the time spent in SQL and the queries one request
makes. Prints a table and writes bench/results/ideas-<date>[-<label>].json.

    python -m bench.ideas_bench                 # everything, 200 requests a page
    python -m bench.ideas_bench --only list     # the pages whose name contains "list"

The writes (moving and handing in ideas) change the data a little: each run moves up to
--writes ideas along allowed transitions and hands in as many new ones.
"""

import argparse
import datetime
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_MS = 50.0
SEARCH_WORD = "matsvinn"
SIMILAR_TITLES = [
    "Digital nyckelhantering",
    "Matsvinn i skolan",
    "Bättre schemaläggning på förskolan",
    "Cykelförvaring vid kommunhuset",
    "Enklare felanmälan för invånarna",
    "Solceller på taket",
    "Introduktion av nyanställda i hemtjänsten",
    "Mindre papper i tidrapporteringen",
]


@dataclass
class Result:
    page: str
    role: str
    requests: int
    p50: float
    p95: float
    p99: float
    max: float
    sql_p50: float
    # The Python (server process) CPU time: steadier than the wall clock on a busy machine.
    cpu_p50: float
    queries: int
    status: int
    kind: str = "read"
    over_target: bool = field(init=False)

    def __post_init__(self) -> None:
        self.over_target = self.kind == "read" and self.p95 > TARGET_MS


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class _SqlTimer:
    """Adds up the time the database connection spends in queries (an execute wrapper)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Scenario:
    page: str
    # Makes the request for the i-th time: returns the response.
    call: Callable[[int], object]
    expect: int = 200
    kind: str = "read"


def measure(scenario: Scenario, role: str, *, requests: int, warmup: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(warmup):
        _check(scenario, role, scenario.call(i))
    with CaptureQueriesContext(connection) as captured:
        response = scenario.call(warmup)
    # Read now: the next request clears the connection's query log the count is read from.
    queries = len(captured)
    _check(scenario, role, response)
    times, sql_times, cpu_times = [], [], []
    timer = _SqlTimer()
    with connection.execute_wrapper(timer):
        for i in range(warmup + 1, warmup + 1 + requests):
            timer.seconds = 0.0
            started, cpu_started = time.perf_counter(), time.process_time()
            response = scenario.call(i)
            elapsed = time.perf_counter() - started
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            _check(scenario, role, response)
            times.append(elapsed * 1000)
            sql_times.append(timer.seconds * 1000)
    return Result(
        page=scenario.page,
        role=role,
        requests=requests,
        p50=round(_percentile(times, 0.50), 2),
        p95=round(_percentile(times, 0.95), 2),
        p99=round(_percentile(times, 0.99), 2),
        max=round(max(times), 2),
        sql_p50=round(_percentile(sql_times, 0.50), 2),
        cpu_p50=round(_percentile(cpu_times, 0.50), 2),
        queries=queries,
        status=scenario.expect,
        kind=scenario.kind,
    )


def profile(scenario: Scenario, role: str, *, requests: int, warmup: int) -> None:
    """Where a page's time goes, by pyinstrument (pip install pyinstrument)."""
    from pyinstrument import Profiler

    for i in range(warmup):
        scenario.call(i)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for i in range(warmup, warmup + requests):
            scenario.call(i)
    print(f"== {scenario.page} ({role}), {requests} requests")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def _check(scenario: Scenario, role: str, response) -> None:
    if response.status_code != scenario.expect:
        raise SystemExit(
            f"{scenario.page} as {role}: HTTP {response.status_code}, expected {scenario.expect}"
        )


@dataclass
class Cast:
    """Who signs in and what they look at."""

    employee: object
    manager: object
    unit: object  # the manager's operation (a subtree of units)
    stage: object  # a stage of the improvement lane, for the filtered list
    popular: list[int]  # ideas with many supports and comments
    movable: list[int]  # open ideas in the manager's units, each moved once


def operation_manager():
    """The role assignment of the first manager of an operation (a subtree of units)."""
    from idesluss.accounts.models import Role, RoleAssignment

    assignment = (
        RoleAssignment.objects.filter(role__code=Role.Code.MANAGER, unit__depth=1)
        .select_related("user", "unit")
        .order_by("unit__code", "id")
        .first()
    )
    if assignment is None:
        raise SystemExit("No manager of an operation: seed first (python -m bench.seed).")
    return assignment


def cast(rng: random.Random, *, writes: int) -> Cast:
    """Pick the people and data deterministically from the seeded database."""
    from idesluss.accounts.models import User
    from idesluss.ideas.models import Idea, Stage

    assignment = operation_manager()
    unit = assignment.unit
    employee = (
        User.objects.filter(unit__path__startswith=unit.path, unit__depth=2, is_active=True)
        .exclude(role_assignments__isnull=False)
        .exclude(qualifications__isnull=False)
        .filter(submitted_ideas__isnull=False)
        .order_by("id")
        .first()
    )
    popular = list(
        Idea.objects.filter(
            status=Idea.Status.SUBMITTED, support_count__gte=30, comment_count__gte=8
        )
        .order_by("-support_count", "id")
        .values_list("pk", flat=True)[:2000]
    )
    rng.shuffle(popular)
    movable = list(
        Idea.objects.filter(
            status=Idea.Status.SUBMITTED,
            unit__path__startswith=unit.path,
            stage__is_final=False,
        )
        .order_by("id")
        .values_list("pk", flat=True)
    )
    rng.shuffle(movable)
    return Cast(
        employee=employee,
        manager=assignment.user,
        unit=unit,
        stage=Stage.objects.get(lane="improvement", code="doing"),
        popular=popular or list(Idea.objects.values_list("pk", flat=True)[:200]),
        movable=movable[:writes],
    )


def scenarios(client, who: Cast, role: str, *, writes: int) -> list[Scenario]:
    from django.urls import reverse

    from idesluss.ideas import services
    from idesluss.ideas.models import Idea, Lane

    def get(url: str, **data) -> Callable[[int], object]:
        return lambda i: client.get(url, data, secure=True)

    ideas = reverse("ideas:list")
    result = [
        Scenario("start page", get(reverse("home:start"))),
        Scenario("idea list", get(ideas)),
        Scenario(
            "idea list filtered",
            get(ideas, lane=Lane.IMPROVEMENT, stage=who.stage.pk, unit=who.unit.pk),
        ),
        Scenario("idea list searched", get(ideas, q=SEARCH_WORD)),
        Scenario(
            "idea page",
            lambda i: client.get(
                reverse("ideas:detail", args=[who.popular[i % len(who.popular)]]), secure=True
            ),
        ),
        Scenario(
            "improvement board (unit)",
            get(reverse("ideas:board", args=[Lane.IMPROVEMENT]), unit=who.unit.pk),
        ),
        Scenario("innovation board", get(reverse("ideas:board", args=[Lane.INNOVATION]))),
        Scenario(
            "similar ideas",
            lambda i: client.get(
                reverse("ideas:similar"),
                {"title": SIMILAR_TITLES[i % len(SIMILAR_TITLES)]},
                secure=True,
            ),
        ),
    ]

    def submit(i: int):
        return client.post(
            reverse("ideas:submit"),
            {
                "title": f"Bänkidé {role} {i}: {SIMILAR_TITLES[i % len(SIMILAR_TITLES)]}",
                "need": "Vi lägger mycket tid på att leta efter nycklar varje morgon.",
                "proposal": "Pröva ett enkelt digitalt stöd under en månad.",
                "lane": Lane.IMPROVEMENT if i % 2 else Lane.INNOVATION,
                "unit": who.unit.pk,
                "benefit": "",
                "co_submitters": "",
            },
            secure=True,
        )

    result.append(Scenario("write: hand in an idea", submit, expect=302, kind="write"))
    if role == "manager" and who.movable:
        user = who.manager

        def move(i: int):
            idea = Idea.objects.select_related("stage", "unit").get(
                pk=who.movable[i % len(who.movable)]
            )
            to = services.allowed_moves(idea=idea, user=user)[0]
            return client.post(
                reverse("ideas:move", args=[idea.pk]),
                {
                    "to_stage": to.pk,
                    "message": "Vi har tittat på idén och går vidare.",
                    "version": idea.version,
                    "closing_reason": "Kostnaden blev för hög.",
                    "lesson_learned": "Räkna på kostnaden tidigare.",
                    "forwarded_to": "Samhällsbyggnadsförvaltningen",
                },
                secure=True,
            )

        result.append(Scenario("write: move an idea", move, expect=302, kind="write"))
    return result


def data_sizes() -> dict[str, int]:
    from django.db import connection

    from idesluss.accounts.models import Unit, User
    from idesluss.ideas.models import Comment, Follow, Idea, IdeaEvent, Support

    sizes = {}
    with connection.cursor() as cursor:
        for name, model in [
            ("ideas", Idea),
            ("supports", Support),
            ("comments", Comment),
            ("events", IdeaEvent),
            ("follows", Follow),
            ("people", User),
            ("units", Unit),
        ]:
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            sizes[name] = cursor.fetchone()[0]
    return sizes


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        # Other work on the machine shows in the times: the load when the run ended.
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
    }


def table(results: list[Result]) -> str:
    header = (
        f"{'page':<28} {'role':<9} {'n':>4} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
        f" {'sql p50':>8} {'cpu p50':>8} {'queries':>7}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        flag = "  > 50 ms" if r.over_target else ""
        lines.append(
            f"{r.page:<28} {r.role:<9} {r.requests:>4} {r.p50:>8.1f} {r.p95:>8.1f} {r.p99:>8.1f}"
            f" {r.max:>8.1f} {r.sql_p50:>8.1f} {r.cpu_p50:>8.1f} {r.queries:>7}{flag}"
        )
    return "\n".join(lines)


def main() -> None:
    from bench import _django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="Measured requests a page.")
    parser.add_argument("--warmup", type=int, default=20, help="Unmeasured requests first.")
    parser.add_argument("--writes", type=int, default=50, help="Measured writes of each kind.")
    parser.add_argument(
        "--only", default="", help="Only pages whose name contains this (or one of a,b,c)."
    )
    parser.add_argument("--label", default="", help="Added to the result file's name.")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="Profile the pages chosen with --only (pyinstrument) instead of timing them.",
    )
    parser.add_argument("--role", default="", help="Only as employee or as manager.")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    _django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from idesluss.ideas.models import Idea

    if connection.vendor != "postgresql" or not Idea.objects.exists():
        raise SystemExit("Seed a PostgreSQL database first: python -m bench.seed_ideas")
    assert not settings.DEBUG
    with connection.cursor() as cursor:
        # As autovacuum leaves the tables in a while (after a migration rewrote one, say).
        cursor.execute("VACUUM (ANALYZE) ideas_idea, ideas_support, ideas_comment, ideas_follow")
    rng = random.Random(options.seed)
    who = cast(rng, writes=options.warmup + 1 + options.writes)
    sizes = data_sizes()
    print(
        f"{sizes['ideas']:,} ideas, {sizes['supports']:,} supports, {sizes['comments']:,} "
        f"comments; {os.cpu_count()} cores; employee {who.employee.email}, manager "
        f"{who.manager.email} of {who.unit.name}",
        file=sys.stderr,
    )
    results: list[Result] = []
    for role, person in (("employee", who.employee), ("manager", who.manager)):
        if options.role and options.role != role:
            continue
        client = Client()
        client.force_login(person)
        for scenario in scenarios(client, who, role, writes=options.writes):
            if options.only and not any(
                part in scenario.page for part in options.only.split(",") if part
            ):
                continue
            if options.profile:
                profile(scenario, role, requests=options.requests, warmup=options.warmup)
                continue
            count = options.writes if scenario.kind == "write" else options.requests
            warmup = min(options.warmup, 5) if scenario.kind == "write" else options.warmup
            result = measure(scenario, role, requests=count, warmup=warmup)
            print(f"  {scenario.page} ({role}): p95 {result.p95:.1f} ms", file=sys.stderr)
            results.append(result)
    if options.profile:
        return
    reads = [r for r in results if r.kind == "read"]
    writes = [r for r in results if r.kind == "write"]
    print()
    print(table(reads))
    if writes:
        print()
        print(table(writes))
    RESULTS_DIR.mkdir(exist_ok=True)
    today = datetime.date.today().isoformat()
    name = f"ideas-{today}{'-' + options.label if options.label else ''}.json"
    report = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "sizes": sizes,
        "requests": options.requests,
        "warmup": options.warmup,
        "target_p95_ms": TARGET_MS,
        "results": [asdict(r) for r in results],
    }
    (RESULTS_DIR / name).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {RESULTS_DIR / name} (load average {os.getloadavg()[0]:.1f})")
    over = [f"{r.page} ({r.role})" for r in reads if r.over_target]
    if over:
        print(f"p95 over {TARGET_MS:.0f} ms: {', '.join(over)}")


if __name__ == "__main__":
    main()
