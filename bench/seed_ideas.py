"""Seed a PostgreSQL database with a large idea sluice for the benchmark (bench/ideas_bench.py).

By default 100,000 ideas over both lanes and every stage, ~300 units in a tree, ~20,000
people, ~1,000,000 supports, ~300,000 comments, the ideas' histories, follows and the
notifications their moves sent. Rows go in by COPY in chunks, so it takes minutes, not
hours; but the rows keep the invariants the services keep (see `idesluss.ideas.services`):

- units form a tree whose `path`/`depth` are what `unit_create` writes;
- every unit has a manager; an idea's responsible is the first of its unit's managers by
  name (as `_submit` picks it), and that manager made its moves;
- an idea's stage is reached from its lane's first stage by allowed transitions, one
  IdeaEvent per step (submitted, then moved, each move with a message), `moved_at` is
  the last step, `response_due` is the last move's date plus the answer time (none in
  final stages), `version` is one plus the moves; `first_answered_at` is the first move
  (none without one) and `answered_in_time` whether its local day came by the deadline
  handing in set (the hand-in day plus the first stage's days to answer);
- supports are one per person and idea and never by an author; follows are the authors,
  every commenter and a few others; the idea's counters equal the rows.

Deterministic: the same arguments give the same data (times are relative to now).
It refuses to run unless the database is PostgreSQL and holds no ideas (or --force,
which first removes everything an earlier seeding made). Never run by the test suite.

    python -m bench.seed_ideas --ideas 100000
"""

import argparse
import datetime
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

BENCH_EMAIL_DOMAIN = "bench.example"
BENCH_UNIT_PREFIX = "B-"
CHUNK = 5_000

# Departments and their operations; each operation has a unit per area.
DEPARTMENTS = {
    "Kommunledningsförvaltningen": ["Ekonomi", "HR", "Digitalisering", "Kommunikation", "Kansli"],
    "Vård och omsorg": [
        "Hemtjänst", "Särskilt boende", "Hemsjukvård", "Funktionsstöd", "Dagverksamhet",
    ],
    "Barn och utbildning": [
        "Förskola", "Grundskola", "Gymnasieskola", "Elevhälsa", "Fritidshem",
    ],
    "Samhällsbyggnad": ["Gata och park", "Fastighet", "Kost och lokalvård", "Bygg", "VA"],
    "Kultur och fritid": ["Bibliotek", "Fritidsgårdar", "Badhus", "Idrottsanläggningar", "Kulturskola"],
    "Socialtjänsten": [
        "Individ- och familjeomsorg", "Försörjningsstöd", "Missbruksvård", "Familjehem", "Mottagning",
    ],
    "Miljö och hälsa": ["Miljötillsyn", "Livsmedel", "Hälsoskydd", "Naturvård", "Klimat"],
    "Räddningstjänsten": ["Räddningsstyrka", "Förebyggande", "Larmcentral", "Utbildning", "Beredskap"],
}  # fmt: skip
AREAS = ["Norr", "Söder", "Öst", "Väst", "Centrum", "Sommen", "Gripenberg"]
FIRST_NAMES = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kristina", "Elin", "Ida",
    "Linnea", "Hanna", "Johanna", "Sofia", "Malin", "Fatima", "Amira", "Leila", "Ingrid",
    "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Mikael", "Olof", "Jonas",
    "Daniel", "Fredrik", "Ahmed", "Mohammed", "Ali", "Oskar", "Viktor", "Gustav", "Emil",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Lindberg", "Lindqvist", "Berg", "Lindström", "Axelsson", "Hassan",
    "Ali", "Mohammed", "Lundgren", "Sandberg", "Holm", "Sjöberg", "Ek", "Wallin", "Falk",
]  # fmt: skip
JOB_TITLES = [
    "Undersköterska", "Sjuksköterska", "Förskollärare", "Lärare", "Kock", "Lokalvårdare",
    "Handläggare", "Socialsekreterare", "Parkarbetare", "Bibliotekarie", "Fritidsledare",
    "Ekonom", "Systemförvaltare", "Brandman", "Miljöinspektör", "Assistent", "Vårdbiträde",
]  # fmt: skip

