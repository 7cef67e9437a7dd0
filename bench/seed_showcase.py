"""Good examples, their consent records and news at benchmark scale (bench/seed.py PARTS).

Examples are told from implemented ideas (one example an idea, the newest implemented
first), written by a coordinator, published over three years; most are public, a few are
drafts; the idea's submitter agreed to be named in about half. The month's example is one
of the public ones."""

import datetime
import random
import time

# Examples per scale (by the number of ideas the scale seeds); news posts alongside.
SIZES = {100_000: (400, 150), 10_000: (80, 40), 2_000: (30, 15)}
STORY = (
    "Vi såg att **{t}** tog tid varje vecka. Efter ett test på två enheter blev det en del "
    "av vardagen.\n\n- mindre letande\n- nöjdare brukare"
)


def _sizes(ideas: int) -> tuple[int, int]:
    for at_least, sizes in sorted(SIZES.items(), reverse=True):
        if ideas >= at_least:
            return sizes
    return (10, 5)


def seed_showcase(*, rng: random.Random, org, counts: dict, log, scale) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from bench import seed_ideas
    from bench.seed import _copy_rows
    from idesluss.ideas.services import render_markdown
    from idesluss.showcase.models import Consent, GoodExample, NewsPost, ShowcaseSettings

    step = time.perf_counter()
    now = timezone.now()
    wanted, news = _sizes(scale.ideas)
    writer = org.coordinators[0] if org.coordinators else None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.id, i.title, i.need, i.unit_id, i.submitter_id FROM ideas_idea i "
            "JOIN ideas_stage s ON s.id = i.stage_id WHERE i.status = 'submitted' "
            "AND s.is_final AND s.kind = 'main' ORDER BY i.id DESC LIMIT %s",
            [wanted],
        )
        ideas = cursor.fetchall()
    examples, consents, posts = [], [], []
    html = render_markdown(STORY.format(t="nyckelhanteringen"))
    this_month = timezone.localdate().replace(day=1)
    with transaction.atomic(), connection.cursor() as cursor:
        ids = seed_ideas._reserve_ids(cursor, GoodExample, max(len(ideas), 1))
        for number, ((idea_id, title, need, unit_id, submitter_id), pk) in enumerate(
            zip(ideas, ids, strict=False)
        ):
            published = now - datetime.timedelta(days=rng.uniform(1, 3 * 365))
            draft = rng.random() < 0.1
            examples.append(
                {"id": pk, "created_at": published, "updated_at": published,
                 "title": title[:120], "summary": (need or title)[:300],
                 "story": STORY.format(t=title), "story_html": html,
                 "benefits_realised": "- 30 minuter om dagen", "idea_id": idea_id,
                 "unit_id": unit_id, "status": "draft" if draft else "published",
                 "is_public": rng.random() < 0.8, "published_at": None if draft else published,
                 "featured_month": this_month if number == 0 and not draft else None,
                 "created_by_id": writer, "image": "", "image_alt": ""}
            )  # fmt: skip
            consents.append(
                {"example_id": pk, "person_id": submitter_id, "agreed": rng.random() < 0.5,
                 "recorded_at": published, "recorded_by_id": writer}
            )  # fmt: skip
        for number in range(news):
            day = timezone.localdate() - datetime.timedelta(days=number * 7)
            posts.append(
                {"created_at": now, "updated_at": now, "title": f"Nytt från idéslussen {number}",
                 "body": "Nyheter om **goda exempel**.",
                 "body_html": "<p>Nyheter om <strong>goda exempel</strong>.</p>",
                 "published_on": day, "image": "", "image_alt": "", "created_by_id": writer}
            )  # fmt: skip
        counts["good examples"] = _copy_rows(cursor, GoodExample, examples, now) if examples else 0
        if consents:
            _copy_rows(cursor, Consent, consents, now)
        counts["news posts"] = _copy_rows(cursor, NewsPost, posts, now) if posts else 0
        ShowcaseSettings.objects.update_or_create(
            pk=1, defaults={"show_key_figures": True, "show_open_challenges": True}
        )
    log(
        f"  {counts['good examples']:,} good examples, {counts['news posts']:,} news posts in "
        f"{time.perf_counter() - step:.1f} s"
    )
