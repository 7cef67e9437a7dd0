"""Factories for the test suite. They go through the services where the services keep invariants."""

import factory

from idesluss.accounts import services as account_services
from idesluss.accounts.models import Qualification, Unit, User

QUALIFICATION_CODES = set(Qualification.Code.values)

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
            if code in QUALIFICATION_CODES:
                # Coach and conversation leader are qualifications (granted by the system).
                account_services.qualification_grant(
                    person=user, code=code, by=None, source="granted", reason="test"
                )
            else:
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
    save = idea_services.submit_idea if submit else idea_services.save_draft
    return save(by=submitter, data=data)


def make_need(*, by=None, title: str = "Vi letar efter nycklar", **fields):
    """A need recorded in the needs bank through the service."""
    from idesluss.challenges import services as challenge_services

    by = by or UserFactory()
    data = challenge_services.NeedInput(
        title=title, description=fields.pop("description", "Varje morgon."), **fields
    )
    return challenge_services.need_record(by=by, data=data)


def make_challenge(*, by=None, owner_unit=None, opens_in: int = -1, closes_in: int = 30, **fields):
    """A challenge made by the coordinator (default) through the service; open by default.

    `opens_in`/`closes_in` are days from today (negative: in the past)."""
    import datetime

    from django.utils import timezone

    from idesluss.challenges import services as challenge_services

    by = by or UserFactory(roles=["coordinator"])
    today = timezone.localdate()
    needs = fields.pop("needs", [])
    data = challenge_services.ChallengeInput(
        title=fields.pop("title", "Mindre matsvinn"),
        background=fields.pop("background", "Mycket mat slängs."),
        question=fields.pop("question", "Hur kan vi slänga mindre mat?"),
        owner_unit=owner_unit or UnitFactory(),
        opens_on=today + datetime.timedelta(days=opens_in),
        closes_on=today + datetime.timedelta(days=closes_in),
        **fields,
    )
    return challenge_services.challenge_create_from_needs(by=by, data=data, needs=needs)


def make_group(*, by=None, members=None, coach=None, ideas=(), **fields):
    """A workgroup started through the service (by its coach, or a new coordinator)."""
    import datetime

    from django.utils import timezone

    from idesluss.groups import services as group_services

    if by is None:
        by = coach or UserFactory(roles=["coordinator"])
    data = group_services.GroupInput(
        name=fields.pop("name", "Nyckelgruppen"),
        purpose=fields.pop("purpose", "Pröva en gemensam nyckellista."),
        starts_on=fields.pop("starts_on", timezone.localdate() - datetime.timedelta(days=30)),
        coach=coach,
        members=list(members if members is not None else [UserFactory()]),
        ideas=list(ideas),
        **fields,
    )
    return group_services.group_save(by=by, data=data)


def make_workshop(
    *, by=None, facilitators=None, starts_in_days: float = 7, hours: float = 3, **fields
):
    """An idea workshop planned through the service (by a new coordinator by default),
    starting `starts_in_days` from now (negative: in the past)."""
    import datetime

    from django.utils import timezone

    from idesluss.workshops import services as workshop_services

    by = by or UserFactory(roles=["coordinator"])
    starts_at = (timezone.now() + datetime.timedelta(days=starts_in_days)).replace(
        second=0, microsecond=0
    )
    data = workshop_services.WorkshopInput(
        title=fields.pop("title", "Hälsa och välmående"),
        place=fields.pop("place", "Stadshuset, sal 2"),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        facilitators=list(facilitators if facilitators is not None else [by]),
        **fields,
    )
    return workshop_services.workshop_save(by=by, data=data)


def make_theme(*, by=None, title: str = "Svåra samtal med anhöriga", **fields):
    """A conversation theme with the default guide, written through the service (by a new
    coordinator by default)."""
    from idesluss.conversations import services as conversation_services

    by = by or UserFactory(roles=["coordinator"])
    phases = [
        conversation_services.PhaseInput(
            name=str(name), questions="Hur känns det idag?\nVad tar du med dig?", minutes=minutes
        )
        for name, minutes in conversation_services.DEFAULT_PHASES
    ]
    data = conversation_services.ThemeInput(title=title, phases=phases, **fields)
    return conversation_services.theme_save(by=by, data=data)


def make_conversation(
    *, leader=None, by=None, theme=None, participants=(), starts_in_days: float = 7, **fields
):
    """A learning conversation planned through the service (by its leader, a new conversation
    leader by default), starting `starts_in_days` from now (negative: in the past)."""
    import datetime

    from django.utils import timezone

    from idesluss.conversations import services as conversation_services

    leader = leader or UserFactory(roles=["conversation_leader"])
    starts_at = (timezone.now() + datetime.timedelta(days=starts_in_days)).replace(
        second=0, microsecond=0
    )
    data = conversation_services.SessionInput(
        theme=theme or make_theme(),
        leader=leader,
        unit=fields.pop("unit", None),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        place=fields.pop("place", "Personalrummet"),
        participants=list(participants),
        head_count=fields.pop("head_count", None if participants else 6),
        **fields,
    )
    return conversation_services.session_save(by=by or leader, data=data)


def make_training(*, by=None, sessions_days=(-14, -7, 7), capacity: int = 20, **fields):
    """A training planned through the service (by a new coordinator by default), with a
    two-hour session `days` from now for each of `sessions_days` (negative: past)."""
    import datetime

    from django.utils import timezone

    from idesluss.learning import services as learning_services

    by = by or UserFactory(roles=["coordinator"])
    data = learning_services.TrainingInput(
        title=fields.pop("title", "Samtalsledarutbildning"), capacity=capacity, **fields
    )
    training = learning_services.training_save(by=by, data=data)
    now = timezone.now().replace(second=0, microsecond=0)
    for days in sessions_days:
        starts_at = now + datetime.timedelta(days=days)
        learning_services.session_add(
            training=training,
            by=by,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Stadshuset",
        )
    return training
