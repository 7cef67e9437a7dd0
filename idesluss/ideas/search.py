"""Finding ideas by their words: the list's free-text search and the similar-ideas lookup.

PostgreSQL searches the Swedish text-search vector of title, need and proposal and
compares titles by trigrams; SQLite uses the FTS5 table. Both are set up by migration
0003_search, whose SQL expressions must stay identical to the ones here: otherwise
PostgreSQL cannot use the indexes. Since 0006 PostgreSQL stores the vector in the
generated column `search_document` (DOCUMENT_SQL), so no query rebuilds it per row.
"""

import re

from django.db import connection, transaction
from django.db.models import BooleanField, Expression, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from idesluss.accounts.models import User
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
# PostgreSQL: DOCUMENT_SQL stored for each idea (a generated column, migration 0006).
DOCUMENT_COLUMN = "search_document"


class _IdeaSQL(Expression):
    """SQL over an idea's columns: {title} and {document} (its text-search vector)."""

    def __init__(self, template: str, params: tuple = (), *, output_field) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.params = params
        self.columns = [F("title"), F("need"), F("proposal")]

    def get_source_expressions(self) -> list:
        return self.columns

    def set_source_expressions(self, expressions) -> None:
        self.columns = list(expressions)

    def as_sql(self, compiler, connection, **extra_context):
        title, need, proposal = (compiler.compile(column)[0] for column in self.columns)
        if connection.vendor == "postgresql":
            # The stored vector, of the same row (the columns carry the query's alias).
            quote = connection.ops.quote_name
            document = f"{quote(self.columns[0].alias)}.{quote(DOCUMENT_COLUMN)}"
        else:
            document = DOCUMENT_SQL.format(title=title, need=need, proposal=proposal)
        return self.template.format(title=title, document=document), self.params


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
    if by_rank:
        return _fts5_ranked(queryset, match).order_by("search_rank", "-id")
    return queryset.filter(
        id__in=RawSQL("SELECT rowid FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s", (match,))
    )


def _fts5_ranked(
    queryset: QuerySet[Idea], match: str, weights: tuple[float, ...] = ()
) -> QuerySet[Idea]:
    """The ideas matching an FTS5 query, annotated with their bm25 rank (lower is better)."""
    # bm25() exists only in a query that MATCHes the FTS table itself: join it in. A
    # correlated subquery per idea would run the whole match again for every row.
    return queryset.extra(
        tables=["ideas_idea_fts"],
        where=["ideas_idea_fts.rowid = ideas_idea.id", "ideas_idea_fts MATCH %s"],
        params=[match],
        select={"search_rank": f"bm25({', '.join(['ideas_idea_fts', *map(str, weights)])})"},
    )


def similar_ideas(
    *,
    title: str,
    text: str = "",
    exclude_id: int | None = None,
    limit: int = 5,
    viewer: User | None = None,
) -> list[Idea]:
    """Handed-in ideas that look like what a person is writing, best first: a similar title
    or shared words (and word beginnings); nothing for fewer than four characters. With a
    `viewer`, never their own ideas (handed in or co-submitted): they are to be supported."""
    title = title.replace("\x00", "").strip()[:MAX_TEXT]
    text = text.replace("\x00", "")[:MAX_TEXT]
    if len(f"{title} {text}".strip()) < SIMILAR_MIN_LENGTH:
        return []
    terms = [term for term in _terms(f"{title} {text}") if len(term) >= SIMILAR_MIN_TERM]
    if len(title) < SIMILAR_MIN_LENGTH and not terms:
        return []
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    if exclude_id is not None:
        ideas = ideas.exclude(pk=exclude_id)
    if viewer is not None and viewer.pk is not None:
        ideas = ideas.exclude(submitter_id=viewer.pk).exclude(co_submitters__id=viewer.pk)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(_SIMILAR_PLANNER_SETTINGS, [str(SIMILAR_TITLE_THRESHOLD)])
            ranked = _similar_on_postgresql(ideas, title=title, terms=terms)
            found = list(ranked.select_related("stage", "unit")[:limit])
            # Rolling back (nothing was written) ends the settings with this block.
            transaction.set_rollback(True)
        return found
    if not terms:
        return []
    match = _fts5_query(terms, operator="OR", prefix_all=True)
    # Words in the title weigh ten times those in the need, and these twice the proposal's.
    ideas = _fts5_ranked(ideas, match, weights=(10.0, 2.0, 1.0))
    ideas = ideas.order_by("search_rank", "-support_count", "-id")
    return list(ideas.select_related("stage", "unit")[:limit])


# The `%` operator's threshold (default 0.3) is too strict for half-typed titles.
_SIMILAR_PLANNER_SETTINGS = "SELECT set_config('pg_trgm.similarity_threshold', %s, true)"

# How many candidates each way of matching may bring (see _similar_on_postgresql).
SIMILAR_POOL = 40
# Pairs of words are tried among the first few words only (6 words: 15 pairs).
SIMILAR_PAIR_TERMS = 6


def _similar_on_postgresql(ideas: QuerySet[Idea], *, title: str, terms: list[str]) -> QuerySet:
    """Title trigram similarity plus the rank of the typed words (as word beginnings).

    Scoring every match would cost as much as the typed words are common: "bättre" or
    "digital" match a fifth of all ideas. So the candidates come from small pools, each
    read from an index and stopped after SIMILAR_POOL rows: ideas with all the words,
    with each pair of words, with each single word, and with a similar title. A rare word
    brings all its ideas; a common one only some, which is no loss, since a common word
    says little about what an idea is about. Only the pooled few hundred are scored.
    """
    # Stems as prefixes: "nyckelskåp" also finds "nyckelskåpslista".
    prefixes = [f"{term}:*" for term in terms]
    queries: list[str] = []
    if len(prefixes) > 1:
        queries.append(" & ".join(prefixes))
        head = prefixes[:SIMILAR_PAIR_TERMS]
        queries += [f"{a} & {b}" for i, a in enumerate(head) for b in head[i + 1 :]]
    queries += prefixes
    tsquery = "to_tsquery('swedish'::regconfig, %s)"
    pools = [
        ideas.filter(_IdeaSQL(f"{{document}} @@ {tsquery}", (query,), output_field=BooleanField()))
        for query in queries
    ]
    if len(title) >= SIMILAR_MIN_LENGTH:
        # `%%` is pg_trgm's similarity operator (escaped): it uses the trigram index.
        pools.append(
            ideas.filter(
                _IdeaSQL("lower({title}) %% lower(%s)", (title,), output_field=BooleanField())
            )
        )
    parts, params = [], []
    for pool in pools:
        sql, pool_params = pool.values("pk")[:SIMILAR_POOL].query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(pool_params)
    candidates = RawSQL(" UNION ".join(parts), params)
    score_sql, score_params = "similarity(lower({title}), lower(%s))", [title]
    if prefixes:
        score_sql += f" + ts_rank({{document}}, {tsquery})"
        score_params.append(" | ".join(prefixes))
    score = _IdeaSQL(f"({score_sql})", tuple(score_params), output_field=FloatField())
    return (
        Idea.objects.filter(pk__in=candidates)
        .annotate(score=score)
        .order_by("-score", "-support_count", "-id")
    )
