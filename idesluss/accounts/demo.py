"""The demo organisation: departments, operations and units with people in every role."""

from idesluss.accounts import services
from idesluss.accounts.models import Role, Unit
from idesluss.core.demo import DEMO_DOMAIN, DemoContext, register

DEP, OPS, UNI = Unit.Kind.DEPARTMENT, Unit.Kind.OPERATION, Unit.Kind.UNIT

# (code, name, kind, parent code)
UNITS = [
    ("KLF", "Kommunledningsförvaltningen", DEP, None),
    ("KLF-UTV", "Utvecklingsenheten", UNI, "KLF"),
    ("KLF-HR", "HR-avdelningen", UNI, "KLF"),
    ("KLF-EKO", "Ekonomiavdelningen", UNI, "KLF"),
    ("KLF-KOM", "Kommunikationsavdelningen", UNI, "KLF"),
    ("KLF-DIG", "Digitalisering och IT", UNI, "KLF"),
    ("KLF-KC", "Kontaktcenter", UNI, "KLF"),
    ("VO", "Vård och omsorg", DEP, None),
    ("VO-HT", "Hemtjänst", OPS, "VO"),
    ("VO-HT-N", "Hemtjänst Norr", UNI, "VO-HT"),
    ("VO-HT-S", "Hemtjänst Söder", UNI, "VO-HT"),
    ("VO-HT-C", "Hemtjänst Centrum", UNI, "VO-HT"),
    ("VO-HSV", "Hemsjukvård", OPS, "VO"),
    ("VO-SÄBO", "Särskilt boende", OPS, "VO"),
    ("VO-SÄBO-E", "Ekbackens äldreboende", UNI, "VO-SÄBO"),
    ("VO-SÄBO-S", "Solgårdens äldreboende", UNI, "VO-SÄBO"),
    ("VO-FS", "Funktionsstöd", OPS, "VO"),
    ("BOU", "Barn och utbildning", DEP, None),
    ("BOU-FSK", "Förskola", OPS, "BOU"),
    ("BOU-FSK-S", "Förskolan Solrosen", UNI, "BOU-FSK"),
    ("BOU-FSK-E", "Förskolan Ekorren", UNI, "BOU-FSK"),
    ("BOU-GR", "Grundskola", OPS, "BOU"),
    ("BOU-GR-N", "Norrskolan", UNI, "BOU-GR"),
    ("BOU-GR-L", "Lindbackaskolan", UNI, "BOU-GR"),
    ("BOU-GY", "Gymnasieskolan", OPS, "BOU"),
    ("SBF", "Samhällsbyggnad", DEP, None),
    ("SBF-GP", "Gata och park", OPS, "SBF"),
    ("SBF-BM", "Bygg och miljö", OPS, "SBF"),
    ("SBF-FA", "Fastighet", OPS, "SBF"),
    ("SBF-KL", "Kost och lokalvård", OPS, "SBF"),
    ("KF", "Kultur och fritid", DEP, None),
    ("KF-BIB", "Biblioteket", UNI, "KF"),
    ("KF-FRI", "Fritidsgårdar", UNI, "KF"),
    ("KF-KS", "Kulturskolan", UNI, "KF"),
    ("SOC", "Socialtjänst", DEP, None),
    ("SOC-BU", "Barn och familj", UNI, "SOC"),
    ("SOC-EB", "Ekonomiskt bistånd", UNI, "SOC"),
]

# The demo sign-ins: (key, name, e-mail local part, unit code, job title, roles)
# A role given as ("manager", "VO-HT-N") is held for that unit.
SIGN_INS = [
    ("employee", "Lina Karlsson", "lina.karlsson", "VO-HT-N", "Undersköterska", []),
    (
        "manager",
        "Erik Johansson",
        "erik.johansson",
        "VO-HT-N",
        "Enhetschef",
        [("manager", "VO-HT-N")],
    ),
    ("coach", "Maria Lindqvist", "maria.lindqvist", "KLF-UTV", "Verksamhetsutvecklare", ["coach"]),
    (
        "conversation_leader",
        "Ahmed Hassan",
        "ahmed.hassan",
        "VO-HSV",
        "Sjuksköterska",
        ["conversation_leader"],
    ),
    (
        "coordinator",
        "Sofia Berg",
        "sofia.berg",
        "KLF-UTV",
        "Idésamordnare",
        ["coordinator", "coach"],
    ),
    (
        "steering_group",
        "Johan Nilsson",
        "johan.nilsson",
        "VO",
        "Förvaltningschef",
        ["steering_group", ("manager", "VO")],
    ),
    ("administrator", "Karin Ek", "karin.ek", "KLF-DIG", "Systemförvaltare", ["administrator"]),
]

ROLE_NAMES = {
    "employee": "Medarbetare",
    "manager": "Chef",
    "coach": "Coach",
    "conversation_leader": "Samtalsledare",
    "coordinator": "Idésamordnare",
    "steering_group": "Styrgrupp",
    "administrator": "Administratör",
}

FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Emma",
    "Ida",
    "Elin",
    "Johanna",
    "Linnea",
    "Malin",
    "Hanna",
    "Sofia",
    "Jenny",
    "Camilla",
    "Fatima",
    "Amina",
    "Leila",
    "Ebba",
    "Frida",
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Karl",
    "Mikael",
    "Erik",
    "Peter",
    "Jonas",
    "Magnus",
    "Fredrik",
    "Daniel",
    "Mattias",
    "Oskar",
    "Ali",
    "Mohammed",
    "Omar",
    "Yusuf",
    "Nils",
    "Gustav",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Ali",
    "Mohammed",
    "Hassan",
    "Abdi",
    "Ibrahim",
]

