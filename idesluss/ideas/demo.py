"""Demo ideas in every lane and stage, with histories, comments and supports.

Made through the services (so every rule, counter and notification is real);
afterwards their dates are spread over the past two years so lists look lived in.
"""

import datetime

from django.utils import timezone

from idesluss.accounts.selectors import managers_of_unit
from idesluss.challenges import demo as challenge_demo
from idesluss.core.demo import DemoContext, register
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.ideas import services
from idesluss.ideas.models import Idea, IdeaEvent, Lane, Stage
from idesluss.notifications.services import email_muted

VISION_GOALS = [
    ("Trygghet och hälsa genom hela livet", "Safety and health throughout life"),
    ("Hållbar tillväxt och attraktiv kommun", "Sustainable growth and an attractive municipality"),
    ("Delaktighet och tillit", "Participation and trust"),
    ("En effektiv och innovativ organisation", "An efficient and innovative organisation"),
]

# (unit code prefix, lane, title, need, proposal, benefit, goals)
IDEAS = [
    (
        "VO-HT",
        Lane.IMPROVEMENT,
        "Gemensam nyckelskåpslista i appen",
        "Vi letar efter nycklar och kodlås varje morgon och tappar tid innan första besöket.",
        "Lägg in nyckel- och kodinformation per brukare i planeringsappen så att den följer med rutten.",
        "Medarbetarna vinner 10–15 minuter per pass och brukarna får besök i tid.",
        [3, 8],
    ),
    (
        "VO-HT",
        Lane.INNOVATION,
        "Digital tillsyn nattetid med kamera",
        "Nattpatrullen väcker brukare som egentligen sover gott när vi gör tillsyn på plats.",
        "Erbjud frivillig digital tillsyn med kamera för brukare som vill, enligt socialstyrelsens vägledning.",
        "Bättre sömn för brukarna och färre bilresor nattetid.",
        [3, 9, 13],
    ),
    (
        "VO-HT",
        Lane.IMPROVEMENT,
        "Samåkning till utbildningsdagar",
        "Vi åker i många bilar till samma utbildning i Jönköping.",
        "Boka minibuss eller samåk via en gemensam lista.",
        "Lägre kostnad och mindre utsläpp.",
        [13],
    ),
    (
        "VO-HT",
        Lane.INNOVATION,
        "Elcyklar i stället för bil i centrum",
        "Parkeringen i centrum tar lång tid och bilarna står mest still.",
        "Pröva elcyklar med väskor för hemtjänstgruppen i centrum under sommarhalvåret.",
        "Kortare restider, bättre arbetsmiljö och mindre klimatpåverkan.",
        [3, 11, 13],
    ),
    (
        "VO-HSV",
        Lane.INNOVATION,
        "Läkemedelsrobot för brukare med många doser",
        "Många besök görs enbart för att ge läkemedel vid rätt tid.",
        "Testa läkemedelsrobotar hos brukare som kan hantera dem med stöd.",
        "Brukaren blir mer självständig och vi frigör tid för omvårdnad.",
        [3, 9],
    ),
    (
        "VO-HSV",
        Lane.IMPROVEMENT,
        "Checklista för såromläggning",
        "Rutinerna för sårvård skiljer sig mellan sköterskorna.",
        "En gemensam checklista i journalen.",
        "Jämnare kvalitet och snabbare läkning.",
        [3],
    ),
    (
        "VO-SÄBO",
        Lane.IMPROVEMENT,
        "Måltidsvärd vid middagen",
        "Middagen blir stressig och de boende äter för lite.",
        "En medarbetare per avdelning är måltidsvärd och sitter med.",
        "Bättre näringsintag och lugnare måltider.",
        [2, 3],
    ),
    (
        "VO-SÄBO",
        Lane.INNOVATION,
        "Minnesträdgård för personer med demens",
        "De boende med demens har få meningsfulla aktiviteter utomhus.",
        "Anlägg en sinnesträdgård tillsammans med gymnasiets naturbruksprogram.",
        "Mer utevistelse, bättre sömn och samarbete med skolan.",
        [3, 4, 15],
    ),
    (
        "VO-SÄBO",
        Lane.INNOVATION,
        "Färre kemiska rengöringsmedel",
        "Vi använder många olika kemprodukter, flera märkta som miljöfarliga.",
        "Inventera produkterna och byt till mikrofiber och ett fåtal miljömärkta medel i alla verksamheter.",
        "Bättre arbetsmiljö och mindre miljöfarliga kemikalier – kan spridas till hela kommunen.",
        [3, 6, 12],
    ),
    (
        "VO-FS",
        Lane.IMPROVEMENT,
        "Bildstöd på veckoschemat",
        "Flera brukare förstår inte det skrivna schemat.",
        "Bildstöd för alla aktiviteter på schemat.",
        "Ökad självständighet och färre frågor.",
        [4, 10],
    ),
    (
        "BOU-FSK",
        Lane.IMPROVEMENT,
        "Lånelåda med regnkläder",
        "Barn missar utevistelse när de saknar regnkläder.",
        "En lånelåda med begagnade regnkläder på varje avdelning.",
        "Alla barn kan vara ute, och kläder återanvänds.",
        [1, 10, 12],
    ),
    (
        "BOU-FSK",
        Lane.INNOVATION,
        "Digital frånvaroanmälan för förskolan",
        "Vårdnadshavare ringer in frånvaro och det tar tid från barngruppen.",
        "Integrera frånvaroanmälan i föräldraappen med automatisk måltidsbeställning.",
        "Mindre matsvinn och mer tid med barnen.",
        [4, 12],
    ),
    (
        "BOU-GR",
        Lane.IMPROVEMENT,
        "Tyst läsning efter lunch",
        "Eleverna är oroliga efter lunchrasten.",
        "Femton minuter tyst läsning direkt efter lunch.",
        "Lugnare lektioner och bättre läsförståelse.",
        [4],
    ),
    (
        "BOU-GR",
        Lane.INNOVATION,
        "Skolgård som klassrum",
        "Skolgården används bara på raster.",
        "Bygg utomhusklassrum och utbilda lärare i utomhuspedagogik.",
        "Mer rörelse och bättre lärande.",
        [3, 4, 15],
    ),
    (
        "BOU-GY",
        Lane.INNOVATION,
        "Elever bygger appar för kommunen",
        "Kommunen behöver enkla digitala verktyg och eleverna behöver verkliga uppdrag.",
        "Låt teknikprogrammet ta fram prototyper på beställning från verksamheterna.",
        "Verkliga uppdrag för eleverna och billiga prototyper för kommunen.",
        [4, 8, 9],
    ),
    (
        "SBF-GP",
        Lane.IMPROVEMENT,
        "Felanmälan med foto",
        "Invånarnas felanmälningar saknar ofta plats och bild.",
        "Lägg till foto och karta i e-tjänsten för felanmälan.",
        "Snabbare åtgärder och färre återkopplingssamtal.",
        [9, 11],
    ),
    (
        "SBF-GP",
        Lane.INNOVATION,
        "Ängsmark i stället för gräsmatta",
        "Vi klipper stora ytor som ingen använder.",
        "Gör om utvalda gräsytor till ängsmark med skyltning.",
        "Mer biologisk mångfald och lägre skötselkostnad.",
        [13, 15],
    ),
    (
        "SBF-KL",
        Lane.IMPROVEMENT,
        "Mät matsvinnet varje dag",
        "Vi vet inte hur mycket mat som slängs.",
        "Väg svinnet dagligen och visa det för eleverna.",
        "Mindre svinn och lägre kostnader.",
        [2, 12],
    ),
    (
        "SBF-KL",
        Lane.INNOVATION,
        "Lokalproducerat i skolmaten",
        "Upphandlingen gör det svårt att köpa från lokala producenter.",
        "Dela upp upphandlingen i mindre delar så att lokala odlare kan lämna anbud.",
        "Färskare råvaror och stöd till lokala företag.",
        [2, 8, 12],
    ),
    (
        "SBF-FA",
        Lane.INNOVATION,
        "Solceller på förskoletaken",
        "Energikostnaderna stiger.",
        "Installera solceller på de förskolor som har lämpliga tak.",
        "Lägre kostnader och undervisning om energi.",
        [7, 13],
    ),
    (
        "SBF-BM",
        Lane.IMPROVEMENT,
        "Checklista för bygglovsansökan",
        "Många ansökningar kommer in ofullständiga.",
        "En interaktiv checklista på webben innan man skickar in.",
        "Kortare handläggningstid.",
        [11, 16],
    ),
    (
        "KLF",
        Lane.IMPROVEMENT,
        "Mötesfria förmiddagar",
        "Det är svårt att få tid till fokuserat arbete.",
        "Inga interna möten före klockan tio på onsdagar.",
        "Bättre arbetsmiljö och mer gjort.",
        [3, 8],
    ),
    (
        "KLF",
        Lane.INNOVATION,
        "AI-stöd för att skriva tjänsteskrivelser",
        "Tjänsteskrivelser tar lång tid och varierar i kvalitet.",
        "Pröva ett språkstöd för klarspråk i dokumentmallarna, utan personuppgifter.",
        "Tydligare beslutsunderlag för politiken.",
        [9, 16],
    ),
    (
        "KLF",
        Lane.IMPROVEMENT,
        "Introduktionsfadder för nyanställda",
        "Nyanställda känner sig ensamma de första veckorna.",
        "Varje nyanställd får en fadder på arbetsplatsen.",
        "Bättre start och färre som slutar tidigt.",
        [8, 10],
    ),
    (
        "KF",
        Lane.INNOVATION,
        "Meröppet bibliotek i Sommen",
        "Biblioteksfilialen har korta öppettider.",
        "Meröppet med passerkort så att invånarna kan låna på kvällar och helger.",
        "Mer tillgängligt bibliotek på landsbygden.",
        [4, 10, 11],
    ),
    (
        "KF",
        Lane.IMPROVEMENT,
        "Fritidsgården öppen på lovdagar",
        "Ungdomarna har ingenstans att vara på loven.",
        "Förläng öppettiderna under loven med hjälp av sommarjobbare.",
        "Tryggare lov för unga.",
        [3, 10, 16],
    ),
]

