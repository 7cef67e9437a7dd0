"""Seed a PostgreSQL database with a whole region's (or municipality's) Idésluss.

`--scale region` is what a region makes in a few years: ~300 units, 20,000 people,
100,000 ideas with histories, ~1,000,000 supports, ~300,000 comments, assessments,
challenges and the needs bank, 3,000 workgroups and pilot groups with their sessions,
decisions and actions. `--scale municipality` is about a tenth (the unit tree stays).

The ideas come from bench/seed_ideas.py (COPY in chunks, the idea services' invariants);
each further part of the product is a function in PARTS below, with the invariants its
services keep in INVARIANTS (checked after seeding, and by `--check`). A new app adds its
part in a few lines: a `_seed_<app>` function, a size in Scale, its tables in WIPE_TABLES
and its invariants.

    python -m bench.seed --scale region --create-database      # ~3-4 minutes
    python -m bench.seed --scale municipality --create-database
"""

import argparse
import datetime
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from bench import seed_ideas, seed_learning
from bench.seed_conversations import seed_conversations
from bench.seed_ideas import SeedRefused
from bench.seed_network import seed_network
from bench.seed_showcase import seed_showcase

Log = Callable[[str], None]


@dataclass(frozen=True)
class Scale:
    ideas: int
    users: int
    supports: int
    comments: int
    challenges: int
    needs: int
    groups: int
    workshops: int
    coaches: int


SCALES = {
    "region": Scale(
        ideas=100_000,
        users=20_000,
        supports=1_000_000,
        comments=300_000,
        challenges=60,
        needs=3_000,
        groups=3_000,
        workshops=2_000,
        coaches=120,
    ),
    # The size the yardstick names: a peer served 4-17 pages a second with 2,000 ideas.
    "town": Scale(
        ideas=2_000,
        users=1_000,
        supports=20_000,
        comments=6_000,
        challenges=6,
        needs=60,
        groups=60,
        workshops=40,
        coaches=6,
    ),
    "municipality": Scale(
        ideas=10_000,
        users=2_000,
        supports=100_000,
        comments=30_000,
        challenges=12,
        needs=300,
        groups=300,
        workshops=200,
        coaches=20,
    ),
}

# Emptied (with CASCADE) by --force before seeding again, beside what seed_ideas wipes.
WIPE_TABLES = [
    "groups_group",
    "groups_session",
    "groups_action",
    "challenges_need",
    "challenges_challenge",
    "ideas_assessorassignment",
    "ideas_score",
    "workshops_workshop",
    "showcase_goodexample",
    "showcase_newspost",
    "network_subscription",
    "network_sharedchallenge",
    "conversations_theme",  # its guides, sessions, participants and insights by CASCADE
    *seed_learning.WIPE_TABLES,
]

GROUP_PURPOSES = [
    "Ta fram och testa ett nytt arbetssätt för {s}.",
    "Följa upp piloten om {s} och föreslå hur den kan spridas.",
    "Kartlägga {s} tillsammans med brukarna och välja vad vi testar först.",
]
DECISIONS = [
    "Vi testar i fyra veckor på två enheter.",
    "Gruppen föreslår att idén införs i hela verksamheten.",
    "Vi väntar med inköp tills utvärderingen är klar.",
    "Nästa möte bjuder vi in ekonomen.",
]
ACTIONS = [
    "Boka lokal till nästa träff",
    "Fråga kollegorna på APT vad de tycker",
    "Ta fram en enkel kostnadskalkyl",
    "Kontakta IT om behörigheter",
    "Skriva ihop erfarenheterna från testet",
    "Prata med facket om arbetstiderna",
]
CHALLENGE_QUESTIONS = [
    ("Hur minskar vi matsvinnet?", "Hur kan vi minska matsvinnet i våra kök med hälften?"),
    ("Mindre papper", "Hur blir vi av med pappersblanketterna i kontakten med invånarna?"),
    ("Trygg hemtjänst", "Hur gör vi hemtjänstens nyckelhantering både enklare och tryggare?"),
    ("Fler sökande", "Hur får vi fler att söka sommarjobb hos oss?"),
    ("Energi i lokalerna", "Hur sparar vi energi i våra lokaler utan att det blir sämre?"),
]
WORKSHOP_THEMES = [
    ("Hälsa och välmående på jobbet", "Hur kan vi må bättre på jobbet, i kroppen och i gruppen?"),
    ("Hållbar konsumtion och produktion", "Hur minskar vi det vi köper, slänger och släpper ut?"),
    (
        "Digitala verktyg i vardagen",
        "Vilka digitala verktyg skulle spara tid för oss och invånarna?",
    ),
    ("Trygg och enkel hemtjänst", "Hur gör vi besöken tryggare för både brukare och personal?"),
    ("Fler vill jobba hos oss", "Hur blir vi en arbetsplats som fler söker sig till?"),
]
NOTE_TEXTS = [
    "Gåmöten i stället för sittmöten",
    "Frukt i fikarummet varje dag",
    "Digital nyckellista",
    "Mindre portioner och påfyllning",
    "Väg matsvinnet varje vecka",
    "Byt till miljömärkta medel",
    "Gemensam bilpool med elcyklar",
    "Schemat i appen",
    "Fadder för nyanställda",
    "Tyst rum på varje enhet",
    "Kortare möten med tydlig agenda",
    "Dela verktyg mellan enheter",
]
NEED_WHERE = ["i hemtjänsten", "på förskolan", "i köket", "i receptionen", "på äldreboendet"]


