from django.conf import settings
from django.http import HttpResponse


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    """Remember the interface language in the browser (read by LocaleMiddleware)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response


def language_of(person) -> str:
    """The language to write to a person in: theirs, or the organisation's."""
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
