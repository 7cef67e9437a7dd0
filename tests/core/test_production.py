"""The production mode: deploy checks, gunicorn with WhiteNoise, CSP and the health check."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The command line of this checkout (the `idesluss` script runs the installed package,
# which may be another checkout's in an editable install).
IDESLUSS = [str(BIN / "python"), "-m", "idesluss.cli"]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "STATIC_MANIFEST",
            "PASSWORD_HASHER",
            "TASKS_BACKEND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="idesluss.config.settings",
        SECRET_KEY="k7#Qm2v!p9Zx4$Lr8Wt1&Yb6Nc3^Hd5*Fg0@Js-Ua_Ve+Io=Pq",
        ALLOWED_HOSTS="127.0.0.1,idesluss.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        DATA_DIR=str(tmp_path),
        BEHIND_PROXY="true",
        EMAIL_HOST="mail.idesluss.example",
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_without_warnings(tmp_path):
    result = run(
        [*IDESLUSS, "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run([*IDESLUSS, "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int = 1):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "idesluss/config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "idesluss.config.wsgi",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str, https: bool = True, authorization: str | None = None):
        headers = {"Host": "idesluss.example"}
        if authorization:
            headers["Authorization"] = authorization
        if https:
            headers["X-Forwarded-Proto"] = "https"
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def collected(tmp_path):
    env = production_env(tmp_path)
    result = run([*IDESLUSS, "collectstatic", "--no-input", "-v", "0"], env)
    assert result.returncode == 0, result.stderr
    # The signed-out start page shows the month's good example and the feeds: it reads the
    # database, as an installed site has one.
    result = run([*IDESLUSS, "migrate", "--no-input", "-v", "0"], env)
    assert result.returncode == 0, result.stderr
    return env


def test_gunicorn_serves_pages_static_files_and_health(collected, tmp_path):
    server = Gunicorn(collected)
    try:
        status, headers, body = server.get("/healthz", https=False)
        assert status == 200  # load balancers probe over plain HTTP
        assert json.loads(body) == {"status": "ok", "database": "ok"}

        status, headers, _ = server.get("/", https=False)
        assert status == 301 and headers["Location"].startswith("https://")

        status, headers, body = server.get("/")
        assert status == 200
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "Strict-Transport-Security" in headers
        page = body.decode()
        assert '<html lang="sv">' in page
        css = page.split('href="/static/idesluss/css/', 1)[1].split('"', 1)[0]
        assert css != "site.css"  # hashed name from the manifest
        status, headers, _ = server.get(f"/static/idesluss/css/{css}")
        assert status == 200
        assert "max-age=315360000" in headers.get("Cache-Control", "")
    finally:
        server.stop()


def test_health_check_answers_503_without_the_database(collected):
    env = {**collected, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"}
    server = Gunicorn(env)
    try:
        status, _headers, body = server.get("/healthz", https=False)
        assert status == 503
        assert json.loads(body)["database"] == "unreachable"
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
        ("locmem://", "django.contrib.sessions.backends.db"),
        ("db://idesluss_cache", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_read_from_the_cache_only_when_it_is_shared(tmp_path, cache_url, engine):
    """A per-process cache would show one worker's stale copy of a session another worker
    changed; the shared cache (Redis) is written through to the database."""
    result = run(
        [
            str(BIN / "python"),
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SESSION_ENGINE)",
        ],
        production_env(tmp_path, CACHE_URL=cache_url),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == engine


def test_gunicorn_workers_add_up_their_metrics_and_log_json(collected, tmp_path):
    """Two workers: the scrape counts every request, whichever worker answered it; with
    LOG_FORMAT=json gunicorn's own lines (its access log too) are JSON objects."""
    from prometheus_client.parser import text_string_to_metric_families

    token = "scrape-token-0123456789"
    env = {
        **collected,
        "METRICS_TOKEN": token,
        "LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    migrated = run([*IDESLUSS, "migrate", "--no-input", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "counter_999.db").write_bytes(b"left by an earlier start")
    server = Gunicorn(env, workers=2)
    try:
        for _ in range(20):
            assert server.get("/healthz", https=False)[0] == 200
        assert server.get("/no-such-page/")[0] == 404

        def scrape() -> dict:
            status, _headers, body = server.get("/metrics", authorization=f"Bearer {token}")
            assert status == 200
            return {
                (sample.name, tuple(sorted(sample.labels.items()))): sample.value
                for family in text_string_to_metric_families(body.decode())
                for sample in family.samples
            }

        labels = (("method", "GET"), ("status", "2xx"), ("view", "healthz"))
        # Whichever worker answers the scrape, the sum is the same.
        for _ in range(4):
            values = scrape()
            assert values[("idesluss_http_requests_total", labels)] == 20
            assert values[("idesluss_tasks_waiting", ())] == 0
            assert values[("idesluss_emails_failed", ())] == 0
        assert server.get("/metrics", authorization="Bearer wrong")[0] == 403
    finally:
        server.stop()
    lines = [line for line in server.process.stderr.read().decode().splitlines() if line]
    records = [json.loads(line) for line in lines]
    assert {"gunicorn.error", "gunicorn.access"} <= {record["logger"] for record in records}


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_the_application_logs_json_lines_when_asked(tmp_path, log_format):
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('idesluss.ideas').warning('Idea %s moved', 12)"
    )
    result = run([str(BIN / "python"), "-c", code], production_env(tmp_path, LOG_FORMAT=log_format))
    assert result.returncode == 0, result.stderr
    if log_format == "json":
        record = json.loads(result.stderr.strip().splitlines()[-1])
        assert record["level"] == "WARNING" and record["logger"] == "idesluss.ideas"
        assert record["message"] == "Idea 12 moved"
    else:
        assert result.stderr.strip().splitlines()[-1] == "Idea 12 moved"


def test_an_unknown_log_format_is_refused(tmp_path):
    result = run(
        [*IDESLUSS, "check"],
        production_env(tmp_path, LOG_FORMAT="xml"),
    )
    assert result.returncode != 0
    assert "LOG_FORMAT is either text or json" in result.stderr
