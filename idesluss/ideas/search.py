"""Finding ideas by their words: the list's free-text search and the similar-ideas lookup.

PostgreSQL searches the Swedish text-search vector of title, need and proposal and
compares titles by trigrams; SQLite uses the FTS5 table. Both are set up by migration
0003_search, whose SQL expressions must stay identical to the ones here: otherwise
PostgreSQL cannot use the indexes.
"""

import re

from django.db import connection, transaction
from django.db.models import BooleanField, Expression, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from idesluss.ideas.models import Idea

# Enough for any honest query; keeps odd input (pasted pages) cheap.
MAX_TEXT = 500
MAX_TERMS = 16
SIMILAR_MIN_LENGTH = 4
# Shorter words ("i", "en", "på") say little about what an idea is about.
SIMILAR_MIN_TERM = 3
SIMILAR_TITLE_THRESHOLD = 0.2

# Letters and digits only: nothing a query syntax could read as an operator.
_TERM = re.compile(r"[^\W_]+")

DOCUMENT_SQL = (
    "to_tsvector('swedish'::regconfig, coalesce({title}, '') || ' ' || coalesce({need}, '')"
    " || ' ' || coalesce({proposal}, ''))"
)


class _IdeaSQL(Expression):
    """SQL over an idea's own columns: {id}, {title} and {document} (the text-search vector)."""

    def __init__(self, template: str, params: tuple = (), *, output_field) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.params = params
        self.columns = [F("id"), F("title"), F("need"), F("proposal")]

    def get_source_expressions(self) -> list:
        return self.columns

    def set_source_expressions(self, expressions) -> None:
        self.columns = list(expressions)

    def as_sql(self, compiler, connection, **extra_context):
        id_, title, need, proposal = (compiler.compile(column)[0] for column in self.columns)
        document = DOCUMENT_SQL.format(title=title, need=need, proposal=proposal)
        return self.template.format(id=id_, title=title, document=document), self.params


def _terms(text: str) -> list[str]:
    """The words of a text, in order, each once."""
    seen: dict[str, None] = {}
    for term in _TERM.findall(text[:MAX_TEXT].lower()):
        seen.setdefault(term)
    return list(seen)[:MAX_TERMS]


def _fts5_query(terms: list[str], *, operator: str, prefix_all: bool) -> str:
    """An FTS5 query of quoted terms, so nothing the person typed is read as syntax."""
    quoted = []
    for position, term in enumerate(terms):
        phrase = '"' + term.replace('"', '""') + '"'
        if prefix_all or position == len(terms) - 1:
            phrase += "*"
        quoted.append(phrase)
    return f" {operator} ".join(quoted)


def search_ideas(queryset: QuerySet[Idea], text: str, *, by_rank: bool = False) -> QuerySet[Idea]:
    """Ideas whose title, need or proposal contain all the words searched for (best first
    when by_rank); blank text filters nothing, text without any word finds nothing."""
    text = text.replace("\x00", "")[:MAX_TEXT]
    if not text.strip():
        return queryset
    if not _terms(text):
        return queryset.none()
    if connection.vendor == "postgresql":
        query = "websearch_to_tsquery('swedish'::regconfig, %s)"
        queryset = queryset.filter(
            _IdeaSQL(f"{{document}} @@ {query}", (text,), output_field=BooleanField())
        )
        if by_rank:
            rank = _IdeaSQL(f"ts_rank({{document}}, {query})", (text,), output_field=FloatField())
            queryset = queryset.annotate(search_rank=rank).order_by("-search_rank", "-id")
        return queryset
    match = _fts5_query(_terms(text), operator="AND", prefix_all=False)
    queryset = queryset.filter(
        id__in=RawSQL("SELECT rowid FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s", (match,))
    )
    if by_rank:
        # bm25 is lower for better matches.
        rank = _IdeaSQL(
            "(SELECT bm25(ideas_idea_fts) FROM ideas_idea_fts"
            " WHERE ideas_idea_fts MATCH %s AND rowid = {id})",
            (match,),
            output_field=FloatField(),
        )
        queryset = queryset.annotate(search_rank=rank).order_by("search_rank", "-id")
    return queryset


def similar_ideas(
    *, title: str, text: str = "", exclude_id: int | None = None, limit: int = 5
) -> list[Idea]:
    """Handed-in ideas that look like what a person is writing, best first: a similar title
    or shared words (and word beginnings); nothing for fewer than four characters."""
    title = title.replace("\x00", "").strip()[:MAX_TEXT]
    text = text.replace("\x00", "")[:MAX_TEXT]
    if len(f"{title} {text}".strip()) < SIMILAR_MIN_LENGTH:
        return []
    terms = [term for term in _terms(f"{title} {text}") if len(term) >= SIMILAR_MIN_TERM]
    if len(title) < SIMILAR_MIN_LENGTH and not terms:
        return []
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED).select_related("stage", "unit")
    if exclude_id is not None:
        ideas = ideas.exclude(pk=exclude_id)
    if connection.vendor == "postgresql":
        return _similar_on_postgresql(ideas, title=title, terms=terms, limit=limit)
    if not terms:
        return []
    match = _fts5_query(terms, operator="OR", prefix_all=True)
    # Words in the title count ten times as much as in the need, and that twice the proposal.
    score = _IdeaSQL(
        "(SELECT bm25(ideas_idea_fts, 10.0, 2.0, 1.0) FROM ideas_idea_fts"
        " WHERE ideas_idea_fts MATCH %s AND rowid = {id})",
        (match,),
        output_field=FloatField(),
    )
    ideas = ideas.filter(
        id__in=RawSQL("SELECT rowid FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s", (match,))
    )
    return list(ideas.annotate(score=score).order_by("score", "-support_count", "-id")[:limit])


def _similar_on_postgresql(
    ideas: QuerySet[Idea], *, title: str, terms: list[str], limit: int
) -> list[Idea]:
    """Title trigram similarity plus the rank of the typed words (as word beginnings)."""
    # Stems as prefixes: "nyckelskåp" also finds "nyckelskåpslista".
    words = " | ".join(f"{term}:*" for term in terms)
    query = "to_tsquery('swedish'::regconfig, %s)"
    # `%%` is pg_trgm's similarity operator (escaped): it uses the trigram index.
    matches = _IdeaSQL(
        f"(lower({{title}}) %% lower(%s) OR {{document}} @@ {query})",
        (title, words),
        output_field=BooleanField(),
    )
    score = _IdeaSQL(
        f"(similarity(lower({{title}}), lower(%s)) + ts_rank({{document}}, {query}))",
        (title, words),
        output_field=FloatField(),
    )
    ideas = ideas.filter(matches).annotate(score=score)
    ideas = ideas.order_by("-score", "-support_count", "-id")[:limit]
    with transaction.atomic():
        # The `%` operator's threshold (default 0.3) is too strict for half-typed titles;
        # SET LOCAL ends with the transaction.
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL pg_trgm.similarity_threshold = {SIMILAR_TITLE_THRESHOLD}")
        return list(ideas)
