"""The Jinja2 environment of the application's pages (issue 13, item 4).

Pages converted from Django templates live in `idesluss/jinja2/` and are found first
(the Jinja2 backend comes before the Django one in TEMPLATES); the admin, allauth and
every page not yet converted keep their Django templates. Both kinds of page share one
layout: the Jinja2 parts in `idesluss/jinja2/layout/`, which the Jinja2 `base.html`
includes and the Django `base.html` renders through `{% layout_part %}`
(core/templatetags/layout.py).

What the pages need of Django is here, equivalent to the Django tags they replace:
translations (`_`, `gettext`, `ngettext`, `pgettext`, `npgettext` and `{% trans %}`, all
"newstyle": `%(name)s` is filled in after translating and the values are escaped),
`url`, `static`, `has_perm`, the active language and dates and numbers formatted in it.
Dates and times people read are written in the one style of each language
(core.dates): `|format_date`, `|format_short_date`, `|format_datetime`, `|format_time`
and `start|format_time_span(end)`; `|date("c")` is for machine formats only.
The backend adds `request`, `csrf_input`, `csrf_token` and the context processors' values.
"""

import datetime
from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BoundField
from django.forms.forms import NON_FIELD_ERRORS
from django.forms.widgets import Input, Widget
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, translation
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import gettext
from django_htmx.jinja import htmx_script
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from idesluss.core import dates


