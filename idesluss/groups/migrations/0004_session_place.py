"""Sessions get a place, as joint follow-ups have; a joint follow-up's sessions take its."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def joint_places(apps, schema_editor):
    Session = apps.get_model("groups", "Session")
    JointFollowUp = apps.get_model("groups", "JointFollowUp")
    place = JointFollowUp.objects.filter(pk=OuterRef("joint_id")).values("location")[:1]
    Session.objects.filter(joint__isnull=False).update(location=Subquery(place))


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0003_session_coming_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="location",
            field=models.CharField(blank=True, max_length=200, verbose_name="place"),
        ),
        migrations.RunPython(joint_places, migrations.RunPython.noop),
    ]
