"""PostgreSQL: vacuum and analyze the ideas table after 1 % of its rows changed, not 20 %.

The boards' and lists' counts are index-only scans, fast only while the visibility map
is fresh; with the default a region's 100,000 ideas took 20,000 changes before autovacuum
came, and the list's count went from 8 to 58 ms meanwhile (docs/performance.md)."""

from django.db import migrations

TABLES = ["ideas_idea", "ideas_support", "ideas_ideaevent"]
SETTINGS = (
    "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01,"
    " autovacuum_analyze_scale_factor = 0.01"
)


def tune(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} SET ({SETTINGS})")


def untune(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    names = ", ".join(part.split("=")[0].strip() for part in SETTINGS.split(","))
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} RESET ({names})")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0008_idea_workshop")]

    operations = [migrations.RunPython(tune, untune, elidable=True)]
