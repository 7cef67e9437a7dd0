"""`{% layout_part "layout/header.html" %}`: a part of the Jinja2 layout in a Django page.

The layout (skip link, header, menus, language switch, messages, footer) is written once,
in Jinja2 (idesluss/jinja2/layout/); the Django base.html renders its parts with the page's
context, so the admin's neighbours, allauth and the pages not yet converted look and
behave exactly as the Jinja2 pages do.
"""

from django import template
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_VALUES = object()


@register.simple_tag(takes_context=True)
def layout_part(context, name: str) -> SafeString:
    # The page's values, gathered once for all the parts of one rendering.
    values = context.render_context.get(_VALUES)
    if values is None:
        values = context.flatten()
        request = values.get("request")
        if request is not None:
            values["csrf_input"] = csrf_input_lazy(request)
            values["csrf_token"] = csrf_token_lazy(request)
        context.render_context[_VALUES] = values
    return mark_safe(engines["jinja2"].env.get_template(name).render(values))
