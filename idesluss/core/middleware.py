import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Swedish unless the person chose otherwise.

    Unlike Django's LocaleMiddleware the browser's Accept-Language is not
    consulted: a municipality's pages speak Swedish first, and the choice made
    with the language switch (a cookie) or in the profile wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every answer: the
    browser features no page uses (camera, microphone, position…) are refused, so that
    nothing injected into a page could ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class MetricsMiddleware:
    """Counts and times every answer for /metrics, by view name (never the path: ids
    would make a series of every object) and status class."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from idesluss.core import metrics

        started = time.perf_counter()
        response = self.get_response(request)
        metrics.request_observe(request, response.status_code, time.perf_counter() - started)
        return response
