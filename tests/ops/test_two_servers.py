"""Two application servers and two task workers on one PostgreSQL and one Redis.

Two gunicorn processes and two `db_worker`s run against a database of their own (created,
migrated and given a small world through the services here), with production-like
settings (DEBUG off, a SECRET_KEY, ALLOWED_HOSTS) and a Redis cache (db 14). Several
threads sign in through the real login form and write through both servers at once:
supports, moves (coordinators racing on the same ideas), workshop votes and hand-ins.
Afterwards every count must match the rows, no write may be lost or doubled, and every
background task (the e-mails the moves and hand-ins queue) must have run exactly once,
by one of the two workers, with each e-mail sent once.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

DEFAULT = settings.DATABASES["default"]
pytestmark = pytest.mark.skipif(
    not DEFAULT["ENGINE"].endswith("postgresql"),
    reason="Several servers share one PostgreSQL (and Redis); SQLite is for one server only.",
)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-servers-Password-1"
REDIS = ("127.0.0.1", 6379)
PEOPLE = 12
IDEAS = 6
HAND_INS = 3  # per person

SETUP = r"""
import json, datetime
import django
django.setup()
from django.utils import timezone
from idesluss.accounts import services as accounts
from idesluss.accounts.models import Unit, User
from idesluss.ideas import services as ideas
from idesluss.ideas.models import Lane
from idesluss.workshops import services as workshops
from idesluss.workshops.models import Workshop

PASSWORD, PEOPLE, IDEAS = {password!r}, {people}, {ideas}
unit = accounts.unit_create(name="Hemtjänst", code="HT", kind=Unit.Kind.DEPARTMENT)
def person(n, *roles):
    user = accounts.user_create(
        email=f"p{{n}}@kommunen.example", full_name=f"Person {{n}}", unit=unit, password=PASSWORD
    )
    for role in roles:
        accounts.role_assign(user=user, role_code=role, unit=None)
    User.objects.filter(pk=user.pk).update(preferred_language="en")  # messages to match
    return user
coordinators = [person(100, "coordinator"), person(101, "coordinator")]
people = [person(n) for n in range(PEOPLE)]
submitter = person(200)
idea_ids = []
for n in range(IDEAS):
    idea = ideas.submit_idea(by=submitter, data=ideas.IdeaInput(
        title=f"Idé {{n}}", need="Ett behov.", proposal="Ett förslag.",
        lane=Lane.INNOVATION, unit=unit))
    idea_ids.append(idea.pk)
facilitator = coordinators[0]
starts = (timezone.now() - datetime.timedelta(minutes=30)).replace(second=0, microsecond=0)
workshop = workshops.workshop_save(by=facilitator, data=workshops.WorkshopInput(
    title="Verkstad", place="Sal 2", starts_at=starts,
    ends_at=starts + datetime.timedelta(hours=3), facilitators=[facilitator],
    capacity=PEOPLE, dots_per_person=3))
for user in people:
    workshops.signup_create(workshop=workshop, by=user)
workshops.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.CAPTURE)
notes = [workshops.note_post(workshop=workshop, by=user, text=f"Lapp {{n}}").pk
         for n, user in enumerate(people[:4])]
workshops.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.VOTING)
print(json.dumps({{
    "coordinators": [u.email for u in coordinators],
    "people": [u.email for u in people],
    "ideas": idea_ids, "workshop": workshop.pk, "notes": notes, "unit": unit.pk,
}}))
"""

TALLY = r"""
import json
from collections import Counter
import django
django.setup()
from django_tasks_db.models import DBTaskResult
from idesluss.ideas.models import Idea, IdeaEvent, Support
from idesluss.notifications.models import Notification
from idesluss.workshops.models import Vote, SignUp

ideas = {}
for idea in Idea.objects.all():
    ideas[idea.pk] = {
        "title": idea.title, "support_count": idea.support_count,
        "supports": Support.objects.filter(idea=idea).count(),
        "version": idea.version, "stage": idea.stage_id,
        "moves": IdeaEvent.objects.filter(idea=idea, kind=IdeaEvent.Kind.MOVED).count(),
        "submitter": idea.submitter.email, "status": idea.status,
    }
tasks = [
    {"name": t.task_path, "status": t.status, "workers": t.worker_ids}
    for t in DBTaskResult.objects.all()
]
print(json.dumps({
    "ideas": ideas, "tasks": tasks,
    "votes": Counter(v.voter.email for v in Vote.objects.select_related("voter")),
    "notifications": Notification.objects.count(),
    "emailed": Notification.objects.exclude(emailed_at=None).count(),
    "unsent": Notification.objects.filter(emailed_at=None, failed_at=None).count(),
}, default=str))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg(name: str, **kwargs):
    import psycopg

    return psycopg.connect(
        dbname=name,
        host=DEFAULT.get("HOST") or "127.0.0.1",
        port=DEFAULT.get("PORT") or 5432,
        user=DEFAULT.get("USER") or None,
        password=DEFAULT.get("PASSWORD") or None,
        **kwargs,
    )


