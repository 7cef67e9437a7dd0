"""Demo idea workshops: two that took place (health and wellbeing; sustainable consumption
and production, Global Goal 12) with notes, clusters, dots and the ideas they became, and one
coming up with sign-ups.

Made through the services, with the workshops planned in the future (the services take no
sign-ups for a workshop that is over); afterwards the dates are moved back."""

import datetime

from django.utils import timezone

from idesluss.core.demo import DemoContext, demo_clock, register
from idesluss.goals.models import GlobalGoal
from idesluss.ideas.models import Lane
from idesluss.notifications.services import email_muted
from idesluss.workshops import services
from idesluss.workshops.models import Cluster, Note, SignUp, Vote, Workshop

Phase = Workshop.Phase

# (theme, description, goal numbers, facilitator key, place, unit codes of participants,
#  weeks ago (negative: ahead), clusters: {name: [notes]}, ungrouped notes,
#  dots per note index within the clusters, promotions: (cluster, title, need, unit, lane))
PAST = [
    (
        "Hälsa och välmående på jobbet",
        "Hur kan vi må bättre på jobbet, i kroppen och i gruppen? Vi samlar idéer från "
        "hemtjänsten och förskolan.",
        [3, 8],
        "coach",
        "Stadshuset, Stora salen",
        ["VO-HT-N", "VO-HT-S", "BOU-FSK-S"],
        6,
        {
            "Rörelse i vardagen": [
                "Gåmöten i stället för sittmöten",
                "Promenadmöten en gång i veckan",
                "Gemensam stretchpaus vid passbytet",
            ],
            "Återhämtning": [
                "Ett tyst vilrum på varje enhet",
                "Riktiga raster utan telefon",
            ],
            "Mat och fika": [
                "Frukt i fikarummet varje dag",
                "Gemensam lunch en gång i månaden",
            ],
        },
        ["Friskvårdsbidraget gäller även simhallen"],
        {"Rörelse i vardagen": [5, 4, 2], "Återhämtning": [3, 2], "Mat och fika": [2, 1]},
        [
            (
                "Rörelse i vardagen",
                "Gåmöten och stretchpauser i hemtjänsten",
                "Vi sitter mycket i möten och rör oss för lite mellan passen.",
                "VO-HT",
                Lane.IMPROVEMENT,
            ),
        ],
    ),
    (
        "Hållbar konsumtion och produktion",
        "Agenda 2030 mål 12: hur kan kommunens verksamheter köpa, använda och slänga mindre – "
        "och välja det som är bättre för miljön?",
        [12],
        "coordinator",
        "Kommunhuset, rum Sommen",
        ["SBF-KL", "VO-HT-N", "BOU-FSK-E"],
        3,
        {
            "Kemikalier": [
                "Färre kemikalier i städningen",
                "Byt till miljömärkta rengöringsmedel i köken",
                "Inventera kemikalier i alla förråd",
                "Mikrofiber och vatten i stället för kemikalier",
            ],
            "Matsvinn": [
                "Mindre portioner och påfyllning i matsalen",
                "Väg matsvinnet varje vecka",
            ],
            "Återbruk": [
                "Återbruksförråd för möbler",
                "Låna i stället för att köpa verktyg",
            ],
        },
        ["Digitala kvitton i stället för papper"],
        {"Kemikalier": [6, 5, 4, 3], "Matsvinn": [3, 2], "Återbruk": [2, 1]},
        [
            (
                "Kemikalier",
                "Bort med miljöfarliga kemiska produkter i kommunens verksamheter",
                "Kommunens verksamheter använder många kemiska produkter, flera märkta som "
                "miljöfarliga, i städning, kök och fastighetsskötsel.",
                "SBF-KL",
                Lane.INNOVATION,
            ),
            (
                "Matsvinn",
                "Mindre matsvinn i skolans och omsorgens matsalar",
                "Mycket mat slängs efter lunchen.",
                "SBF-KL",
                Lane.IMPROVEMENT,
            ),
        ],
    ),
]


