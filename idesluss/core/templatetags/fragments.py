from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
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


# The menu's links; a page whose path is one of them is marked as the current one.
MENU_LINKS = (
    ("core:home", ()),
    ("ideas:submit", ()),
    ("notifications:list", ()),
    ("ideas:list", ()),
    ("ideas:board", ("improvement",)),
    ("challenges:list", ()),
    ("needs:list", ()),
    ("workshops:list", ()),
    ("groups:list", ()),
    ("groups:my_actions", ()),
    ("accounts:unit_list", ()),
)


@dataclass(frozen=True, slots=True)
class MenuState:
    prefix: str  # the script prefix the links are reversed with
    current: str  # the path of the menu link shown as the current page, or ""
    authenticated: bool
    unread: int


@lru_cache(maxsize=8)
def _menu_paths(script_prefix: str) -> frozenset[str]:
    return frozenset(reverse(name, args=args) for name, args in MENU_LINKS)


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    """The main menu (includes/main_menu.html), remembered per language, current link,
    signed-in or not and unread count: the same few variants for every page."""
    request = context.get("request")
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    path = request.path if request is not None else ""
    prefix = get_script_prefix()
    state = MenuState(
        prefix=prefix,
        current=path if path in _menu_paths(prefix) else "",
        authenticated=authenticated,
        unread=int(context.get("unread_notifications") or 0) if authenticated else 0,
    )
    return fragment("includes/main_menu.html", state)
