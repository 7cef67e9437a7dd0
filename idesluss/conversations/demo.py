"""Demo learning conversations: two themes with guides for home care and home nursing, a
dozen past conversations held by the demo conversation leaders with their experiences,
lessons and insights (two of which became ideas, through the service), and two coming up.

Made through the services: the past ones are planned with their real (past) dates, which
the services accept (notes need the conversation to have started), and recorded and made
ideas under the demo clock so the history reads as lived."""

import datetime

from django.utils import timezone

from idesluss.accounts.models import Role
from idesluss.accounts.selectors import people_with_role
from idesluss.conversations import services
from idesluss.core.demo import DemoContext, demo_clock, register
from idesluss.goals.models import GlobalGoal
from idesluss.ideas.models import Lane
from idesluss.notifications.services import email_muted

THEMES = [
    (
        "Svåra samtal med anhöriga",
        "Hur bemöter vi oroliga, arga eller ledsna anhöriga i hemtjänsten och hemsjukvården? "
        "Vi delar erfarenheter och lär av varandra.",
        [3],
        [
            ("Incheckning", "Hur kommer du hit idag?\nEtt ord om veckan som gått.", 10),
            (
                "Dela erfarenhet",
                "Berätta om ett samtal med en anhörig som var svårt.\n"
                "Vad hände, och hur kändes det?",
                20,
            ),
            (
                "Reflektion",
                "Vad gjorde samtalet svårt?\nVad hjälpte, och vad hade du velat ha stöd i?",
                20,
            ),
            ("Vad vi lärde oss", "Vad tar vi med oss som grupp?", 10),
            ("Nästa steg", "Vad vill vi pröva till nästa gång?\nBehöver någon annan veta?", 10),
        ],
    ),
    (
        "Trygg medicinhantering",
        "Läkemedel i hemmet: delegering, dosetter, signering och avvikelser. Hur gör vi det "
        "tryggt för brukarna och för oss?",
        [3, 12],
        [
            ("Incheckning", "Hur känns det att hantera läkemedel i ditt arbete?", 10),
            (
                "Dela erfarenhet",
                "Berätta om en situation med läkemedel där du blev osäker.\n"
                "Har du varit med om en avvikelse? Vad hände sedan?",
                20,
            ),
            (
                "Reflektion",
                "Vad i rutinerna hjälper oss?\nVar finns riskerna i hemmiljön?",
                15,
            ),
            ("Vad vi lärde oss", "Vilka lärdomar vill vi sprida till andra grupper?", 10),
            ("Nästa steg", "Vad ändrar vi redan i morgon?", 5),
        ],
    ),
]

# (theme index, unit code, weeks ago, experiences, lessons, insights,
#  promote: (insight index, title, need, unit code) or None)
PAST = [
    (
        0,
        "VO-HT-N",
        20,
        "Flera har mött anhöriga som är oroliga när tiderna ändras utan besked.",
        "Ett tidigt samtal om vad hemtjänsten kan och inte kan göra minskar konflikterna.",
        [
            "Ring anhöriga före första besöket, inte efter första klagomålet",
            "Vi behöver en gemensam text om vad insatsen innehåller",
        ],
        (
            0,
            "Välkomstsamtal till anhöriga vid ny insats",
            "Anhöriga blir oroliga och arga när de inte vet vad hemtjänsten gör och när.",
            "VO-HT-N",
        ),
    ),
    (
        1,
        "VO-HSV",
        18,
        "Osäkerhet kring dosetter som fylls på av apoteket och signeringslistor som saknas.",
        "Vi litar på rutinen men rutinen finns inte alltid i hemmet.",
        [
            "Signeringslistan ska sitta på samma ställe i alla hem",
            "Nya kollegor behöver gå bredvid vid läkemedelsmomenten",
        ],
        (
            0,
            "Samma plats för signeringslistan i alla hem",
            "Signeringslistor hittas inte i hemmen och läkemedel riskerar att ges två gånger.",
            "VO-HSV",
        ),
    ),
    (
        0,
        "VO-HT-S",
        16,
        "Svåra samtal i telefon kvällstid.",
        "Vi behöver stöd efteråt.",
        ["Kort avlastningssamtal med kollega efter svåra samtal"],
        None,
    ),
    (
        1,
        "VO-SÄBO-E",
        15,
        "Avvikelser rapporteras olika.",
        "Rapportera även nära-ögat.",
        ["Nära-ögat-händelser är värda att rapportera"],
        None,
    ),
    (
        0,
        "VO-SÄBO-E",
        13,
        "Anhöriga vill vara delaktiga i omsorgen.",
        "Delaktighet kräver att vi bjuder in.",
        ["Bjud in anhöriga till genomförandeplanen"],
        None,
    ),
    (
        1,
        "VO-HT-N",
        12,
        "Delegeringar som gått ut utan att någon märkt.",
        "Påminnelse behövs i god tid.",
        ["Påminnelse om delegering en månad innan den går ut"],
        None,
    ),
    (
        0,
        None,
        10,
        "Blandad grupp: samma svårigheter i hemtjänst och hemsjukvård.",
        "Vi kan lära av varandras sätt att säga nej vänligt.",
        ["Öva på svåra samtal i par på arbetsplatsträffen"],
        None,
    ),
    (
        1,
        "VO-HSV",
        8,
        "Läkemedel som förvaras olika i hemmen.",
        "Låsbara skåp gör skillnad.",
        ["Låsbart läkemedelsskåp där brukaren har flera hjälpare"],
        None,
    ),
    (
        0,
        "VO-HT-C",
        6,
        "Konflikter kring städning och tid.",
        "Tydlighet från början hjälper.",
        ["Skriv ner vad vi har kommit överens om med anhöriga"],
        None,
    ),
    (
        1,
        "VO-SÄBO-E",
        4,
        "Nattpersonalens frågor om vid behov-läkemedel.",
        "Sjuksköterskan behöver vara nåbar.",
        ["Tydlig lista över vem som nås nattetid"],
        None,
    ),
    (
        0,
        "VO-HT-N",
        3,
        "Anhöriga som bor långt bort.",
        "Digitala möten fungerar.",
        ["Erbjud anhöriga att vara med på videosamtal"],
        None,
    ),
    (
        1,
        "VO-HT-S",
        2,
        "Dosetter som glömts i väskan.",
        "Rutin för överlämning.",
        ["Checklista vid passbyte för läkemedel"],
        None,
    ),
]


