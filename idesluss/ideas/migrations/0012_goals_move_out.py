"""The goals' tables take the goals app's names; the ideas' relations point at goals."""

import django.db.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0011_co_submitter_invitations"),
        ("goals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="globalgoal", table="goals_globalgoal"),
                migrations.AlterModelTable(name="visiongoal", table="goals_visiongoal"),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="idea",
                    name="global_goals",
                    field=django.db.models.ManyToManyField(
                        blank=True,
                        related_name="ideas",
                        to="goals.globalgoal",
                        verbose_name="Global Goals",
                    ),
                ),
                migrations.AlterField(
                    model_name="idea",
                    name="vision_goals",
                    field=django.db.models.ManyToManyField(
                        blank=True,
                        related_name="ideas",
                        to="goals.visiongoal",
                        verbose_name="vision goals",
                    ),
                ),
            ],
        ),
    ]
