"""Learning conversations at scale (a part of bench/seed.py's PARTS): ~20 themes with a guide
(some with an earlier version), sessions over three years and the coming months held by
conversation leaders with people of a unit (named participants and a head count), past
ones recorded with experiences, lessons and 1-4 insights, a few insights linked to ideas of
the session's unit. Rows go in by COPY, as the rest of the seeder does."""

from __future__ import annotations

import datetime
import random
import time

from bench import seed_ideas

# Sessions and themes per scale, keyed by the scale's number of people (the Scale dataclass
# is bench/seed.py's; its sizes stay there).
SIZES = {
    # people: (sessions, themes, leaders)
    20_000: (20_000, 20, 150),
    2_000: (2_000, 10, 25),
    1_000: (600, 6, 8),
}
THEMES = [
    "Svåra samtal med anhöriga",
    "Trygg medicinhantering",
    "Hot och våld i hemmet",
    "Att arbeta ensam",
    "Palliativ vård i hemmet",
    "Nya kollegor och introduktion",
    "Digitala hjälpmedel hos brukaren",
    "Språk och kommunikation",
    "Stress och återhämtning",
    "Delaktighet för brukaren",
    "Fallprevention",
    "Nutrition och måltider",
    "Demens och bemötande",
    "Hygien och smittskydd",
    "Samverkan med hemsjukvården",
    "Planering och körlistor",
    "Avvikelser som lärande",
    "Etiska dilemman",
    "Samarbete med anhöriga",
    "Arbetsmiljö i hemmet",
    "Förändringar i verksamheten",
    "Att ge och ta emot feedback",
]
PHASES = [
    ("Incheckning", "Hur kommer du hit idag?", 10),
    ("Dela erfarenhet", "Berätta om en situation som berörde dig.\nVad hände?", 20),
    ("Reflektion", "Vad gjorde det svårt?\nVad hjälpte?", 20),
    ("Vad vi lärde oss", "Vad tar vi med oss?", 10),
    ("Nästa steg", "Vad prövar vi till nästa gång?", 10),
]
INSIGHTS = [
    "Ring anhöriga tidigt, inte efter första klagomålet",
    "Vi behöver en gemensam rutin för överlämning",
    "Nya kollegor behöver gå bredvid längre",
    "Kort avlastningssamtal efter svåra besök",
    "Skriv ner det vi kommer överens om",
    "Signeringslistan ska sitta på samma ställe",
    "Öva svåra samtal i par på APT",
    "Fråga brukaren först",
]


