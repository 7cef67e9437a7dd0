"""A demo needs bank and three challenges (open, upcoming, closed) made from its needs,
with a few ideas answering them. Made through the services, like everything in the demo."""

import datetime

from django.utils import timezone

from idesluss.challenges import services
from idesluss.core.demo import DemoContext, register
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Lane
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
    created = 0
    with email_muted():
        for title, question, background, code, need_idx, goal_numbers, status, ideas in CHALLENGES:
            # Ideas can only answer an open challenge: every challenge starts open and is
            # moved to its period once its ideas are handed in.
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
            unit = context.units[code]
            members = list(unit.members.all()) or people
            for idea_title in ideas:
                idea_services.submit_idea(
                    by=rng.choice(members),
                    data=idea_services.IdeaInput(
                        title=idea_title,
                        need=background,
                        proposal=f"{idea_title}. {question}",
                        lane=Lane.IMPROVEMENT,
                        unit=unit,
                        global_goals=data.global_goals,
                        challenge=challenge,
                    ),
                )
            if status == "upcoming":
                data.opens_on, data.closes_on = today + days(14), today + days(60)
            elif status == "closed":
                data.opens_on, data.closes_on = today - days(90), today - days(20)
            if status != "open":
                services.challenge_update(challenge=challenge, by=coordinator, data=data)
            created += 1
    context.log(f"  {len(needs) + 1} needs, {created} challenges")
