"""The goals leave ideas' state, now that no relation points at them here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0012_goals_move_out"),
        ("challenges", "0002_goals_app"),
        ("workshops", "0002_goals_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="GlobalGoal"),
                migrations.DeleteModel(name="VisionGoal"),
            ],
            database_operations=[],
        ),
    ]
