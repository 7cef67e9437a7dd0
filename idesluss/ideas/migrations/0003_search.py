"""Indexes for searching ideas and finding similar ones, per database.

PostgreSQL: pg_trgm, a GIN index on the Swedish text-search vector of title,
need and proposal, and a GIN trigram index on the lower-cased title.
SQLite: an FTS5 table over the same columns, kept in step by triggers.
The expressions here must stay identical to those in ideas/search.py, or
PostgreSQL will not use the indexes.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ideas_idea_document_gin ON ideas_idea USING gin ("
    "to_tsvector('swedish'::regconfig, coalesce(title, '') || ' ' || coalesce(need, '')"
    " || ' ' || coalesce(proposal, '')))",
    "CREATE INDEX IF NOT EXISTS ideas_idea_title_trgm ON ideas_idea"
    " USING gin (lower(title) gin_trgm_ops)",
]
# The extension is left in place on the way back: other things may use it.
PG_BACKWARD = [
    "DROP INDEX IF EXISTS ideas_idea_title_trgm",
    "DROP INDEX IF EXISTS ideas_idea_document_gin",
]

# remove_diacritics 0: å, ä and ö are letters of their own in Swedish, not a, a and o.
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS ideas_idea_fts USING fts5("
    "title, need, proposal, content='ideas_idea', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS ideas_idea_fts_insert AFTER INSERT ON ideas_idea BEGIN"
    " INSERT INTO ideas_idea_fts(rowid, title, need, proposal)"
    " VALUES (new.id, new.title, new.need, new.proposal); END",
    "CREATE TRIGGER IF NOT EXISTS ideas_idea_fts_delete AFTER DELETE ON ideas_idea BEGIN"
    " INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, title, need, proposal)"
    " VALUES ('delete', old.id, old.title, old.need, old.proposal); END",
    "CREATE TRIGGER IF NOT EXISTS ideas_idea_fts_update AFTER UPDATE ON ideas_idea BEGIN"
    " INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, title, need, proposal)"
    " VALUES ('delete', old.id, old.title, old.need, old.proposal);"
    " INSERT INTO ideas_idea_fts(rowid, title, need, proposal)"
    " VALUES (new.id, new.title, new.need, new.proposal); END",
    "INSERT INTO ideas_idea_fts(ideas_idea_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS ideas_idea_fts_update",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_delete",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_insert",
    "DROP TABLE IF EXISTS ideas_idea_fts",
]


def _run(schema_editor, statements_by_vendor: dict[str, list[str]]) -> None:
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD})


def backward(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_reference_data"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
