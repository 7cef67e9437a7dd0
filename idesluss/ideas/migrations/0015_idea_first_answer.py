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


def fill_first_answers(apps, schema_editor) -> None:
    """Both fields for every handed-in idea from its history, in two bulk updates."""
    Idea = apps.get_model("ideas", "Idea")
    IdeaEvent = apps.get_model("ideas", "IdeaEvent")
    Stage = apps.get_model("ideas", "Stage")
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # One pass over the moves, grouped per idea, joined to the ideas.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Idea._meta.db_table} AS idea SET first_answered_at = firsts.first
                FROM (
                    SELECT idea_id, MIN(created_at) AS first FROM {IdeaEvent._meta.db_table}
                    WHERE kind = %s GROUP BY idea_id
                ) AS firsts
                WHERE idea.id = firsts.idea_id AND idea.submitted_at IS NOT NULL
                """,
                ["moved"],
            )
    else:
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

    usual = settings.IDEA_RESPONSE_DAYS
    due = Case(
        *(
            When(lane=lane, then=deadline(days or usual))
            for lane, days in Stage.objects.filter(is_initial=True).values_list(
                "lane", "response_days"
            )
        ),
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
