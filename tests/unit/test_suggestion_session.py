"""Suggestions kept in the session: made once, pending until decided, never proposed again once
rejected, and measured against the session's own annotations."""

from __future__ import annotations

import pytest

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import NotFound, ValidationFailed
from annotator.core.session.store import SessionStore
from annotator.core.suggestions.session import evaluate_session, suggest_documents

TEXT = ("Flood\n\nUp to 3,000 homes were evacuated, according to the city. Officials said some "
        "4,000 people left the harbour district.")


@pytest.fixture
def store(tmp_path):
    with SessionStore.open(tmp_path / "s.sqlite", create=True, reviewer="ana") as store:
        summary, _ = store.add_document(
            ImportedDocument(title="Flood", text=TEXT, source_format="text"))
        store.document_id = summary.id
        yield store


def spans(store):
    return [(TEXT[s.start:s.end], s.label) for s in store.pending_suggestions()]


def test_suggestions_are_kept_as_pending_with_their_reasons(store):
    report = suggest_documents(store, labels=["estimate", "attribution"])
    assert report.total_added == 4
    assert spans(store) == [("Up to 3,000", "estimate"), ("according to the city", "attribution"),
                            ("Officials said", "attribution"), ("some 4,000", "estimate")]
    first = store.pending_suggestions()[0]
    assert first.reason == "upper bound: 'Up to' + number" and first.rule == "upper_bound"
    assert store.suggestion_rules(store.document_id).startswith("en:attribution,estimate:")


def test_running_again_adds_nothing_and_a_rejection_is_final(store):
    suggest_documents(store, labels=["estimate"])
    first, second = store.pending_suggestions()
    store.decide_suggestion(first.id, "rejected")
    assert suggest_documents(store, labels=["estimate"]).total_added == 0
    assert [s.id for s in store.pending_suggestions()] == [second.id]
    store.decide_suggestion(second.id, "accepted")
    assert store.pending_suggestions() == []
    store.decide_suggestion(first.id, "pending")  # an undone rejection
    assert [s.id for s in store.pending_suggestions()] == [first.id]


def test_a_span_already_annotated_with_the_label_is_not_pending(store):
    suggest_documents(store, labels=["estimate"])
    assert store.count_pending_suggestions() == 2
    start = TEXT.index("some 4,000")
    store.add_annotation(store.document_id, start, start + 10, "estimate")
    assert spans(store) == [("Up to 3,000", "estimate")]
    assert store.count_pending_suggestions() == 1
    assert store.count_pending_suggestions([store.document_id]) == 1
    assert store.count_pending_suggestions([store.document_id + 1]) == 0


def test_bad_decisions_and_unknown_ids_are_one_sentence(store):
    with pytest.raises(ValidationFailed, match="not a decision"):
        store.decide_suggestion(1, "maybe")
    with pytest.raises(NotFound, match="no suggestion 99"):
        store.decide_suggestion(99, "rejected")
    with pytest.raises(NotFound, match="no document 42"):
        suggest_documents(store, [42])


def test_removing_a_document_removes_its_suggestions(store):
    suggest_documents(store)
    assert store.pending_suggestions()
    store.remove_document(store.document_id)
    assert store.pending_suggestions() == []


def test_evaluation_compares_the_rules_with_the_sessions_annotations(store):
    start = TEXT.index("Up to 3,000")
    store.add_annotation(store.document_id, start, start + 11, "estimate")
    start = TEXT.index("Officials said")
    store.add_annotation(store.document_id, start, start + 14, "attribution")
    scores = {(s.label, s.mode): s for s in evaluate_session(store, labels=["estimate",
                                                                           "attribution"])}
    exact = scores["estimate", "exact"]
    assert (exact.true_positives, exact.suggested, exact.reviewed) == (1, 2, 1)
    assert exact.recall == 1.0 and exact.precision == 0.5
    assert scores["attribution", "overlap"].recall == 1.0
    assert store.pending_suggestions() == []  # evaluating writes nothing


def test_a_suggestion_that_no_longer_holds_its_quote_is_left_out(tmp_path):
    import sqlite3

    path = tmp_path / "s.sqlite"
    with SessionStore.open(path, create=True) as store:
        store.add_document(ImportedDocument(title="Flood", text=TEXT, source_format="text"))
        suggest_documents(store, labels=["estimate"])
        first, second = store.pending_suggestions()
    other = sqlite3.connect(path)  # another program changes a row, then the text
    with other:
        other.execute("UPDATE suggestions SET start = start + 1 WHERE id = ?", [first.id])
    with SessionStore.open(path, read_only=True) as store:
        assert [s.id for s in store.pending_suggestions()] == [second.id]
    with other:
        other.execute("UPDATE documents SET text = replace(text, 'some 4,000', 'some 5,000')")
    other.close()
    with SessionStore.open(path, read_only=True) as store:
        assert store.pending_suggestions() == []


def test_a_suggestion_row_of_the_wrong_type_is_left_out_of_a_loosened_table(store):
    """The program's STRICT table holds every value's type, and only each quote is checked; a
    table re-created by another program without its types has each row checked whole."""
    suggest_documents(store, labels=["estimate", "attribution"])
    assert len(store.pending_suggestions()) == 4
    db = store._db
    db.execute("CREATE TABLE loose AS SELECT * FROM suggestions")
    db.execute("DROP TABLE suggestions")
    db.execute("ALTER TABLE loose RENAME TO suggestions")
    first = db.execute("SELECT min(id) FROM suggestions").fetchone()[0]
    db.execute("UPDATE suggestions SET start = 'a' WHERE id = ?", [first])
    db.conn.commit()
    assert [(TEXT[s.start:s.end], s.label) for s in store.pending_suggestions()] == [
        ("according to the city", "attribution"), ("Officials said", "attribution"),
        ("some 4,000", "estimate")]