def _future_start(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _participants(context: DemoContext, unit_codes: list[str], count: int) -> list:
    people = [context.people["employee"]]
    for code in unit_codes:
        members = list(context.units[code].members.filter(is_active=True).order_by("pk"))
        people += context.rng.sample(members, k=min(count, len(members)))
    return list({person.pk: person for person in people}.values())


@register(order=27)
def build_workshops(context: DemoContext) -> None:
    rng = context.rng
    made = notes_made = ideas_made = 0
    with email_muted():
        for (
            title,
            description,
            goals,
            facilitator_key,
            place,
            unit_codes,
            weeks_ago,
            clusters,
            ungrouped,
            dots,
            promotions,
        ) in PAST:
            facilitator = context.people[facilitator_key]
            starts_at = _future_start(1, 13)
            workshop = services.workshop_save(
                by=facilitator,
                data=services.WorkshopInput(
                    title=title,
                    description=description,
                    global_goals=list(GlobalGoal.objects.filter(number__in=goals)),
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=3),
                    place=place,
                    facilitators=[facilitator],
                    capacity=20,
                    dots_per_person=3,
                ),
            )
            made += 1
            people = _participants(context, unit_codes, 3)
            services.workshop_invite(workshop=workshop, by=facilitator, people=people)
            for person in people:
                services.signup_create(workshop=workshop, by=person)
            services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Phase.CAPTURE)
            by_cluster: dict[str, list[Note]] = {}
            for name, texts in clusters.items():
                by_cluster[name] = [
                    services.note_post(workshop=workshop, by=rng.choice(people), text=text)
                    for text in texts
                ]
            for text in ungrouped:
                services.note_post(workshop=workshop, by=rng.choice(people), text=text)
            notes_made += sum(len(texts) for texts in clusters.values()) + len(ungrouped)
            cluster_of = {
                name: services.cluster_create(
                    workshop=workshop,
                    by=facilitator,
                    name=name,
                    note_ids=[note.pk for note in notes],
                )
                for name, notes in by_cluster.items()
            }
            services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Phase.VOTING)
            # Hand out the dots as the table says, one voter at a time while they have any.
            voters = [person for person in people for _dot in range(workshop.dots_per_person)]
            rng.shuffle(voters)
            for name, counts in dots.items():
                for note, count in zip(by_cluster[name], counts, strict=True):
                    for _dot in range(count):
                        if voters:
                            services.vote_add(workshop=workshop, by=voters.pop(), note_id=note.pk)
            services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Phase.CLOSED)
            # Back to when it took place; its ideas were handed in the day after.
            then = starts_at - datetime.timedelta(weeks=weeks_ago, days=1)
            for name, idea_title, need, unit_code, lane in promotions:
                notes = by_cluster[name]
                with demo_clock(then + datetime.timedelta(days=1, hours=2)):
                    services.workshop_promote(
                        workshop=workshop,
                        by=facilitator,
                        data=services.PromoteInput(
                            title=idea_title,
                            need=need,
                            proposal="\n".join(f"- {note.text}" for note in notes),
                            lane=lane,
                            unit=context.units[unit_code],
                        ),
                        cluster_id=cluster_of[name].pk,
                    )
                ideas_made += 1
            Workshop.objects.filter(pk=workshop.pk).update(
                starts_at=then, ends_at=then + datetime.timedelta(hours=3)
            )
            SignUp.objects.filter(workshop=workshop).update(
                created_at=then - datetime.timedelta(days=10),
                signed_up_at=then - datetime.timedelta(days=7),
                reminded_at=then - datetime.timedelta(days=1),
            )
            Note.objects.filter(workshop=workshop).update(created_at=then)
            Cluster.objects.filter(workshop=workshop).update(created_at=then)
            Vote.objects.filter(workshop=workshop).update(created_at=then)

        # One coming up, with sign-ups and invitations still open.
        coach = context.people["coach"]
        starts_at = _future_start(14, 9)
        upcoming = services.workshop_save(
            by=coach,
            data=services.WorkshopInput(
                title="Digitala verktyg som gör vardagen enklare",
                description="Vilka digitala verktyg skulle spara tid för dig och brukarna?",
                global_goals=list(GlobalGoal.objects.filter(number__in=[9])),
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2, minutes=30),
                place="Utvecklingsenheten, Verkstaden",
                online_url="https://teams.example/idesluss-workshop",
                facilitators=[coach, context.people["coordinator"]],
                capacity=12,
                dots_per_person=3,
            ),
        )
        made += 1
        people = _participants(context, ["VO-HT-S", "KLF-DIG", "BOU-GR-N"], 3)
        services.workshop_invite(workshop=upcoming, by=coach, people=people)
        for person in people[: len(people) // 2 + 1]:
            services.signup_create(workshop=upcoming, by=person)
    context.log(f"  {made} workshops, {notes_made} notes, {ideas_made} ideas from workshops")