def _sizes(people: int) -> tuple[int, int, int]:
    for threshold in sorted(SIZES, reverse=True):
        if people >= threshold:
            return SIZES[threshold]
    smallest = SIZES[min(SIZES)]
    return max(20, people // 2), min(smallest[1], 4), max(2, smallest[2] // 2)


def seed_conversations(*, rng: random.Random, org, counts: dict, log, scale) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from idesluss.accounts.models import Role
    from idesluss.conversations.models import (
        GuidePhase,
        GuideVersion,
        Insight,
        Participant,
        Session,
        Theme,
    )

    step = time.perf_counter()
    now = timezone.now()
    sessions_wanted, theme_count, leader_count = _sizes(scale.users)
    units = [u for u, people in org.users_by_unit.items() if len(people) >= 4]
    if not units:
        return
    # Leaders: people of the units, a few per unit among the first ones.
    pool = sorted({p for u in units for p in org.users_by_unit[u][-3:]})
    leaders = rng.sample(pool, k=min(leader_count, len(pool)))
    coordinator = org.coordinators[0] if org.coordinators else None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unit_id, array_agg(id ORDER BY id) FROM (SELECT unit_id, id, row_number() "
            "OVER (PARTITION BY unit_id ORDER BY id) AS n FROM ideas_idea "
            "WHERE status = 'submitted') t WHERE n <= 5 GROUP BY unit_id"
        )
        ideas_by_unit = dict(cursor.fetchall())
    with transaction.atomic(), connection.cursor() as cursor:
        seed_ideas.copy_qualifications(
            cursor,
            Role.Code.CONVERSATION_LEADER,
            leaders,
            since=now - datetime.timedelta(days=4 * 365),
            training="Samtalsledarutbildning",
        )
        theme_ids = seed_ideas._reserve_ids(cursor, Theme, theme_count)
        created = now - datetime.timedelta(days=4 * 365)
        seed_ideas._copy(
            cursor,
            Theme,
            ["id", "created_at", "updated_at", "title", "description", "is_active",
             "created_by_id"],
            [
                (pk, created, created, f"{THEMES[i % len(THEMES)]} ({pk})",
                 "Ett tema för lärande samtal i vård och omsorg.", i % 10 != 9, coordinator)
                for i, pk in enumerate(theme_ids)
            ],
        )  # fmt: skip
        # Every third theme's guide was rewritten once: sessions before use version 1.
        versions = [(pk, 1) for pk in theme_ids] + [(pk, 2) for pk in theme_ids[::3]]
        guide_ids = seed_ideas._reserve_ids(cursor, GuideVersion, len(versions))
        guide_of: dict[tuple[int, int], int] = {}
        guide_rows, phase_rows = [], []
        for guide_id, (theme_id, number) in zip(guide_ids, versions, strict=True):
            guide_of[(theme_id, number)] = guide_id
            when = created + datetime.timedelta(days=600 * (number - 1))
            guide_rows.append((guide_id, theme_id, number, coordinator, when))
            for position, (name, questions, minutes) in enumerate(PHASES, start=1):
                phase_rows.append((guide_id, position, name, questions, minutes + number - 1))
        seed_ideas._copy(
            cursor,
            GuideVersion,
            ["id", "theme_id", "number", "created_by_id", "created_at"],
            guide_rows,
        )
        seed_ideas._copy(
            cursor, GuidePhase, ["guide_id", "position", "name", "questions", "minutes"],
            phase_rows,
        )  # fmt: skip
        rewritten = set(theme_ids[::3])
        session_ids = seed_ideas._reserve_ids(cursor, Session, sessions_wanted)
        sessions, participants, insights = [], [], []
        active_themes = [pk for i, pk in enumerate(theme_ids) if i % 10 != 9] or theme_ids
        for session_id in session_ids:
            unit = rng.choice(units)
            people = org.users_by_unit[unit]
            leader = rng.choice(leaders)
            if rng.random() < 0.05:
                starts = now + datetime.timedelta(days=rng.uniform(1, 60))
            else:
                starts = now - datetime.timedelta(days=rng.uniform(1, 3 * 365))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            theme = rng.choice(active_themes)
            number = 2 if theme in rewritten and starts > created + datetime.timedelta(600) else 1
            named = rng.sample(people, k=min(len(people), rng.randint(0, 5)))
            named = [p for p in named if p != leader]
            head = len(named) + rng.randint(0, 6)
            past = starts < now
            recorded = past and rng.random() < 0.93
            attended = max(1, head - rng.randint(0, 2)) if recorded else None
            sessions.append(
                (session_id, starts - datetime.timedelta(days=14), starts, theme,
                 guide_of[(theme, number)], leader, None if rng.random() < 0.05 else unit,
                 starts, starts + datetime.timedelta(hours=1, minutes=15), "Personalrummet",
                 head or None, attended,
                 "Vi delade erfarenheter av svåra situationer." if recorded else "",
                 "Vi lärde oss att fråga tidigare." if recorded else "",
                 starts + datetime.timedelta(hours=3) if recorded else None, leader, 1)
            )  # fmt: skip
            participants += [(session_id, p, True if recorded else None) for p in named]
            if recorded:
                unit_ideas = ideas_by_unit.get(unit) or []
                for position in range(1, rng.randint(1, 4) + 1):
                    idea = rng.choice(unit_ideas) if unit_ideas and rng.random() < 0.04 else None
                    insights.append(
                        (session_id, position, rng.choice(INSIGHTS), idea,
                         starts + datetime.timedelta(hours=3))
                    )  # fmt: skip
        counts["conversations"] = seed_ideas._copy(
            cursor,
            Session,
            ["id", "created_at", "updated_at", "theme_id", "guide_id", "leader_id", "unit_id",
             "starts_at", "ends_at", "place", "head_count", "attended_count", "experiences",
             "lessons", "recorded_at", "created_by_id", "version"],
            sessions,
        )  # fmt: skip
        counts["conversation_participants"] = seed_ideas._copy(
            cursor, Participant, ["session_id", "person_id", "took_part"], participants
        )
        counts["insights"] = seed_ideas._copy(
            cursor, Insight, ["session_id", "position", "text", "idea_id", "created_at"], insights
        )
    log(
        f"  {counts['conversations']:,} learning conversations over {theme_count} themes "
        f"({len(leaders)} leaders), {counts['insights']:,} insights "
        f"in {time.perf_counter() - step:.1f} s"
    )