MESSAGES = {
    "assessment": "Tack för idén! Vi tittar på den i ledningsgruppen och återkommer inom två veckor.",
    "development": "Idén har bedömts som intressant. En arbetsgrupp tar fram ett förslag.",
    "pilot": "Vi testar idén i liten skala under sex veckor och följer upp resultatet.",
    "implemented": "Testet föll väl ut och idén är nu införd. Stort tack!",
    "doing": "Vi har tagit upp idén på arbetsplatsträffen och sätter igång.",
    "done": "Klart! Idén är genomförd i gruppen.",
    "todo": "Vi behöver planera lite till innan vi startar.",
    "submitted": "Vi behöver fler uppgifter innan bedömningen.",
    "parked": "Bra idé, men vi har inte resurser just nu. Vi tar upp den igen i höst.",
    "closed": "Vi går inte vidare med idén just nu.",
    "forwarded": "Idén passar bättre hos en annan förvaltning och är vidareskickad.",
}
COMMENTS = [
    "Bra idé! Vi har samma problem hos oss.",
    "Kan vi testa det här på vår enhet också?",
    "Jag hjälper gärna till om det blir en arbetsgrupp.",
    "Har någon kollat hur andra kommuner har gjort?",
    "Det här skulle spara mycket tid för oss.",
]
PATHS = {
    Lane.INNOVATION: [
        [],
        ["assessment"],
        ["assessment", "development"],
        ["assessment", "development", "pilot"],
        ["assessment", "development", "pilot", "implemented"],
        ["parked"],
        ["assessment", "closed"],
        ["assessment", "forwarded"],
    ],
    Lane.IMPROVEMENT: [
        [],
        ["doing"],
        ["doing", "done"],
        ["doing", "done"],
        ["parked"],
        ["closed"],
        ["forwarded"],
    ],
}