class Browser:
    """One person's cookies, talking to one server by real HTTP (no redirects followed)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, jar: http.cookiejar.CookieJar | None = None):
        self.base = base
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect()
        )

    def request(self, path: str, data: dict | None = None, headers=None) -> tuple[int, str]:
        body = None
        all_headers = {"Referer": self.base + path, "Accept-Language": "en", **(headers or {})}
        if data is not None:
            data = {"csrfmiddlewaretoken": self.csrf(), **data}
            body = urllib.parse.urlencode(data, doseq=True).encode()
            all_headers["X-CSRFToken"] = self.csrf()
        request = urllib.request.Request(self.base + path, data=body, headers=all_headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        self.request("/accounts/login/")
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def sign_in(self, email: str) -> None:
        status, _ = self.request("/accounts/login/", {"login": email, "password": PASSWORD})
        assert status == 302, f"sign-in of {email} gave {status}"


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-servers")
    name = f"{str(DEFAULT['NAME']).removeprefix('test_')}_two_servers"[:63]
    host, port = DEFAULT.get("HOST") or "127.0.0.1", DEFAULT.get("PORT") or 5432
    user, password = DEFAULT.get("USER") or "postgres", DEFAULT.get("PASSWORD")
    auth = f"{user}:{password}" if password else user
    try:
        with socket.create_connection(REDIS, timeout=2):
            pass
    except OSError:
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (apt-get install redis-server).")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{auth}@{host}:{port}/{name}",
        CACHE_URL="redis://127.0.0.1:6379/14",
        DEBUG="false",
        SECRET_KEY="two-servers-test-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_MANIFEST="false",
        TASKS_BACKEND="database",
        NOTIFICATION_EMAIL_DELAY="0",
        NOTIFICATION_COLLAPSE_WINDOW="0",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        MEDIA_ROOT=str(tmp / "media"),
        PASSWORD_HASHER="md5",
        DJANGO_SETTINGS_MODULE="idesluss.config.settings",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    with _pg("postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    processes: list[subprocess.Popen] = []
    try:
        manage = [sys.executable, str(ROOT / "manage.py")]
        run = subprocess.run(
            [*manage, "migrate", "--no-input", "-v", "0"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        script = SETUP.format(password=PASSWORD, people=PEOPLE, ideas=IDEAS)
        run = subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        world = json.loads(run.stdout.strip().splitlines()[-1])
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], capture_output=True, timeout=10)

        servers = []
        for index in range(2):
            port_ = _free_port()
            log = open(tmp / f"server{index}.log", "w")  # noqa: SIM115 (closed with the process)
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).with_name("gunicorn")),
                        "--bind",
                        f"127.0.0.1:{port_}",
                        "--workers",
                        "2",
                        "--threads",
                        "2",
                        "--chdir",
                        str(ROOT),
                        "--no-control-socket",
                        "idesluss.config.wsgi",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            servers.append(f"http://127.0.0.1:{port_}")
        worker_logs = []
        for index in range(2):
            path = tmp / f"worker{index}.log"
            worker_logs.append(path)
            log = open(path, "w")  # noqa: SIM115
            processes.append(
                subprocess.Popen(
                    [*manage, "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2"],
                    env=env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        for base in servers:
            _wait_for(base)
        deadline = time.monotonic() + 60  # both workers poll the queue before writes start
        while not all("Starting worker" in path.read_text() for path in worker_logs):
            assert time.monotonic() < deadline, "the task workers started"
            time.sleep(0.2)
        yield {
            "servers": servers,
            "world": world,
            "env": env,
            "worker_logs": worker_logs,
            "processes": processes,
            "tmp": tmp,
        }
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], capture_output=True, timeout=10)
        with _pg("postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"The server at {base} did not answer /healthz within {seconds} s.")


def _tally(installation) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", TALLY],
        env=installation["env"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def _stages(browser: Browser, idea: int) -> tuple[list[str], str]:
    status, html = browser.request(f"/ideas/{idea}/move/")
    assert status == 200, status
    stages = re.findall(r'name="to_stage"[^>]*value="(\d+)"', html) or re.findall(
        r'<option value="(\d+)"', html
    )
    version = re.search(r'name="version"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*name="version"', html
    )
    assert stages and version, "the move form shows stages and the idea's version"
    return stages, version.group(1)


def test_two_servers_and_two_workers_lose_and_double_nothing(installation):
    servers, world = installation["servers"], installation["world"]
    problems: list[str] = []
    results = {"supported": 0, "moved": 0, "move_conflicts": 0, "votes": 0, "handed_in": []}
    lock = threading.Lock()
    barrier = threading.Barrier(len(world["people"]) + len(world["coordinators"]))

    def person_work(index: int, email: str) -> None:
        browser = Browser(servers[index % 2])
        browser.sign_in(email)
        other = Browser(servers[(index + 1) % 2], browser.jar)  # the same session
        barrier.wait(timeout=60)
        for n, idea in enumerate(world["ideas"]):
            client = browser if n % 2 else other
            status, _ = client.request(f"/ideas/{idea}/support/", {})
            assert status == 302, f"support gave {status}"
            with lock:
                results["supported"] += 1
        for note in world["notes"] * 2:  # more taps than dots
            client = browser if note % 2 else other
            status, html = client.request(
                f"/workshops/{world['workshop']}/notes/{note}/vote/", {}, {"HX-Request": "true"}
            )
            assert status == 200, f"vote gave {status}"
            if "message--error" not in html:
                with lock:
                    results["votes"] += 1
        for n in range(HAND_INS):
            client = browser if n % 2 else other
            title = f"Inlämnad {email} {n}"
            status, html = client.request(
                "/ideas/new/",
                {
                    "title": title,
                    "need": "Ett behov.",
                    "proposal": "Ett förslag.",
                    "lane": "improvement",
                    "unit": str(world["unit"]),
                },
            )
            assert status == 302, f"hand-in gave {status}: {_errors(html)}"
            with lock:
                results["handed_in"].append(title)

    def coordinator_work(index: int, email: str) -> None:
        browser = Browser(servers[index % 2])
        browser.sign_in(email)
        barrier.wait(timeout=60)
        for idea in world["ideas"]:
            stages, version = _stages(browser, idea)
            status, html = browser.request(
                f"/ideas/{idea}/move/",
                {
                    "to_stage": stages[0],
                    "message": "Vi tittar på den.",
                    "version": version,
                    # What some stages ask for (a closed idea's reason, …); others ignore it.
                    "closing_reason": "Prövad.",
                    "lesson_learned": "Vi lärde oss något.",
                    "forwarded_to": "Förvaltningen.",
                },
            )
            if status == 302:  # the idea's page says which: moved, or someone was first
                status, html = browser.request(f"/ideas/{idea}/")
            with lock:
                if status == 200 and "The idea was moved to" in html:
                    results["moved"] += 1
                elif status == 200 and "Someone else changed this idea" in html:
                    results["move_conflicts"] += 1
                else:
                    problems.append(f"move of {idea} gave {status}: {_errors(html)}")

    threads = [
        threading.Thread(target=_guard(problems, person_work), args=(i, email))
        for i, email in enumerate(world["people"])
    ] + [
        threading.Thread(target=_guard(problems, coordinator_work), args=(i, email))
        for i, email in enumerate(world["coordinators"])
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "the writers finished in time"
    assert problems == []

    # Every background task is done before we count (the workers poll every 0.2 s).
    deadline = time.monotonic() + 60
    while True:
        tally = _tally(installation)
        pending = [t for t in tally["tasks"] if t["status"] in ("READY", "RUNNING")]
        if (not pending and not tally["unsent"]) or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    ideas = {int(pk): idea for pk, idea in tally["ideas"].items()}
    # Supports: every support of every person is there once and the counters agree.
    for pk in world["ideas"]:
        assert ideas[pk]["supports"] == PEOPLE
        assert ideas[pk]["support_count"] == PEOPLE
    assert results["supported"] == PEOPLE * IDEAS
    # Moves: per idea, the coordinators raced; each saved move is one transition, each
    # refused one changed nothing (optimistic locking on the idea's version).
    moves = sum(ideas[pk]["moves"] for pk in world["ideas"])
    assert moves == results["moved"] >= IDEAS
    assert results["moved"] + results["move_conflicts"] == 2 * IDEAS
    # Votes: nobody spends more dots than they have, and every accepted dot is a row.
    assert sum(tally["votes"].values()) == results["votes"]
    assert all(count <= 3 for count in tally["votes"].values())
    # Hand-ins: each exactly once.
    titles = [idea["title"] for idea in ideas.values() if idea["title"].startswith("Inlämnad")]
    assert sorted(titles) == sorted(results["handed_in"])
    assert len(titles) == PEOPLE * HAND_INS
    # Background tasks: all ran, successfully, each by one worker once; both workers worked.
    tasks = tally["tasks"]
    assert tasks, "the moves and hand-ins queued e-mails"
    assert [t for t in tasks if t["status"] != "SUCCESSFUL"] == []
    assert all(len(t["workers"]) == 1 for t in tasks)
    assert len({t["workers"][0] for t in tasks}) == 2, "both workers took tasks"
    # E-mails: every notification was e-mailed, and the workers sent each once.
    assert tally["unsent"] == 0
    sent = sum(path.read_text().count("\nMessage-ID: ") for path in installation["worker_logs"])
    assert sent == tally["emailed"] > 0


def _guard(problems: list[str], work):
    def run(*args):
        try:
            work(*args)
        except Exception as error:  # reported by the test, with the thread's arguments
            problems.append(f"{args}: {error!r}")

    return run


def _errors(html: str) -> str:
    """The error messages of a page, for a failure report."""
    found = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', html, re.S)
    return "; ".join(text.strip() for text in found if text.strip())[:500] or html[:300]
