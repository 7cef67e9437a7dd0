"""Ideas record their first answer when it happens; the ideas answered before this learn theirs
from their history: the first move, and whether its local day came by the deadline that
applied then (the hand-in day plus the lane's first stage's days to answer, or the usual
`IDEA_RESPONSE_DAYS`; the stored `response_due` has moved on with later moves)."""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, DateTimeField, ExpressionWrapper, Min, OuterRef, Subquery, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone


def fill_first_answers(apps, schema_editor) -> None:
    """Both fields for every handed-in idea from its history, in bulk (one UPDATE … FROM on
    PostgreSQL, two updates with subqueries elsewhere)."""
    Idea = apps.get_model("ideas", "Idea")
    IdeaEvent = apps.get_model("ideas", "IdeaEvent")
    Stage = apps.get_model("ideas", "Stage")
    usual = settings.IDEA_RESPONSE_DAYS
    days = {
        lane: response_days or usual
        for lane, response_days in Stage.objects.filter(is_initial=True).values_list(
            "lane", "response_days"
        )
    }
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # One pass over the moves, grouped per idea, joined to the ideas; the days compared
        # in the site's time zone.
        zone = timezone.get_current_timezone_name()
        lanes = " ".join("WHEN %s THEN %s" for _ in days)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Idea._meta.db_table} AS idea SET
                    first_answered_at = firsts.first,
                    answered_in_time = (firsts.first AT TIME ZONE %s)::date
                        <= (idea.submitted_at AT TIME ZONE %s)::date
                           + (CASE idea.lane {lanes} ELSE %s END)
                FROM (
                    SELECT idea_id, MIN(created_at) AS first FROM {IdeaEvent._meta.db_table}
                    WHERE kind = %s GROUP BY idea_id
                ) AS firsts
                WHERE idea.id = firsts.idea_id AND idea.submitted_at IS NOT NULL
                """,
                [zone, zone, *(value for pair in days.items() for value in pair), usual, "moved"],
            )
        return
    first = (
        IdeaEvent.objects.filter(idea=OuterRef("pk"), kind="moved")
        .order_by()
        .values("idea")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    Idea.objects.filter(submitted_at__isnull=False).update(first_answered_at=Subquery(first))

    def deadline(days: int) -> ExpressionWrapper:
        return ExpressionWrapper(
            TruncDate("submitted_at") + datetime.timedelta(days=days), output_field=DateTimeField()
        )

    due = Case(
        *(When(lane=lane, then=deadline(n)) for lane, n in days.items()),
        default=deadline(usual),
        output_field=DateTimeField(),
    )
    Idea.objects.filter(first_answered_at__isnull=False).update(
        answered_in_time=Case(
            When(LessThanOrEqual(TruncDate("first_answered_at"), due), then=True),
            default=False,
            output_field=models.BooleanField(),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0014_backoffice_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="answered_in_time",
            field=models.BooleanField(blank=True, null=True, verbose_name="answered in time"),
        ),
        migrations.AddField(
            model_name="idea",
            name="first_answered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first answered"),
        ),
        migrations.RunPython(fill_first_answers, migrations.RunPython.noop, elidable=False),
    ]