@lru_cache(maxsize=4096)
def _reverse(prefix: str, urlconf: str | None, name: str, args: tuple, kwargs: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _forget_remembered(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
    _formatted.cache_clear()


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`{{ url("ideas:detail", idea.pk) }}`: Django's `{% url %}`. Remembered by the script
    prefix, URLconf, name and arguments (the layout asks for the same dozen on every page)."""
    try:
        return _reverse(get_script_prefix(), get_urlconf(), name, args, tuple(kwargs.items()))
    except TypeError:  # an argument that cannot be a key
        return reverse(name, args=args or None, kwargs=kwargs or None)


def has_perm(user: Any, perm: str, obj: Any = None) -> bool:
    """`{% if has_perm(user, "ideas.change_idea", idea) %}`: django-rules' `has_perm`."""
    return bool(user is not None and getattr(user, "has_perm", None) and user.has_perm(perm, obj))


# Formatting a date in Django is slow (a page of 60 challenges spent 3 ms on their 120
# dates): the result depends on nothing but the value, the format, the language and the
# time zone, so it is kept per worker under exactly those (at most FORMATTED_KEPT, the
# least used going first; a changed setting empties it, a new catalogue comes with a
# restart).
FORMATTED_KEPT = 8192


@lru_cache(maxsize=FORMATTED_KEPT)
def _formatted(
    kind: str, value: datetime.date, format_string: str | None, language: str, zone: str
) -> str:
    formatter = defaultfilters.date if kind == "date" else defaultfilters.time
    return formatter(value, format_string)


def _format(kind: str, value: Any, format_string: str | None) -> str:
    value = template_localtime(value)
    if not isinstance(value, datetime.date):
        formatter = defaultfilters.date if kind == "date" else defaultfilters.time
        return formatter(value, format_string)
    return _formatted(
        kind,
        value,
        format_string,
        translation.get_language() or "",
        get_current_timezone_name() if isinstance(value, datetime.datetime) else "",
    )


def date(value: Any, format_string: str | None = None) -> str:
    """`{{ moment|date("c") }}`: Django's `date` filter, in the active language and, for
    a datetime, the current time zone (as Django's templates convert it). For machine
    formats (`<time datetime>`); dates people read use the style filters (core.dates)."""
    return _format("date", value, format_string)


def time(value: Any, format_string: str | None = None) -> str:
    """`{{ moment|time("H:i") }}`: Django's `time` filter, in the active language and the
    current time zone."""
    return _format("time", value, format_string)


def localize(value: Any) -> str:
    """`{{ value|localize }}`: a number or date as the active language writes it; a
    datetime in the current time zone."""
    return formats.localize(template_localtime(value))


def linebreaksbr(value: Any) -> SafeString:
    """`{{ text|linebreaksbr }}`: Django's, escaping the text first (autoescape is on)."""
    return defaultfilters.linebreaksbr(value, autoescape=True)


def truncatechars(value: Any, length: int) -> str:
    """`{{ text|truncatechars(80) }}`: Django's (ends in "…", counts it)."""
    return defaultfilters.truncatechars(value, length)


def yesno(value: Any, choices: str | None = None) -> str:
    """`{{ flag|yesno(_("yes,no")) }}`: Django's."""
    return defaultfilters.yesno(value, choices)


def number(value: Any, decimals: int | str = -1) -> str:
    """`{{ share|number(1) }}`: Django's `floatformat`, localised as the Django templates
    show numbers (the active language's decimal separator)."""
    return defaultfilters.floatformat(value, decimals)


def _attrs(attrs: dict) -> str:
    # As Django's django/forms/widgets/attrs.html: True gives the bare name, False nothing.
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _plain_input(field_widget: Widget) -> bool:
    # An input Django renders with its own input.html (text, e-mail, number, checkbox …).
    return isinstance(field_widget, Input) and field_widget.template_name in (
        "django/forms/widgets/input.html",
        f"django/forms/widgets/{field_widget.input_type}.html",
    )


def widget(bound: BoundField) -> SafeString:
    """`{{ widget(form["q"]) }}`: a field's widget with the markup Django's renderer gives
    it, without a template for each (a filter form's widgets cost 4.5 ms that way, see
    docs/performance.md): plain inputs and checkboxes, and selects whose options come
    written in Python (`options` in the context, as core.widgets.LongSelect gives them).
    Any other widget goes through the form renderer."""
    field_widget = bound.field.widget
    if not (_plain_input(field_widget) or isinstance(field_widget, forms.Select)):
        return bound.as_widget()
    attrs = bound.build_widget_attrs({}, field_widget)
    if bound.auto_id and "id" not in field_widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = field_widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    name = escape(context["name"])
    if isinstance(field_widget, forms.Select):
        if "options" not in context:
            return bound.as_widget()
        return mark_safe(
            f'<select name="{name}"{_attrs(context["attrs"])}>{context["options"]}</select>'
        )
    value = "" if context["value"] is None else f' value="{escape(str(context["value"]))}"'
    return mark_safe(
        f'<input type="{escape(context["type"])}" name="{name}"{value}{_attrs(context["attrs"])}>'
    )


# Django's own msgid (its catalogue translates it): a label ending in one gets no suffix.
_LABEL_PUNCTUATION = ":?.!"


def label(bound: BoundField) -> SafeString:
    """`{{ label(form["q"]) }}`: `bound.label_tag()`, the same markup without a template.
    As there (core.renderers.LabelWithoutColon), no colon unless the field asks for one."""
    contents = bound.label
    label_suffix = bound.field.label_suffix or ""
    if label_suffix and contents and contents[-1] not in gettext(_LABEL_PUNCTUATION):
        contents = format_html("{}{}", contents, label_suffix)
    field_widget = bound.field.widget
    id_ = field_widget.attrs.get("id") or bound.auto_id
    if not id_:
        return conditional_escape(contents)
    attrs = {}
    id_for_label = field_widget.id_for_label(id_)
    if id_for_label:
        attrs["for"] = id_for_label
    if bound.field.required and hasattr(bound.form, "required_css_class"):
        attrs["class"] = bound.form.required_css_class
    return mark_safe(f"<label{_attrs(attrs)}>{conditional_escape(contents)}</label>")


def _error_target(form: forms.BaseForm, name: str) -> str:
    # The id of the element a summary's link goes to: the field's input (the first one of
    # a group of radio buttons or checkboxes); "" for errors of the whole form or of a
    # hidden field, which have nothing to go to.
    if name == NON_FIELD_ERRORS or name not in form.fields:
        return ""
    bound = form[name]
    if bound.is_hidden or not bound.auto_id:
        return ""
    field_widget = bound.field.widget
    if isinstance(field_widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return field_widget.id_for_label(bound.auto_id) or bound.auto_id


@pass_context
def form_errors(context: Context) -> list[tuple[str, str]]:
    """`{% set errors = form_errors() %}`: every error of the bound forms in the page's
    context, as (message, "#id of the field" or "") in the forms' field order, for the
    error summary at the top of the page (base.html, issue 12 item 15). A field's message
    starts with its label, so "This field is required." says which field it is."""
    items: list[tuple[str, str]] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        if not isinstance(value, forms.BaseForm) or not value.is_bound or id(value) in seen:
            continue
        seen.add(id(value))
        errors = value.errors
        names = [NON_FIELD_ERRORS, *(name for name in value.fields if name in errors)]
        for name in names:
            target = _error_target(value, name)
            label = str(value[name].label).strip() if target else ""
            if label and label[-1] not in _LABEL_PUNCTUATION:
                label += ":"
            for message in errors.get(name, ()):
                text = f"{capfirst(label)} {message}" if label else str(message)
                items.append((text, f"#{target}" if target else ""))
    return items


def environment(**options: Any) -> Environment:
    """The environment the Jinja2 backend builds (TEMPLATES' OPTIONS["environment"])."""
    options["autoescape"] = True
    extensions = list(options.pop("extensions", []))
    if "jinja2.ext.i18n" not in extensions:
        extensions.append("jinja2.ext.i18n")
    env = Environment(extensions=extensions, **options)
    # Django's translation module has gettext, ngettext, pgettext and npgettext.
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        url=url,
        static=static,
        has_perm=has_perm,
        get_current_language=translation.get_language,
        language_info=translation.get_language_info,
        available_languages=settings.LANGUAGES,
        htmx_script=htmx_script,
        widget=widget,
        label=label,
        form_errors=form_errors,
    )
    env.filters.update(
        date=date,
        time=time,
        format_date=dates.format_date,
        format_short_date=dates.format_short_date,
        format_datetime=dates.format_datetime,
        format_time=dates.format_time,
        format_time_span=dates.format_time_span,
        number=number,
        localize=localize,
        capfirst=capfirst,
        linebreaksbr=linebreaksbr,
        truncatechars=truncatechars,
        yesno=yesno,
        timesince=defaultfilters.timesince_filter,
        filesizeformat=defaultfilters.filesizeformat,
    )
    return env
