"""Load test of the production server: gunicorn, PostgreSQL, DEBUG off, measured by wrk.

Starts gunicorn (bench.settings: the production settings plus /bench/bare) on a port of
its own against the scale's database, signs in seeded people by creating their sessions,
and drives every page of bench/pages.py from a separate wrk process on loopback: requests
per second and p50/p95/p99 latency per page, each also as a ratio to the bare view's
requests per second (the ceiling of the middleware stack on this machine), the workers'
memory before and after, and the load average. Prints one table and writes it as JSON to
bench/results/load-<date>-<scale>[-<label>].json.

    python -m bench.load --scale municipality --quick       # ~3 minutes
    python -m bench.load --scale region                      # ~8 minutes
    python -m bench.load --scale region --soak 600           # plus ten minutes of mixed traffic
    python -m bench.load --scale region --profile "idea list"   # where a page's time goes

bench/run seeds the database first if it is empty; see docs/performance.md.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import ideas_bench
from bench.seed import SCALES

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
LOG_DIR = PROJECT_DIR / "var" / "bench"
LUA = BENCH_DIR / "wrk" / "requests.lua"
CSRF_SECRET = "benchcsrfsecret0benchcsrfsecret0"  # 32 characters, as Django's are

# Targets (issue 6), at the load the machine sustains.
READ_P95_MS = 50.0
WRITE_P95_MS = 100.0
CEILING_SHARE = 0.30
WORKER_RSS_MB = 200.0
# Vacuumed before measuring (see main).
VACUUMED = [
    "ideas_idea",
    "ideas_ideaevent",
    "ideas_support",
    "ideas_comment",
    "ideas_follow",
    "notifications_notification",
    "groups_action",
    "django_session",
]


# Pure helpers (tested in tests/bench).


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0-1) of values, linearly interpolated."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Row:
    page: str
    kind: str  # read, write, ceiling, soak
    connections: int
    seconds: float
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float
    errors: int  # unexpected answers, socket errors and timeouts
    load: float  # the 1-minute load average when the run ended
    ratio: float = 0.0  # rps / the bare view's rps
    # CPU per request, from /proc: the gunicorn workers' and their PostgreSQL backends'.
    # Steadier than the wall clock on a shared machine; `capacity` is what the cores could
    # serve if they did nothing else (cores × 1000 / (app + db)).
    app_cpu_ms: float = 0.0
    db_cpu_ms: float = 0.0
    capacity: float = 0.0
    capacity_ratio: float = 0.0  # capacity / the bare view's capacity
    misses: list[str] = field(default_factory=list)
    note: str = ""
    wrk: dict = field(default_factory=dict)  # wrk's own counts (errors by kind)


def from_wrk(page: str, kind: str, connections: int, result: dict, load: float) -> Row:
    """A table row from the RESULT line of bench/wrk/requests.lua."""
    seconds = result["duration_us"] / 1e6
    errors = (
        result["unexpected"]
        + result["connect_errors"]
        + result["read_errors"]
        + result["write_errors"]
        + result["timeouts"]
    )
    note = "ran out of requests before the end" if result.get("exhausted_threads") else ""
    return Row(
        page=page,
        kind=kind,
        connections=connections,
        seconds=round(seconds, 1),
        requests=result["requests"],
        rps=round(result["requests"] / seconds, 1) if seconds else 0.0,
        p50=round(result["p50_us"] / 1000, 1),
        p95=round(result["p95_us"] / 1000, 1),
        p99=round(result["p99_us"] / 1000, 1),
        max=round(result["max_us"] / 1000, 1),
        errors=errors,
        load=round(load, 2),
        note=note,
        wrk={k: v for k, v in result.items() if not k.endswith("_us")},
    )


def judge(rows: list[Row]) -> None:
    """Fill each row's ratio to the ceiling and the targets it misses."""
    ceilings = [r.rps for r in rows if r.kind == "ceiling"]
    ceiling = sum(ceilings) / len(ceilings) if ceilings else 0.0
    capacities = [r.capacity for r in rows if r.kind == "ceiling" and r.capacity]
    ceiling_capacity = sum(capacities) / len(capacities) if capacities else 0.0
    for row in rows:
        row.ratio = round(row.rps / ceiling, 3) if ceiling else 0.0
        if ceiling_capacity:
            row.capacity_ratio = round(row.capacity / ceiling_capacity, 3)
        row.misses = []
        if row.errors:
            row.misses.append("errors")
        is_write = row.kind == "write" or (row.kind == "soak" and "write" in row.page)
        if row.kind in ("read", "soak") and not is_write and row.p95 >= READ_P95_MS:
            row.misses.append(f"p95 ≥ {READ_P95_MS:.0f}")
        if is_write and row.p95 >= WRITE_P95_MS:
            row.misses.append(f"p95 ≥ {WRITE_P95_MS:.0f}")
        if row.kind in ("read", "write") and ceiling and row.ratio < CEILING_SHARE:
            row.misses.append(f"< {CEILING_SHARE:.0%} of ceiling")


