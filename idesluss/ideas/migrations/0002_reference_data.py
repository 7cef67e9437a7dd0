"""The default workflow of both lanes and the 17 Global Goals."""

import csv
from pathlib import Path

from django.db import migrations

from idesluss.core.colours import readable_text_colour

# lane, code, Swedish, English, kind, order, initial, final, requires_lesson, requires_forward_target
STAGES = [
    ("innovation", "submitted", "Inskickad", "Submitted", "main", 10, True, False, False, False),
    ("innovation", "assessment", "Under bedömning", "Under assessment", "main", 20, False, False, False, False),
    ("innovation", "development", "Utveckling", "Development", "main", 30, False, False, False, False),
    ("innovation", "pilot", "Test/Pilot", "Test/pilot", "main", 40, False, False, False, False),
    ("innovation", "implemented", "Införd", "Implemented", "main", 50, False, True, False, False),
    ("innovation", "parked", "Parkerad", "On hold", "exit", 60, False, False, False, False),
    ("innovation", "closed", "Avslutad", "Closed", "exit", 70, False, True, True, False),
    ("innovation", "forwarded", "Vidareskickad", "Forwarded", "exit", 80, False, True, False, True),
    ("improvement", "todo", "Att göra", "To do", "main", 10, True, False, False, False),
    ("improvement", "doing", "Pågår", "In progress", "main", 20, False, False, False, False),
    ("improvement", "done", "Klart", "Done", "main", 30, False, True, False, False),
    ("improvement", "parked", "Parkerad", "On hold", "exit", 60, False, False, False, False),
    ("improvement", "closed", "Avslutad", "Closed", "exit", 70, False, True, True, False),
    ("improvement", "forwarded", "Vidareskickad", "Forwarded", "exit", 80, False, True, False, True),
]

TRANSITIONS = {
    "innovation": [
        ("submitted", "assessment"),
        ("assessment", "development"),
        ("development", "pilot"),
        ("pilot", "implemented"),
        # Back one step when more work is needed.
        ("assessment", "submitted"),
        ("development", "assessment"),
        ("pilot", "development"),
        # A finished implementation can be reopened.
        ("implemented", "pilot"),
        # Parked ideas come back where they fit.
        ("parked", "submitted"),
        ("parked", "assessment"),
        ("parked", "development"),
        ("parked", "pilot"),
    ],
    "improvement": [
        ("todo", "doing"),
        ("doing", "done"),
        ("doing", "todo"),
        ("done", "doing"),
        ("parked", "todo"),
        ("parked", "doing"),
    ],
}
EXITS = ["parked", "closed", "forwarded"]


def add_reference_data(apps, schema_editor):
    Stage = apps.get_model("ideas", "Stage")
    Transition = apps.get_model("ideas", "Transition")
    Role = apps.get_model("accounts", "Role")
    GlobalGoal = apps.get_model("ideas", "GlobalGoal")
    movers = list(Role.objects.filter(code__in=["manager", "coordinator"]))
    stages = {}
    for lane, code, sv, en, kind, order, initial, final, lesson, forward in STAGES:
        stages[lane, code] = Stage.objects.create(
            lane=lane,
            code=code,
            name_sv=sv,
            name_en=en,
            kind=kind,
            order=order,
            is_initial=initial,
            is_final=final,
            requires_lesson=lesson,
            requires_forward_target=forward,
        )
    for lane, pairs in TRANSITIONS.items():
        pairs = list(pairs)
        # Every stage that is not final may leave by a side exit.
        for (stage_lane, code), stage in stages.items():
            if stage_lane == lane and not stage.is_final:
                pairs += [(code, exit_code) for exit_code in EXITS if exit_code != code]
        for from_code, to_code in pairs:
            transition = Transition.objects.create(
                from_stage=stages[lane, from_code], to_stage=stages[lane, to_code]
            )
            transition.allowed_roles.set(movers)
    path = Path(__file__).resolve().parent.parent / "data" / "global-goals.csv"
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            GlobalGoal.objects.create(
                number=int(row["number"]),
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                colour=row["colour"].upper(),
                text_colour=readable_text_colour(row["colour"]),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
