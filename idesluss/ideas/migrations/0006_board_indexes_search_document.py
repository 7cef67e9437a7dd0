"""Speed at 100,000 ideas (bench/README.md says what each change gained).

- Two partial indexes for the boards: a column's most recently moved ideas, and the
  counts per stage.
- PostgreSQL: the Swedish text-search vector of title, need and proposal is stored in a
  generated column, `search_document`, and the GIN index moves from the expression to
  it. Matching, rechecking and ranking then read the vector instead of rebuilding it
  from the text for every row (which made a search for a common word take seconds).
  The column is the database's own: the ORM never reads or writes it, and
  ideas/search.py refers to it by name. SQLite keeps its FTS5 table (0003).
"""

from django.db import migrations, models

# Must stay identical to DOCUMENT_SQL in ideas/search.py (and to 0003's expression).
DOCUMENT = (
    "to_tsvector('swedish'::regconfig, coalesce(title, '') || ' ' || coalesce(need, '')"
    " || ' ' || coalesce(proposal, ''))"
)

PG_FORWARD = [
    f"ALTER TABLE ideas_idea ADD COLUMN search_document tsvector"
    f" GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "DROP INDEX IF EXISTS ideas_idea_document_gin",
    "CREATE INDEX ideas_idea_document_gin ON ideas_idea USING gin (search_document)",
    # The table was rewritten: statistics for the planner now, the rest to autovacuum.
    "ANALYZE ideas_idea",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS ideas_idea_document_gin",
    "ALTER TABLE ideas_idea DROP COLUMN IF EXISTS search_document",
    f"CREATE INDEX ideas_idea_document_gin ON ideas_idea USING gin ({DOCUMENT})",
]


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0005_default_criteria"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="idea",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["stage", "-moved_at", "-id"],
                name="ideas_idea_board_column",
            ),
        ),
        migrations.AddIndex(
            model_name="idea",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["lane", "stage", "unit"],
                name="ideas_idea_board_totals",
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
