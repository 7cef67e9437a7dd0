"""Demo good examples from the demo's implemented ideas (one is the month's good example),
a few news posts, and a public showcase that shows key figures and open challenges.
Made through the services, as the coordinator."""

import datetime

from django.utils import timezone

from idesluss.core.demo import DemoContext, register
from idesluss.ideas.models import Benefit, Idea
from idesluss.notifications.services import email_muted
from idesluss.showcase import services
from idesluss.showcase.forms import ExampleForm
from idesluss.showcase.policy import implemented_q

EXAMPLES = 5

NEWS = [
    (
        "Idéslussen har fått sitt första goda exempel",
        "Nu finns goda exempel samlade på ett ställe. **Läs dem** och ta med det som passar "
        "till din egen arbetsplats.",
        40,
    ),
    (
        "Nya coacher utbildade",
        "Åtta medarbetare har gått coachutbildningen och kan nu stötta arbetsgrupper och "
        "pilotgrupper.",
        21,
    ),
    (
        "Idéworkshop om hållbar konsumtion",
        "Välkommen till en idéworkshop om hållbar konsumtion och produktion. Anmäl dig under "
        "*Idéworkshoppar*.",
        5,
    ),
]


@register(order=40)
def build_showcase(context: DemoContext) -> None:
    coordinator = context.people["coordinator"]
    ideas = list(
        Idea.objects.filter(implemented_q())
        .select_related("submitter", "unit")
        .prefetch_related("co_submitters", "benefits", "global_goals", "vision_goals")
        .order_by("-moved_at", "-id")[:EXAMPLES]
    )
    made = []
    with email_muted():
        for number, idea in enumerate(ideas):
            initial = ExampleForm.initial_from_idea(idea)
            people = services.people_to_name(idea=idea)
            # The submitter agreed to be named in most examples; once nobody did.
            agreed = [people[0].pk] if people and number != 1 else []
            realised = [b for b in idea.benefits.all() if b.kind == Benefit.Kind.REALISED]
            example = services.example_create(
                by=coordinator,
                idea=idea,
                data=services.ExampleInput(
                    title=initial["title"],
                    summary=initial["summary"],
                    story=initial["story"] or idea.title,
                    benefits_realised=initial["benefits_realised"]
                    or "\n".join(b.description for b in realised),
                    unit=initial["unit"],
                    global_goals=initial["global_goals"],
                    vision_goals=initial["vision_goals"],
                    is_public=number != 2,  # one for the staff only
                    agreed=agreed,
                ),
            )
            # The last stays a draft, for the coordinator to finish.
            if number < len(ideas) - 1:
                services.example_publish(example=example, by=coordinator)
            made.append(example)
        if made:
            services.example_feature(
                example=made[0], by=coordinator, month=timezone.localdate().replace(day=1)
            )
        today = timezone.localdate()
        for title, body, days_ago in NEWS:
            services.news_create(
                by=coordinator,
                data=services.NewsInput(
                    title=title, body=body, published_on=today - datetime.timedelta(days=days_ago)
                ),
            )
        services.showcase_settings_save(
            by=coordinator, show_key_figures=True, show_open_challenges=True
        )
    context.log(f"  {len(made)} good examples, {len(NEWS)} news posts, the public showcase on")
