from django.utils import timezone

from idesluss.core.demo import DemoContext
from idesluss.showcase.demo import NEWS, build_showcase
from idesluss.showcase.models import GoodExample, NewsPost
from idesluss.showcase.selectors import showcase_settings
from tests.factories import make_idea
from tests.showcase.conftest import implement


def test_demo_tells_good_examples_of_implemented_ideas(coordinator, org):
    ideas = [implement(make_idea(unit=org["north"], title=f"Idé {n}")) for n in range(3)]
    make_idea(unit=org["north"], title="Inte införd")
    context = DemoContext(password="x", log=lambda line: None)
    context.people["coordinator"] = coordinator
    build_showcase(context)
    examples = GoodExample.objects.all()
    assert {e.idea_id for e in examples} == {idea.pk for idea in ideas}
    assert examples.filter(status="published").count() == 2
    assert examples.filter(status="draft").count() == 1
    featured = examples.get(featured_month__isnull=False)
    assert featured.featured_month == timezone.localdate().replace(day=1)
    assert NewsPost.objects.count() == len(NEWS)
    settings = showcase_settings()
    assert settings.show_key_figures and settings.show_open_challenges
