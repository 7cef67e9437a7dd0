"""Metrics in Prometheus' text format, at /metrics behind a bearer token (docs/operations.md).

Requests are counted and timed by MetricsMiddleware, by view name and status class. Under
gunicorn each worker writes its numbers to files in PROMETHEUS_MULTIPROC_DIR (set by
idesluss/config/gunicorn.py) and a scrape adds up every worker's, so the answer does not
depend on which worker gives it. What is read from the database (tasks waiting and failed,
e-mails failed) is read at scrape time: the core's own gauges, and each app's from its
`metrics.py` with `@metrics.gauge(...)` (the core knows no app above it):

    # notifications/metrics.py
    @metrics.gauge("idesluss_emails_failed", "E-mails given up after their last retry.")
    def emails_failed() -> float:
        return Notification.objects.filter(failed_at__isnull=False).count()
"""

import os
from collections.abc import Callable, Iterator

from django.http import HttpRequest
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from idesluss.core import health
from idesluss.core.discovery import app_modules

# The `_created` series (when a counter was born) only double what a scrape carries.
disable_created_metrics()

CONTENT_TYPE = CONTENT_TYPE_LATEST
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter(
    "idesluss_http_requests",
    "HTTP requests answered, by view, method and status class.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "idesluss_http_request_duration_seconds",
    "Time to answer a request (seconds), by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

Gauge = Callable[[], float]
_gauges: list[tuple[str, str, Gauge]] = []


def gauge(name: str, documentation: str) -> Callable[[Gauge], Gauge]:
    """Read the decorated function at every scrape and show its number as `name`."""

    def decorator(function: Gauge) -> Gauge:
        if all(known != name for known, _doc, _function in _gauges):
            _gauges.append((name, documentation, function))
        return function

    return decorator


def view_name(request: HttpRequest) -> str:
    """The URL pattern's name, never the path (ids would make a series of every object)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    from django.conf import settings

    if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


def request_observe(request: HttpRequest, status: int, seconds: float) -> None:
    view = view_name(request)
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(view=view, method=method, status=f"{status // 100}xx").inc()
    LATENCY.labels(view=view).observe(seconds)


class _Gauges(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        queue = health.task_queue()
        yield GaugeMetricFamily(
            "idesluss_tasks_waiting",
            "Background tasks due and not yet taken by a worker.",
            value=queue.waiting,
        )
        yield GaugeMetricFamily(
            "idesluss_tasks_failed",
            "Background tasks that ended with an error (kept until pruned).",
            value=queue.failed,
        )
        yield GaugeMetricFamily(
            "idesluss_tasks_oldest_waiting_seconds",
            "Seconds the longest-waiting due background task has waited (0 when none).",
            value=queue.oldest_wait,
        )
        app_modules("metrics")
        for name, documentation, function in _gauges:
            yield GaugeMetricFamily(name, documentation, value=float(function()))


def exposition() -> bytes:
    """Every metric, in Prometheus' text format."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(_Gauges())
    return generate_latest(registry)