TITLE_STARTS = [
    "Digital", "Gemensam", "Enklare", "Bättre", "Smartare", "Tydligare", "Mobil", "Hållbar",
    "Snabbare", "Ny rutin för", "Mindre papper i", "Samordnad", "Trygg", "Flexibel",
    "Billigare", "Grön", "Gemensamt ansvar för", "Förenklad", "Säkrare", "Lokal", "Öppen",
    "Friskare", "Effektivare", "Tillgänglig", "Automatisk", "Delad", "Ny", "Bättre koll på",
]  # fmt: skip
# Real words, and more made like Swedish compounds, so texts vary as real ones do.
SUBJECTS = [
    "nyckelhantering", "schemaläggning", "matsvinn", "felanmälan", "introduktion",
    "läkemedelshantering", "kallelser", "lokalbokning", "sophantering", "bilpool",
    "tidrapportering", "ärendehantering", "utomhuspedagogik", "återkoppling", "mötesplanering",
    "inköp", "energiförbrukning", "belysning", "vikarieanskaffning", "arbetsmiljö",
    "kompetensutveckling", "dokumentation", "e-tjänst", "parkering", "cykelförvaring",
    "städning", "snöröjning", "lånelåda", "sommarjobb", "tolkbokning", "larmhantering",
    "måltidsmiljö", "skolskjuts", "friskvård", "avvikelsehantering", "överlämning",
    "bildstöd", "posthantering", "solceller", "återbruk",
]  # fmt: skip
COMPOUND_HEADS = [
    "nyckel", "schema", "mat", "fel", "läkemedels", "lokal", "sop", "bil", "tids", "ärende",
    "mötes", "energi", "vikarie", "kompetens", "cykel", "snö", "tolk", "larm", "skol",
    "frisk", "avvikelse", "bild", "post", "sol", "kontors", "park", "lek", "vatten", "papper",
    "kaffe", "arbets", "besöks", "brukar", "elev", "föräldra", "invånar", "hem", "natt",
    "helg", "semester", "lager", "kläd", "data", "telefon", "städ", "disk", "tvätt", "sjuk",
]  # fmt: skip
COMPOUND_TAILS = [
    "hantering", "planering", "lista", "rutin", "bokning", "system", "stöd", "skåp",
    "tjänst", "flöde", "kalender", "avtal", "rum", "tavla", "pärm", "portal", "väska",
    "kort", "logg", "mall",
]  # fmt: skip
PLACES = [
    "i hemtjänsten", "på förskolan", "i skolan", "på äldreboendet", "i kommunhuset",
    "på biblioteket", "i köket", "på fritidsgården", "i parkerna", "för nyanställda",
    "på gruppboendet", "i receptionen", "på brandstationen", "i verkstaden", "på badhuset",
    "för invånarna", "i nattpatrullen", "i ekonomiavdelningen", "på gymnasiet", "i växeln",
    "för vårdnadshavare", "vid skolgården", "i matsalen", "i personalrummet", "ute i byarna",
    "för äldre", "för elever", "hos brukarna", "i lokalvården", "på vårdcentralen",
]  # fmt: skip
QUALIFIERS = [
    "med app", "i stället för papper", "under sommaren", "året runt", "med QR-kod",
    "via sms", "på helger", "för alla", "i hela kommunen", "som pilot", "utan extra kostnad",
    "med lånecyklar", "med sensorer", "tillsammans med föreningar", "på prov",
]  # fmt: skip
NEEDS = [
    "Vi lägger mycket tid på {s} och det blir ofta fel.",
    "Dagens sätt att sköta {s} är krångligt och skiljer sig mellan arbetsplatserna.",
    "Brukare och invånare märker att {s} inte fungerar som den ska.",
    "Nya medarbetare förstår inte hur {s} går till, och det tar tid från kärnuppdraget.",
    "Det saknas en gemensam bild av {s}, så samma frågor kommer tillbaka varje vecka.",
    "Kostnaderna för {s} har ökat de senaste åren utan att kvaliteten blivit bättre.",
    "Vår {t} är gammal och ingen vet riktigt vem som ansvarar för den.",
    "När {t} inte stämmer får vi ringa runt, och det tar en halvtimme varje gång.",
    "Kollegorna på kvällen och natten saknar {t} och får improvisera.",
    "Det finns ingen rutin för {s}, så var och en gör på sitt sätt.",
    "Invånarna klagar på {s} och vi har svårt att svara på varför det är som det är.",
    "Vi dubbelarbetar: samma uppgifter om {s} skrivs in i tre olika system.",
]
PROPOSALS = [
    "Pröva ett enkelt digitalt stöd för {s} under en månad och följ upp resultatet.",
    "Ta fram en gemensam checklista för {s} tillsammans med medarbetarna.",
    "Låt en arbetsgrupp kartlägga {s} och föreslå två förbättringar att testa.",
    "Samla erfarenheter från andra kommuner om {s} och välj det som passar oss.",
    "Inför en kort daglig avstämning om {s} på arbetsplatsträffen.",
    "Flytta ansvaret för {s} närmare de som gör jobbet och mät effekten.",
    "Byt ut vår {t} mot en gemensam lösning som alla enheter kan använda.",
    "Gör en tydlig rutin för {s} och sätt upp den bredvid {t}.",
    "Låna en {t} från grannenheten i två veckor och se om det räcker.",
    "Bjud in invånare till ett samtal om {s} och testa deras förslag i liten skala.",
    "Låt eleverna på teknikprogrammet bygga en {t} som prototyp.",
    "Sätt en ansvarig per arbetslag för {s} och byt varje termin.",
]
BENEFITS = [
    "Medarbetarna sparar tid varje vecka och kan lägga den på brukarna.",
    "Lägre kostnader och bättre arbetsmiljö.",
    "Invånarna får snabbare och tydligare svar.",
    "Mindre klimatpåverkan och mindre svinn.",
    "",
]
MESSAGES = {
    "assessment": [
        "Tack för idén! Vi tittar på den i ledningsgruppen och återkommer inom två veckor.",
        "Idén är intressant och går vidare till bedömning.",
    ],
    "development": [
        "Idén har bedömts som intressant. En arbetsgrupp tar fram ett förslag.",
        "Vi utvecklar idén vidare tillsammans med verksamheten.",
    ],
    "pilot": [
        "Vi testar idén i liten skala under sex veckor och följer upp resultatet.",
        "En pilot startar efter sommaren på två enheter.",
    ],
    "implemented": [
        "Testet föll väl ut och idén är nu införd. Stort tack!",
        "Idén är införd i hela förvaltningen.",
    ],
    "doing": [
        "Vi har tagit upp idén på arbetsplatsträffen och sätter igång.",
        "Vi börjar med idén nästa vecka.",
    ],
    "done": ["Klart! Idén är genomförd i gruppen.", "Genomfört – tack för idén!"],
    "todo": ["Vi behöver planera lite till innan vi startar."],
    "submitted": ["Vi behöver fler uppgifter innan bedömningen."],
    "parked": [
        "Bra idé, men vi har inte resurser just nu. Vi tar upp den igen i höst.",
        "Vi parkerar idén tills budgeten för nästa år är klar.",
    ],
    "closed": ["Vi går inte vidare med idén just nu.", "Idén avslutas efter bedömningen."],
    "forwarded": ["Idén passar bättre hos en annan förvaltning och är vidareskickad."],
}
CLOSING_REASON = "Kostnaden blev för hög i förhållande till nyttan."
LESSON = "Vi behöver räkna på kostnader tidigare i processen."
FORWARDED_TO = "Samhällsbyggnadsförvaltningen"
COMMENTS = [
    "Bra idé! Vi har samma problem hos oss.",
    "Kan vi testa det här på vår enhet också?",
    "Jag hjälper gärna till om det blir en arbetsgrupp.",
    "Har någon kollat hur andra kommuner har gjort?",
    "Det här skulle spara **mycket** tid för oss.",
    "Vi provade något liknande förra året:\n\n- det fungerade bra i början\n- men föll på att ingen ägde frågan",
    "Tänk på *arbetsmiljön* när ni testar.",
    "Stödjer helt! Hör av er om ni behöver testpiloter.",
    "Finns det en kostnadsberäkning?",
    "Vi på vår enhet har redan en lista, den kan ni låna.",
    "Viktigt att brukarna får vara med och tycka till.",
    "Se gärna [Sveriges Kommuner och Regioner](https://skr.se) om liknande exempel.",
]
VISION_GOALS = [
    ("Trygghet och hälsa genom hela livet", "Safety and health throughout life"),
    ("Hållbar tillväxt och attraktiv kommun", "Sustainable growth and an attractive municipality"),
    ("Delaktighet och tillit", "Participation and trust"),
    ("En effektiv och innovativ organisation", "An efficient and innovative organisation"),
]

