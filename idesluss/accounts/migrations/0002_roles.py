from django.db import migrations

ROLES = [
    ("employee", False),
    ("manager", True),
    ("coach", False),
    ("conversation_leader", False),
    ("coordinator", False),
    ("steering_group", False),
    ("administrator", False),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for order, (code, unit_scoped) in enumerate(ROLES):
        Role.objects.update_or_create(
            code=code, defaults={"unit_scoped": unit_scoped, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
