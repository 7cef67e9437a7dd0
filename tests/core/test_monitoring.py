"""Liveness (/healthz), readiness (/readyz), metrics (/metrics) and JSON logs."""

import datetime
import io
import json
import logging
import uuid

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from idesluss.core import health
from idesluss.core.logs import JsonFormatter
from idesluss.notifications.models import Notification

TOKEN = "scrape-me-0123456789"
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def queue_task(*, status="READY", enqueued_at=NOW, run_after=None) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="idesluss.notifications.tasks.send_due_emails",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    # enqueued_at is auto_now_add: set it afterwards.
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued_at)
    return task


def scrape(client: Client, token: str = TOKEN) -> dict[str, dict[tuple, float]]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    values: dict[str, dict[tuple, float]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            values.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return values


# The task queue.


def test_an_empty_queue_has_waited_for_nothing(db):
    assert health.task_queue(now=NOW) == health.TaskQueue(waiting=0, failed=0, oldest_wait=0.0)


def test_a_task_waits_from_when_it_was_queued_or_became_due(db):
    queue_task(enqueued_at=NOW - datetime.timedelta(minutes=5))
    # Queued long ago for later: due only for a minute.
    queue_task(
        enqueued_at=NOW - datetime.timedelta(hours=3),
        run_after=NOW - datetime.timedelta(minutes=1),
    )
    queue_task(run_after=NOW + datetime.timedelta(hours=1))  # not due yet
    queue_task(status="RUNNING", enqueued_at=NOW - datetime.timedelta(hours=9))
    queue_task(status="FAILED", enqueued_at=NOW - datetime.timedelta(hours=9))
    assert health.task_queue(now=NOW) == health.TaskQueue(waiting=2, failed=1, oldest_wait=300.0)


# Readiness.


def test_ready_when_the_database_the_cache_and_the_queue_are(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "ok"},
            "tasks": {
                "status": "ok",
                "waiting": 0,
                "oldest_waiting_seconds": 0,
                "max_waiting_seconds": 900,
            },
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_not_ready_when_a_task_has_waited_too_long(db, client, settings):
    settings.READY_MAX_TASK_WAIT = 600
    queue_task(enqueued_at=timezone.now() - datetime.timedelta(minutes=11))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["tasks"]["status"] == "late"
    assert body["checks"]["tasks"]["waiting"] == 1
    assert 660 <= body["checks"]["tasks"]["oldest_waiting_seconds"] < 700


def test_not_ready_when_the_cache_keeps_nothing(db, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"status": "unavailable"}


def test_the_probes_answer_over_plain_http_in_production(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301


# Metrics.


def test_metrics_do_not_exist_without_a_token(db, client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize(
    ("authorization", "status"),
    [
        (None, 401),
        ("Bearer", 401),
        (f"Basic {TOKEN}", 401),
        ("Bearer wrong-token", 403),
        (f"Bearer {TOKEN}x", 403),
        (f"Bearer {TOKEN[:-1]}", 403),
    ],
)
def test_metrics_ask_for_the_token(db, client, settings, authorization, status):
    settings.METRICS_TOKEN = TOKEN
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == status
    assert b"idesluss_http_requests_total" not in response.content
    if status == 401:
        assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'


def test_metrics_count_and_time_requests_by_view_and_status(db, client, settings):
    settings.METRICS_TOKEN = TOKEN
    before = scrape(client)
    requests = before.get("idesluss_http_requests_total", {})
    ok = (("method", "GET"), ("status", "2xx"), ("view", "healthz"))
    missing = (("method", "GET"), ("status", "4xx"), ("view", "unmatched"))
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    after = scrape(client)
    assert after["idesluss_http_requests_total"][ok] == requests.get(ok, 0) + 3
    assert after["idesluss_http_requests_total"][missing] == requests.get(missing, 0) + 1
    count = (("view", "healthz"),)
    histogram = after["idesluss_http_request_duration_seconds_count"]
    assert (
        histogram[count]
        == before.get("idesluss_http_request_duration_seconds_count", {}).get(count, 0) + 3
    )
    # No series for a path: ids would make one for every object.
    assert all("/" not in dict(labels)["view"] for labels in after["idesluss_http_requests_total"])


def test_metrics_show_the_tasks_and_the_failed_emails(db, client, settings, person_in_role):
    settings.METRICS_TOKEN = TOKEN
    queue_task(enqueued_at=timezone.now() - datetime.timedelta(minutes=2))
    queue_task(status="FAILED")
    queue_task(status="FAILED")
    person = person_in_role("employee")
    for failed in (True, True, False):
        Notification.objects.create(
            recipient=person,
            kind=Notification._meta.get_field("kind").choices[0][0],
            title="Hej",
            failed_at=timezone.now() if failed else None,
        )
    values = scrape(client)
    assert values["idesluss_tasks_waiting"][()] == 1
    assert values["idesluss_tasks_failed"][()] == 2
    assert 110 <= values["idesluss_tasks_oldest_waiting_seconds"][()] < 200
    assert values["idesluss_emails_failed"][()] == 2


# Logs.


def test_json_logs_carry_the_request_without_its_query_string():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json_logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        request = RequestFactory().get("/ideas/12/?key=secret-reset-key")
        logger.error("Not Found: %s", request.path, extra={"request": request, "status_code": 404})
    finally:
        logger.removeHandler(handler)
    record = json.loads(stream.getvalue())
    assert record["level"] == "ERROR"
    assert record["logger"] == "tests.json_logs"
    assert record["message"] == "Not Found: /ideas/12/"
    assert record["method"] == "GET" and record["path"] == "/ideas/12/"
    assert record["status_code"] == 404
    assert "secret-reset-key" not in stream.getvalue()
    datetime.datetime.fromisoformat(record["time"])


# Where to report a vulnerability.


def test_security_txt_exists_only_with_a_contact(db, client, settings):
    settings.SECURITY_CONTACT = ""
    assert client.get("/.well-known/security.txt").status_code == 404
    settings.SECURITY_CONTACT = "security@kommunen.example"
    settings.SECURITY_POLICY_URL = "https://kommunen.example/security"
    settings.SITE_URL = "https://idesluss.kommunen.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Contact: mailto:security@kommunen.example"
    assert lines[1].startswith("Expires: ") and lines[1].endswith("Z")
    expires = datetime.datetime.fromisoformat(lines[1].removeprefix("Expires: "))
    assert expires > timezone.now() + datetime.timedelta(days=30)
    assert "Canonical: https://idesluss.kommunen.example/.well-known/security.txt" in lines
    assert "Policy: https://kommunen.example/security" in lines
