"""Seed the trainings at scale: at region scale 300 trainings with 3-6 sessions each, 15,000
enrolments (enrolled, completed, waiting, cancelled) and the attendance of those who took part,
by COPY like bench/seed.py. Sized by the scale's people (a region's 20,000 make 300 trainings).

The invariants the services keep hold: nobody enrolled twice, no more places taken than a
training has, no attendance for a session that has not started, completed means attended at
least the training's share of its sessions."""

import datetime
import random
import time
from collections.abc import Callable

from bench import seed_ideas

Log = Callable[[str], None]

TITLES = [
    ("Innovation och ledarskap", "", "Chefer och idésamordnare"),
    ("Coachutbildning", "coach", "Medarbetare och chefer som vill coacha grupper"),
    ("Samtalsledarutbildning", "conversation_leader", "Medarbetare som vill leda samtal"),
    ("Förbättringsarbete i vardagen", "", "Alla medarbetare"),
    ("Tjänstedesign för nybörjare", "", "Alla medarbetare"),
]
PLACES = ["Stadshuset, Stora salen", "Kommunhuset, rum Sommen", "Digitalt (Teams)"]

WIPE_TABLES = ["learning_training"]


def sizes(scale) -> tuple[int, int]:
    """(trainings, enrolments) for a scale: 300 and 15,000 for a region's 20,000 people."""
    trainings = max(5, scale.users * 300 // 20_000)
    return trainings, trainings * 50


def seed_learning(*, rng: random.Random, org, counts: dict, log: Log, scale) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.seed import _copy_rows
    from idesluss.learning.models import (
        Attendance,
        Enrolment,
        Training,
        TrainingSession,
        sessions_required,
    )

    step = time.perf_counter()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    Status = Enrolment.Status
    wanted_trainings, wanted_enrolments = sizes(scale)
    per_training = wanted_enrolments // wanted_trainings
    coordinator = (org.coordinators or org.user_ids[:1])[0]
    trainings, sessions, enrolments, attendance = [], [], [], []
    with transaction.atomic(), connection.cursor() as cursor:
        training_ids = seed_ideas._reserve_ids(cursor, Training, wanted_trainings)
        session_id = seed_ideas._reserve_ids(cursor, TrainingSession, 1)[0]
        enrolment_id = seed_ideas._reserve_ids(cursor, Enrolment, 1)[0]
        for index, training_id in enumerate(training_ids):
            title, grants, group = TITLES[index % len(TITLES)]
            # A fifth coming (open for enrolment), the rest held over three years.
            coming = index % 5 == 0
            first = (
                now + datetime.timedelta(days=rng.uniform(7, 120))
                if coming
                else (now - datetime.timedelta(days=rng.uniform(30, 3 * 365)))
            )
            count = rng.randint(3, 6)
            percent = rng.choice([80, 80, 75, 100])
            needed = sessions_required(count, percent)
            capacity = per_training - rng.randint(0, 10) if coming else per_training + 5
            created = first - datetime.timedelta(days=30)
            trainings.append(
                {"id": training_id, "created_at": created, "updated_at": created,
                 "title": f"{title} ({training_id})", "description": "", "target_group": group,
                 "capacity": capacity, "completion_percent": percent, "grants": grants,
                 "validity_months": 36 if grants else None, "responsible_id": coordinator,
                 "enrolment_open": coming, "created_by_id": coordinator, "version": 1}
            )  # fmt: skip
            starts: list[tuple[int, datetime.datetime]] = []
            for number in range(count):
                start = (first + datetime.timedelta(weeks=2 * number)).replace(hour=9)
                sessions.append(
                    {"id": session_id, "training_id": training_id, "starts_at": start,
                     "ends_at": start + datetime.timedelta(hours=3),
                     "place": rng.choice(PLACES), "topic": f"Del {number + 1}"}
                )  # fmt: skip
                starts.append((session_id, start))
                session_id += 1
            people = rng.sample(org.user_ids, k=per_training)
            for rank, person in enumerate(people):
                enrolled_at = created + datetime.timedelta(hours=rank)
                if rank >= capacity:
                    status = Status.WAITING
                elif rng.random() < 0.05:
                    status = Status.CANCELLED
                else:
                    status = Status.ENROLLED
                held = [pk for pk, start in starts if start <= now]
                attended: list[int] = []
                if status == Status.ENROLLED and held:
                    attended = [pk for pk in held if rng.random() < 0.85]
                completed = (
                    status == Status.ENROLLED and len(held) == count and len(attended) >= needed
                )
                enrolments.append(
                    {"id": enrolment_id, "training_id": training_id, "person_id": person,
                     "status": Status.COMPLETED if completed else status,
                     "enrolled_by_id": None,
                     "enrolled_at": enrolled_at if status != Status.WAITING else None,
                     "waiting_since": enrolled_at if status == Status.WAITING else None,
                     "completed_at": starts[-1][1] + datetime.timedelta(hours=3)
                     if completed else None,
                     "completed_by_id": None, "created_at": enrolled_at}
                )  # fmt: skip
                for pk in attended:
                    attendance.append(
                        {"session_id": pk, "enrolment_id": enrolment_id,
                         "recorded_by_id": coordinator, "recorded_at": now}
                    )  # fmt: skip
                enrolment_id += 1
        counts["trainings"] = _copy_rows(cursor, Training, trainings, now)
        counts["training sessions"] = _copy_rows(cursor, TrainingSession, sessions, now)
        counts["enrolments"] = _copy_rows(cursor, Enrolment, enrolments, now)
        counts["attendance"] = _copy_rows(cursor, Attendance, attendance, now)
        for model, last in ((TrainingSession, session_id), (Enrolment, enrolment_id)):
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, last]
            )
    log(
        f"  {counts['trainings']:,} trainings, {counts['enrolments']:,} enrolments, "
        f"{counts['attendance']:,} attendances in {time.perf_counter() - step:.1f} s"
    )
