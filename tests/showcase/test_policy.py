"""The showcase policy against the table in docs/roles_and_permissions.md, cell by cell: every
permission × role × relation (and status: draft, published, public), for one object
(`policy.may`, `user.has_perm`) and for the queryset (`policy.filter`) alike."""

import datetime

import pytest
from django.utils import timezone

from idesluss.showcase.models import GoodExample, NewsPost
from idesluss.showcase.policy import policy
from tests.conftest import ROLES
from tests.factories import UserFactory, make_idea
from tests.permission_grid import EVERYONE, rows_for
from tests.showcase.conftest import implement

ROWS = rows_for("showcase")
ON_EXAMPLES = ["showcase.view_example", "showcase.change_example"]
ON_IDEAS = ["showcase.add_example"]
ON_NEWS = ["showcase.view_news"]
GLOBAL = sorted(set(ROWS) - {*ON_EXAMPLES, *ON_IDEAS, *ON_NEWS})

# (relation to the example, its status) -> the table's relations that hold
EXAMPLE_STATES = {
    ("", "draft"): set(),
    ("author", "draft"): {"author"},
    ("", "published"): {"published"},
    ("author", "published"): {"author", "published"},
    ("", "public"): {"published", "public"},
    ("author", "public"): {"author", "published", "public"},
}


def _allowed(perm: str, role: str, holds: set[str]) -> bool:
    cell = ROWS[perm].cells[role]
    return EVERYONE in cell or bool(cell & holds)


def _check(user, perm: str, obj, expected: bool) -> None:
    assert policy.may(user, perm, obj) is expected
    assert user.has_perm(perm, obj) is expected
    assert policy.filter(user, perm).filter(pk=obj.pk).exists() is expected


def test_the_table_names_every_rule():
    assert set(ROWS) == set(policy.rules)


# A visitor who is not signed in writes nothing: no "author" state for them.
ROLE_STATES = [
    (role, state)
    for role in ROLES
    for state in sorted(EXAMPLE_STATES)
    if not (role == "anonymous" and state[0] == "author")
]


@pytest.mark.parametrize("perm", ON_EXAMPLES)
@pytest.mark.parametrize(("role", "state"), ROLE_STATES)
def test_examples(person_in_role, role, state, perm):
    user = person_in_role(role)
    relation, status = state
    example = GoodExample.objects.create(
        title="Exemplet",
        summary="Kort.",
        story="Berättelsen.",
        created_by=user if relation == "author" else UserFactory(),
        status="draft" if status == "draft" else "published",
        is_public=status == "public",
        published_at=None if status == "draft" else timezone.now(),
    )
    _check(user, perm, example, _allowed(perm, role, EXAMPLE_STATES[state]))


@pytest.mark.parametrize("relation", ["", "unit"])
@pytest.mark.parametrize("role", ROLES)
def test_making_an_example_from_an_idea(org, person_in_role, role, relation):
    user = person_in_role(role)
    unit = org["north"] if relation == "unit" else org["bou"]
    idea = implement(make_idea(unit=unit))
    holds = {"unit"} if relation == "unit" else set()
    _check(user, "showcase.add_example", idea, _allowed("showcase.add_example", role, holds))


@pytest.mark.parametrize("role", ROLES)
def test_news(person_in_role, role):
    user = person_in_role(role)
    post = NewsPost.objects.create(
        title="Nytt", body="Text", published_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    _check(user, "showcase.view_news", post, _allowed("showcase.view_news", role, set()))


@pytest.mark.parametrize("perm", GLOBAL)
@pytest.mark.parametrize("role", ROLES)
def test_permissions_not_about_one_object(person_in_role, role, perm):
    user = person_in_role(role)
    expected = _allowed(perm, role, set())
    assert policy.may(user, perm) is expected
    assert user.has_perm(perm) is expected
