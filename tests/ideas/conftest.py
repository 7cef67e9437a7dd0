import pytest

from idesluss.ideas.models import Stage
from tests.factories import UserFactory, make_idea


@pytest.fixture
def stage():
    """Look a stage up by lane and code: stage("innovation", "assessment")."""

    def get(lane: str, code: str) -> Stage:
        return Stage.objects.get(lane=lane, code=code)

    return get


@pytest.fixture
def manager(org):
    return UserFactory(full_name="Erik Chef", unit=org["ht"], roles=[("manager", org["ht"])])


@pytest.fixture
def employee(org):
    return UserFactory(full_name="Lina Medarbetare", unit=org["north"])


@pytest.fixture
def idea(org, manager, employee):
    """An innovation idea handed in by the employee for Hemtjänst Norr."""
    return make_idea(submitter=employee, unit=org["north"])