@register(order=20)
def build_ideas(context: DemoContext) -> None:
    rng = context.rng
    for order, (sv, en) in enumerate(VISION_GOALS):
        VisionGoal.objects.create(name_sv=sv, name_en=en, order=order)
    goals = {goal.number: goal for goal in GlobalGoal.objects.all()}
    vision = list(VisionGoal.objects.all())
    stages = {(s.lane, s.code): s for s in Stage.objects.all()}
    staff_by_prefix: dict[str, list] = {}
    for code, unit in context.units.items():
        members = list(unit.members.filter(is_active=True))
        for prefix in {code[:i] for i in range(2, len(code) + 1)}:
            staff_by_prefix.setdefault(prefix, []).extend((unit, person) for person in members)
    coordinator = context.people["coordinator"]
    everyone = list(
        {person.pk: person for pairs in staff_by_prefix.values() for _u, person in pairs}.values()
    )
    everyone.sort(key=lambda person: person.pk)
    created = 0
    now = timezone.now()
    with email_muted():
        for round_ in range(12):
            for prefix, lane, title, need, proposal, benefit, goal_numbers in IDEAS:
                pairs = staff_by_prefix.get(prefix) or staff_by_prefix["KLF"]
                unit, submitter = rng.choice(pairs)
                suffix = "" if round_ == 0 else f" ({unit.name})"
                idea = services.submit_idea(
                    by=submitter,
                    data=services.IdeaInput(
                        title=(title + suffix)[:120],
                        need=need,
                        proposal=proposal,
                        benefit=benefit,
                        lane=lane,
                        unit=unit,
                        global_goals=[goals[n] for n in goal_numbers],
                        vision_goals=rng.sample(vision, k=rng.randint(0, 2)),
                    ),
                )
                created += 1
                age_days = rng.randint(1, 720)
                path = rng.choice(PATHS[lane]) if age_days > 20 else []
                mover = _mover(idea, coordinator)
                for step in path:
                    stage = stages[lane, step]
                    services.idea_move(
                        idea=idea,
                        to_stage=stage,
                        by=mover,
                        message=MESSAGES[step],
                        closing_reason="Kostnaden blev för hög i förhållande till nyttan."
                        if stage.requires_lesson
                        else "",
                        lesson_learned="Vi behöver räkna på kostnader tidigare i processen."
                        if stage.requires_lesson
                        else "",
                        forwarded_to="Samhällsbyggnadsförvaltningen"
                        if stage.requires_forward_target
                        else "",
                    )
                for supporter in rng.sample(everyone, k=rng.randint(0, 12)):
                    if supporter.pk != submitter.pk:
                        services.idea_support(idea=idea, by=supporter)
                for text in rng.sample(COMMENTS, k=rng.randint(0, 2)):
                    services.comment_add(idea=idea, by=rng.choice(everyone), body=text)
                _spread_dates(idea, now - datetime.timedelta(days=age_days), rng)
    # One draft and an overdue idea for the demo employee, so those views have content.
    employee = context.people["employee"]
    services.save_draft(
        by=employee,
        data=services.IdeaInput(title="Påminnelse-sms till brukare", lane=Lane.IMPROVEMENT),
    )
    context.log(f"  {created} ideas")


