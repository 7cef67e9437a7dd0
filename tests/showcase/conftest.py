import pytest

from idesluss.ideas.models import Idea, Stage
from idesluss.showcase import services
from tests.factories import UserFactory, make_idea


def implement(idea: Idea) -> Idea:
    """Put the idea in the implemented stage (the way there is the ideas app's, tested there)."""
    final = Stage.objects.get(lane=idea.lane, code="implemented")
    Idea.objects.filter(pk=idea.pk).update(stage=final)
    idea.refresh_from_db()
    return idea


@pytest.fixture
def coordinator(org):
    return UserFactory(full_name="Karin Samordnare", unit=org["vo"], roles=["coordinator"])


@pytest.fixture
def submitter(org):
    return UserFactory(
        full_name="Zebulon Idégivarsson", email="zebulon@kommunen.example", unit=org["north"]
    )


@pytest.fixture
def co_submitter(org):
    return UserFactory(
        full_name="Xerxes Medidégivare", email="xerxes@kommunen.example", unit=org["north"]
    )


@pytest.fixture
def implemented(org, submitter, co_submitter):
    """An implemented idea of Hemtjänst Norr with a confirmed co-submitter."""
    idea = make_idea(submitter=submitter, unit=org["north"], title="Nyckellistan i appen")
    idea.co_submitters.add(co_submitter)
    return implement(idea)


def example_input(**fields) -> services.ExampleInput:
    data = {
        "title": "Nycklarna hittas direkt",
        "summary": "Hemtjänsten sparar tid varje morgon.",
        "story": "Vi **testade** en lista i appen.",
        "benefits_realised": "- 20 minuter om dagen",
    }
    data.update(fields)
    return services.ExampleInput(**data)


@pytest.fixture
def make_example(coordinator, implemented):
    def make(*, by=None, idea=None, publish=False, public=False, agreed=(), **fields):
        by = by or coordinator
        example = services.example_create(
            by=by,
            idea=idea or implemented,
            data=example_input(is_public=public, agreed=list(agreed), **fields),
        )
        if publish:
            example = services.example_publish(example=example, by=by)
        return example

    return make
