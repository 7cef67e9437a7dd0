from django import template
from django.utils.safestring import SafeString

from idesluss.core.fragments import form_fragment, fragment

register = template.Library()


@register.filter
def card(value, template_name: str) -> SafeString:
    """`{{ card|card:"ideas/_board_card.html" }}`: the card rendered once, then remembered
    (see idesluss/core/fragments.py)."""
    return fragment(template_name, value)


@register.filter
def form_card(form, template_name: str) -> SafeString:
    """`{{ form|form_card:"ideas/_filter_fields.html" }}`: a filter form's fields rendered
    once per distinct input, then remembered (see idesluss/core/fragments.py)."""
    return form_fragment(template_name, form)