def _mover(idea: Idea, coordinator):
    """The idea's responsible manager answers; the coordinator where there is none."""
    if idea.responsible_id:
        return idea.responsible
    managers = managers_of_unit(unit=idea.unit)
    if managers:
        return managers[0]
    return coordinator


def _spread_dates(idea: Idea, submitted: datetime.datetime, rng) -> None:
    """Move the idea's timeline back in time, keeping its order."""
    events = list(idea.events.order_by("created_at", "id"))
    moment = submitted
    for event in events:
        IdeaEvent.objects.filter(pk=event.pk).update(created_at=moment)
        moment += datetime.timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 8))
    last = min(moment, timezone.now())
    final = idea.stage.is_final if idea.stage else False
    # Most open ideas are answered in time; about one in six is late.
    due = None if final else timezone.localdate() + datetime.timedelta(days=rng.randint(-3, 14))
    Idea.objects.filter(pk=idea.pk).update(
        submitted_at=submitted, moved_at=last, response_due=due, created_at=submitted
    )
    idea.comments.update(created_at=last)


@register(order=26)
def answer_challenges(context: DemoContext) -> None:
    """The ideas answering the demo challenges (challenges/demo.py), handed in by people of
    each challenge's unit while it is open."""
    everyone = sorted(
        {p.pk: p for unit in context.units.values() for p in unit.members.all()}.values(),
        key=lambda person: person.pk,
    )
    handed_in = 0
    with email_muted():
        for answers in context.handed_on.get(challenge_demo.ANSWERS, []):
            challenge = answers.challenge
            members = list(challenge.owner_unit.members.all()) or everyone
            goals = list(challenge.global_goals.all())
            for title in answers.titles:
                services.submit_idea(
                    by=context.rng.choice(members),
                    data=services.IdeaInput(
                        title=title,
                        need=challenge.background,
                        proposal=f"{title}. {challenge.question}",
                        lane=Lane.IMPROVEMENT,
                        unit=challenge.owner_unit,
                        global_goals=goals,
                        challenge=challenge,
                    ),
                )
                handed_in += 1
    context.log(f"  {handed_in} ideas answering the challenges")
