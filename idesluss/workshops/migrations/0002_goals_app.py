"""The workshop's goals are the goals app's (the tables stay; ideas/0012 renamed them)."""

import django.db.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("goals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="workshop",
                    name="global_goals",
                    field=django.db.models.ManyToManyField(
                        blank=True,
                        related_name="workshops",
                        to="goals.globalgoal",
                        verbose_name="Global Goals",
                    ),
                ),
                migrations.AlterField(
                    model_name="workshop",
                    name="vision_goals",
                    field=django.db.models.ManyToManyField(
                        blank=True,
                        related_name="workshops",
                        to="goals.visiongoal",
                        verbose_name="vision goals",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
