from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_sqlite_search(sender, using: str = "default", **kwargs) -> None:
    """SQLite rebuilds a table to alter it, dropping its triggers: put the search triggers back.

    Without them the full-text table (migration 0003) would silently fall out of step.
    """
    from importlib import import_module

    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = 'ideas_idea_fts' OR "
            "(type = 'trigger' AND name LIKE 'ideas_idea_fts_%%')"
        )
        names = {row[0] for row in cursor.fetchall()}
        if "ideas_idea_fts" not in names or len(names) == 4:
            return
        for statement in import_module("idesluss.ideas.migrations.0003_search").SQLITE_FORWARD:
            cursor.execute(statement)


class IdeasConfig(AppConfig):
    name = "idesluss.ideas"
    label = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        post_migrate.connect(_repair_sqlite_search, sender=self)
