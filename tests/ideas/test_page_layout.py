"""What the idea page puts first for whom (issue 12, item 10): the rule, and the page."""

import re

import pytest
from django.urls import reverse

from idesluss.ideas import services
from idesluss.ideas.views import primary_action
from tests.factories import UserFactory, make_idea

BASE = {
    "is_draft": False,
    "may_edit": False,
    "may_move": False,
    "is_responsible": False,
    "may_assess": False,
    "assessment_pending": False,
}


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({}, "participate"),
        ({"is_draft": True, "may_edit": True}, "edit"),
        ({"is_draft": True}, "participate"),
        ({"may_move": True, "is_responsible": True}, "move"),
        ({"may_move": True}, "move"),  # the coordinator, for an idea nobody answers yet
        ({"may_assess": True, "assessment_pending": True}, "assess"),
        ({"may_assess": True}, "assess"),
        # A mover asked to assess scores first, unless the idea is theirs to answer.
        ({"may_move": True, "may_assess": True, "assessment_pending": True}, "assess"),
        ({"may_move": True, "may_assess": True}, "move"),
        (
            {
                "may_move": True,
                "is_responsible": True,
                "may_assess": True,
                "assessment_pending": True,
            },
            "move",
        ),
    ],
)
def test_primary_action(flags, expected):
    assert primary_action(**{**BASE, **flags}) == expected


def first_in_side(html: str) -> str:
    """The id of the first element of the page's side column."""
    side = html.split('class="idea-layout__side"', 1)[1]
    return re.search(r'<\w+[^>]*\bid="([^"]+)"', side).group(1)


def test_the_page_puts_each_persons_action_first(client, org, manager, employee):
    idea = make_idea(submitter=employee)
    assert idea.responsible == manager
    assessor = UserFactory(unit=org["vo"])
    services.assessor_assign(idea=idea, assessor=assessor, by=manager)
    url = idea.get_absolute_url()

    client.force_login(manager)
    html = client.get(url).content.decode()
    assert first_in_side(html) == "move"
    assert html.index('id="move"') < html.index('id="need-heading"')
    assert html.count('id="move"') == 1

    client.force_login(assessor)
    html = client.get(url).content.decode()
    assert first_in_side(html) == "assess-now"
    assert 'id="move"' not in html
    assert html.count(f'href="{reverse("ideas:assess", args=[idea.pk])}"') == 1

    client.force_login(UserFactory(unit=org["north"]))
    html = client.get(url).content.decode()
    assert first_in_side(html) == "participation"
    assert 'id="move"' not in html and 'id="assess-now"' not in html