def _fill(model, rows: list[dict], now: datetime.datetime) -> tuple[list[str], list[tuple]]:
    """Columns and value tuples for COPY: every concrete field the rows do not give gets its
    model default (or NULL, or now for auto timestamps), so a field another developer adds
    with a default does not break the seeder; a required field without one stops it early."""
    from django.db import models

    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    given = set(rows[0]) if rows else set()
    fillers: dict[str, object] = {}
    for f in fields:
        if f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fillers[f.attname] = now
        elif f.has_default():
            fillers[f.attname] = f.get_default()
        elif f.null:
            fillers[f.attname] = None
        elif f.blank and isinstance(f, models.CharField | models.TextField):
            fillers[f.attname] = ""  # an optional text left empty, as a form leaves it
        elif getattr(f, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED:
            continue  # the database fills it
        else:
            raise SeedRefused(
                f"{model.__name__}.{f.name} is required and has no default: "
                "bench/seed.py needs updating for it."
            )
    column_of = {f.attname: f.column for f in fields}
    attnames = [f.attname for f in fields if f.attname in given or f.attname in fillers]
    if "id" in given:
        attnames.insert(0, "id")
        column_of["id"] = "id"
    # Quoted: a column may be an SQL keyword (challenges_need.where).
    columns = [f'"{column_of[a]}"' for a in attnames]
    values = [tuple(row.get(a, fillers.get(a)) for a in attnames) for row in rows]
    return columns, values


def _copy_rows(cursor, model, rows: list[dict], now: datetime.datetime) -> int:
    columns, values = _fill(model, rows, now)
    return seed_ideas._copy(cursor, model, columns, values)


def _copy_links(cursor, model, field_name: str, pairs: Iterable[tuple[int, int]]) -> int:
    """Rows of a many-to-many table: (this model's key, the other's key)."""
    field = model._meta.get_field(field_name)
    table = field.remote_field.through._meta.db_table
    columns = [field.m2m_column_name(), field.m2m_reverse_name()]
    return seed_ideas._copy(cursor, table, columns, pairs)


def _people_without_role(org) -> list[int]:
    from idesluss.accounts.models import RoleAssignment

    with_roles = set(
        RoleAssignment.objects.filter(user_id__in=org.user_ids).values_list("user_id", flat=True)
    )
    return [pk for pk in org.user_ids if pk not in with_roles]


# Parts: each seeds one app's data after the ideas.


def _seed_assessments(*, rng: random.Random, org, counts: dict, log: Log, scale: Scale) -> None:
    """Innovation ideas that reached assessment have 1-3 assessors (never an author); those
    that moved on (and half of those still there) have every active criterion scored."""
    from django.db import connection, transaction
    from django.utils import timezone

    from idesluss.ideas.models import AssessorAssignment, Criterion, Score

    step = time.perf_counter()
    now = timezone.now()
    criteria = list(Criterion.objects.filter(is_active=True).values_list("pk", flat=True))
    pool = _people_without_role(org)[:300] or org.user_ids[:300]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.id, i.submitter_id, i.responsible_id, min(e.created_at),
                   s.code = 'assessment' AS still_there,
                   array(SELECT c.user_id FROM ideas_idea_co_submitters c WHERE c.idea_id = i.id)
            FROM ideas_idea i
            JOIN ideas_ideaevent e ON e.idea_id = i.id
            JOIN ideas_stage t ON t.id = e.to_stage_id AND t.code = 'assessment'
            JOIN ideas_stage s ON s.id = i.stage_id
            WHERE i.lane = 'innovation' AND i.status = 'submitted'
            GROUP BY i.id, s.code ORDER BY i.id"""
        )
        ideas = cursor.fetchall()
    assignments, scores = [], []
    for idea_id, submitter, responsible, reached, still_there, co in ideas:
        authors = {submitter, *co}
        assessors = [p for p in rng.sample(pool, k=4) if p not in authors][: rng.randint(1, 3)]
        for assessor in assessors:
            assigned = reached + datetime.timedelta(hours=rng.uniform(1, 48))
            done = (not still_there or rng.random() < 0.5) and assigned < now
            completed = min(now, assigned + datetime.timedelta(days=rng.uniform(1, 10)))
            assignments.append(
                {
                    "idea_id": idea_id,
                    "assessor_id": assessor,
                    "assigned_by_id": responsible,
                    "created_at": assigned,
                    "completed_at": completed if done else None,
                }
            )
            if done:
                for criterion in criteria:
                    scores.append(
                        {
                            "idea_id": idea_id,
                            "assessor_id": assessor,
                            "criterion_id": criterion,
                            "value": rng.randint(1, 5),
                            "comment": "" if rng.random() < 0.7 else "Bra underlag.",
                            "updated_at": completed,
                        }
                    )
    with transaction.atomic(), connection.cursor() as cursor:
        counts["assessor assignments"] = _copy_rows(cursor, AssessorAssignment, assignments, now)
        counts["scores"] = _copy_rows(cursor, Score, scores, now)
    log(
        f"  {counts['assessor assignments']:,} assessor assignments, {counts['scores']:,} "
        f"scores in {time.perf_counter() - step:.1f} s"
    )


def _seed_challenges(*, rng: random.Random, org, counts: dict, log: Log, scale: Scale) -> None:
    """The needs bank (echoes never by the recorder; echo_count equals the rows) and
    challenges over three years, one open now; a fifth of the ideas handed in while a
    challenge was open answer it."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from idesluss.accounts.models import Unit
    from idesluss.challenges.models import Challenge, Need, NeedEcho
    from idesluss.goals.models import GlobalGoal

    step = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    three_years = 3 * 365 * 86_400
    goals = list(GlobalGoal.objects.values_list("pk", flat=True))
    upper_units = list(
        Unit.objects.filter(pk__in=org.unit_ids, depth__lte=1).values_list("pk", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        need_ids = seed_ideas._reserve_ids(cursor, Need, scale.needs)
        needs, echoes, need_times = [], [], []
        for need_id in need_ids:
            recorder = rng.choice(org.user_ids)
            created = now - datetime.timedelta(seconds=three_years * rng.random() ** 1.3 + 60)
            title, need_text, _proposal = seed_ideas._texts(rng)
            span = (now - created).total_seconds()
            echoers = {p for p in rng.sample(org.user_ids, k=min(40, len(org.user_ids)))}
            echoers.discard(recorder)
            echoers = set(list(echoers)[: int(rng.random() ** 3 * 40)])
            for person in echoers:
                moment = created + datetime.timedelta(seconds=rng.random() * span)
                echoes.append({"need_id": need_id, "user_id": person, "created_at": moment})
            need_times.append((need_id, created))
            needs.append(
                {
                    "id": need_id,
                    "created_at": created,
                    "updated_at": created,
                    "title": title,
                    "description": need_text,
                    "where": rng.choice(NEED_WHERE),
                    "affected": "",
                    "frequency": rng.choice([*Need.Frequency.values, ""]),
                    "unit_id": org.user_unit[recorder - org.user_ids[0]],
                    "recorded_by_id": recorder,
                    "echo_count": len(echoers),
                }
            )
        counts["needs"] = _copy_rows(cursor, Need, needs, now)
        counts["need echoes"] = _copy_rows(cursor, NeedEcho, echoes, now)
        # Challenges: spread over three years, 5-10 weeks open each; the last one is open now.
        challenge_ids = seed_ideas._reserve_ids(cursor, Challenge, scale.challenges)
        challenges, need_links, goal_links = [], [], []
        for n, challenge_id in enumerate(challenge_ids):
            if n == len(challenge_ids) - 1:
                opens = today - datetime.timedelta(days=14)
            else:
                opens = today - datetime.timedelta(days=rng.randint(30, 3 * 365))
            closes = opens + datetime.timedelta(weeks=rng.randint(5, 10))
            short, question = rng.choice(CHALLENGE_QUESTIONS)
            created = timezone.make_aware(
                datetime.datetime.combine(opens - datetime.timedelta(days=7), datetime.time(9))
            )
            challenges.append(
                {
                    "id": challenge_id,
                    "created_at": created,
                    "updated_at": created,
                    "title": f"{short} ({opens:%Y})",
                    "background": "Vi behöver era idéer. " + question,
                    "question": question,
                    "owner_unit_id": rng.choice(upper_units),
                    "opens_on": opens,
                    "closes_on": closes,
                    "image": "",
                    "image_alt": "",
                    "created_by_id": rng.choice(org.coordinators),
                }
            )
            earlier = [pk for pk, at in need_times if at < created]
            need_links += [(challenge_id, pk) for pk in rng.sample(earlier, k=min(3, len(earlier)))]
            goal_links += [(challenge_id, g) for g in rng.sample(goals, k=min(2, len(goals)))]
        counts["challenges"] = _copy_rows(cursor, Challenge, challenges, now)
        _copy_links(cursor, Challenge, "needs", need_links)
        _copy_links(cursor, Challenge, "global_goals", goal_links)
        # Ideas handed in while a challenge was open (in local days) answer it, one in five.
        cursor.execute(
            """
            UPDATE ideas_idea i SET challenge_id = c.id
            FROM challenges_challenge c
            WHERE i.challenge_id IS NULL AND i.status = 'submitted' AND i.id %% 5 = 0
              AND (i.submitted_at AT TIME ZONE %s)::date BETWEEN c.opens_on AND c.closes_on""",
            [settings.TIME_ZONE],
        )
        counts["ideas answering a challenge"] = cursor.rowcount
    log(
        f"  {counts['needs']:,} needs, {counts['need echoes']:,} echoes, {counts['challenges']} "
        f"challenges, {counts['ideas answering a challenge']:,} answers in "
        f"{time.perf_counter() - step:.1f} s"
    )


def _seed_groups(*, rng: random.Random, org, counts: dict, log: Log, scale: Scale) -> None:
    """Workgroups and pilot groups of a unit's people, coached by a coach, with sessions
    every few weeks since they started (participants are members, actions owned by members,
    due after their session; open actions of earlier sessions carried to the next one).

    Kept small on purpose: the groups app is changing; only fields that exist are seeded
    (others take their model defaults, see _fill)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from idesluss.accounts.models import Role
    from idesluss.groups.models import Action, Decision, Group, GroupEvent, Session, Status

    step = time.perf_counter()
    now = timezone.now()
    free = _people_without_role(org)
    coaches = free[300 : 300 + scale.coaches] or free[: scale.coaches]
    ideas_by_unit: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unit_id, array_agg(id ORDER BY id) FROM (SELECT unit_id, id, row_number() "
            "OVER (PARTITION BY unit_id ORDER BY id) AS n FROM ideas_idea "
            "WHERE status = 'submitted') t WHERE n <= 20 GROUP BY unit_id"
        )
        ideas_by_unit = dict(cursor.fetchall())
    units_with_people = [u for u, people in org.users_by_unit.items() if len(people) >= 3]
    groups, events, member_links, idea_links = [], [], [], []
    sessions, participants, attendees, carried = [], [], [], []
    decisions, actions = [], []
    with transaction.atomic(), connection.cursor() as cursor:
        seed_ideas.copy_qualifications(
            cursor,
            Role.Code.COACH,
            coaches,
            since=now - datetime.timedelta(days=4 * 365),
            training="Coachutbildning",
        )
        group_ids = seed_ideas._reserve_ids(cursor, Group, scale.groups)
        # Sessions and actions are numbered here; their sequences are moved past them below.
        session_id = seed_ideas._reserve_ids(cursor, Session, 1)[0]
        action_id = seed_ideas._reserve_ids(cursor, Action, 1)[0]
        for group_id in group_ids:
            unit = rng.choice(units_with_people)
            people = org.users_by_unit[unit]
            members = rng.sample(people, k=min(len(people), rng.randint(3, 8)))
            coach = rng.choice(coaches) if coaches and rng.random() < 0.8 else None
            creator = org.responsible_by_unit[unit]
            starts = (now - datetime.timedelta(days=rng.uniform(0, 3 * 365))).date()
            ends = starts + datetime.timedelta(days=rng.randint(60, 365))
            started_at = timezone.make_aware(datetime.datetime.combine(starts, datetime.time(8)))
            status = rng.choices(Status.values, [80, 15, 5])[0]
            groups.append(
                {
                    "id": group_id,
                    "created_at": started_at,
                    "updated_at": started_at,
                    "kind": rng.choice(Group.Kind.values),
                    "name": f"{seed_ideas._texts(rng)[0][:120]} ({group_id})",
                    "purpose": rng.choice(GROUP_PURPOSES).format(s=seed_ideas._compound(rng)),
                    "coach_id": coach,
                    "starts_on": starts,
                    "ends_on": ends,
                    "status": status,
                    "status_comment": "" if status == Status.GREEN else "Vi behöver mer tid.",
                    "is_public": rng.random() < 0.3,
                    "created_by_id": creator,
                    "version": 1 if status == Status.GREEN else 2,
                }
            )
            events.append(
                {"group_id": group_id, "actor_id": creator, "kind": GroupEvent.Kind.STARTED,
                 "status": "", "comment": "", "created_at": started_at}
            )  # fmt: skip
            if status != Status.GREEN:
                events.append(
                    {"group_id": group_id, "actor_id": members[0], "kind": GroupEvent.Kind.STATUS,
                     "status": status, "comment": "Vi behöver mer tid.",
                     "created_at": started_at + datetime.timedelta(days=20)}
                )  # fmt: skip
            member_links += [(group_id, p) for p in members]
            unit_ideas = ideas_by_unit.get(unit) or []
            idea_links += [(group_id, i) for i in rng.sample(unit_ideas, k=min(2, len(unit_ideas)))]
            # Sessions every 2-5 weeks from the start, up to one ahead of today.
            at = started_at + datetime.timedelta(days=rng.randint(0, 7), hours=1)
            planned = started_at
            group_actions: list[dict] = []
            for _ in range(rng.randint(2, 8)):
                if planned > now:
                    break
                sessions.append(
                    {
                        "id": session_id,
                        "created_at": planned,
                        "updated_at": planned,
                        "group_id": group_id,
                        "kind": rng.choice(Session.Kind.values),
                        "starts_at": at,
                        "location": rng.choice(["Personalrummet", "Stadshuset, sal 2", ""]),
                        "agenda": "1. Läget\n2. Vad har vi testat?\n3. Nästa steg",
                        "notes": "Vi gick igenom testet." if at < now else "",
                        "created_by_id": creator,
                        "version": 1,
                    }
                )
                participants += [(session_id, p) for p in members]
                # Open actions of earlier sessions, as session_create carries them.
                carried += [
                    (session_id, a["id"])
                    for a in group_actions
                    if a["created_at"] <= planned
                    and (a["done_at"] is None or a["done_at"] > planned)
                ]
                if at < now:
                    attendees += [(session_id, p) for p in members if rng.random() < 0.8]
                    for _ in range(rng.randint(0, 2)):
                        decisions.append(
                            {"session_id": session_id, "text": rng.choice(DECISIONS),
                             "recorded_by_id": creator, "created_at": at}
                        )  # fmt: skip
                    for _ in range(rng.randint(0, 3)):
                        owner = rng.choice(members)
                        due = (at + datetime.timedelta(days=rng.randint(7, 30))).date()
                        done_at = None
                        if rng.random() < 0.85:
                            done_at = at + datetime.timedelta(days=rng.uniform(1, 30))
                            done_at = done_at if done_at < now else None
                        action = {
                            "id": action_id,
                            "group_id": group_id,
                            "session_id": session_id,
                            "what": rng.choice(ACTIONS),
                            "owner_id": owner,
                            "due_on": due,
                            "done_at": done_at,
                            "done_by_id": owner if done_at else None,
                            "created_by_id": creator,
                            "created_at": at,
                        }
                        group_actions.append(action)
                        action_id += 1
                planned = at + datetime.timedelta(days=1)
                at += datetime.timedelta(days=rng.randint(14, 35))
                session_id += 1
            actions += group_actions
        counts["groups"] = _copy_rows(cursor, Group, groups, now)
        _copy_rows(cursor, GroupEvent, events, now)
        counts["group members"] = _copy_links(cursor, Group, "members", member_links)
        _copy_links(cursor, Group, "ideas", idea_links)
        counts["sessions"] = _copy_rows(cursor, Session, sessions, now)
        _copy_links(cursor, Session, "participants", participants)
        _copy_links(cursor, Session, "attendees", attendees)
        counts["decisions"] = _copy_rows(cursor, Decision, decisions, now)
        counts["actions"] = _copy_rows(cursor, Action, actions, now)
        _copy_links(cursor, Session, "carried_actions", carried)
        for model, last in ((Session, session_id), (Action, action_id)):
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, last]
            )
    log(
        f"  {counts['groups']:,} groups ({len(coaches)} coaches), {counts['sessions']:,} "
        f"sessions, {counts['decisions']:,} decisions, {counts['actions']:,} actions in "
        f"{time.perf_counter() - step:.1f} s"
    )


def _seed_workshops(*, rng: random.Random, org, counts: dict, log: Log, scale: Scale) -> None:
    """Idea workshops over three years and the coming months: a facilitator (the unit's
    manager) and 5 up to the capacity of signed-up people of the unit, 15-50 notes by them,
    votes within each person's dots; past ones closed with the notes in clusters, coming
    ones planned, a few live now (capturing notes or voting) for the live pages."""
    from django.db import connection, transaction
    from django.utils import timezone

    from idesluss.workshops.models import Cluster, Note, SignUp, Vote, Workshop

    step = time.perf_counter()
    now = timezone.now()
    Phase = Workshop.Phase
    units_with_people = [u for u, people in org.users_by_unit.items() if len(people) >= 6]
    workshops, facilitator_links, signups, clusters, notes, votes = [], [], [], [], [], []
    with transaction.atomic(), connection.cursor() as cursor:
        workshop_ids = seed_ideas._reserve_ids(cursor, Workshop, scale.workshops)
        cluster_id = seed_ideas._reserve_ids(cursor, Cluster, 1)[0]
        note_id = seed_ideas._reserve_ids(cursor, Note, 1)[0]
        live = max(4, scale.workshops // 100)
        for index, workshop_id in enumerate(workshop_ids):
            unit = rng.choice(units_with_people)
            people = org.users_by_unit[unit]
            facilitator = org.responsible_by_unit[unit]
            if index < live:  # live now: half capturing notes, half voting
                phase = Phase.CAPTURE if index % 2 else Phase.VOTING
                starts = now - datetime.timedelta(minutes=30)
            elif rng.random() < 0.1:
                phase = Phase.PLANNED
                starts = now + datetime.timedelta(days=rng.uniform(1, 120))
            else:
                phase = Phase.CANCELLED if rng.random() < 0.03 else Phase.CLOSED
                starts = now - datetime.timedelta(days=rng.uniform(1, 3 * 365))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            capacity = rng.choice([12, 15, 20, 25, 30])
            dots = rng.choice([3, 3, 5])
            theme, question = rng.choice(WORKSHOP_THEMES)
            created = min(starts, now) - datetime.timedelta(days=rng.randint(14, 40))
            workshops.append(
                {"id": workshop_id, "created_at": created, "updated_at": created,
                 "title": f"{theme} ({workshop_id})", "description": question,
                 "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3),
                 "place": "Stadshuset, Stora salen", "online_url": "", "capacity": capacity,
                 "dots_per_person": dots, "phase": phase, "created_by_id": facilitator,
                 "version": 1}
            )  # fmt: skip
            facilitator_links.append((workshop_id, facilitator))
            others = [p for p in people if p != facilitator]
            taking_part = rng.sample(others, k=min(len(others), rng.randint(5, capacity)))
            signed = created + datetime.timedelta(days=2)
            signups.append(
                {"workshop_id": workshop_id, "person_id": facilitator,
                 "status": SignUp.Status.FACILITATING, "signed_up_at": created,
                 "created_at": created}
            )  # fmt: skip
            signups += [
                {"workshop_id": workshop_id, "person_id": person,
                 "status": SignUp.Status.SIGNED_UP, "invited_by_id": facilitator,
                 "invited_at": created, "signed_up_at": signed, "created_at": created}
                for person in taking_part
            ]  # fmt: skip
            if phase in (Phase.PLANNED, Phase.CANCELLED):
                continue
            written = starts + datetime.timedelta(minutes=20)
            workshop_clusters: list[int] = []
            if phase == Phase.CLOSED:
                for number in range(rng.randint(3, 6)):
                    clusters.append(
                        {"id": cluster_id, "workshop_id": workshop_id,
                         "name": f"Grupp {number + 1}", "created_by_id": facilitator,
                         "created_at": written + datetime.timedelta(minutes=40)}
                    )  # fmt: skip
                    workshop_clusters.append(cluster_id)
                    cluster_id += 1
            workshop_notes: list[int] = []
            for _ in range(rng.randint(15, 50)):
                notes.append(
                    {"id": note_id, "workshop_id": workshop_id,
                     "author_id": rng.choice(taking_part),
                     "text": rng.choice(NOTE_TEXTS),
                     "cluster_id": rng.choice(workshop_clusters) if workshop_clusters else None,
                     "created_at": written + datetime.timedelta(seconds=rng.randint(0, 1800))}
                )  # fmt: skip
                workshop_notes.append(note_id)
                note_id += 1
            if phase == Phase.CAPTURE:
                continue
            voted = written + datetime.timedelta(hours=1)
            # Live voting has just begun: a third have placed their dots, the rest have all
            # theirs left (the load test places them).
            voters = taking_part if phase == Phase.CLOSED else taking_part[: len(taking_part) // 3]
            for person in voters:
                # Most use all their dots, some fewer (a dot may go twice on one note).
                for _ in range(dots if rng.random() < 0.8 else rng.randint(0, dots)):
                    votes.append(
                        {"workshop_id": workshop_id, "note_id": rng.choice(workshop_notes),
                         "voter_id": person, "created_at": voted}
                    )  # fmt: skip
        counts["workshops"] = _copy_rows(cursor, Workshop, workshops, now)
        _copy_links(cursor, Workshop, "facilitators", facilitator_links)
        counts["workshop sign-ups"] = _copy_rows(cursor, SignUp, signups, now)
        _copy_rows(cursor, Cluster, clusters, now)
        counts["notes"] = _copy_rows(cursor, Note, notes, now)
        counts["votes"] = _copy_rows(cursor, Vote, votes, now)
        for model, last in ((Cluster, cluster_id), (Note, note_id)):
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, last]
            )
    log(
        f"  {counts['workshops']:,} workshops, {counts['workshop sign-ups']:,} sign-ups, "
        f"{counts['notes']:,} notes, {counts['votes']:,} votes in "
        f"{time.perf_counter() - step:.1f} s"
    )


PARTS = [
    _seed_assessments,
    _seed_challenges,
    _seed_groups,
    _seed_workshops,
    seed_showcase,
    seed_network,
    seed_conversations,
    seed_learning.seed_learning,
]

# Each query counts the rows that break one invariant the services keep (all zero).
INVARIANTS = {
    "nobody assesses their own idea": """
        SELECT count(*) FROM ideas_assessorassignment a JOIN ideas_idea i ON i.id = a.idea_id
        WHERE a.assessor_id = i.submitter_id OR EXISTS (SELECT 1 FROM ideas_idea_co_submitters c
            WHERE c.idea_id = i.id AND c.user_id = a.assessor_id)""",
    "scores only by assigned assessors": """
        SELECT count(*) FROM ideas_score s WHERE NOT EXISTS (SELECT 1 FROM
            ideas_assessorassignment a WHERE a.idea_id = s.idea_id AND a.assessor_id = s.assessor_id)""",
    "a completed assessment scores every active criterion": """
        SELECT count(*) FROM ideas_assessorassignment a WHERE a.completed_at IS NOT NULL AND
            (SELECT count(*) FROM ideas_score s JOIN ideas_criterion c ON c.id = s.criterion_id
             WHERE s.idea_id = a.idea_id AND s.assessor_id = a.assessor_id AND c.is_active)
            <> (SELECT count(*) FROM ideas_criterion WHERE is_active)""",
    "echo_count is the number of echoes": """
        SELECT count(*) FROM challenges_need n
        WHERE n.echo_count <> (SELECT count(*) FROM challenges_needecho e WHERE e.need_id = n.id)""",
    "nobody echoes their own need": """
        SELECT count(*) FROM challenges_needecho e JOIN challenges_need n ON n.id = e.need_id
        WHERE e.user_id = n.recorded_by_id""",
    # %s is the site's time zone (a challenge is open on local days).
    "an idea answers a challenge that was open when it was handed in": """
        SELECT count(*) FROM ideas_idea i JOIN challenges_challenge c ON c.id = i.challenge_id
        WHERE (i.submitted_at AT TIME ZONE %s)::date NOT BETWEEN c.opens_on AND c.closes_on""",
    "a group has members": """
        SELECT count(*) FROM groups_group g WHERE NOT EXISTS (
            SELECT 1 FROM groups_group_members m WHERE m.group_id = g.id)""",
    "no session before its group starts": """
        SELECT count(*) FROM groups_session s JOIN groups_group g ON g.id = s.group_id
        WHERE s.starts_at::date < g.starts_on""",
    "session participants are members or the coach": """
        SELECT count(*) FROM groups_session_participants p JOIN groups_session s ON s.id = p.session_id
        JOIN groups_group g ON g.id = s.group_id WHERE p.user_id IS DISTINCT FROM g.coach_id
        AND NOT EXISTS (SELECT 1 FROM groups_group_members m WHERE m.group_id = g.id
                        AND m.user_id = p.user_id)""",
    "action owners are members, actions due after their session": """
        SELECT count(*) FROM groups_action a JOIN groups_session s ON s.id = a.session_id
        WHERE a.group_id <> s.group_id OR a.due_on < s.starts_at::date OR NOT EXISTS (
            SELECT 1 FROM groups_group_members m WHERE m.group_id = a.group_id
            AND m.user_id = a.owner_id)""",
    "carried actions come from earlier sessions of the same group": """
        SELECT count(*) FROM groups_session_carried_actions c
        JOIN groups_session s ON s.id = c.session_id JOIN groups_action a ON a.id = c.action_id
        JOIN groups_session o ON o.id = a.session_id
        WHERE a.group_id <> s.group_id OR o.starts_at >= s.starts_at""",
    "nobody places more dots than the workshop gives": """
        SELECT count(*) FROM (SELECT workshop_id, voter_id, count(*) AS dots
            FROM workshops_vote GROUP BY 1, 2) v JOIN workshops_workshop w ON w.id = v.workshop_id
        WHERE v.dots > w.dots_per_person""",
    "note authors and voters take part in the workshop": """
        SELECT (SELECT count(*) FROM workshops_note n WHERE NOT EXISTS (
                SELECT 1 FROM workshops_signup s WHERE s.workshop_id = n.workshop_id
                AND s.person_id = n.author_id AND s.status IN ('signed_up', 'facilitating')))
             + (SELECT count(*) FROM workshops_vote v WHERE NOT EXISTS (
                SELECT 1 FROM workshops_signup s WHERE s.workshop_id = v.workshop_id
                AND s.person_id = v.voter_id AND s.status IN ('signed_up', 'facilitating')))""",
    "no workshop has more signed up than places": """
        SELECT count(*) FROM workshops_workshop w WHERE w.capacity < (SELECT count(*)
            FROM workshops_signup s WHERE s.workshop_id = w.id AND s.status = 'signed_up')""",
    "notes are in clusters of their own workshop": """
        SELECT count(*) FROM workshops_note n JOIN workshops_cluster c ON c.id = n.cluster_id
        WHERE c.workshop_id <> n.workshop_id""",
}


def check_invariants(log: Log = print) -> dict[str, int]:
    """The ideas' invariants (seed_ideas) and the other parts' (all zero after seeding)."""
    from django.conf import settings

    broken = seed_ideas.check_invariants(log)
    # A challenge is open on local days: the queries compare in the site's time zone.
    broken |= seed_ideas.count_broken(
        INVARIANTS, log, label="other parts' invariants", params=(settings.TIME_ZONE,)
    )
    return broken


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale", choices=sorted(SCALES), default="municipality", help="How much (municipality)."
    )
    parser.add_argument("--seed", type=int, default=2025, help="The random seed.")
    parser.add_argument(
        "--force",
        action="store_true",
        help="Seed even though there are ideas: removes what an earlier seeding made first.",
    )
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database named by DATABASE_URL if it is missing, and migrate.",
    )
    parser.add_argument("--check", action="store_true", help="Only check the invariants.")
    parser.add_argument(
        "--if-empty", action="store_true", help="Do nothing when the database holds ideas."
    )


def run(options: dict, log: Log = print) -> None:
    """Seed as the command line asked (shared by `python -m bench.seed` and `bench/run`)."""
    from functools import partial

    from django.db import connection

    from idesluss.ideas.models import Idea

    if options.get("create_database"):
        seed_ideas.create_database(log)
    if options.get("check"):
        if check_invariants(log):
            raise SeedRefused("The data breaks the invariants above.")
        return
    if options.get("if_empty") and not options.get("force") and Idea.objects.exists():
        log(f"{connection.settings_dict['NAME']} already holds ideas; nothing seeded.")
        return
    scale = SCALES[options["scale"]]
    log(f"Scale {options['scale']}: {asdict(scale)}")
    sizes = seed_ideas.Sizes(
        ideas=scale.ideas, users=scale.users, supports=scale.supports, comments=scale.comments
    )
    seed_ideas.seed(
        sizes=sizes,
        seed=options["seed"],
        force=options["force"],
        log=log,
        parts=[partial(part, scale=scale) for part in PARTS],
        wipe_tables=WIPE_TABLES,
    )
    if check_invariants(log):
        raise SeedRefused("The seeded data breaks the invariants above: a bug in the seeder.")


def database_url(scale: str) -> str:
    """Each scale has a database of its own unless DATABASE_URL says otherwise."""
    return f"postgres://postgres@127.0.0.1:5432/idesluss_{scale}"


def main() -> None:
    import os

    from bench import _django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    options = vars(parser.parse_args())
    os.environ.setdefault("DATABASE_URL", database_url(options["scale"]))
    _django.setup()
    try:
        run(options)
    except SeedRefused as refusal:
        raise SystemExit(f"Refused: {refusal}") from None


if __name__ == "__main__":
    main()
