"""The network's pages: the open feeds (public), "Nätverket", the feeds followed, sharing a
challenge, adopting an item, and the endpoint other installations tell adoptions to."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from idesluss.challenges.models import Challenge
from idesluss.core.http import apply_errors
from idesluss.network import feeds, items, selectors, services, tasks
from idesluss.network.forms import SubscriptionForm
from idesluss.network.models import Kind, NetworkItem, Subscription
from idesluss.network.policy import policy

DEMO_FEEDS = {"exempelby": Path(__file__).resolve().parent / "data" / "exempelby.json"}
MAX_ADOPTED_BODY = 8 * 1024


# The open feeds -----------------------------------------------------------------------------


def _feed_response(request: HttpRequest, render_body, content_type: str) -> HttpResponse:
    found = items.feed_items()
    body = render_body(found)
    etag = feeds.etag_of(body)
    modified = max((item.updated for item in found), default=None)
    last_modified = int(modified.timestamp()) if modified else None
    if request.headers.get("If-None-Match"):
        tags = [tag.strip() for tag in request.headers["If-None-Match"].split(",")]
        if etag in tags or "*" in tags:
            return _not_modified(etag, last_modified)
    elif last_modified is not None:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if since is not None and last_modified <= since:
            return _not_modified(etag, last_modified)
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_modified(etag: str, last_modified: int | None) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


@require_GET
def feed_json(request: HttpRequest) -> HttpResponse:
    """JSON Feed 1.1 of the shared challenges and good examples (public)."""
    return _feed_response(request, feeds.json_feed, "application/feed+json; charset=utf-8")


@require_GET
def feed_atom(request: HttpRequest) -> HttpResponse:
    """The same as Atom 1.0, for feed readers (public)."""
    return _feed_response(request, feeds.atom_feed, "application/atom+xml; charset=utf-8")


@require_GET
def demo_feed(request: HttpRequest, name: str) -> HttpResponse:
    """A second organisation's feed for the demo ("Exempelby kommun"), bundled as a file."""
    path = DEMO_FEEDS.get(name)
    if path is None:
        raise Http404
    return HttpResponse(path.read_bytes(), content_type="application/feed+json; charset=utf-8")


# Nätverket ----------------------------------------------------------------------------------


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "network.view_network")
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    page = selectors.network_items(kind=kind, page=request.GET.get("page"))
    context = {
        "page": page,
        "kind": kind,
        "kinds": Kind.choices,
        "may_manage": policy.may(request.user, "network.manage_subscriptions"),
    }
    return render(request, "network/list.html", context)


@login_required
@require_POST
def item_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """ "We want to adopt this": a draft idea to finish and hand in."""
    item = get_object_or_404(NetworkItem.objects.select_related("subscription"), pk=pk)
    try:
        idea = services.item_adopt(item=item, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("network:list")
    messages.success(
        request,
        _("A draft idea was made from it. Adapt it to your unit and hand it in."),
    )
    return redirect("ideas:edit", pk=idea.pk)


# Feeds followed -----------------------------------------------------------------------------


@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "network.manage_subscriptions")
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_add(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                feed_url=form.cleaned_data["feed_url"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The feed is followed. It is fetched in a moment."))
            return redirect("network:subscriptions")
    context = {
        "form": form,
        "subscriptions": selectors.subscriptions(),
        "feed_urls": _own_feed_urls(request),
    }
    return render(
        request, "network/subscriptions.html", context, status=400 if form.errors else 200
    )


def _own_feed_urls(request: HttpRequest) -> list[str]:
    return [
        items.absolute(reverse("network:feed_json")),
        items.absolute(reverse("network:feed_atom")),
    ]


@login_required
@require_POST
def subscription_remove(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "network.manage_subscriptions")
    subscription = get_object_or_404(Subscription, pk=pk)
    services.subscription_remove(subscription=subscription, by=request.user)
    messages.success(request, _("The feed is no longer followed."))
    return redirect("network:subscriptions")


@login_required
@require_POST
def subscription_fetch(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "network.manage_subscriptions")
    subscription = get_object_or_404(Subscription, pk=pk)
    tasks.fetch_subscription.enqueue(subscription_id=subscription.pk)
    messages.success(request, _("The feed is fetched in a moment."))
    return redirect("network:subscriptions")


# Sharing a challenge ------------------------------------------------------------------------


@login_required
@require_POST
def challenge_share(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge.objects.select_related("owner_unit"), pk=pk)
    policy.require(request.user, "network.share_challenge", challenge)
    shared = request.POST.get("share") == "1"
    services.challenge_share(challenge=challenge, by=request.user, shared=shared)
    messages.success(
        request,
        _("The challenge is shared with the network.")
        if shared
        else _("The challenge is no longer shared with the network."),
    )
    return redirect(challenge)


# Being adopted (other installations) ----------------------------------------------------------


@csrf_exempt
@require_POST
def adopted(request: HttpRequest) -> HttpResponse:
    """Another installation tells us it adopted one of our shared challenges (public;
    docs/network.md, "The adopt handshake")."""
    declared = request.headers.get("Content-Length", "0")
    if not declared.isdigit() or int(declared) > MAX_ADOPTED_BODY:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return JsonResponse({"error": "not JSON"}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"error": "not an object"}, status=400)
    item_id = data.get("item", request.GET.get("item", ""))
    organisation = data.get("organisation")
    idea_title = data.get("idea_title", "")
    if not all(isinstance(value, str) for value in (item_id, organisation, idea_title)):
        return JsonResponse({"error": "wrong types"}, status=400)
    try:
        services.adoption_receive(
            item_id=item_id[:300], organisation=organisation[:1000], idea_title=idea_title[:1000]
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    except PermissionDenied:
        return JsonResponse({"error": "too many"}, status=429)
    return JsonResponse({"ok": True}, status=202)
