"""What the health checks and the metrics read: the database, the cache and the queue of
background tasks (django-tasks-db keeps it in a table; `idesluss db_worker` empties it)."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.models import Case, Count, F, Min, Q, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

WAITING = "READY"
FAILED = "FAILED"


def databases_answer() -> bool:
    """Every configured database answers a query."""
    try:
        for alias in connections:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    except DatabaseError:
        return False
    return True


def cache_answers() -> bool:
    """The cache keeps what it is given (Redis in production: the sign-in limits and
    sessions live there). A value of its own, so that two probes never meet."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        kept = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # any client's error (connection refused, timeout) means "not ready"
        return False
    return kept


@dataclass(frozen=True, slots=True)
class TaskQueue:
    waiting: int  # due now, not yet taken by a worker
    failed: int  # ended with an error (kept until pruned)
    oldest_wait: float  # seconds the longest-waiting due task has waited; 0 when none


def task_queue(*, now: datetime.datetime | None = None) -> TaskQueue:
    """The queue in one query. A task waits from when it is due: when it was queued, or its
    `run_after` time when it was queued for later."""
    now = now or timezone.now()
    later = get_date_max()
    due = Q(status=WAITING) & (Q(run_after=later) | Q(run_after__lte=now))
    since = Case(
        When(run_after=later, then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    row = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=due),
        failed=Count("pk", filter=Q(status=FAILED)),
        oldest=Min(since, filter=due),
    )
    oldest = row["oldest"]
    wait = max((now - oldest).total_seconds(), 0.0) if oldest else 0.0
    return TaskQueue(waiting=row["waiting"], failed=row["failed"], oldest_wait=wait)