# The paths ideas take from their lane's first stage, with how common each is among
# ideas older than a month (younger ones have mostly not been moved yet). Each step must
# be an allowed transition: checked against the database before anything is written.
PATHS = {
    "innovation": [
        ([], 10),
        (["assessment"], 12),
        (["assessment", "development"], 10),
        (["assessment", "development", "pilot"], 8),
        (["assessment", "development", "pilot", "implemented"], 14),
        (["parked"], 6),
        (["assessment", "parked"], 5),
        (["assessment", "closed"], 12),
        (["assessment", "development", "closed"], 5),
        (["forwarded"], 4),
        (["assessment", "forwarded"], 4),
        (["parked", "assessment"], 3),
        (["assessment", "submitted"], 2),
        (["assessment", "development", "pilot", "implemented", "pilot"], 1),
    ],
    "improvement": [
        ([], 10),
        (["doing"], 15),
        (["doing", "done"], 35),
        (["parked"], 8),
        (["closed"], 10),
        (["forwarded"], 5),
        (["doing", "parked"], 5),
        (["doing", "closed"], 5),
        (["parked", "doing"], 3),
        (["doing", "done", "doing"], 2),
        (["doing", "todo"], 2),
    ],
}


@dataclass
class Sizes:
    ideas: int = 100_000
    users: int = 0  # 0: one person per five ideas (at least 200)
    supports: int = 0  # 0: ten per idea
    comments: int = 0  # 0: three per idea

    def __post_init__(self) -> None:
        self.users = self.users or max(200, self.ideas // 5)
        self.supports = self.supports or self.ideas * 10
        self.comments = self.comments or self.ideas * 3


@dataclass
class _Org:
    unit_ids: list[int] = field(default_factory=list)
    users_by_unit: dict[int, list[int]] = field(default_factory=dict)
    user_unit: list[int] = field(default_factory=list)  # by user index
    user_ids: list[int] = field(default_factory=list)
    user_language: dict[int, str] = field(default_factory=dict)
    responsible_by_unit: dict[int, int] = field(default_factory=dict)
    coordinators: list[int] = field(default_factory=list)


class SeedRefused(Exception):
    """The database is not one the seeder may write to."""


def _table(model) -> str:
    return model._meta.db_table


def _reserve_ids(cursor, model, count: int) -> list[int]:
    """A block of primary keys from the table's own sequence (so later inserts go on after it)."""
    table = _table(model)
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    (sequence,) = cursor.fetchone()
    cursor.execute("SELECT nextval(%s)", [sequence])
    (first,) = cursor.fetchone()
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return list(range(first, first + count))


def _copy(cursor, model_or_table, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows into a table; returns how many."""
    table = model_or_table if isinstance(model_or_table, str) else _table(model_or_table)
    count = 0
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def copy_qualifications(
    cursor, code: str, people: Iterable[int], *, since: datetime.datetime, training: str
) -> int:
    """Give `people` the qualification `code` (coach, conversation leader), held since
    `since` from the training named, as completing it would."""
    from idesluss.accounts.models import Qualification

    return _copy(
        cursor,
        Qualification,
        ["user_id", "code", "granted_on", "source", "reason", "training_title",
         "withdrawal_reason", "created_at"],
        [(pk, code, since.date(), "training", "", training, "", since) for pk in people],
    )  # fmt: skip


def check_database(*, force: bool) -> None:
    """Refuse anything but a PostgreSQL database without ideas (unless forced); never a test one."""
    import os
    import sys

    from django.db import connection

    from idesluss.ideas.models import Idea

    if "pytest" in sys.modules or os.environ.get("PYTEST_CURRENT_TEST"):
        raise SeedRefused("The bench seeder is never run by the test suite.")
    if connection.vendor != "postgresql":
        raise SeedRefused(
            f"The bench needs PostgreSQL, not {connection.vendor}: set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/idesluss_bench (and migrate it first)."
        )
    if str(connection.settings_dict["NAME"]).startswith("test_"):
        raise SeedRefused("That looks like a test database; use a dedicated bench database.")
    if Idea.objects.exists() and not force:
        raise SeedRefused(
            "The database already holds ideas. Use an empty (migrated) database, or --force "
            "to remove everything an earlier seeding made and seed again."
        )


def wipe(log: Callable[[str], None] = print, extra_tables: Sequence[str] = ()) -> None:
    """Remove the ideas and everything the seeder (and the bench's writes) made."""
    from django.db import connection, transaction

    from idesluss.accounts.models import RoleAssignment, Unit, User
    from idesluss.core.models import AuditEvent
    from idesluss.ideas.models import Idea
    from idesluss.notifications.models import Notification, Preference

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        tables = [_table(m) for m in (Idea, Notification, Preference, AuditEvent)]
        tables += extra_tables
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        # Plain SQL: the ORM's cascade collector would walk 20,000 people one relation at a time.
        users, units = _table(User), _table(Unit)
        bench_users = f"SELECT id FROM {users} WHERE email LIKE %s"
        bench_units = f"SELECT id FROM {units} WHERE code LIKE %s"
        people, offices = f"%@{BENCH_EMAIL_DOMAIN}", f"{BENCH_UNIT_PREFIX}%"
        cursor.execute(
            f"DELETE FROM {_table(RoleAssignment)} WHERE user_id IN ({bench_users})"
            f" OR granted_by_id IN ({bench_users}) OR unit_id IN ({bench_units})",
            [people, people, offices],
        )
        cursor.execute(
            f"UPDATE {users} SET unit_id = NULL WHERE unit_id IN ({bench_units})", [offices]
        )
        cursor.execute(f"DELETE FROM {users} WHERE email LIKE %s", [people])
        cursor.execute(f"DELETE FROM {units} WHERE code LIKE %s", [offices])
    log(f"  removed the earlier data in {time.perf_counter() - started:.1f} s")


def seed(
    *,
    sizes: Sizes | None = None,
    seed: int = 2025,
    force: bool = False,
    log: Callable[[str], None] = print,
    parts: Sequence[Callable[..., None]] = (),
    wipe_tables: Sequence[str] = (),
) -> dict[str, int]:
    """Fill the database; returns the number of rows made per kind.

    `parts` seed the rest of the product after the ideas (bench/seed.py), each called as
    `part(rng=..., org=..., counts=..., log=...)`; `wipe_tables` are emptied with --force."""
    from django.db import connection

    sizes = sizes or Sizes()
    check_database(force=force)
    rng = random.Random(seed)
    started = time.perf_counter()
    log(
        f"Seeding {sizes.ideas:,} ideas, {sizes.users:,} people, ~{sizes.supports:,} supports, "
        f"~{sizes.comments:,} comments into {connection.settings_dict['NAME']}"
    )
    if force:
        wipe(log, extra_tables=wipe_tables)
    counts: dict[str, int] = {}
    org = _seed_organisation(rng, sizes, counts, log)
    _seed_ideas(rng, sizes, org, counts, log)
    for part in parts:
        part(rng=rng, org=org, counts=counts, log=log)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        # Fresh statistics and visibility maps, as autovacuum would leave them.
        cursor.execute("VACUUM ANALYZE")
    log(f"  vacuum analyze in {time.perf_counter() - step:.1f} s")
    log(
        f"Done in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    return counts


def _seed_organisation(rng: random.Random, sizes: Sizes, counts: dict, log) -> _Org:
    from django.db import connection, transaction
    from django.utils import timezone

    from idesluss.accounts.models import Role, RoleAssignment, Unit, User

    step = time.perf_counter()
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=5 * 365)
    org = _Org()
    with transaction.atomic(), connection.cursor() as cursor:
        # The tree: departments › operations › units, each with its path of keys from the root.
        plan: list[tuple[str, str, str, int | None]] = []  # (name, code, kind, parent index)
        for d, (department, operations) in enumerate(DEPARTMENTS.items()):
            plan.append((department, f"{BENCH_UNIT_PREFIX}{d}", Unit.Kind.DEPARTMENT, None))
            department_index = len(plan) - 1
            for o, operation in enumerate(operations):
                plan.append(
                    (
                        operation,
                        f"{BENCH_UNIT_PREFIX}{d}-{o}",
                        Unit.Kind.OPERATION,
                        department_index,
                    )
                )
                operation_index = len(plan) - 1
                for a, area in enumerate(AREAS):
                    plan.append(
                        (
                            f"{operation} {area}",
                            f"{BENCH_UNIT_PREFIX}{d}-{o}-{a}",
                            Unit.Kind.UNIT,
                            operation_index,
                        )
                    )
        ids = _reserve_ids(cursor, Unit, len(plan))
        paths: list[str] = []
        rows = []
        for index, (name, code, kind, parent) in enumerate(plan):
            path = f"{paths[parent] if parent is not None else '/'}{ids[index]}/"
            paths.append(path)
            parent_id = ids[parent] if parent is not None else None
            depth = path.count("/") - 2
            rows.append(
                (ids[index], long_ago, long_ago, name, code, kind, path, depth, True, parent_id)
            )
        counts["units"] = _copy(
            cursor,
            Unit,
            [
                "id",
                "created_at",
                "updated_at",
                "name",
                "code",
                "kind",
                "path",
                "depth",
                "is_active",
                "parent_id",
            ],
            rows,
        )
        org.unit_ids = ids
        leaves = [ids[i] for i, row in enumerate(plan) if row[2] == Unit.Kind.UNIT]
        # People: most work in the units at the bottom of the tree, some in the offices above.
        user_ids = _reserve_ids(cursor, User, sizes.users)
        names: dict[int, str] = {}
        rows = []
        for n, user_id in enumerate(user_ids):
            unit_id = rng.choice(leaves) if rng.random() < 0.9 else rng.choice(ids)
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            language = "en" if rng.random() < 0.05 else "sv"
            names[user_id] = name
            org.user_unit.append(unit_id)
            org.users_by_unit.setdefault(unit_id, []).append(user_id)
            org.user_language[user_id] = language
            rows.append(
                (
                    user_id,
                    "!bench-unusable",
                    False,
                    f"person{n:06d}@{BENCH_EMAIL_DOMAIN}",
                    name,
                    rng.choice(JOB_TITLES),
                    "",
                    f"BENCH{n:06d}",
                    language,
                    True,
                    False,
                    long_ago,
                    unit_id,
                )
            )
        counts["people"] = _copy(
            cursor,
            User,
            [
                "id", "password", "is_superuser", "email", "full_name", "job_title", "phone",
                "employee_number", "preferred_language", "is_active", "is_staff", "date_joined",
                "unit_id",
            ],
            rows,
        )  # fmt: skip
        org.user_ids = user_ids
        # Every unit has a manager from its own people (one in ten has two); a few coordinators.
        roles = dict(Role.objects.values_list("code", "id"))
        rows = []
        for unit_id in ids:
            people = org.users_by_unit.get(unit_id) or [rng.choice(user_ids)]
            managers = rng.sample(people, k=min(len(people), 2 if rng.random() < 0.1 else 1))
            for manager in managers:
                rows.append((long_ago, roles[Role.Code.MANAGER], manager, unit_id))
            # As `managers_of_unit` orders them: the first by name answers the unit's ideas.
            org.responsible_by_unit[unit_id] = min(managers, key=lambda pk: names[pk])
        managers = {row[2] for row in rows}
        org.coordinators = [pk for pk in user_ids[:50] if pk not in managers][:3]
        rows += [(long_ago, roles[Role.Code.COORDINATOR], pk, None) for pk in org.coordinators]
        counts["role assignments"] = _copy(
            cursor, RoleAssignment, ["created_at", "role_id", "user_id", "unit_id"], rows
        )
    log(
        f"  {counts['units']} units, {counts['people']:,} people, "
        f"{counts['role assignments']} role assignments in {time.perf_counter() - step:.1f} s"
    )
    return org


def _scaled_counts(raw: list[float], total: int, cap: int) -> list[int]:
    """Scale skewed weights to whole numbers summing to about `total`."""
    factor = total / sum(raw)
    return [min(cap, round(value * factor)) for value in raw]


def _seed_ideas(rng: random.Random, sizes: Sizes, org: _Org, counts: dict, log) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from idesluss.goals.models import GlobalGoal, VisionGoal
    from idesluss.ideas.models import (
        Comment,
        Follow,
        Idea,
        IdeaEvent,
        Stage,
        Support,
        Transition,
    )
    from idesluss.ideas.services import render_markdown
    from idesluss.notifications.models import Kind, Notification

    now = timezone.now()
    default_days = _response_days_default()
    stages = {(s.lane, s.code): s for s in Stage.objects.all()}
    initial = {s.lane: s for s in stages.values() if s.is_initial}
    allowed = set(Transition.objects.values_list("from_stage_id", "to_stage_id"))
    for lane, paths in PATHS.items():
        for path, _weight in paths:
            here = initial[lane]
            for code in path:
                there = stages[lane, code]
                if (here.pk, there.pk) not in allowed:
                    raise SeedRefused(f"The workflow does not allow {lane}: {here.code} → {code}")
                here = there
    goal_ids = list(GlobalGoal.objects.values_list("pk", flat=True))
    if not VisionGoal.objects.exists():
        for order, (sv, en) in enumerate(VISION_GOALS):
            VisionGoal.objects.create(name_sv=sv, name_en=en, order=order)
    vision_ids = list(VisionGoal.objects.values_list("pk", flat=True))
    comment_html = [render_markdown(text) for text in COMMENTS]
    n_users = len(org.user_ids)

    # Popular ideas get both supports and comments: correlated log-normal weights.
    support_raw, comment_raw = [], []
    for _ in range(sizes.ideas):
        z1, z2 = rng.gauss(0, 1), rng.gauss(0, 1)
        support_raw.append(math.exp(1.2 * z1))
        comment_raw.append(math.exp(1.0 * (0.6 * z1 + 0.8 * z2)))
    support_counts = _scaled_counts(support_raw, sizes.supports, cap=min(3_000, n_users // 2))
    comment_counts = _scaled_counts(comment_raw, sizes.comments, cap=400)

    idea_columns = [
        "id", "created_at", "updated_at", "title", "need", "proposal", "benefit", "lane",
        "status", "response_due", "submitted_at", "moved_at", "closing_reason",
        "lesson_learned", "forwarded_to", "support_count", "comment_count", "follower_count",
        "version", "responsible_id", "submitter_id", "unit_id", "stage_id", "blind_assessment",
        "first_answered_at", "answered_in_time",
    ]  # fmt: skip
    totals = dict.fromkeys(
        ["ideas", "events", "supports", "comments", "follows", "notifications", "goal links"], 0
    )
    three_years = 3 * 365 * 86_400
    lane_paths = {
        lane: ([p for p, _ in paths], [w for _, w in paths]) for lane, paths in PATHS.items()
    }
    step = time.perf_counter()
    with connection.cursor() as cursor:
        idea_ids = _reserve_ids(cursor, Idea, sizes.ideas)
    for chunk_start in range(0, sizes.ideas, CHUNK):
        ideas, events, supports, comments, follows, notifications = [], [], [], [], [], []
        co_links, goal_links, vision_links = [], [], []
        for index in range(chunk_start, min(chunk_start + CHUNK, sizes.ideas)):
            idea_id = idea_ids[index]
            submitter = org.user_ids[int(n_users * rng.random() ** 1.7)]
            # The people's keys are one block, in the order of `user_unit`.
            submitter_unit = org.user_unit[submitter - org.user_ids[0]]
            unit_id = submitter_unit if rng.random() < 0.85 else rng.choice(org.unit_ids)
            lane = "improvement" if rng.random() < 0.6 else "innovation"
            # More ideas lately than three years ago.
            age = three_years * rng.random() ** 1.3 + 3600
            submitted_at = now - datetime.timedelta(seconds=age)
            paths, weights = lane_paths[lane]
            if age < 30 * 86_400 and rng.random() < 0.7:
                path: list[str] = []
            else:
                path = rng.choices(paths, weights)[0]
            responsible = org.responsible_by_unit[unit_id]
            mover = rng.choice(org.coordinators) if rng.random() < 0.05 else responsible
            authors = [submitter]
            if rng.random() < 0.04:
                for person in rng.sample(org.user_ids, k=rng.randint(1, 2)):
                    if person not in authors:
                        authors.append(person)
                        co_links.append((idea_id, person))
            title, need, proposal = _texts(rng)
            # The history: handed in, then one move per step, each later than the one before.
            stage = initial[lane]
            events.append(
                (IdeaEvent.Kind.SUBMITTED, "", submitted_at, submitter, idea_id, None, stage.pk)
            )
            notifications.append(
                _notification(
                    Kind.IDEA_FOR_ME, responsible, submitter, f"Ny idé att svara på: {title}",
                    "", idea_id, submitted_at, now, rng,
                )
            )  # fmt: skip
            gaps = [rng.uniform(2, 45) * 86_400 for _ in path]
            room = (now - submitted_at).total_seconds() - 60
            if sum(gaps) > room:
                gaps = [gap * room / sum(gaps) for gap in gaps]
            moment = submitted_at
            # The deadline handing in set: the one the first move (the first answer) meets.
            first_due = timezone.localtime(submitted_at).date() + datetime.timedelta(
                days=stage.response_days or default_days
            )
            first_answered_at = answered_in_time = None
            closing_reason = lesson = forwarded_to = ""
            for code, gap in zip(path, gaps, strict=True):
                target = stages[lane, code]
                moment += datetime.timedelta(seconds=gap)
                if first_answered_at is None:
                    first_answered_at = moment
                    answered_in_time = timezone.localtime(moment).date() <= first_due
                message = rng.choice(MESSAGES[code])
                events.append(
                    (IdeaEvent.Kind.MOVED, message, moment, mover, idea_id, stage.pk, target.pk)
                )
                for author in authors:
                    if author != mover:
                        notifications.append(
                            _notification(
                                Kind.IDEA_ANSWERED, author, mover,
                                f"{title} är nu: {target.name_sv}", message, idea_id, moment, now, rng,
                            )
                        )  # fmt: skip
                if target.requires_lesson:
                    closing_reason, lesson = CLOSING_REASON, LESSON
                if target.requires_forward_target:
                    forwarded_to = FORWARDED_TO
                stage = target
            moved_at = moment
            due = None
            if not stage.is_final:
                days = stage.response_days or default_days
                due = timezone.localtime(moved_at).date() + datetime.timedelta(days=days)
            span = max(1.0, (now - submitted_at).total_seconds())

            def later(
                span: float = span, start: datetime.datetime = submitted_at
            ) -> datetime.datetime:
                return start + datetime.timedelta(seconds=rng.random() * span)

            # Supports: never by an author, once per person.
            wanted = min(support_counts[index], n_users - len(authors))
            supporters = [
                p for p in rng.sample(org.user_ids, k=wanted + len(authors)) if p not in authors
            ][:wanted]
            supports += [(later(), idea_id, person) for person in supporters]
            # Comments (by anyone), each commenter follows, as `comment_add` makes them.
            followers = {person: submitted_at for person in authors}
            times = sorted(later() for _ in range(comment_counts[index]))
            for moment_ in times:
                author = rng.choice(org.user_ids)
                which = rng.randrange(len(COMMENTS))
                comments.append((COMMENTS[which], comment_html[which], moment_, author, idea_id))
                followers.setdefault(author, moment_)
            if rng.random() < 0.3:
                for person in rng.sample(org.user_ids, k=rng.randint(1, 4)):
                    followers.setdefault(person, later())
            follows += [(moment_, person, idea_id) for person, moment_ in followers.items()]
            if rng.random() < 0.6:
                goal_links += [(idea_id, g) for g in rng.sample(goal_ids, k=rng.randint(1, 3))]
            if vision_ids and rng.random() < 0.3:
                vision_links.append((idea_id, rng.choice(vision_ids)))
            ideas.append(
                (
                    idea_id, submitted_at, moved_at, title, need, proposal,
                    rng.choice(BENEFITS), lane, Idea.Status.SUBMITTED, due, submitted_at,
                    moved_at, closing_reason, lesson, forwarded_to, len(supporters),
                    len(times), len(followers), 1 + len(path), responsible, submitter, unit_id,
                    stage.pk, False, first_answered_at, answered_in_time,
                )
            )  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            totals["ideas"] += _copy(cursor, Idea, idea_columns, ideas)
            totals["events"] += _copy(
                cursor,
                IdeaEvent,
                [
                    "kind",
                    "message",
                    "created_at",
                    "actor_id",
                    "idea_id",
                    "from_stage_id",
                    "to_stage_id",
                ],
                events,
            )
            totals["supports"] += _copy(
                cursor, Support, ["created_at", "idea_id", "user_id"], supports
            )
            totals["comments"] += _copy(
                cursor,
                Comment,
                ["body", "body_html", "created_at", "author_id", "idea_id"],
                comments,
            )
            totals["follows"] += _copy(
                cursor, Follow, ["created_at", "user_id", "idea_id"], follows
            )
            totals["notifications"] += _copy(
                cursor,
                Notification,
                [
                    "recipient_id",
                    "kind",
                    "actor_id",
                    "title",
                    "body",
                    "url",
                    "created_at",
                    "read_at",
                    "emailed_at",
                    "attempts",
                    "topic",
                    "count",
                    "updated_at",
                    "last_error",
                    "wording",
                ],
                notifications,
            )
            _copy(cursor, _table(Idea.co_submitters.through), ["idea_id", "user_id"], co_links)
            totals["goal links"] += _copy(
                cursor, _table(Idea.global_goals.through), ["idea_id", "globalgoal_id"], goal_links
            )
            _copy(
                cursor,
                _table(Idea.vision_goals.through),
                ["idea_id", "visiongoal_id"],
                vision_links,
            )
        done = min(chunk_start + CHUNK, sizes.ideas)
        elapsed = time.perf_counter() - step
        log(
            f"  {done:>9,} ideas  {totals['supports']:>11,} supports  "
            f"{totals['comments']:>9,} comments  {elapsed:6.1f} s"
        )
    counts.update(totals)


def _compound(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(SUBJECTS)
    return rng.choice(COMPOUND_HEADS) + rng.choice(COMPOUND_TAILS)


def _texts(rng: random.Random) -> tuple[str, str, str]:
    """A title, need and proposal that vary as people's own words do (mostly)."""
    subject, thing = _compound(rng), _compound(rng)
    words = [subject]
    if rng.random() < 0.75:
        words.insert(0, rng.choice(TITLE_STARTS))
    if rng.random() < 0.6:
        words.append(rng.choice(PLACES))
    if rng.random() < 0.3:
        words.append(rng.choice(QUALIFIERS))
    title = " ".join(words)
    title = title[0].upper() + title[1:]
    need = " ".join(s.format(s=subject, t=thing) for s in rng.sample(NEEDS, k=2))
    proposal = " ".join(s.format(s=subject, t=thing) for s in rng.sample(PROPOSALS, k=2))
    return title[:120], need, proposal


def _notification(kind, recipient, actor, title, body, idea_id, moment, now, rng) -> tuple:
    # Most people have read what they were told; the recent part of it is still unread.
    read = moment + datetime.timedelta(days=rng.uniform(0, 5))
    read_at = read if read < now and rng.random() < 0.9 else None
    return (
        recipient,
        kind,
        actor,
        title[:200],
        body,
        f"/ideas/{idea_id}/",
        moment,
        read_at,
        moment,
        # Fields with model defaults (not column defaults), which COPY must give.
        0,  # attempts
        "",  # topic
        1,  # count
        moment,  # updated_at
        "",  # last_error
        "{}",  # wording (stored text only, as before wordings were kept)
    )


def _response_days_default() -> int:
    from django.conf import settings

    return settings.IDEA_RESPONSE_DAYS


# Each query counts the rows that break one invariant the services keep.
INVARIANTS = {
    "support_count is the number of supports": """
        SELECT count(*) FROM ideas_idea i
        WHERE i.support_count <> (SELECT count(*) FROM ideas_support s WHERE s.idea_id = i.id)""",
    "comment_count is the number of comments": """
        SELECT count(*) FROM ideas_idea i
        WHERE i.comment_count <> (SELECT count(*) FROM ideas_comment c WHERE c.idea_id = i.id)""",
    "follower_count is the number of follows": """
        SELECT count(*) FROM ideas_idea i
        WHERE i.follower_count <> (SELECT count(*) FROM ideas_follow f WHERE f.idea_id = i.id)""",
    "nobody supports their own idea": """
        SELECT count(*) FROM ideas_support s JOIN ideas_idea i ON i.id = s.idea_id
        WHERE s.user_id = i.submitter_id OR EXISTS (
            SELECT 1 FROM ideas_idea_co_submitters c WHERE c.idea_id = i.id AND c.user_id = s.user_id)""",
    "the authors follow their idea": """
        SELECT count(*) FROM ideas_idea i WHERE NOT EXISTS (
            SELECT 1 FROM ideas_follow f WHERE f.idea_id = i.id AND f.user_id = i.submitter_id)""",
    "every commenter follows": """
        SELECT count(*) FROM ideas_comment c WHERE NOT EXISTS (
            SELECT 1 FROM ideas_follow f WHERE f.idea_id = c.idea_id AND f.user_id = c.author_id)""",
    "the history starts with handing in, to the lane's first stage": """
        SELECT count(*) FROM ideas_idea i WHERE NOT EXISTS (
            SELECT 1 FROM ideas_ideaevent e JOIN ideas_stage s ON s.id = e.to_stage_id
            WHERE e.idea_id = i.id AND e.kind = 'submitted' AND s.is_initial AND s.lane = i.lane
              AND e.created_at = i.submitted_at)""",
    "each move starts where the one before ended, by an allowed transition": """
        SELECT count(*) FROM (
            SELECT e.kind, e.from_stage_id, e.to_stage_id, e.message,
                   lag(e.to_stage_id) OVER (PARTITION BY e.idea_id ORDER BY e.created_at, e.id) AS prev
            FROM ideas_ideaevent e) m
        WHERE m.kind = 'moved' AND (m.from_stage_id IS DISTINCT FROM m.prev OR m.message = ''
            OR NOT EXISTS (SELECT 1 FROM ideas_transition t
                           WHERE t.from_stage_id = m.from_stage_id AND t.to_stage_id = m.to_stage_id))""",
    "the stage, moved_at and version follow from the history": """
        SELECT count(*) FROM ideas_idea i JOIN LATERAL (
            SELECT e.to_stage_id, e.created_at FROM ideas_ideaevent e WHERE e.idea_id = i.id
            ORDER BY e.created_at DESC, e.id DESC LIMIT 1) last ON true
        WHERE last.to_stage_id <> i.stage_id OR last.created_at <> i.moved_at
           OR i.version <> (SELECT count(*) FROM ideas_ideaevent e WHERE e.idea_id = i.id)""",
    "first_answered_at is the first move, answered_in_time known exactly then": """
        SELECT count(*) FROM ideas_idea i LEFT JOIN LATERAL (
            SELECT min(e.created_at) AS first FROM ideas_ideaevent e
            WHERE e.idea_id = i.id AND e.kind = 'moved') m ON true
        WHERE i.first_answered_at IS DISTINCT FROM m.first
           OR (i.first_answered_at IS NULL) <> (i.answered_in_time IS NULL)""",
    "an answer is due exactly when the stage is not final": """
        SELECT count(*) FROM ideas_idea i JOIN ideas_stage s ON s.id = i.stage_id
        WHERE (s.is_final AND i.response_due IS NOT NULL)
           OR (NOT s.is_final AND i.response_due IS NULL)""",
    "the responsible manages the idea's unit": """
        SELECT count(*) FROM ideas_idea i WHERE NOT EXISTS (
            SELECT 1 FROM accounts_roleassignment r JOIN accounts_role ro ON ro.id = r.role_id
            WHERE ro.code = 'manager' AND r.unit_id = i.unit_id AND r.user_id = i.responsible_id)""",
    "unit paths and depths match the tree": """
        SELECT count(*) FROM accounts_unit u LEFT JOIN accounts_unit p ON p.id = u.parent_id
        WHERE u.path <> coalesce(p.path, '/') || u.id || '/'
           OR u.depth <> coalesce(p.depth + 1, 0)""",
}


def check_invariants(log: Callable[[str], None] = print) -> dict[str, int]:
    """Count the rows that break each invariant (all zero after a seeding)."""
    return count_broken(INVARIANTS, log)


def count_broken(
    invariants: dict[str, str],
    log: Callable[[str], None] = print,
    *,
    label: str = "invariants",
    params: tuple = (),
) -> dict[str, int]:
    """Run each invariant's query (a count of the rows that break it; `%s` takes `params`)
    and return the broken ones with their counts."""
    from django.db import connection

    broken = {}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for name, sql in invariants.items():
            cursor.execute(sql, list(params) * sql.count("%s") if params else None)
            (count,) = cursor.fetchone()
            if count:
                broken[name] = count
                log(f"  BROKEN: {name}: {count:,} rows")
    log(
        f"  {label} checked in {time.perf_counter() - started:.1f} s: "
        + ("all hold" if not broken else f"{len(broken)} broken")
    )
    return broken


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ideas", type=int, default=100_000, help="How many ideas (100,000).")
    parser.add_argument("--users", type=int, default=0, help="People (default: ideas / 5).")
    parser.add_argument("--supports", type=int, default=0, help="Supports (default: 10 per idea).")
    parser.add_argument("--comments", type=int, default=0, help="Comments (default: 3 per idea).")
    parser.add_argument("--seed", type=int, default=2025, help="The random seed.")
    parser.add_argument(
        "--force",
        action="store_true",
        help="Seed even though there are ideas: removes them and the earlier bench people first.",
    )
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database named by DATABASE_URL if it is missing, and migrate.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="Only check that the data keeps the services' invariants.",
    )
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="Do nothing (and succeed) when the database already holds ideas.",
    )


def run(options: dict, log: Callable[[str], None] = print) -> None:
    """Seed as the command line asked (shared by `python -m` and the management command)."""
    from idesluss.ideas.models import Idea

    if options.get("check"):
        if check_invariants(log):
            raise SeedRefused("The data breaks the invariants above.")
        return
    if options.get("if_empty") and not options.get("force") and Idea.objects.exists():
        log(f"The database already holds {Idea.objects.count():,} ideas; nothing seeded.")
        return
    sizes = Sizes(
        ideas=options["ideas"],
        users=options["users"],
        supports=options["supports"],
        comments=options["comments"],
    )
    seed(sizes=sizes, seed=options["seed"], force=options["force"], log=log)
    if check_invariants(log):
        raise SeedRefused("The seeded data breaks the invariants above: a bug in the seeder.")


def create_database(log: Callable[[str], None] = print) -> None:
    """Create the database DATABASE_URL names (through the server's `postgres` database) and
    bring its tables up to date."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        raise SystemExit("The bench needs PostgreSQL: set DATABASE_URL.")
    server = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if not found:
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')
            log(f"Created the database {settings['NAME']}.")
    call_command("migrate", interactive=False, verbosity=0)


def main() -> None:
    from bench import _django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    options = vars(parser.parse_args())
    _django.setup()
    if options["create_database"]:
        create_database()
    try:
        run(options)
    except SeedRefused as refusal:
        raise SystemExit(f"Refused: {refusal}") from None


if __name__ == "__main__":
    main()
