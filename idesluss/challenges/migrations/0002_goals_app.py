"""The challenge's goals are the goals app's (the tables stay; ideas/0012 renamed them)."""

import django.db.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
        ("goals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="challenge",
                    name="global_goals",
                    field=django.db.models.ManyToManyField(
                        blank=True,
                        related_name="challenges",
                        to="goals.globalgoal",
                        verbose_name="Global Goals",
                    ),
                ),
                migrations.AlterField(
                    model_name="challenge",
                    name="vision_goals",
                    field=django.db.models.ManyToManyField(
                        blank=True,
                        related_name="challenges",
                        to="goals.visiongoal",
                        verbose_name="vision goals",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