# Job titles by the first part of the unit code.
TITLES = {
    "VO-HT": ["Undersköterska", "Vårdbiträde", "Undersköterska", "Planerare"],
    "VO-HSV": ["Sjuksköterska", "Fysioterapeut", "Arbetsterapeut"],
    "VO-SÄBO": ["Undersköterska", "Vårdbiträde", "Aktivitetssamordnare"],
    "VO-FS": ["Stödassistent", "Boendestödjare"],
    "BOU-FSK": ["Förskollärare", "Barnskötare"],
    "BOU-GR": ["Lärare", "Fritidspedagog", "Specialpedagog"],
    "BOU-GY": ["Gymnasielärare", "Studie- och yrkesvägledare"],
    "SBF": ["Handläggare", "Ingenjör", "Parkarbetare", "Kock", "Lokalvårdare"],
    "KF-BIB": ["Bibliotekarie", "Biblioteksassistent"],
    "KF-FRI": ["Fritidsledare"],
    "KF-KS": ["Musiklärare", "Danspedagog"],
    "KF": ["Bibliotekarie", "Fritidsledare"],
    "SOC-BU": ["Socialsekreterare", "Familjebehandlare"],
    "SOC-EB": ["Socialsekreterare", "Budget- och skuldrådgivare"],
    "SOC": ["Socialsekreterare"],
    "KLF-KC": ["Kommunvägledare"],
    "KLF-DIG": ["IT-tekniker", "Systemförvaltare"],
    "KLF-HR": ["HR-konsult", "Lönehandläggare"],
    "KLF-EKO": ["Controller", "Ekonom"],
    "KLF-KOM": ["Kommunikatör", "Webbredaktör"],
    "KLF": ["Handläggare", "Utredare"],
    "SBF-GP": ["Parkarbetare", "Gatuingenjör"],
    "SBF-BM": ["Bygglovshandläggare", "Miljöinspektör"],
    "SBF-FA": ["Fastighetsskötare", "Fastighetsförvaltare"],
    "SBF-KL": ["Kock", "Lokalvårdare", "Måltidsbiträde"],
}


# Coaches and conversation leaders hold the qualification from the demo's trainings (the
# learning app's demo records the courses they completed).
QUALIFIED_BY = {
    Role.Code.COACH: "Coachutbildning",
    Role.Code.CONVERSATION_LEADER: "Samtalsledarutbildning",
}


def _qualify(person, code: str) -> None:
    services.qualification_grant(
        person=person,
        code=code,
        by=None,
        source="training",
        training_title=QUALIFIED_BY[code],
    )


def _title_for(code: str, rng) -> str:
    for prefix in sorted(TITLES, key=len, reverse=True):
        if code.startswith(prefix):
            return rng.choice(TITLES[prefix])
    return "Handläggare"


@register(order=10)
def build_organisation(context: DemoContext) -> None:
    rng = context.rng
    for code, name, kind, parent_code in UNITS:
        context.units[code] = services.unit_create(
            name=name, code=code, kind=kind, parent=context.units.get(parent_code)
        )
    context.log(f"  {len(UNITS)} units")

    for key, name, local, unit_code, title, roles in SIGN_INS:
        email = f"{local}@{DEMO_DOMAIN}"
        person = services.user_create(
            email=email,
            full_name=name,
            unit=context.units[unit_code],
            job_title=title,
            password=context.password,
        )
        for role in roles:
            code, unit_code_for_role = role if isinstance(role, tuple) else (role, None)
            if code in QUALIFIED_BY:
                _qualify(person, code)
                continue
            services.role_assign(
                user=person, role_code=code, unit=context.units.get(unit_code_for_role)
            )
        context.people[key] = person
        context.sign_ins.append((ROLE_NAMES[key], email, f"{title}, {person.unit}"))

    # A manager for every unit that has none yet, and colleagues in every unit.
    managed = {role[1] for *_rest, roles in SIGN_INS for role in roles if isinstance(role, tuple)}
    used_emails = {f"{local}@{DEMO_DOMAIN}" for _k, _n, local, *_r in SIGN_INS}
    count = 0

    def new_person(unit: Unit, title: str):
        nonlocal count
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first}.{last}@{DEMO_DOMAIN}".lower()
            email = email.replace("å", "a").replace("ä", "a").replace("ö", "o")
            if email not in used_emails:
                used_emails.add(email)
                break
        count += 1
        return services.user_create(
            email=email, full_name=f"{first} {last}", unit=unit, job_title=title
        )

    for code, _name, kind, _parent in UNITS:
        unit = context.units[code]
        if code not in managed:
            title = {DEP: "Förvaltningschef", OPS: "Verksamhetschef", UNI: "Enhetschef"}[kind]
            manager = new_person(unit, title)
            services.role_assign(user=manager, role_code=Role.Code.MANAGER, unit=unit)
        staff = rng.randint(6, 12) if kind == UNI or not any(p == code for *_x, p in UNITS) else 2
        for _ in range(staff):
            new_person(unit, _title_for(code, rng))
    # A few more coaches and conversation leaders out in the organisation.
    extra = [
        (Role.Code.COACH, "VO-HT-S"),
        (Role.Code.COACH, "BOU-GR-N"),
        (Role.Code.CONVERSATION_LEADER, "VO-SÄBO-E"),
        (Role.Code.CONVERSATION_LEADER, "BOU-FSK-S"),
        (Role.Code.STEERING_GROUP, "KLF"),
    ]
    for role_code, unit_code in extra:
        person = new_person(context.units[unit_code], _title_for(unit_code, rng))
        if role_code in QUALIFIED_BY:
            _qualify(person, role_code)
        else:
            services.role_assign(user=person, role_code=role_code)
    context.log(f"  {count + len(SIGN_INS)} people")
