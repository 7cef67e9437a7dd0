import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from idesluss.accounts import selectors as account_selectors
from idesluss.accounts import services as account_services
from idesluss.core.http import safe_next
from idesluss.core.i18n import set_language_cookie
from idesluss.groups import selectors as group_selectors
from idesluss.ideas import selectors as idea_selectors
from idesluss.workshops import selectors as workshop_selectors


class ComingUp(NamedTuple):
    kind: str  # "session" or "workshop"
    starts_at: datetime.datetime
    item: object


def home(request: HttpRequest) -> HttpResponse:
    context: dict = {}
    if request.user.is_authenticated:
        context["person"] = account_selectors.person_for_page(pk=request.user.pk)
        context["unit"] = context["person"].unit
        context.update(idea_selectors.start_page(request.user))
        groups = group_selectors.start_page_groups(request.user)
        workshops = workshop_selectors.coming_workshops(person=request.user)
        context["open_actions"] = groups["open_actions"]
        # The person's coming group sessions and workshops, in one list by time.
        context["coming_up"] = sorted(
            [
                *(ComingUp("session", s.starts_at, s) for s in groups["coming_sessions"]),
                *(ComingUp("workshop", w.starts_at, w) for w in workshops),
            ],
            key=lambda item: item.starts_at,
        )[:5]
        context["today"] = timezone.localdate()
        if context["unit"] is not None:
            context["unit_managers"] = account_selectors.managers_of_unit(unit=context["unit"])
    return render(request, "core/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when every database answers, 503 when one does not (for load balancers)."""
    try:
        for alias in connections:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and on the person."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        set_language_cookie(response, language)
        user = request.user
        if user.is_authenticated and user.preferred_language != language:
            account_services.user_update(user=user, preferred_language=language, by=user)
    return response
