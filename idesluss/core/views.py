import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from idesluss.core import health, metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness, for load balancers: 200 when every database answers, 503 when one does not.
    Cheap on purpose (one `SELECT 1`)."""
    if not health.databases_answer():
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database, the cache, and the background tasks' queue (no due task has
    waited longer than READY_MAX_TASK_WAIT seconds: a worker is running and keeps up).
    200 when all are fine, 503 with each check's answer when one is not."""
    checks: dict[str, dict] = {
        "database": {"status": "ok" if health.databases_answer() else "unavailable"},
        "cache": {"status": "ok" if health.cache_answers() else "unavailable"},
    }
    if checks["database"]["status"] == "ok":
        queue = health.task_queue()
        late = queue.oldest_wait > settings.READY_MAX_TASK_WAIT
        checks["tasks"] = {
            "status": "late" if late else "ok",
            "waiting": queue.waiting,
            "oldest_waiting_seconds": round(queue.oldest_wait),
            "max_waiting_seconds": settings.READY_MAX_TASK_WAIT,
        }
    else:
        checks["tasks"] = {"status": "unavailable"}
    ready = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format, for a scraper holding METRICS_TOKEN
    (`Authorization: Bearer <token>`). Without a token configured there is no such page."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        response = HttpResponse("Authorization: Bearer <token> required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    if not constant_time_compare(given.strip(), token):
        return HttpResponse("Wrong token.\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics.exposition(), content_type=metrics.CONTENT_TYPE)


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability, when the
    installation has said so (SECURITY_CONTACT); without it there is no such file."""
    contact = settings.SECURITY_CONTACT
    if not contact:
        raise Http404
    if "@" in contact and not contact.startswith(("mailto:", "https://")):
        contact = f"mailto:{contact}"
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=180)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: sv, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