def table(rows: list[Row]) -> str:
    header = (
        f"{'page':<30} {'kind':<7} {'conn':>4} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
        f" {'max':>6} {'×ceil':>5} {'err':>4} {'app ms':>6} {'db ms':>5} {'cap/s':>6} {'×cap':>5}"
        f" {'load':>5}  misses"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        misses = ", ".join(r.misses) or "ok"
        if r.note:
            misses += f" ({r.note})"
        lines.append(
            f"{r.page[:30]:<30} {r.kind:<7} {r.connections:>4} {r.rps:>7.1f} {r.p50:>6.1f}"
            f" {r.p95:>6.1f} {r.p99:>6.1f} {r.max:>6.1f} {r.ratio:>5.2f} {r.errors:>4}"
            f" {r.app_cpu_ms:>6.1f} {r.db_cpu_ms:>5.1f} {r.capacity:>6.0f} {r.capacity_ratio:>5.2f}"
            f" {r.load:>5.2f}  {misses}"
        )
    return "\n".join(lines)


def markdown(report: dict) -> str:
    """The table of a results file as Markdown (for docs/performance.md)."""
    m = report["machine"]
    lines = [
        f"{report['date']}, scale {report['scale']}: "
        + ", ".join(f"{v:,} {k}" for k, v in report["sizes"].items())
        + f". {m['cores']} cores, {report['server']['gunicorn_workers']} gunicorn workers, "
        f"{report['server']['connections']} connections, {report['server']['seconds_per_page']:.0f} s "
        f"a page; load average {m['load_average_start'][0]} at the start, "
        f"{m['load_average_end'][0]} at the end; PostgreSQL {m['postgresql']}.",
        "",
        "| page | req/s | p50 | p95 | p99 | × ceiling | errors | app ms | db ms | cap/s | × cap "
        "| load | misses |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in report["results"]:
        misses = ", ".join(r["misses"]) or "✓"
        lines.append(
            f"| {r['page']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f}"
            f" | {r['ratio']:.2f} | {r['errors']} | {r['app_cpu_ms']:.1f} | {r['db_cpu_ms']:.1f}"
            f" | {r['capacity']:.0f} | {r['capacity_ratio']:.2f} | {r['load']:.1f} | {misses} |"
        )
    memory = report["memory"]
    lines += [
        "",
        "Worker memory (RSS, MB): "
        + "; ".join(
            f"{moment.replace('_', ' ')} {', '.join(f'{v:.0f}' for v in memory[moment]['rss_mb'])}"
            for moment in ("started", "after_pages", "after")
            if moment in memory
        )
        + (
            f"; growth during the soak {memory['soak_growth_mb']} MB."
            if "soak_growth_mb" in memory
            else "."
        ),
    ]
    return "\n".join(lines)


# The server.


def database_url(scale: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/idesluss_{scale}"


def server_environment(*, database: str, port: int, workers: int) -> dict[str, str]:
    """Production settings from the environment, as README's Production section sets them;
    behind a TLS-terminating proxy (wrk sends X-Forwarded-Proto: https)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database,
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-not-a-secret"),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        BEHIND_PROXY="true",
        STATIC_ROOT=str(PROJECT_DIR / "var" / "bench-static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_ACCESS_LOG=str(LOG_DIR / f"access-{port}.log"),
        # Workers are not recycled during the run, so their memory growth shows.
        GUNICORN_MAX_REQUESTS="0",
        LOG_LEVEL="WARNING",
        # As in production (README): the shared cache, here a database of its own.
        CACHE_URL=env.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
    )
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


class Server:
    """gunicorn with the production configuration (idesluss/config/gunicorn.py)."""

    def __init__(self, *, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.process: subprocess.Popen | None = None
        self.log_path = LOG_DIR / f"gunicorn-{port}.log"

    def __enter__(self) -> "Server":
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(PROJECT_DIR / ".venv" / "bin" / "gunicorn"),
                "-c",
                "idesluss/config/gunicorn.py",
                "idesluss.config.wsgi",
            ],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    pass
                if len(self.workers()) >= int(self.env["GUNICORN_WORKERS"]):
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer on port {self.port}; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def workers(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def memory(self) -> dict:
        """RSS and PSS (shared pages divided among the processes) of each worker, in MB."""
        rss, pss = [], []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            rss.append(_kb(status, "VmRSS:") / 1024)
            pss.append(_kb(rollup, "Pss:") / 1024)
        return {
            "workers": len(rss),
            "rss_mb": [round(v, 1) for v in rss],
            "pss_mb": [round(v, 1) for v in pss],
            "max_rss_mb": round(max(rss), 1) if rss else 0.0,
        }


def _kb(text: str, key: str) -> int:
    for line in text.splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each process (from /proc/<pid>/stat)."""
    seconds = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        seconds[pid] = (int(fields[11]) + int(fields[12])) / _TICK
    return seconds


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two samples (a process that started in between counts
    whole; one that ended in between is lost, so this is a lower bound)."""
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def database_backends() -> list[int]:
    """The PostgreSQL backends of this database other than our own connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


class CpuMeter:
    """CPU of the workers and their database backends over one measured run."""

    def __init__(self, server: "Server") -> None:
        self.server = server

    def __enter__(self) -> "CpuMeter":
        self.app = process_cpu_seconds(self.server.workers())
        self.db = process_cpu_seconds(database_backends())
        return self

    def __exit__(self, *exc) -> None:
        self.app_seconds = cpu_used(self.app, process_cpu_seconds(self.server.workers()))
        self.db_seconds = cpu_used(self.db, process_cpu_seconds(database_backends()))

    def apply(self, row: "Row") -> None:
        if not row.requests:
            return
        row.app_cpu_ms = round(self.app_seconds * 1000 / row.requests, 2)
        row.db_cpu_ms = round(self.db_seconds * 1000 / row.requests, 2)
        per_request = row.app_cpu_ms + row.db_cpu_ms
        if per_request > 0:
            row.capacity = round((os.cpu_count() or 1) * 1000 / per_request, 1)


# Sessions and request files.


class Sessions:
    """A signed-in session per person (as signing in makes it), and the CSRF cookie."""

    def __init__(self) -> None:
        self.cookies: dict[int, str] = {}

    def cookie(self, user) -> str:
        if user is None:  # a visitor who is not signed in (the public showcase)
            from django.conf import settings

            return f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
        if user.pk not in self.cookies:
            from django.conf import settings
            from django.test import Client

            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.cookies[user.pk] = (
                f"{settings.SESSION_COOKIE_NAME}={session}; "
                f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
            )
        return self.cookies[user.pk]


def request_lines(requests: list, sessions: Sessions, page) -> list[str]:
    from urllib.parse import urlencode

    lines = []
    for req in requests:
        body = ""
        if req.data is not None:
            body = urlencode({**req.data, "csrfmiddlewaretoken": CSRF_SECRET})
        fields = [req.method, req.path, sessions.cookie(req.user), body, str(page.expect)]
        fields.append(page.location)
        if any("\t" in f or "\n" in f for f in fields):
            raise ValueError(f"A tab or newline in a request of {page.name}")
        lines.append("\t".join(fields))
    return lines


def ensure_wrk() -> str:
    """wrk from Debian's packages (installed if missing)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (apt-get install -y wrk) …", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    return shutil.which("wrk") or "wrk"


def wrk_command(
    *, port: int, lines_file: Path, seconds: float, connections: int, once: bool, think: int
) -> list[str]:
    args = [str(lines_file)]
    if once:
        args.append("once")
    if think:
        args.append(f"think={think}")
    return [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        *args,
    ]


def parse_wrk(output: str) -> dict:
    for line in output.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise RuntimeError(f"wrk gave no result:\n{output}")


def run_wrk(**kwargs) -> dict:
    done = subprocess.run(wrk_command(**kwargs), capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


# Measuring.


@dataclass
class Options:
    scale: str
    seconds: float
    warmup: float
    connections: int
    workers: int
    port: int
    only: list[str]
    soak: float
    soak_users: int
    label: str
    think: float = 1.0  # multiplies the soak's think times


def measure_pages(server: Server, options: Options, who, sessions: Sessions, work: Path) -> list:
    from bench.pages import PAGES

    rows = []
    # The bare view first and again at the end (the machine is shared); the writes last.
    chosen = [
        page
        for page in PAGES
        if page.kind == "ceiling" or not options.only or any(p in page.name for p in options.only)
    ]
    chosen += [page for page in PAGES if page.kind == "ceiling"]
    for page in chosen:
        # Enough for the fastest pages; one-time writes must not run out before the end.
        expected_requests = int(options.seconds * (200 if page.once else 80)) + 50
        requests = page.requests(who, expected_requests)
        if not requests:
            print(f"  {page.name}: nothing to ask for (not seeded?); skipped", file=sys.stderr)
            continue
        lines_file = work / f"{page.name.replace(' ', '_').replace(':', '')}.tsv"
        lines_file.write_text("\n".join(request_lines(requests, sessions, page)) + "\n")
        if not page.once and options.warmup:
            run_wrk(
                port=options.port,
                lines_file=lines_file,
                seconds=options.warmup,
                connections=options.connections,
                once=False,
                think=0,
            )
        with CpuMeter(server) as meter:
            result = run_wrk(
                port=options.port,
                lines_file=lines_file,
                seconds=options.seconds,
                connections=options.connections,
                once=page.once,
                think=0,
            )
        row = from_wrk(page.name, page.kind, options.connections, result, os.getloadavg()[0])
        meter.apply(row)
        if result.get("samples"):
            row.note = (row.note + " " if row.note else "") + f"statuses: {result['samples']}"
        print(
            f"  {page.name:<30} {row.rps:8.1f} req/s  p95 {row.p95:7.1f} ms  "
            f"errors {row.errors}  cpu {row.app_cpu_ms:.1f}+{row.db_cpu_ms:.1f} ms  "
            f"load {row.load:.2f}",
            file=sys.stderr,
        )
        rows.append(row)
    return rows


@dataclass
class Prepared:
    """One request of the soak, ready to send, with what a good answer looks like."""

    page: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expect: int
    location: str


def prepare(page, requests: list, sessions: Sessions, port: int) -> list[Prepared]:
    from urllib.parse import urlencode

    origin = f"https://127.0.0.1:{port}"
    prepared = []
    for req in requests:
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": sessions.cookie(req.user),
            "Accept-Language": "sv",
        }
        body = None
        if req.data is not None:
            body = urlencode({**req.data, "csrfmiddlewaretoken": CSRF_SECRET}).encode()
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + req.path,
                }
            )
        prepared.append(
            Prepared(page.name, req.method, req.path, headers, body, page.expect, page.location)
        )
    return prepared


def send(port: int, request: Prepared) -> tuple[float, bool, str]:
    """Send one request on a new connection (gunicorn's sync workers close each one);
    returns (milliseconds, whether the answer was the expected one, what it was)."""
    import http.client

    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(request.method, request.path, request.body, request.headers)
        response = connection.getresponse()
        response.read()
        connection.close()
    except OSError as error:
        return (time.perf_counter() - started) * 1000, False, type(error).__name__
    elapsed = (time.perf_counter() - started) * 1000
    good = response.status == request.expect
    if good and request.location:
        good = request.location in (response.getheader("Location") or "")
    return elapsed, good, str(response.status)


def soak(server: Server, options: Options, who, sessions: Sessions, work: Path) -> tuple:
    """Mixed traffic from simulated people, each a thread that thinks (0.5-1.5 × the mix's
    think time), then asks for one of its kind's pages; the workers' memory is sampled
    every 30 s to show growth. (Not wrk: its think-time hook stalls on connections the
    server closes, and gunicorn's sync workers close every one.) Writes that may be sent
    only once (moves) are shared out from one pool."""
    import threading

    from bench.pages import SOAK_MIX, page_named

    people: list[tuple[str, float, dict[str, list[Prepared]]]] = []
    pools: dict[str, list[Prepared]] = {}
    offered = 0.0
    for kind, (share, names, think_ms) in SOAK_MIX.items():
        think = think_ms * options.think / 1000
        count = max(1, round(options.soak_users * share))
        offered += count / think
        pages = {}
        for name in names:
            page = page_named(name)
            expected = int(options.soak * count / think * 1.5 / len(names)) + 20
            if name not in pools:
                pools[name] = prepare(page, page.requests(who, expected), sessions, options.port)
            pages[name] = pools[name]
        people += [(kind, think, pages)] * count
    once = {name for name in pools if page_named(name).once}
    lock = threading.Lock()
    cursor = dict.fromkeys(pools, 0)
    results: dict[tuple[str, str], list[tuple[float, bool, str]]] = {}
    deadline = time.monotonic() + options.soak

    def person(n: int, kind: str, think: float, pages: dict[str, list[Prepared]]) -> None:
        import random

        rng = random.Random(n)
        names = list(pages)
        while True:
            wait = think * (0.5 + rng.random())
            if time.monotonic() + wait >= deadline:
                return
            time.sleep(wait)
            name = rng.choice(names)
            with lock:
                index = cursor[name]
                cursor[name] += 1
            if name in once and index >= len(pages[name]):
                continue  # the pool of one-time writes is used up
            outcome = send(options.port, pages[name][index % len(pages[name])])
            with lock:
                results.setdefault((kind, name), []).append(outcome)

    print(
        f"  soak: {len(people)} simulated people for {options.soak:.0f} s, "
        f"offering ~{offered:.0f} requests a second …",
        file=sys.stderr,
    )
    meter = CpuMeter(server).__enter__()
    threads = [
        threading.Thread(target=person, args=(n, *p), daemon=True) for n, p in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    samples = []
    started = time.monotonic()
    while any(thread.is_alive() for thread in threads):
        time.sleep(1)
        elapsed = time.monotonic() - started
        if not samples or elapsed - samples[-1]["t"] >= 30:
            memory = server.memory()
            samples.append(
                {
                    "t": round(elapsed),
                    "max_rss_mb": memory["max_rss_mb"],
                    "rss_mb": memory["rss_mb"],
                }
            )
    meter.__exit__()
    seconds = time.monotonic() - started
    load = round(os.getloadavg()[0], 2)
    rows = []
    for (kind, name), outcomes in sorted(results.items()):
        rows.append(soak_row(f"soak {kind}: {name}", outcomes, seconds, load))
    everything = [o for outcomes in results.values() for o in outcomes]
    total = soak_row("soak: all traffic", everything, seconds, load)
    total.connections = len(people)
    total.note = f"{len(people)} people, offered ~{offered:.0f} req/s"
    meter.apply(total)
    rows.append(total)
    samples.append({"t": round(time.monotonic() - started), **server.memory()})
    return rows, samples


def soak_row(
    page: str, outcomes: list[tuple[float, bool, str]], seconds: float, load: float
) -> Row:
    """A table row from the soak's outcomes (milliseconds, good, status)."""
    times = [ms for ms, _good, _status in outcomes]
    bad = [status for _ms, good, status in outcomes if not good]
    return Row(
        page=page,
        kind="soak",
        connections=0,
        seconds=round(seconds, 1),
        requests=len(outcomes),
        rps=round(len(outcomes) / seconds, 2) if seconds else 0.0,
        p50=round(percentile(times, 0.50), 1),
        p95=round(percentile(times, 0.95), 1),
        p99=round(percentile(times, 0.99), 1),
        max=round(max(times), 1) if times else 0.0,
        errors=len(bad),
        load=load,
        note=f"answers: {' '.join(sorted(set(bad)))[:80]}" if bad else "",
    )


def data_sizes() -> dict[str, int]:
    from django.db import connection

    tables = {
        "units": "accounts_unit",
        "people": "accounts_user",
        "ideas": "ideas_idea",
        "idea events": "ideas_ideaevent",
        "supports": "ideas_support",
        "comments": "ideas_comment",
        "assessments": "ideas_assessorassignment",
        "needs": "challenges_need",
        "challenges": "challenges_challenge",
        "groups": "groups_group",
        "sessions": "groups_session",
        "actions": "groups_action",
        "workshops": "workshops_workshop",
        "notes": "workshops_note",
        "votes": "workshops_vote",
    }
    sizes = {}
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            sizes[name] = cursor.fetchone()[0]
    return sizes


def machine() -> dict:
    return {
        **ideas_bench.machine(),
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(
            "\n"
        )[0][:60],
    }


def _in_process(name: str, who, sessions: Sessions):
    """A page's requests and a function that sends one in-process straight to Django's WSGI
    handler (the production settings and middleware; not the test client, whose template
    capture would dominate), after a warm-up."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    from bench.pages import page_named

    page = page_named(name)
    requests = page.requests(who, 400)
    handler = WSGIHandler()
    factory = RequestFactory()

    def send(req) -> None:
        extra = {"HTTP_COOKIE": sessions.cookie(req.user), "HTTP_ACCEPT_LANGUAGE": "sv"}
        if req.method == "GET":
            environ = factory.get(req.path, secure=True, **extra).environ
        else:
            data = {**req.data, "csrfmiddlewaretoken": CSRF_SECRET}
            environ = factory.post(
                req.path, data, secure=True, HTTP_ORIGIN="https://testserver", **extra
            ).environ
        status: list[str] = []
        response = handler(environ, lambda s, headers, *exc: status.append(s))
        b"".join(response)
        response.close()
        if not status[0].startswith(str(page.expect)):
            raise SystemExit(f"{name}: HTTP {status[0]}, expected {page.expect}")

    for req in requests:
        sessions.cookie(req.user)  # signed in before, not while measuring
    # Warm up (for one-time writes, on requests that are then not used again).
    warm = min(10, len(requests) // 4) if page.once else 10
    for req in requests[:warm]:
        send(req)
    if page.once:
        requests = requests[warm:]
    return page, requests, send


def profile(name: str, who, seconds: float, sessions: Sessions) -> None:
    """Where one page's time goes: pyinstrument's tree of its requests, repeated for about
    `seconds`, and the slowest queries of one more."""
    from pyinstrument import Profiler

    page, requests, send = _in_process(name, who, sessions)
    profiler = Profiler(interval=0.0005)
    count = 0
    started = time.monotonic()
    with profiler:
        while time.monotonic() - started < seconds and (not page.once or count < len(requests)):
            send(requests[count % len(requests)])
            count += 1
    print(f"== {name}: {count} requests in-process (profiled: several times slower)")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    # And the queries of one more request, the slowest first.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        send(requests[count % len(requests)])
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    total = sum(float(q["time"]) for q in queries) * 1000
    print(f"-- {len(queries)} queries, {total:.1f} ms in SQL; the slowest:")
    for query in queries[:4]:
        print(f"   {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
    print()


def time_pages(names: list[str], who, seconds: float, sessions: Sessions) -> None:
    """Each page's requests in-process for about `seconds`, without a profiler: wall and
    CPU time of this process per request (the CPU excludes PostgreSQL's). A quick check of
    a change before a load run."""
    print(f"{'page':<34} {'requests':>8} {'wall p50':>9} {'wall p95':>9} {'cpu mean':>9}")
    for name in names:
        page, requests, send = _in_process(name, who, sessions)
        walls: list[float] = []
        cpu_started = time.process_time()
        started = time.monotonic()
        while time.monotonic() - started < seconds and (
            not page.once or len(walls) < len(requests)
        ):
            before = time.perf_counter()
            send(requests[len(walls) % len(requests)])
            walls.append((time.perf_counter() - before) * 1000)
        cpu = (time.process_time() - cpu_started) * 1000 / max(len(walls), 1)
        walls.sort()
        p50 = walls[len(walls) // 2]
        p95 = walls[min(len(walls) - 1, int(len(walls) * 0.95))]
        print(f"{name:<34} {len(walls):>8} {p50:>9.1f} {p95:>9.1f} {cpu:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="municipality", choices=sorted(SCALES))
    parser.add_argument("--database-url", default="", help="Default: the scale's own database.")
    parser.add_argument("--quick", action="store_true", help="5 s a page, 1 s of warm-up.")
    parser.add_argument("--seconds", type=float, default=15, help="Measured seconds a page.")
    parser.add_argument("--warmup", type=float, default=3, help="Unmeasured seconds first.")
    parser.add_argument("--workers", type=int, default=0, help="Default: 2 × cores + 1.")
    parser.add_argument(
        "--connections",
        type=int,
        default=0,
        help="Requests in flight (default: one per core, the load the machine sustains "
        "without queueing; more only adds waiting to the latency).",
    )
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--only", default="", help="Pages whose names contain one of a,b,c.")
    parser.add_argument("--soak", type=float, default=0, help="Seconds of mixed traffic.")
    parser.add_argument("--soak-only", action="store_true", help="Skip the per-page runs.")
    parser.add_argument("--users", type=int, default=100, help="Simulated people in the soak.")
    parser.add_argument(
        "--think", type=float, default=1.0, help="Multiply the soak's think times (0.5: busier)."
    )
    parser.add_argument("--label", default="", help="Added to the result file's name.")
    parser.add_argument(
        "--profile", default="", help="Profile these pages (a,b) in-process instead (pyinstrument)."
    )
    parser.add_argument(
        "--time",
        default="",
        help="Time these pages (a,b; 'all' for every page) in-process, without a profiler.",
    )
    parser.add_argument(
        "--no-vacuum", action="store_true", help="Measure without VACUUM (ANALYZE) first."
    )
    parser.add_argument(
        "--markdown", default="", help="Only print this results file's table as Markdown."
    )
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text())))
        return
    if not 8100 <= args.port <= 8199:
        raise SystemExit("Use a port from 8100 to 8199.")
    cores = os.cpu_count() or 1
    workers = args.workers or 2 * cores + 1
    options = Options(
        scale=args.scale,
        seconds=5 if args.quick else args.seconds,
        warmup=1 if args.quick else args.warmup,
        connections=args.connections or cores,
        workers=workers,
        port=args.port,
        only=[part for part in args.only.split(",") if part],
        soak=args.soak,
        soak_users=args.users,
        label=args.label,
        think=args.think,
    )
    database = args.database_url or database_url(args.scale)
    env = server_environment(database=database, port=args.port, workers=workers)
    os.environ.update({k: env[k] for k in env if k.startswith(("DJANGO_", "DATABASE_"))})
    for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "BEHIND_PROXY", "STATIC_ROOT", "CACHE_URL"):
        os.environ[key] = env[key]
    from bench import _django

    _django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from bench.pages import cast
    from idesluss.ideas.models import Idea

    assert not settings.DEBUG and settings.ROOT_URLCONF == "bench.urls"
    if not Idea.objects.exists():
        raise SystemExit(f"No ideas in {database}: run python -m bench.seed --scale {args.scale}")
    call_command("migrate", interactive=False, verbosity=0)
    # The shared cache starts empty (sessions and sign-in limits of an earlier run).
    cache.clear()
    if not args.no_vacuum:
        # As autovacuum leaves the tables in a while: the benchmark's own writes (and a
        # migration) clear the visibility map, and counts then read the table, not the index.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(VACUUMED)}")
    who = cast()
    if args.profile:
        for name in args.profile.split(","):
            profile(name.strip(), who, seconds=options.seconds, sessions=Sessions())
        return
    if args.time:
        from bench.pages import PAGES

        names = (
            [p.name for p in PAGES if p.kind != "write"]
            if args.time == "all"
            else [n.strip() for n in args.time.split(",")]
        )
        time_pages(names, who, seconds=options.seconds, sessions=Sessions())
        return
    ensure_wrk()
    sizes = data_sizes()
    load_start = [round(v, 2) for v in os.getloadavg()]
    print(
        f"{args.scale}: {sizes['ideas']:,} ideas, {sizes['people']:,} people; {cores} cores, "
        f"{workers} workers, {options.connections} connections, {options.seconds:.0f} s a page; "
        f"load {load_start[0]:.2f}",
        file=sys.stderr,
    )
    sessions = Sessions()
    with (
        tempfile.TemporaryDirectory(prefix="idesluss-bench-") as tmp,
        Server(env=env, port=args.port) as server,
    ):
        work = Path(tmp)
        memory = {"started": server.memory()}
        rows: list[Row] = []
        if not args.soak_only:
            rows = measure_pages(server, options, who, sessions, work)
        memory["after_pages"] = server.memory()
        soak_samples = []
        if options.soak:
            soak_rows, soak_samples = soak(server, options, who, sessions, work)
            rows += soak_rows
        memory["after"] = server.memory()
    judge(rows)
    memory_misses = []
    if memory["after"]["max_rss_mb"] >= WORKER_RSS_MB:
        memory_misses.append(f"a worker's RSS ≥ {WORKER_RSS_MB:.0f} MB")
    if soak_samples and len(soak_samples) > 2:
        growth = soak_samples[-1]["max_rss_mb"] - soak_samples[1]["max_rss_mb"]
        memory["soak_growth_mb"] = round(growth, 1)
        if growth > 10:
            memory_misses.append(f"memory grew {growth:.0f} MB during the soak")
    print()
    print(table(rows))
    print()
    for moment in ("started", "after_pages", "after"):
        m = memory[moment]
        print(
            f"worker memory {moment:<12} RSS {', '.join(f'{v:.0f}' for v in m['rss_mb'])} MB"
            f"  (PSS {', '.join(f'{v:.0f}' for v in m['pss_mb'])} MB)"
        )
    if "soak_growth_mb" in memory:
        print(f"worker memory growth during the soak (max RSS): {memory['soak_growth_mb']} MB")
    load_end = [round(v, 2) for v in os.getloadavg()]
    misses = [f"{r.page}: {', '.join(r.misses)}" for r in rows if r.misses] + memory_misses
    print(f"load average at start {load_start}, at end {load_end}")
    print("all targets met" if not misses else f"{len(misses)} targets missed")
    RESULTS_DIR.mkdir(exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    name = f"load-{now:%Y-%m-%dT%H%MZ}-{args.scale}{'-' + args.label if args.label else ''}.json"
    report = {
        "date": now.isoformat(timespec="seconds"),
        "scale": args.scale,
        "machine": {**machine(), "load_average_start": load_start, "load_average_end": load_end},
        "server": {
            "gunicorn_workers": workers,
            "threads": int(env.get("GUNICORN_THREADS", "1")),
            "connections": options.connections,
            "seconds_per_page": options.seconds,
            "warmup_seconds": options.warmup,
            "soak_seconds": options.soak,
            "soak_users": options.soak_users if options.soak else 0,
        },
        "sizes": sizes,
        "targets": {
            "read_p95_ms": READ_P95_MS,
            "write_p95_ms": WRITE_P95_MS,
            "share_of_ceiling": CEILING_SHARE,
            "worker_rss_mb": WORKER_RSS_MB,
        },
        "results": [asdict(r) for r in rows],
        "memory": memory,
        "soak_memory": soak_samples,
        "misses": misses,
    }
    (RESULTS_DIR / name).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"Written to {RESULTS_DIR / name}")


if __name__ == "__main__":
    main()
