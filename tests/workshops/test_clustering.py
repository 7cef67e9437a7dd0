"""Suggested groupings: pure grouping rules, and the suggestions read from each database."""

import pytest

from idesluss.workshops import clustering, services
from idesluss.workshops.clustering import NoteWords, group_notes, python_terms, same_word
from idesluss.workshops.models import Workshop


def words(pk: int, text: str) -> NoteWords:
    return NoteWords(id=pk, text=text, terms=python_terms(text))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("kemikalier", "kemikaliefria", True),
        ("promenad", "promenader", True),
        ("gå", "gå", True),
        ("motion", "mötesfri", False),
        ("frukt", "fruktskål", True),
        ("bil", "bilder", False),
    ],
)
def test_words_are_the_same_by_their_beginnings(a, b, same):
    assert same_word(a, b) is same


def test_small_words_carry_no_meaning():
    assert python_terms("Fler gåmöten och mer frukt i fikarummet!") == {
        "gåmöten",
        "frukt",
        "fikarummet",
    }


def test_notes_that_share_words_are_suggested_together_and_named_after_them():
    notes = [
        words(1, "Färre kemikalier i städningen"),
        words(2, "Gåmöten en gång i veckan"),
        words(3, "Kemikaliefria rengöringsmedel i köken"),
        words(4, "Frukt i fikarummet"),
        words(5, "Promenadmöten i stället för gåmöten"),
        words(6, "Inventera kemikalier i förråden"),
    ]
    suggestions = group_notes(notes)
    assert [set(s.note_ids) for s in suggestions] == [{1, 3, 6}, {2, 5}]
    assert suggestions[0].name == "Kemikalier"
    assert suggestions[1].name == "Gåmöten"


def test_no_suggestion_for_notes_alike_in_nothing_and_none_too_large():
    assert group_notes([words(1, "Frukt"), words(2, "Cyklar"), words(3, "Mindre")]) == []
    many = [words(pk, f"Kemikalier nummer {pk}") for pk in range(1, 21)]
    suggestions = group_notes(many)
    assert all(len(s.note_ids) <= clustering.MAX_GROUP for s in suggestions)
    assert sum(len(s.note_ids) for s in suggestions) == 20


def test_known_likeness_joins_notes_without_shared_words():
    notes = [words(1, "Cykelpool"), words(2, "Elcyklar att låna")]
    assert group_notes(notes) == []
    assert [s.note_ids for s in group_notes(notes, {(1, 2): 0.5})] == [(1, 2)]


def test_suggestions_from_the_database_skip_grouped_notes(facilitator, participant, workshop):
    services.workshop_set_phase(workshop=workshop, by=facilitator, phase=Workshop.Phase.CAPTURE)
    texts = [
        "Färre kemikalier i städningen",
        "Sluta använda kemikalier i köken",
        "Gåmöten en gång i veckan",
        "Gåmöten för alla",
        "Frukt i fikarummet",
    ]
    notes = [services.note_post(workshop=workshop, by=participant, text=t) for t in texts]
    suggestions = clustering.suggest_clusters(workshop.pk)
    groups = {frozenset(s.note_ids): s.name for s in suggestions}
    assert groups == {
        frozenset({notes[0].pk, notes[1].pk}): "Kemikalier",
        frozenset({notes[2].pk, notes[3].pk}): "Gåmöten",
    }
    services.cluster_create(
        workshop=workshop, by=facilitator, name="Kemikalier", note_ids=[notes[0].pk, notes[1].pk]
    )
    after = clustering.suggest_clusters(workshop.pk)
    assert [set(s.note_ids) for s in after] == [{notes[2].pk, notes[3].pk}]
    # Another workshop's notes are never suggested.
