"""Factories for the test suite. They go through the services where the services keep invariants."""

import factory

from idesluss.accounts import services as account_services
from idesluss.accounts.models import Unit, User

TEST_PASSWORD = "correct-horse-battery-9"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Enhet {n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")
    kind = Unit.Kind.UNIT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The tree path is kept by the service.
        return account_services.unit_create(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@kommunen.example")
    full_name = factory.Faker("name", locale="sv_SE")
    job_title = "Undersköterska"
    unit = None

    @classmethod
    def _create(cls, model_class, *args, password: str | None = TEST_PASSWORD, **kwargs):
        return account_services.user_create(password=password, **kwargs)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        """`roles=["coach", ("manager", unit)]`"""
        for role in extracted or []:
            code, unit = role if isinstance(role, tuple) else (role, None)
            account_services.role_assign(user=user, role_code=code, unit=unit)


def make_idea(*, submitter=None, unit=None, submit: bool = True, **fields):
    """An idea handed in through the service (as a person would)."""
    from idesluss.ideas import services as idea_services
    from idesluss.ideas.models import Lane

    unit = unit or (submitter.unit if submitter else None) or UnitFactory()
    submitter = submitter or UserFactory(unit=unit)
    data = idea_services.IdeaInput(
        title=fields.pop("title", "Digital nyckelhantering"),
        need=fields.pop("need", "Vi letar efter nycklar varje morgon."),
        proposal=fields.pop("proposal", "Lägg nycklarna i appen."),
        lane=fields.pop("lane", Lane.INNOVATION),
        unit=unit,
        **fields,
    )
    return idea_services.idea_save(by=submitter, data=data, submit=submit)
