"""Accepting and rejecting suggestions as changes: made, undone and redone in the core, without
Qt; undo makes the suggestion pending again and takes its annotation out, redo brings back the
same annotation (same id)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.session import changes
from annotator.core.session.store import SessionStore
from annotator.core.suggestions.session import suggest_documents

TEXT = ("Flood\n\nUp to 3,000 homes were evacuated, according to the city. Officials said some "
        "4,000 people left the harbour district.")


def state(path: Path) -> dict[str, list]:
    """The annotations and the suggestions (their decision, not when it was made)."""
    with sqlite3.connect(path) as plain:
        return {
            "annotations": sorted(plain.execute(
                'SELECT id, start, "end", label, confidence, origin, reviewer '
                "FROM annotations").fetchall()),
            "suggestions": sorted(plain.execute(
                'SELECT id, start, "end", label, status, decided_by, annotation_id '
                "FROM suggestions").fetchall()),
        }


@pytest.fixture
def doc(store: SessionStore, add_text) -> int:
    document_id = add_text(TEXT)
    suggest_documents(store, [document_id], labels=["estimate", "attribution"])
    return document_id


def pending(store: SessionStore, doc: int, quote: str):
    return next(s for s in store.pending_suggestions(doc) if TEXT[s.start:s.end] == quote)


def round_trip(store: SessionStore, path: Path, make) -> changes.Change:
    """Make a change, then undo and redo it twice, checking the session each time."""
    before = state(path)
    change = make(store)
    after = state(path)
    assert after != before
    for _ in range(2):
        change.undo(store)
        assert state(path) == before
        change.redo(store)
        assert state(path) == after
    return change


def test_accepting_keeps_the_label_and_is_undone_and_redone(store, session_path, doc):
    suggestion = pending(store, doc, "Up to 3,000")
    change = round_trip(store, session_path,
                        lambda s: changes.accept_suggestion(s, suggestion.id))
    annotation = change.annotations[0]
    assert store.annotation(annotation.id).origin == "suggested"
    assert (annotation.label, annotation.confidence, annotation.quote) == ("estimate", 3,
                                                                           "Up to 3,000")
    assert store.suggestion(suggestion.id).status == "accepted"
    assert change.effects.added == [annotation] and change.effects.suggestions == [doc]
    assert change.effects.decided == [suggestion.id]
    assert change.text == "Accept “Up to 3,000” as estimate"
    undone = change.undo(store)
    assert undone.removed == [annotation] and undone.suggestions == [doc]
    assert store.suggestion(suggestion.id).status == "pending"
    assert suggestion in store.pending_suggestions(doc)
    redone = change.redo(store)
    assert redone.focus == (doc, annotation.id)
    assert store.annotation(annotation.id).quote == "Up to 3,000"


def test_accepting_under_another_label_is_relabelled(store, session_path, doc):
    suggestion = pending(store, doc, "according to the city")
    change = round_trip(store, session_path,
                        lambda s: changes.accept_suggestion(s, suggestion.id, "estimate"))
    annotation = store.annotation(change.annotations[0].id)
    assert (annotation.label, annotation.origin) == ("estimate", "suggested-relabelled")
    assert store.suggestion(suggestion.id).status == "accepted"


def test_rejecting_is_final_until_undone(store, session_path, doc):
    suggestion = pending(store, doc, "Officials said")
    change = round_trip(store, session_path,
                        lambda s: changes.reject_suggestion(s, suggestion.id))
    assert store.suggestion(suggestion.id).status == "rejected"
    assert store.annotations(doc) == []
    suggest_documents(store, [doc], labels=["estimate", "attribution"])
    assert suggestion.id not in [s.id for s in store.pending_suggestions(doc)]
    change.undo(store)
    assert suggestion in store.pending_suggestions(doc)
    with pytest.raises(AnnotatorError, match="no suggestion"):
        changes.reject_suggestion(store, 10_000)  # no such suggestion
    change.redo(store)
    with pytest.raises(AnnotatorError, match="rejected already"):
        changes.accept_suggestion(store, suggestion.id)


def test_accepting_all_is_one_change(store, session_path, doc):
    count = store.count_pending_suggestions([doc])
    assert count == 4
    change = round_trip(store, session_path,
                        lambda s: changes.accept_all_suggestions(s, doc))
    assert store.count_pending_suggestions([doc]) == 0
    assert sorted(a.quote for a in store.annotations(doc)) == sorted(
        TEXT[s.start:s.end] for s in change.suggestions)
    assert {a.origin for a in store.annotations(doc)} == {"suggested"}
    assert change.text == "Accept 4 suggestions"
    change.undo(store)
    assert store.count_pending_suggestions([doc]) == 4 and store.annotations(doc) == []
    assert changes.accept_all_suggestions(store, doc).empty is False
    assert changes.accept_all_suggestions(store, doc).empty


def test_one_suggestion_is_read_by_id(store, doc):
    first = store.pending_suggestions(doc)[0]
    assert store.suggestion(first.id) == first
    with pytest.raises(AnnotatorError, match="no suggestion 999"):
        store.suggestion(999)


def test_deciding_many_at_once_is_all_or_nothing(store, session_path, doc):
    ids = [s.id for s in store.pending_suggestions(doc)]
    before = state(session_path)
    with pytest.raises(AnnotatorError, match="no suggestion 10000"):
        store.decide_suggestions([(ids[0], None), (10_000, None), (ids[1], None)], "rejected")
    assert state(session_path) == before  # the first was not rejected either
    store.decide_suggestions([(i, None) for i in ids], "rejected")
    assert store.count_pending_suggestions([doc]) == 0
    with pytest.raises(AnnotatorError, match="not a decision"):
        store.decide_suggestions([(ids[0], None)], "maybe")


def _plan(path: Path, query: str) -> str:
    with sqlite3.connect(path) as plain:
        return " ".join(row[-1] for row in plain.execute(f"EXPLAIN QUERY PLAN {query}"))


def test_what_points_at_an_annotation_is_found_by_index(store, session_path, doc):
    # SQLite looks these up for each annotation deleted (undoing "Accept All" deletes them
    # all): without an index, it read every suggestion of the session each time
    assert "suggestions_by_annotation" in _plan(
        session_path, "SELECT 1 FROM suggestions WHERE annotation_id = 7")
    assert "same_claims_by_same_as" in _plan(
        session_path, "SELECT 1 FROM same_claims WHERE same_as = 7")


def test_a_session_made_without_the_lookup_indexes_gets_them_when_opened(tmp_path, reviewer):
    path = tmp_path / "earlier.sqlite"
    SessionStore.open(path, create=True, reviewer=reviewer).close()
    with sqlite3.connect(path) as plain:  # as an earlier version made it
        plain.execute("DROP INDEX suggestions_by_annotation")
        plain.execute("DROP INDEX same_claims_by_same_as")
    with SessionStore.open(path, read_only=True):
        pass  # read only: nothing is written
    assert "suggestions_by_annotation" not in _plan(
        path, "SELECT 1 FROM suggestions WHERE annotation_id = 7")
    SessionStore.open(path, reviewer=reviewer).close()
    assert "suggestions_by_annotation" in _plan(
        path, "SELECT 1 FROM suggestions WHERE annotation_id = 7")
    assert "same_claims_by_same_as" in _plan(path, "SELECT 1 FROM same_claims WHERE same_as = 7")
