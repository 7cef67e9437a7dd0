"""A demo needs bank and three challenges (open, upcoming, closed) made from its needs,
with a few ideas answering them. Made through the services, like everything in the demo."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from idesluss.challenges import services
from idesluss.challenges.models import Challenge
from idesluss.core.demo import DemoContext, register
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.notifications.services import email_muted

# (unit code, title, description, where, affected, frequency)
NEEDS = [
    (
        "VO-HT-N",
        "Vi letar efter nycklar varje morgon",
        "Nycklar och kodlås till brukarna ligger på olika ställen; första besöket blir sent.",
        "Hemtjänstens lokal, morgonpasset",
        "Brukare och medarbetare",
        "daily",
    ),
    (
        "VO-SÄBO-E",
        "Mycket mat slängs efter middagen",
        "Portionerna passar inte de boendes aptit och mycket mat går till spillo.",
        "Avdelningarnas matsalar",
        "Boende och kostpersonal",
        "daily",
    ),
    (
        "BOU-FSK-S",
        "Svårt att nå vårdnadshavare med annat modersmål",
        "Information på lappar och i appen når inte alla familjer.",
        "Hämtning och lämning",
        "Barn och vårdnadshavare",
        "weekly",
    ),
    (
        "SBF-KL",
        "Många olika rengöringsmedel",
        "Vi har ett tjugotal produkter, flera miljöfarliga, och ingen vet vilka som behövs.",
        "Städförråden",
        "Lokalvårdare",
        "monthly",
    ),
    (
        "VO-HSV",
        "Dubbeldokumentation av läkemedel",
        "Samma uppgift skrivs in både i journalen och på papperslistan.",
        "Hemsjukvården",
        "Sjuksköterskor",
        "daily",
    ),
    (
        "KF-BIB",
        "Unga hittar inte till biblioteket",
        "Få unga mellan 13 och 19 år besöker biblioteket.",
        "Biblioteket",
        "Unga i kommunen",
        "sometimes",
    ),
    (
        "KLF-HR",
        "Nyanställda får introduktion på olika sätt",
        "Varje enhet har sin egen introduktion och viktiga saker faller bort.",
        "Första veckan på jobbet",
        "Nyanställda och chefer",
        "monthly",
    ),
]

# (title, question, background, owner unit code, need indexes, goals, status, idea titles)
CHALLENGES = [
    (
        "Mindre matsvinn i äldreomsorgen",
        "Hur kan vi minska matsvinnet utan att de boende äter sämre?",
        "Behovsbanken visar att mycket mat slängs efter middagen på flera boenden.",
        "VO-SÄBO",
        [1],
        [2, 12],
        "open",
        ["Mindre portioner med möjlighet till påfyllning", "Svinnvåg i varje matsal"],
    ),
    (
        "En gemensam introduktion för nyanställda",
        "Hur ger vi alla nyanställda en lika bra start?",
        "Nyanställda får introduktion på olika sätt beroende på enhet.",
        "KLF-HR",
        [6],
        [8],
        "upcoming",
        [],
    ),
    (
        "Färre kemikalier i lokalvården",
        "Hur kan vi klara städningen med färre och mindre farliga produkter?",
        "Lokalvården har många produkter, flera märkta som miljöfarliga.",
        "SBF-KL",
        [3],
        [3, 6, 12],
        "closed",
        ["Mikrofiber och vatten för dagligt städ", "En gemensam produktlista för kommunen"],
    ),
]


# For ideas/demo.py's answers: the challenges and the titles of the ideas answering each.
ANSWERS = "challenges.answers"
PERIODS = "challenges.periods"


@dataclass(frozen=True)
class ChallengeAnswers:
    challenge: Challenge
    titles: list[str]


@register(order=25)
def build_challenges(context: DemoContext) -> None:
    rng = context.rng
    coordinator = context.people["coordinator"]
    people = list(
        {
            person.pk: person for unit in context.units.values() for person in unit.members.all()
        }.values()
    )
    people.sort(key=lambda person: person.pk)
    goals = {goal.number: goal for goal in GlobalGoal.objects.all()}
    vision = list(VisionGoal.objects.all()[:1])
    needs = []
    for code, title, description, where, affected, frequency in NEEDS:
        unit = context.units[code]
        members = list(unit.members.all()) or people
        need = services.need_record(
            by=rng.choice(members),
            data=services.NeedInput(
                title=title,
                description=description,
                where=where,
                affected=affected,
                frequency=frequency,
                unit=unit,
            ),
        )
        for person in rng.sample(people, k=rng.randint(0, 9)):
            if person.pk != need.recorded_by_id:
                services.need_echo(need=need, by=person)
        needs.append(need)
    # The employee's own need, which others have too (for the demo sign-in).
    own = services.need_record(
        by=context.people["employee"],
        data=services.NeedInput(
            title="Bilarna är ofta smutsiga invändigt",
            description="Vi delar bilar och ingen har ansvar för att hålla dem rena.",
            where="Hemtjänstens bilar",
            affected="Medarbetare",
            frequency="weekly",
            unit=context.people["employee"].unit,
        ),
    )
    services.need_echo(need=own, by=context.people["manager"])

    today = timezone.localdate()
    days = datetime.timedelta
    # Ideas can only answer an open challenge: every challenge starts open, the ideas
    # builder hands in the answers (ideas/demo.py) and `close_challenges` then moves each
    # to its period.
    answers, periods = [], []
    with email_muted():
        for title, question, background, code, need_idx, goal_numbers, status, ideas in CHALLENGES:
            data = services.ChallengeInput(
                title=title,
                background=background,
                question=question,
                owner_unit=context.units[code],
                opens_on=today - days(10),
                closes_on=today + days(30),
                global_goals=[goals[n] for n in goal_numbers],
                vision_goals=vision,
            )
            challenge = services.challenge_create_from_needs(
                by=coordinator, data=data, needs=[needs[i] for i in need_idx]
            )
            answers.append(ChallengeAnswers(challenge=challenge, titles=ideas))
            if status == "upcoming":
                periods.append((challenge, data, today + days(14), today + days(60)))
            elif status == "closed":
                periods.append((challenge, data, today - days(90), today - days(20)))
    context.handed_on[ANSWERS] = answers
    context.handed_on[PERIODS] = periods
    context.log(f"  {len(needs) + 1} needs, {len(answers)} challenges")


@register(order=27)
def close_challenges(context: DemoContext) -> None:
    """The challenges that are not open get their periods, now that they are answered."""
    coordinator = context.people["coordinator"]
    with email_muted():
        for challenge, data, opens_on, closes_on in context.handed_on.get(PERIODS, []):
            data.opens_on, data.closes_on = opens_on, closes_on
            services.challenge_update(challenge=challenge, by=coordinator, data=data)
