import pytest
from django.core.cache import cache

from idesluss.accounts.models import Unit
from idesluss.ideas.models import Stage
from tests.factories import UnitFactory, UserFactory, make_idea

ROLES = [
    "anonymous",
    "employee",
    "manager",
    "coach",
    "conversation_leader",
    "coordinator",
    "steering_group",
    "administrator",
]


def pytest_sessionstart(session):
    """A SQLite test database left by an earlier run may leave WAL files behind; clear them."""
    from pathlib import Path

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and database.get("TEST", {}).get("NAME"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{database['TEST']['NAME']}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True, scope="session")
def _jinja2_pages_report_their_context():
    """The test client's `response.context` for Jinja2 pages too: Django instruments only
    its own templates (django.test.utils.setup_test_environment); this does the same for
    the Jinja2 backend, in the tests only."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    render = backend.Template.render

    def instrumented(self, context=None, request=None):
        context = dict(context or {})
        html = render(self, context, request)
        template_rendered.send(sender=self, template=self.template, context=context)
        return html

    backend.Template.render = instrumented
    yield
    backend.Template.render = render


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    """A small tree: Vård och omsorg › Hemtjänst › Hemtjänst Norr, plus Barn och utbildning."""
    vo = UnitFactory(name="Vård och omsorg", code="VO", kind=Unit.Kind.DEPARTMENT)
    ht = UnitFactory(name="Hemtjänst", code="VO-HT", kind=Unit.Kind.OPERATION, parent=vo)
    north = UnitFactory(name="Hemtjänst Norr", code="VO-HT-N", parent=ht)
    bou = UnitFactory(name="Barn och utbildning", code="BOU", kind=Unit.Kind.DEPARTMENT)
    return {"vo": vo, "ht": ht, "north": north, "bou": bou}


@pytest.fixture
def person_in_role(org):
    """Make a person holding one role (managers manage Hemtjänst)."""

    def make(role: str, **kwargs):
        if role == "anonymous":
            from django.contrib.auth.models import AnonymousUser

            return AnonymousUser()
        roles = []
        if role == "manager":
            roles = [("manager", org["ht"])]
        elif role != "employee":
            roles = [role]
        kwargs.setdefault("unit", org["north"])
        return UserFactory(roles=roles, **kwargs)

    return make


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
def coach(org):
    """A coach of workgroups, in the department."""
    return UserFactory(full_name="Maria Coach", unit=org["vo"], roles=["coach"])


@pytest.fixture
def member(org):
    """A colleague who takes part in groups."""
    return UserFactory(full_name="Mona Medlem", unit=org["north"])


@pytest.fixture
def idea(org, manager, employee):
    """An innovation idea handed in by the employee for Hemtjänst Norr."""
    return make_idea(submitter=employee, unit=org["north"])
