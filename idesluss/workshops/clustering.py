"""Suggested groupings of a workshop's notes: notes that share words (Swedish stems on
PostgreSQL, word beginnings elsewhere) or look alike (trigram similarity on PostgreSQL)
are suggested as one cluster, named after the word they share most.

A workshop has at most a few hundred notes, so one query reads the ungrouped notes (with
their stems and their trigram neighbours on PostgreSQL) and the grouping runs here. The
facilitator accepts, changes or ignores each suggestion; nothing is grouped by itself."""

import math
import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection

# Two words are one when one is the other's beginning, or they begin alike for this many
# letters: "kemikalier" and "kemikaliefria", "promenad" and "promenader".
SHARED_BEGINNING = 5
MIN_WORD = 3
# How alike two notes must be to be suggested together (0–1).
THRESHOLD = 0.25
TRIGRAM_THRESHOLD = 0.35
# A suggestion larger than this is not a cluster but the whole board.
MAX_GROUP = 8

_WORD = re.compile(r"[^\W\d_]+")

# Words that say little about what a note is about (PostgreSQL's Swedish dictionary drops
# most of these itself; the comparative ones are common in ideas: "fler", "bättre").
STOPWORDS = frozenset(
    """
    alla allt andra att av bara bli blir bättre de del dem den denna dess det detta dig din
    du där efter eller en ett fler flera för från färre får ha har hela hur här i igen in
    inga inte jag kan kunna man med mer mest mindre mot mycket måste ni nu när och om oss
    på sig sin ska skulle som så till tillsammans under upp ut utan varje vi vid vill än år
    är också ännu även
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class NoteWords:
    """One ungrouped note as the grouping sees it."""

    id: int
    text: str
    terms: frozenset[str]


@dataclass(frozen=True)
class Suggestion:
    name: str
    note_ids: tuple[int, ...]


def words_of(text: str) -> list[str]:
    """The note's words, lower-cased, in order (digits and signs dropped)."""
    return _WORD.findall(text.lower())


def python_terms(text: str) -> frozenset[str]:
    """The words that carry meaning, for databases without a Swedish stemmer."""
    return frozenset(
        word for word in words_of(text) if len(word) >= MIN_WORD and word not in STOPWORDS
    )


def same_word(a: str, b: str) -> bool:
    """Two terms name the same thing: equal, one begins the other, or they begin alike."""
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= SHARED_BEGINNING - 1 and long.startswith(short):
        return True
    return len(short) >= SHARED_BEGINNING and short[:SHARED_BEGINNING] == long[:SHARED_BEGINNING]


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """How alike two notes' terms are: shared terms against the sizes of both (0–1)."""
    if not a or not b:
        return 0.0
    shared = sum(1 for term in a if any(same_word(term, other) for other in b))
    return min(1.0, shared / math.sqrt(len(a) * len(b)))


def group_notes(
    notes: list[NoteWords], alike: dict[tuple[int, int], float] | None = None
) -> list[Suggestion]:
    """Suggest clusters: the most alike pairs are joined first, no group above MAX_GROUP.

    `alike` adds known likeness of pairs (smaller id first), e.g. trigram similarity."""
    alike = alike or {}
    pairs: list[tuple[float, int, int]] = []
    for index, first in enumerate(notes):
        for second in notes[index + 1 :]:
            key = (min(first.id, second.id), max(first.id, second.id))
            score = max(likeness(first.terms, second.terms), alike.get(key, 0.0))
            if score >= THRESHOLD:
                pairs.append((score, *key))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    parent = {note.id: note.id for note in notes}
    size = dict.fromkeys(parent, 1)

    def root(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for _score, a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb and size[ra] + size[rb] <= MAX_GROUP:
            parent[rb] = ra
            size[ra] += size[rb]
    groups: dict[int, list[NoteWords]] = {}
    for note in notes:
        groups.setdefault(root(note.id), []).append(note)
    suggestions = [
        Suggestion(name=suggest_name(members), note_ids=tuple(note.id for note in members))
        for members in groups.values()
        if len(members) > 1
    ]
    suggestions.sort(key=lambda s: (-len(s.note_ids), s.note_ids[0]))
    return suggestions


def suggest_name(notes: list[NoteWords]) -> str:
    """The word most of the notes share, as one of them writes it (shortest form)."""
    counts: Counter[str] = Counter()
    forms: dict[str, set[str]] = {}
    for note in notes:
        seen: set[str] = set()
        for word in words_of(note.text):
            if len(word) < MIN_WORD or word in STOPWORDS:
                continue
            key = word[:SHARED_BEGINNING]
            forms.setdefault(key, set()).add(word)
            seen.add(key)
        counts.update(seen)
    if not counts:
        return notes[0].text[:40]
    best = max(counts.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]
    return min(forms[best], key=lambda word: (len(word), word)).capitalize()


def suggest_clusters(workshop_id: int) -> list[Suggestion]:
    """Suggested clusters of the workshop's ungrouped notes (one query)."""
    if connection.vendor == "postgresql":
        notes, alike = _read_postgresql(workshop_id)
    else:
        notes, alike = _read_python(workshop_id), {}
    return group_notes(notes, alike)


def _read_python(workshop_id: int) -> list[NoteWords]:
    from idesluss.workshops.models import Note

    rows = Note.objects.filter(workshop_id=workshop_id, cluster__isnull=True).order_by("id")
    return [
        NoteWords(id=pk, text=text, terms=python_terms(text))
        for pk, text in rows.values_list("id", "text")
    ]


_POSTGRESQL_SQL = """
SELECT a.id, a.text,
       tsvector_to_array(to_tsvector('swedish'::regconfig, a.text)),
       ARRAY(
           SELECT ARRAY[b.id::float8, similarity(lower(a.text), lower(b.text))::float8]
           FROM workshops_note b
           WHERE b.workshop_id = a.workshop_id AND b.cluster_id IS NULL AND b.id > a.id
             AND similarity(lower(a.text), lower(b.text)) >= %s
       )
FROM workshops_note a
WHERE a.workshop_id = %s AND a.cluster_id IS NULL
ORDER BY a.id
"""


def _read_postgresql(workshop_id: int) -> tuple[list[NoteWords], dict[tuple[int, int], float]]:
    """Swedish stems (the dictionary drops the small words) and trigram neighbours."""
    with connection.cursor() as cursor:
        cursor.execute(_POSTGRESQL_SQL, [TRIGRAM_THRESHOLD, workshop_id])
        rows = cursor.fetchall()
    notes: list[NoteWords] = []
    alike: dict[tuple[int, int], float] = {}
    for pk, text, stems, neighbours in rows:
        terms = frozenset(
            stem
            for stem in stems or []
            if len(stem) >= MIN_WORD and stem not in STOPWORDS and not stem.isdigit()
        )
        notes.append(NoteWords(id=pk, text=text, terms=terms))
        for other, score in neighbours or []:
            alike[(pk, int(other))] = float(score)
    return notes, alike
