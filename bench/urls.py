"""The project's URLs plus two bench-only views (never in the application's URLs):

- /bench/bare: nothing but a short response through the same middleware: the ceiling of
  the stack on this machine;
- /bench/layout: an empty page in the base layout (menus, context processors): what every
  page costs before it shows anything of its own.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    """Nothing but a short response, through the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def layout(request: HttpRequest) -> HttpResponse:
    """The base layout every application page extends (Jinja2's `base.html`), empty."""
    template = engines["jinja2"].from_string('{% extends "base.html" %}')
    return HttpResponse(template.render({}, request))


urlpatterns = [
    path("bench/bare", bare, name="bench_bare"),
    path("bench/layout", layout, name="bench_layout"),
    path("", include("idesluss.config.urls")),
]