def _members(context: DemoContext, code: str | None, count: int) -> list:
    if code is None:
        people = []
        for unit_code in ("VO-HT-N", "VO-HSV", "VO-SÄBO-E"):
            people += list(
                context.units[unit_code].members.filter(is_active=True).order_by("pk")[:2]
            )
        return people
    return list(context.units[code].members.filter(is_active=True).order_by("pk")[:count])


@register(order=32)
def build_conversations(context: DemoContext) -> None:
    coordinator = context.people["coordinator"]
    leaders = [context.people["conversation_leader"]] + [
        person
        for person in people_with_role(Role.Code.CONVERSATION_LEADER).order_by("pk")
        if person.pk != context.people["conversation_leader"].pk
    ]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    themes = []
    made = insights_made = ideas_made = 0
    with email_muted():
        with demo_clock(now - datetime.timedelta(weeks=26)):
            for title, description, goals, phases in THEMES:
                themes.append(
                    services.theme_save(
                        by=coordinator,
                        data=services.ThemeInput(
                            title=title,
                            description=description,
                            global_goals=list(GlobalGoal.objects.filter(number__in=goals)),
                            phases=[
                                services.PhaseInput(name=n, questions=q, minutes=m)
                                for n, q, m in phases
                            ],
                        ),
                    )
                )
        for index, (
            theme_index,
            code,
            weeks_ago,
            experiences,
            lessons,
            insights,
            promote,
        ) in enumerate(PAST):
            leader = leaders[index % len(leaders)]
            starts_at = (now - datetime.timedelta(weeks=weeks_ago)).replace(hour=14)
            people = [p for p in _members(context, code, 4) if p.pk != leader.pk]
            named = people[:2]  # two agreed to be listed; the others are a head count
            with demo_clock(starts_at - datetime.timedelta(days=14)):
                session = services.session_save(
                    by=leader if index % 4 else coordinator,
                    data=services.SessionInput(
                        theme=themes[theme_index],
                        leader=leader,
                        unit=context.units[code] if code else None,
                        starts_at=starts_at,
                        ends_at=starts_at + datetime.timedelta(hours=1, minutes=15),
                        place="Personalrummet" if code else "Stadshuset, rum Ekorren",
                        participants=named,
                        head_count=len(people) + 2,
                    ),
                )
            with demo_clock(starts_at + datetime.timedelta(hours=3)):
                services.session_record(
                    by=leader,
                    session=session,
                    data=services.RecordInput(
                        experiences=experiences,
                        lessons=lessons,
                        insights=insights,
                        took_part=[p.pk for p in named],
                        attended_count=len(people) + 1,
                    ),
                )
            made += 1
            insights_made += len(insights)
            if promote:
                insight_index, idea_title, need, unit_code = promote
                insight = session.insights.order_by("position")[insight_index]
                with demo_clock(starts_at + datetime.timedelta(days=1)):
                    services.insight_promote(
                        by=leader,
                        insight=insight,
                        data=services.PromoteInput(
                            title=idea_title,
                            need=need,
                            proposal=insight.text,
                            lane=Lane.IMPROVEMENT,
                            unit=context.units[unit_code],
                            co_submitters=named[:1],
                        ),
                    )
                ideas_made += 1
        # Two coming up: named colleagues are invited.
        for days, theme, code in ((5, themes[0], "VO-HT-S"), (12, themes[1], "VO-HSV")):
            starts_at = (now + datetime.timedelta(days=days)).replace(hour=13)
            leader = leaders[0]
            services.session_save(
                by=leader,
                data=services.SessionInput(
                    theme=theme,
                    leader=leader,
                    unit=context.units[code],
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=1),
                    place="Personalrummet",
                    participants=[p for p in _members(context, code, 3) if p.pk != leader.pk][:2],
                    head_count=6,
                ),
            )
            made += 1
    context.log(
        f"  {made} learning conversations, {insights_made} insights, {ideas_made} ideas from them"
    )
