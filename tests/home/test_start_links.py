"""Every link on the start page leads somewhere (issue 12, item 22): for each role, with
every section of the page filled, each link answers 200 to the person who sees it."""

import datetime
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from idesluss.groups import services as group_services
from idesluss.ideas.models import Idea
from idesluss.workshops import services as workshop_services
from tests.conftest import ROLES
from tests.factories import UserFactory, make_group, make_idea, make_workshop

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')


def links(html: str) -> set[str]:
    """The page's own links (not other sites, not anchors on the page itself)."""
    found = set()
    for href in HREF.findall(html):
        href = unescape(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, or "#…" on this page
        found.add(href.split("#")[0])
    return found


def fill_the_start_page(person, org) -> None:
    """Something in every section of the person's start page."""
    make_idea(submitter=person, unit=org["north"], title="Min idé")
    waiting = make_idea(unit=org["north"], title="Väntar på svar")
    Idea.objects.filter(pk=waiting.pk).update(
        responsible=person, response_due=timezone.localdate() + datetime.timedelta(days=3)
    )
    coach = UserFactory(roles=["coach"], unit=org["vo"])
    group = make_group(coach=coach, members=[person], name="Nyckelgruppen")
    session = group_services.session_create(
        group=group, by=coach,
        data=group_services.SessionInput(starts_at=timezone.now() + datetime.timedelta(days=2)),
    )  # fmt: skip
    group_services.action_add(
        session=session, by=coach, what="Ring IT", owner=person,
        due_on=timezone.localdate() + datetime.timedelta(days=4),
    )  # fmt: skip
    workshop = make_workshop(by=coach, starts_in_days=5)
    workshop_services.signup_create(workshop=workshop, by=person)
    UserFactory(full_name="Chef Norr", unit=org["north"], roles=[("manager", org["north"])])


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_start_page_answers(client, org, person_in_role, role):
    person = person_in_role(role)
    if role != "anonymous":
        fill_the_start_page(person, org)
        client.force_login(person)
    page = client.get(reverse("home:start"))
    assert page.status_code == 200
    found = links(page.text)
    if role != "anonymous":
        # The sections are there: the test follows their links, not an empty page's.
        for text in ("Min idé", "Väntar på svar", "Ring IT", "Chef Norr"):
            assert text in page.text, text
    assert found
    answers = {href: client.get(href).status_code for href in sorted(found)}
    assert {href: code for href, code in answers.items() if code != 200} == {}
