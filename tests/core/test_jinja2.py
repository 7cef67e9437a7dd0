"""The Jinja2 environment of the application's pages (core/jinja2.py): translated in the
active language, escaped, formatted as the Django templates format, and one layout for
Jinja2 and Django pages."""

import datetime
import re

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import translation


def jinja(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def django(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(("language", "expected"), [("sv", "Idéer"), ("en", "Ideas")])
def test_strings_are_translated_into_the_active_language(language, expected):
    with translation.override(language):
        assert jinja('{{ _("Ideas") }}') == expected
        assert jinja("{% trans %}Ideas{% endtrans %}") == expected


@pytest.mark.parametrize(
    ("language", "one", "three"),
    [("sv", "1 idé", "3 idéer"), ("en", "1 idea", "3 ideas")],
)
def test_plurals_follow_the_number(language, one, three):
    source = '{{ ngettext("%(counter)s idea", "%(counter)s ideas", n, counter=n) }}'
    with translation.override(language):
        assert jinja(source, n=1) == one
        assert jinja(source, n=3) == three


def test_values_are_escaped_also_inside_translations():
    assert jinja("{{ value }}", value='<script>"x"</script>') == (
        "&lt;script&gt;&#34;x&#34;&lt;/script&gt;"
    )
    with translation.override("sv"):
        html = jinja(
            '{{ _("Idésluss – the idea sluice of %(org)s.", org=org) }}', org="<b>Kommun</b>"
        )
    assert html == "Idésluss – idéslussen i &lt;b&gt;Kommun&lt;/b&gt;."
    # A value that itself looks like a placeholder is not filled in again.
    with translation.override("en"):
        page = jinja('{{ _("Page %(number)s of %(total)s", number=n, total=2) }}', n="%(total)s")
    assert page == "Page %(total)s of 2"
    # pgettext: an unknown context falls back to the English text.
    with translation.override("en"):
        assert jinja('{{ pgettext("nowhere", "Ideas") }}') == "Ideas"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_dates_and_numbers_look_as_in_the_django_templates(language):
    day = datetime.date(2026, 3, 5)
    with translation.override(language):
        assert jinja('{{ day|date("j M Y") }}', day=day) == django(
            '{{ day|date:"j M Y" }}', day=day
        )
        assert jinja("{{ share|number(1) }}", share=2.25) == django(
            "{% load l10n %}{{ share|floatformat:1 }}", share=2.25
        )


def _header(html: str) -> str:
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    # What differs by page and request: the current link, the way back, the masked token.
    header = re.sub(r' aria-current="[^"]*"', "", header)
    header = re.sub(r'name="next" value="[^"]*"', "", header)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", header)


def test_jinja2_and_django_pages_share_one_layout(client, employee):
    client.force_login(employee)
    jinja_page = client.get(reverse("ideas:list")).text  # Jinja2
    django_page = client.get(reverse("account_logout")).text  # allauth's, Django templates
    assert '<a class="skip-link" href="#main">Hoppa till innehållet</a>' in jinja_page
    assert _header(jinja_page) == _header(django_page)
    assert re.findall(r"<footer.*?</footer>", jinja_page, re.S) == re.findall(
        r"<footer.*?</footer>", django_page, re.S
    )
    # htmx comes with the page's CSP nonce on both.
    for page in (jinja_page, django_page):
        nonce = re.search(r'"inlineScriptNonce": "([^"]+)"', page).group(1)
        assert f'htmx-2.min.js" defer nonce="{nonce}"></script>' in page
    # Each page marks its own menu link (the sign-out page is in no menu).
    assert f'<a href="{reverse("ideas:list")}" aria-current="page">' in jinja_page
    assert 'aria-current="page"' not in django_page


def test_makemessages_finds_the_strings_of_jinja2_templates():
    from idesluss.core.management.commands.makemessages import jinja2_messages

    source = (
        '<p>{{ _("Ideas") }}</p>\n'
        '{{ ngettext("%(counter)s idea", "%(counter)s ideas", n, counter=n) }}'
        ' {{ _("Page %(number)s of %(total)s", number=1, total=2) }}\n'
        "{% trans %}Skip to content{% endtrans %}\n"
    )
    assert jinja2_messages(source).splitlines() == [
        "gettext('Ideas')",
        "ngettext('%(counter)s idea', '%(counter)s ideas', 0); "
        "gettext('Page %(number)s of %(total)s')",
        "gettext('Skip to content')",
    ]


def test_a_template_edit_shows_without_a_restart_in_debug(tmp_path, settings):
    """Nothing of the Jinja2 pages is remembered but Jinja2's compiled templates, which
    it reloads when the file changes while DEBUG is on (development)."""
    import os

    from django.template.backends.jinja2 import Jinja2

    settings.DEBUG = True
    page = tmp_path / "page.html"
    page.write_text("{{ _('Ideas') }} one", encoding="utf-8")
    engine = Jinja2(
        {
            "NAME": "edit-test",
            "DIRS": [tmp_path],
            "APP_DIRS": False,
            "OPTIONS": {"environment": "idesluss.core.jinja2.environment"},
        }
    )
    with translation.override("sv"):
        assert engine.get_template("page.html").render() == "Idéer one"
        page.write_text("{{ _('Ideas') }} two", encoding="utf-8")
        stat = page.stat()
        os.utime(page, (stat.st_atime, stat.st_mtime + 2))  # a later edit
        assert engine.get_template("page.html").render() == "Idéer two"


@pytest.mark.django_db
def test_the_layout_renders_without_a_request_context():
    """Django's CSRF failure page renders base.html without the request: the layout's
    parts must not need it."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:language_switch"), {"language": "en"}
    )
    assert response.status_code == 403
    assert '<a class="skip-link" href="#main">' in response.text
    assert '<footer class="site-footer">' in response.text


def test_the_list_answers_htmx_with_its_results_only_and_escapes_titles(client, employee):
    from tests.factories import make_idea

    make_idea(submitter=employee, title="Nycklar <b>& lås</b>")
    client.force_login(employee)
    results = client.get(reverse("ideas:list"), {"q": "Nycklar"}, headers={"HX-Request": "true"})
    assert "<html" not in results.text
    assert '<p class="muted" role="status">1 idé</p>' in results.text
    assert "Nycklar &lt;b&gt;&amp; lås&lt;/b&gt;</a></h2>" in results.text
    page = client.get(reverse("ideas:list"), {"q": "Nycklar"})
    assert '<form method="get" class="filters card" role="search"' in page.text
    assert '<input type="text" name="q" value="Nycklar" maxlength="200" id="id_q">' in page.text


def test_dates_and_times_are_shown_in_the_current_time_zone(settings):
    """As Django's templates: an aware datetime is shown in local time (Stockholm: UTC+1
    in winter, UTC+2 in summer), a date as it is."""
    import datetime

    from django.template import engines

    settings.TIME_ZONE = "Europe/Stockholm"
    template = engines["jinja2"].from_string(
        '{{ winter|date("Y-m-d H:i") }} {{ summer|time("H:i") }} {{ day|date("j/n") }}'
    )
    winter = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 6, 1, 8, 15, tzinfo=datetime.UTC)
    rendered = template.render(
        {"winter": winter, "summer": summer, "day": datetime.date(2026, 1, 2)}
    )
    assert rendered == "2026-12-07 00:30 10:15 2/1"


def test_remembered_dates_follow_the_language_and_the_time_zone():
    """Formatted dates are kept per worker by value, format, language and time zone: the
    same moment is written for each language and zone as Django writes it."""
    import datetime

    from django.template import engines
    from django.utils import timezone, translation

    template = engines["jinja2"].from_string('{{ moment|date("j F H:i") }}')
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    shown = {}
    for language in ("sv", "en"):
        for zone in ("UTC", "Europe/Stockholm"):
            with translation.override(language), timezone.override(zone):
                shown[language, zone] = [template.render({"moment": moment}) for _ in range(2)]
    assert shown == {
        ("sv", "UTC"): ["31 december 23:30"] * 2,
        ("sv", "Europe/Stockholm"): ["1 januari 00:30"] * 2,
        ("en", "UTC"): ["31 December 23:30"] * 2,
        ("en", "Europe/Stockholm"): ["1 January 00:30"] * 2,
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            "19 december 2026 · 19 dec · sön 20 dec 2026 kl. 10.00 · kl. 10.00 · "
            "sön 20 dec 2026 kl. 10.00–11.30",
        ),
        (
            "en",
            "19 December 2026 · 19 Dec · Sun 20 Dec 2026, 10:00 · 10:00 · "
            "Sun 20 Dec 2026, 10:00–11:30",
        ),
    ],
)
def test_the_date_style_filters_write_each_language_its_own_way(settings, language, expected):
    """The filters the pages use for dates people read (core.dates, issue 12, item 7)."""
    settings.TIME_ZONE = "Europe/Stockholm"
    start = datetime.datetime(2026, 12, 20, 9, 0, tzinfo=datetime.UTC)  # 10:00 in Stockholm
    with translation.override(language):
        assert (
            jinja(
                "{{ day|format_date }} · {{ day|format_short_date }} · {{ start|format_datetime }}"
                " · {{ start|format_time }} · {{ start|format_time_span(end) }}",
                day=datetime.date(2026, 12, 19),
                start=start,
                end=start + datetime.timedelta(minutes=90),
            )
            == expected
        )


def test_a_form_with_errors_gets_a_summary_at_the_top_of_the_page(rf):
    """Issue 12, item 15: base.html sums up the errors of every bound form in the context,
    each field's message led by its label and linked to the field (the first radio button
    of a group); a form without errors, or not sent, adds nothing."""
    from django import forms

    class Form(forms.Form):
        title = forms.CharField(label="Title")
        lane = forms.ChoiceField(label="Lane?", choices=[("a", "A")], widget=forms.RadioSelect)
        version = forms.IntegerField(widget=forms.HiddenInput)

        def clean(self):
            raise forms.ValidationError("Something is wrong.")

    source = '{% extends "base.html" %}{% block content %}<form></form>{% endblock %}'
    template = engines["jinja2"].from_string(source)
    request = rf.get("/")
    with translation.override("en"):
        html = template.render({"form": Form(data={}), "other": Form()}, request)
    summary = html.split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert html.index('id="error-summary"') < html.index("<form>")
    assert '<a href="#id_title">Title: This field is required.</a>' in summary
    assert '<a href="#id_lane_0">Lane? This field is required.</a>' in summary
    assert "<li>Something is wrong.</li>" in summary  # the form's own error: no link
    assert "<li>This field is required.</li>" in summary  # the hidden field's
    assert "<title>Error: " in html
    assert "error-summary.js" in html

    with translation.override("en"):
        html = template.render({"form": Form(data={"title": "x", "lane": "a", "version": "1"})})
    assert html.count("Something is wrong.") == 1  # the form's own error still sums up
    with translation.override("en"):
        html = template.render({"form": Form()}, request)
    assert "error-summary" not in html and "<title>Error" not in html


@pytest.mark.django_db
def test_a_django_page_with_form_errors_gets_the_same_summary(client):
    """Allauth's pages are Django templates: their base.html shows the same error summary
    (issue 12, item 15) and says "Error:" in the title."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(reverse("account_login"), {"login": "", "password": ""}).text
    summary = page.split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#id_login">' in summary and '<a href="#id_password">' in summary
    assert page.index('id="error-summary"') < page.index('id="id_login"')
    assert "<title>Error: " in page
    page = client.get(reverse("account_login")).text
    assert "error-summary" not in page and "<title>Error" not in page
