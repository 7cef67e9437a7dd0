"""Demo trainings: "Innovation och ledarskap" for managers, "Coachutbildning" and
"Samtalsledarutbildning", each held months ago with sessions, attendance and completions, and
one conversation-leader course open for enrolment with a waiting list.

The demo's coaches and conversation leaders hold their qualifications because they completed
these trainings: their attendance is recorded under the demo clock, the completion rule
completes them and the completion grants the qualification (source "training"). This runs
before the groups and conversations, whose coaches and leaders need the qualification."""

import datetime

from django.utils import timezone

from idesluss.accounts.models import Role, Unit, User
from idesluss.accounts.selectors import people_with_role
from idesluss.core.demo import DemoContext, demo_clock, register
from idesluss.learning import services
from idesluss.learning.models import Enrolment
from idesluss.notifications.services import email_muted

# (title, description, target group, grants, validity months, weeks ago of the sessions,
#  places, who: "coach" / "conversation_leader" / "manager", extra participants who attend
#  too few sessions to complete)
HELD = [
    (
        "Innovation och ledarskap",
        "Hur leder vi så att idéer blir av? Om innovationskultur, att våga misslyckas, "
        "idéslussen och chefens roll när medarbetarnas idéer ska tas om hand.",
        "Chefer och idésamordnare",
        "",
        None,
        [40, 38, 36, 34],
        25,
        "manager",
        1,
    ),
    (
        "Coachutbildning",
        "Att coacha arbetsgrupper och pilotgrupper: samtalsmetodik, den röda tråden, "
        "uppföljning och att hjälpa en grupp vidare när den kör fast.",
        "Medarbetare och chefer som vill coacha grupper",
        Role.Code.COACH,
        36,
        [30, 28, 26, 24, 22],
        12,
        "coach",
        2,
    ),
    (
        "Samtalsledarutbildning",
        "Att leda lärande samtal med kollegor: samtalsguiden, att skapa trygghet i gruppen "
        "och att fånga insikter som kan bli idéer.",
        "Medarbetare som vill leda lärande samtal på sin arbetsplats",
        Role.Code.CONVERSATION_LEADER,
        24,
        [20, 18, 16],
        12,
        "conversation_leader",
        1,
    ),
]

OPEN_TITLE = "Samtalsledarutbildning – vårens omgång"
OPEN_PLACES = 8
OPEN_ENROLLED = OPEN_PLACES + 2  # two on the waiting list


def _moment(weeks_ago: float, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(weeks=weeks_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _who(context: DemoContext, code: str) -> list[User]:
    """The demo people meant to hold `code` (coach, conversation leader) or, for "manager",
    the demo's managers: as the organisation's builder names them."""
    if code == "manager":
        people = [context.people["manager"], context.people["steering_group"]]
        others = list(
            User.objects.filter(role_assignments__role__code=Role.Code.MANAGER, is_active=True)
            .exclude(pk__in=[p.pk for p in people])
            .order_by("pk")
            .distinct()[:10]
        )
        return people + others
    # The organisation's builder made them coaches and conversation leaders.
    return list(people_with_role(code).order_by("pk"))


def _others(context: DemoContext, exclude: set[int], count: int) -> list[User]:
    units = list(Unit.objects.filter(is_active=True).order_by("path"))
    people: list[User] = []
    for unit in context.rng.sample(units, k=min(len(units), count * 2)):
        member = unit.members.filter(is_active=True).exclude(pk__in=exclude).order_by("pk").first()
        if member is not None and member.pk not in exclude:
            people.append(member)
            exclude.add(member.pk)
        if len(people) == count:
            break
    return people


@register(order=15)
def build_trainings(context: DemoContext) -> None:
    coordinator = context.people["coordinator"]
    completed = 0
    with email_muted():
        for (
            title,
            description,
            target_group,
            grants,
            validity,
            weeks,
            places,
            who,
            partly,
        ) in HELD:
            with demo_clock(_moment(max(weeks) + 4, 10)):
                training = services.training_save(
                    by=coordinator,
                    data=services.TrainingInput(
                        title=title,
                        description=description,
                        target_group=target_group,
                        capacity=places,
                        grants=grants,
                        validity_months=validity,
                        responsible=coordinator,
                    ),
                )
                for index, weeks_ago in enumerate(sorted(weeks, reverse=True)):
                    services.session_add(
                        training=training,
                        by=coordinator,
                        starts_at=_moment(weeks_ago, 9),
                        ends_at=_moment(weeks_ago, 15),
                        place="Kommunhuset, rum Sommen" if index % 2 else "Stadshuset, Stora salen",
                        topic=f"Del {index + 1}",
                    )
                full = _who(context, who)[: places - partly]
                few = _others(context, {p.pk for p in full}, partly)
                services.enrol_people(training=training, by=coordinator, people=full + few)
            enrolments = {
                e.person_id: e for e in Enrolment.objects.filter(training=training).order_by("pk")
            }
            sessions = list(training.sessions.order_by("starts_at"))
            for number, session in enumerate(sessions):
                present = [enrolments[p.pk].pk for p in full]
                # Those who came to the first session only: too few to complete.
                if number == 0:
                    present += [enrolments[p.pk].pk for p in few]
                with demo_clock(session.ends_at):
                    completed += len(
                        services.attendance_record(session=session, by=coordinator, present=present)
                    )
            # Held: closed for enrolment now.
            with demo_clock(_moment(min(weeks), 16)):
                services.training_save(
                    by=coordinator,
                    data=services.TrainingInput(
                        title=title,
                        description=description,
                        target_group=target_group,
                        capacity=places,
                        grants=grants,
                        validity_months=validity,
                        responsible=coordinator,
                        enrolment_open=False,
                    ),
                    training=training,
                )
        _build_open(context, coordinator)
    context.log(f"  {len(HELD) + 1} trainings, {completed} completions")


def _build_open(context: DemoContext, coordinator: User) -> None:
    """A conversation-leader course in a few weeks, full, with a waiting list."""
    training = services.training_save(
        by=coordinator,
        data=services.TrainingInput(
            title=OPEN_TITLE,
            description=HELD[2][1],
            target_group=HELD[2][2],
            capacity=OPEN_PLACES,
            grants=Role.Code.CONVERSATION_LEADER,
            validity_months=24,
            responsible=coordinator,
        ),
    )
    today = timezone.localdate()
    for index, days in enumerate((21, 28, 35)):
        day = today + datetime.timedelta(days=days)
        services.session_add(
            training=training,
            by=coordinator,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
            ends_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
            place="Stadshuset, Stora salen",
            topic=f"Del {index + 1}",
        )
    exclude = {p.pk for p in context.people.values()}
    for person in _others(context, exclude, OPEN_ENROLLED):
        services.enrol(training=training, by=person)
