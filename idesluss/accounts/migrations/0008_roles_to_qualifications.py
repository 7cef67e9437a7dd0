"""Coach and conversation leader were roles assigned by hand; they are qualifications now.

Every such role assignment becomes a qualification held since the day it was assigned, by
whoever assigned it (source "carried over"), and the assignment goes: nothing is lost,
and the people's roles are read afresh. Going back turns the active qualifications into
role assignments again.
"""

from django.db import migrations
from django.db.models import F

CODES = ("coach", "conversation_leader")
REASON = "Carried over from the role held before qualifications"


def roles_to_qualifications(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    Qualification = apps.get_model("accounts", "Qualification")
    User = apps.get_model("accounts", "User")
    assignments = RoleAssignment.objects.filter(role__code__in=CODES).values_list(
        "pk", "user_id", "role__code", "granted_by_id", "created_at"
    )
    held = set(
        Qualification.objects.filter(withdrawn_at__isnull=True).values_list("user_id", "code")
    )
    rows, done, users = [], [], set()
    for pk, user_id, code, granted_by_id, created_at in assignments:
        done.append(pk)
        users.add(user_id)
        if (user_id, code) in held:
            continue
        held.add((user_id, code))
        rows.append(
            Qualification(
                user_id=user_id,
                code=code,
                granted_on=created_at.date(),
                source="carried_over",
                reason=REASON,
                granted_by_id=granted_by_id,
            )
        )
    Qualification.objects.bulk_create(rows, batch_size=1000)
    RoleAssignment.objects.filter(pk__in=done).delete()
    User.objects.filter(pk__in=users).update(roles_version=F("roles_version") + 1)


def qualifications_to_roles(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    Qualification = apps.get_model("accounts", "Qualification")
    Role = apps.get_model("accounts", "Role")
    User = apps.get_model("accounts", "User")
    roles = dict(Role.objects.filter(code__in=CODES).values_list("code", "pk"))
    rows, users = [], set()
    for user_id, code, granted_by_id in Qualification.objects.filter(
        withdrawn_at__isnull=True
    ).values_list("user_id", "code", "granted_by_id"):
        if code in roles:
            users.add(user_id)
            rows.append(
                RoleAssignment(user_id=user_id, role_id=roles[code], granted_by_id=granted_by_id)
            )
    RoleAssignment.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    User.objects.filter(pk__in=users).update(roles_version=F("roles_version") + 1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_qualifications")]

    operations = [migrations.RunPython(roles_to_qualifications, qualifications_to_roles)]
