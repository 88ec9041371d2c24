"""The session store: one SQLite file per review session (annotator.core.session.store)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.articles.importing import import_file
from annotator.core.articles.reading import ImportedDocument
from annotator.core.articles.text import sha256_text
from annotator.core.errors import NotFound, SessionError, ValidationFailed
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import MAX_NOTE_CHARS
from annotator.core.session import changes
from annotator.core.session.schema import EXPECTED_TABLES, SCHEMA_VERSION
from annotator.core.session.store import SessionStore

TEXT = (
    "Up to 3,000 households were evacuated, according to the city’s emergency office. "
    "The surge peaked at 3.82 metres, the highest since 1961."
)
EMOJI_TEXT = "Fire 🔥🥵 broke out in 서울 near Zoe\u0301’s café at 5 p.m., a source said."

AddText = Callable[..., int]


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def make_session(path: Path, documents: int = 3) -> None:
    """A real session file with a few documents and annotations, closed."""
    with SessionStore.open(path, create=True, reviewer="maker") as store:
        for n in range(documents):
            text = f"Document {n}. " + TEXT * 20
            summary, _ = store.add_document(
                ImportedDocument(title=f"Doc {n}", text=text, source_format="text")
            )
            store.add_annotation(summary.id, 0, 8, "claim", note=f"note {n}")


# --------------------------------------------------------------------- create and reopen


def test_new_session_has_the_expected_tables_and_metadata(store: SessionStore,
                                                          reviewer: str) -> None:
    # sqlite_sequence is SQLite's own record of AUTOINCREMENT ids (never reused), and FTS5
    # keeps the search index in four shadow tables of its own
    shadow = {f"documents_fts_{part}" for part in ("data", "idx", "docsize", "config")}
    assert set(store._db.table_names()) == EXPECTED_TABLES | {"sqlite_sequence"} | shadow
    assert store.schema_version == SCHEMA_VERSION
    assert store.metadata()["application"] == "factcheck-annotator"
    assert store.labels() == list(DEFAULT_LABELS)
    assert store.reviewer == reviewer == "Ana Reviewer"


def test_round_trip_through_a_reopened_file(session_path: Path, store: SessionStore,
                                            add_text: AddText) -> None:
    first = add_text(TEXT, title="Storm surge")
    second = add_text(EMOJI_TEXT, title="Seoul fire")
    added = [
        store.add_annotation(first, *span(TEXT, "Up to 3,000 households"), "estimate",
                             confidence=4, note='Check the "3,000", per\ncity data', reviewer="Bo"),
        store.add_annotation(first, *span(TEXT, "according to the city’s emergency office"),
                             "attribution", confidence=1, note=""),
        store.add_annotation(second, *span(EMOJI_TEXT, "broke out in 서울"), "claim",
                             confidence=5, note="서울 😀 e\u0301"),
    ]
    documents = store.documents()
    full = [store.document(first), store.document(second)]
    store.close()

    with SessionStore.open(session_path) as reopened:
        assert reopened.documents() == documents
        assert [reopened.document(first), reopened.document(second)] == full
        assert reopened.annotations() == added
        assert reopened.annotation(added[0].id) == added[0]
        assert reopened.labels() == list(DEFAULT_LABELS)


def test_round_trip_keeps_every_annotation_field(session_path: Path, store: SessionStore,
                                                 add_text: AddText) -> None:
    doc = add_text(TEXT)
    added = store.add_annotation(doc, 6, 11, "estimate", confidence=2, note="n", reviewer="Cleo")
    store.close()
    with SessionStore.open(session_path) as reopened:
        stored = reopened.annotation(added.id)
    assert stored.model_dump() == added.model_dump()
    assert (stored.start, stored.end, stored.quote) == (6, 11, "3,000")
    assert stored.created_at.tzinfo is not None


def test_document_summary_fields(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(EMOJI_TEXT, title="Seoul fire")
    summary = store.document_summary(doc)
    assert summary.title == "Seoul fire"
    assert summary.sha256 == sha256_text(EMOJI_TEXT)
    assert summary.char_count == len(EMOJI_TEXT)
    assert summary.imported_at.tzinfo is not None
    assert store.document_text(doc) == EMOJI_TEXT


def test_open_with_create_keeps_an_existing_session(session_path: Path) -> None:
    make_session(session_path, documents=2)
    with SessionStore.open(session_path, create=True) as store:
        assert len(store.documents()) == 2


def test_reviewer_defaults_to_a_non_empty_name(session_path: Path) -> None:
    with SessionStore.open(session_path, create=True) as store:
        assert store.reviewer.strip()


# --------------------------------------------------------------------- documents


def test_duplicate_import_returns_the_existing_document(store: SessionStore,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "storm.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    first, created_first = import_file(store, path)
    again, created_again = import_file(store, path)
    assert created_first is True
    assert created_again is False
    assert again.id == first.id
    assert len(store.documents()) == 1


def test_same_text_in_another_encoding_is_a_duplicate(store: SessionStore,
                                                      tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TEXT.replace(" ", "\n", 3).encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe" + TEXT.replace(" ", "\r\n", 3).encode("utf-16-le"))
    first, _ = import_file(store, tmp_path / "a.txt")
    second, created = import_file(store, tmp_path / "b.txt")
    assert created is False
    assert second.id == first.id


def test_document_search_uses_the_full_text_index(store: SessionStore, add_text: AddText) -> None:
    strike = add_text("Dockers said up to 3,000 workers stayed out.", title="Port strike")
    seoul = add_text("시장은 약 1,200명이 참석했다고 말했다 😀. Économie en hausse.", title="서울")
    budget = add_text("The ministry's budget rose 4%.", title="Budget")
    assert store.find_documents("") == [strike, seoul, budget]
    assert store.find_documents("DOCKERS") == [strike]
    assert store.find_documents("minist") == [budget]  # the beginning of a word
    assert store.find_documents("economie") == [seoul]  # accents ignored
    assert store.find_documents("시장") == [seoul]
    assert store.find_documents("port 3,000") == [strike]  # title and text, every word
    assert store.find_documents('"stayed out"') == [strike]
    assert store.find_documents('"out stayed"') == []
    assert store.find_documents('budget AND NOT "x* ( ^') == []  # no FTS syntax error
    assert store.find_documents("budget - ( *") == [budget]  # lone marks are not words
    store.remove_document(strike)
    assert store.find_documents("dockers") == []
    changes.remove_document(store, budget).undo(store)
    assert store.find_documents("budget") == [budget]


def test_documents_are_listed_in_import_order(store: SessionStore, add_text: AddText) -> None:
    ids = [add_text(f"Text number {n}.", title=f"T{n}") for n in (3, 1, 2)]
    assert [d.id for d in store.documents()] == ids
    assert [d.position for d in store.documents()] == [0, 1, 2]


def test_unknown_document_raises_not_found(store: SessionStore) -> None:
    with pytest.raises(NotFound, match="no document 42"):
        store.document(42)
    with pytest.raises(NotFound):
        store.add_annotation(42, 0, 1, "claim")


def test_remove_and_restore_document(store: SessionStore, add_text: AddText) -> None:
    keep = add_text("Another article entirely.")
    doc = add_text(TEXT)
    store.set_last_offset(doc, 40)
    a = store.add_annotation(doc, 0, 5, "estimate")
    b = store.add_annotation(doc, *span(TEXT, "1961"), "claim", note="year")
    before = store.document(doc)

    change = changes.remove_document(store, doc)
    removed, annotations, links, rejections = change.removed
    assert removed == before
    assert annotations == [a, b]
    assert links == rejections == []
    assert [d.id for d in store.documents()] == [keep]
    assert store.annotations() == []
    with pytest.raises(NotFound):
        store.document(doc)

    change.undo(store)
    assert store.document(doc) == before
    assert store.annotations(doc) == [a, b]
    assert [d.id for d in store.documents()] == [keep, doc]


def test_removing_a_document_deletes_its_annotation_rows(session_path: Path, store: SessionStore,
                                                         add_text: AddText) -> None:
    doc = add_text(TEXT)
    store.add_annotation(doc, 0, 5, "estimate")
    store.remove_document(doc)
    with sqlite3.connect(session_path) as plain:
        assert plain.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == 0


def test_restore_document_twice_is_refused(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    removed, annotations, _, _ = store.remove_document(doc)
    store._restore_document(removed, annotations)
    with pytest.raises(ValidationFailed):
        store._restore_document(removed, annotations)


# --------------------------------------------------------------------- adding annotations


def test_add_annotation_stores_the_quote(store: SessionStore, add_text: AddText,
                                        reviewer: str) -> None:
    doc = add_text(TEXT)
    start, end = span(TEXT, "3.82 metres")
    annotation = store.add_annotation(doc, start, end, "estimate", confidence=4, note="gauge")
    assert annotation.id is not None
    assert annotation.quote == "3.82 metres"
    assert (annotation.label, annotation.confidence, annotation.note) == ("estimate", 4, "gauge")
    assert annotation.reviewer == reviewer
    assert annotation.created_at == annotation.updated_at
    assert annotation.created_at.tzinfo is not None


def test_default_confidence_is_three(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    assert store.add_annotation(doc, 0, 5, "claim").confidence == 3


def test_span_after_emoji_uses_code_points(session_path: Path, store: SessionStore,
                                           add_text: AddText) -> None:
    doc = add_text(EMOJI_TEXT)
    start, end = span(EMOJI_TEXT, "broke out in 서울")
    assert start == 8  # "Fire " + two emoji + " ": code points, not UTF-16 units (10)
    annotation = store.add_annotation(doc, start, end, "claim")
    assert EMOJI_TEXT[annotation.start : annotation.end] == annotation.quote == "broke out in 서울"
    store.close()
    with SessionStore.open(session_path) as reopened:
        stored = reopened.annotation(annotation.id)
        assert reopened.document_text(doc)[stored.start : stored.end] == stored.quote


def test_span_of_an_emoji_and_a_combining_mark(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(EMOJI_TEXT)
    fire = store.add_annotation(doc, 5, 6, "claim")
    zoe = store.add_annotation(doc, *span(EMOJI_TEXT, "Zoe\u0301"), "attribution")
    assert fire.quote == "🔥"
    assert zoe.quote == "Zoe\u0301"
    assert zoe.end - zoe.start == 4


@pytest.mark.parametrize(
    ("start", "end", "label", "kwargs", "message"),
    [
        (5, 5, "claim", {}, "at least one character"),
        (10, 4, "claim", {}, "at least one character"),
        (-1, 4, "claim", {}, "start"),
        (100, len(TEXT) + 1, "claim", {}, "past the end"),
        (0, 5, "rumour", {}, "unknown label 'rumour'"),
        (0, 5, "claim", {"confidence": 0}, "confidence"),
        (0, 5, "claim", {"confidence": 6}, "confidence"),
        (0, 5, "claim", {"note": "x" * (MAX_NOTE_CHARS + 1)}, "note"),
        (0, 5, "claim", {"reviewer": ""}, "reviewer"),
        (0, 5, "claim", {"reviewer": "   "}, "reviewer name is empty"),
    ],
    ids=["zero-length", "end-before-start", "negative-start", "past-the-end", "unknown-label",
         "confidence-0", "confidence-6", "note-too-long", "empty-reviewer", "blank-reviewer"],
)
def test_invalid_annotation_is_refused(store: SessionStore, add_text: AddText, start: int,
                                       end: int, label: str, kwargs: dict, message: str) -> None:
    doc = add_text(TEXT)
    with pytest.raises(ValidationFailed, match=message):
        store.add_annotation(doc, start, end, label, **kwargs)
    assert store.annotations() == []


def test_whitespace_only_span_is_refused(store: SessionStore, add_text: AddText) -> None:
    text = "First paragraph.\n\n   \nSecond paragraph."
    doc = add_text(text)
    start = text.index("\n")
    with pytest.raises(ValidationFailed, match="white space"):
        store.add_annotation(doc, start, start + 5, "claim")
    assert store.annotations() == []


def test_note_of_exactly_the_maximum_is_accepted(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    annotation = store.add_annotation(doc, 0, 5, "claim", note="x" * MAX_NOTE_CHARS)
    assert len(store.annotation(annotation.id).note) == MAX_NOTE_CHARS


def test_span_to_the_very_end_is_accepted(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    annotation = store.add_annotation(doc, len(TEXT) - 5, len(TEXT), "claim")
    assert annotation.quote == TEXT[-5:]


def test_overlapping_annotations_are_allowed(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    store.add_annotation(doc, 0, 20, "claim")
    store.add_annotation(doc, 6, 11, "estimate")
    assert len(store.annotations(doc)) == 2


def test_every_change_is_committed_at_once(session_path: Path, store: SessionStore,
                                           add_text: AddText) -> None:
    doc = add_text(TEXT)
    annotation = store.add_annotation(doc, 6, 11, "estimate", note="seen elsewhere")
    plain = sqlite3.connect(session_path)
    try:
        row = plain.execute(
            'SELECT start, "end", quote, label, note FROM annotations WHERE id = ?',
            [annotation.id],
        ).fetchone()
        assert row == (6, 11, "3,000", "estimate", "seen elsewhere")

        store.update_annotation(annotation.id, confidence=5)
        assert plain.execute("SELECT confidence FROM annotations").fetchone() == (5,)

        store.delete_annotation(annotation.id)
        assert plain.execute("SELECT COUNT(*) FROM annotations").fetchone() == (0,)
    finally:
        plain.close()


# --------------------------------------------------------------------- changing annotations


def test_update_annotation_changes_label_confidence_and_note(store: SessionStore,
                                                             add_text: AddText) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim")
    updated = store.update_annotation(original.id, label="estimate", confidence=5, note="sure")
    assert (updated.label, updated.confidence, updated.note) == ("estimate", 5, "sure")
    assert (updated.id, updated.start, updated.end, updated.quote) == (
        original.id, original.start, original.end, original.quote)
    assert updated.created_at == original.created_at
    assert updated.updated_at >= original.updated_at
    assert store.annotation(original.id) == updated


def test_update_annotation_without_changes_returns_it_unchanged(store: SessionStore,
                                                                add_text: AddText) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim")
    assert store.update_annotation(original.id) == original


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"confidence": 0}, "confidence"),
        ({"confidence": 9}, "confidence"),
        ({"label": "rumour"}, "unknown label"),
        ({"note": "x" * (MAX_NOTE_CHARS + 1)}, "note"),
    ],
    ids=["confidence-0", "confidence-9", "unknown-label", "note-too-long"],
)
def test_invalid_update_is_refused_and_changes_nothing(store: SessionStore, add_text: AddText,
                                                       kwargs: dict, message: str) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim", note="kept")
    with pytest.raises(ValidationFailed, match=message):
        store.update_annotation(original.id, **kwargs)
    assert store.annotation(original.id) == original


def test_update_unknown_annotation_raises_not_found(store: SessionStore) -> None:
    with pytest.raises(NotFound, match="no annotation 99"):
        store.update_annotation(99, confidence=2)


def test_replace_annotation_undoes_an_update(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim", confidence=2, note="first")
    store.update_annotation(original.id, label="estimate", confidence=5, note="second")
    assert store._replace_annotation(original) == original
    assert store.annotation(original.id) == original


def test_replace_annotation_can_move_the_span(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim")
    start, end = span(TEXT, "1961")
    moved = original.model_copy(update={"start": start, "end": end, "quote": "1961"})
    store._replace_annotation(moved)
    assert store.annotation(original.id).quote == "1961"


def test_replace_annotation_refuses_a_wrong_quote(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim")
    wrong = original.model_copy(update={"start": 1, "end": 6})  # quote no longer matches
    with pytest.raises(ValidationFailed, match="does not match"):
        store._replace_annotation(wrong)
    assert store.annotation(original.id) == original


def test_replace_annotation_without_id_is_refused(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim")
    with pytest.raises(ValidationFailed, match="without an id"):
        store._replace_annotation(original.model_copy(update={"id": None}))


def test_replace_missing_annotation_raises_not_found(store: SessionStore,
                                                     add_text: AddText) -> None:
    doc = add_text(TEXT)
    original = store.add_annotation(doc, 0, 5, "claim")
    store.delete_annotation(original.id)
    with pytest.raises(NotFound):
        store._replace_annotation(original)
    assert store.annotations() == []


def test_delete_and_restore_annotation_keeps_the_id(store: SessionStore,
                                                    add_text: AddText) -> None:
    doc = add_text(TEXT)
    first = store.add_annotation(doc, 0, 5, "claim")
    second = store.add_annotation(doc, 6, 11, "estimate", note="n", confidence=4)
    deleted = store.delete_annotation(first.id)
    assert deleted == first
    assert store.annotations(doc) == [second]
    with pytest.raises(NotFound):
        store.annotation(first.id)

    restored = store._restore_annotation(deleted)
    assert restored.id == first.id
    assert store.annotation(first.id) == first
    assert store.annotations(doc) == [first, second]


def test_restore_existing_annotation_is_refused(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    annotation = store.add_annotation(doc, 0, 5, "claim", note="original")
    with pytest.raises(ValidationFailed):
        store._restore_annotation(annotation.model_copy(update={"note": "impostor"}))
    assert store.annotations() == [annotation]


def test_delete_unknown_annotation_raises_not_found(store: SessionStore) -> None:
    with pytest.raises(NotFound):
        store.delete_annotation(7)


# --------------------------------------------------------------------- listing and counting


def test_annotations_are_ordered_by_start(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    for start in (40, 0, 20, 10):
        store.add_annotation(doc, start, start + 3, "claim")
    assert [a.start for a in store.annotations(doc)] == [0, 10, 20, 40]


def test_same_start_is_ordered_by_end(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    store.add_annotation(doc, 0, 20, "claim")
    store.add_annotation(doc, 0, 5, "estimate")
    assert [a.end for a in store.annotations(doc)] == [5, 20]


def test_all_annotations_follow_document_order(store: SessionStore, add_text: AddText) -> None:
    first = add_text(TEXT)
    second = add_text(EMOJI_TEXT)
    store.add_annotation(second, 0, 4, "claim")
    store.add_annotation(first, 30, 35, "claim")
    store.add_annotation(first, 0, 5, "claim")
    assert [(a.document_id, a.start) for a in store.annotations()] == [
        (first, 0), (first, 30), (second, 0)]


def test_count_annotations(store: SessionStore, add_text: AddText) -> None:
    first = add_text(TEXT)
    second = add_text(EMOJI_TEXT)
    assert store.count_annotations() == {"claim": 0, "estimate": 0, "attribution": 0}
    store.add_annotation(first, 0, 5, "claim")
    store.add_annotation(first, 6, 11, "estimate")
    store.add_annotation(second, 0, 4, "claim")
    assert store.count_annotations() == {"claim": 2, "estimate": 1, "attribution": 0}
    assert store.count_annotations(second) == {"claim": 1, "estimate": 0, "attribution": 0}


def test_annotation_count_in_document_summaries(store: SessionStore, add_text: AddText) -> None:
    first = add_text(TEXT)
    second = add_text(EMOJI_TEXT)
    store.add_annotation(first, 0, 5, "claim")
    store.add_annotation(first, 6, 11, "estimate")
    assert [d.annotation_count for d in store.documents()] == [2, 0]
    assert store.document_summary(first).annotation_count == 2
    assert store.document_summary(second).annotation_count == 0


# --------------------------------------------------------------------- where the reviewer was


def test_last_document_and_offset_survive_reopening(session_path: Path, store: SessionStore,
                                                    add_text: AddText) -> None:
    add_text(TEXT)
    doc = add_text(EMOJI_TEXT)
    assert store.last_document_id is None
    store.last_document_id = doc
    store.set_last_offset(doc, 17)
    store.close()
    with SessionStore.open(session_path) as reopened:
        assert reopened.last_document_id == doc
        assert reopened.document_summary(doc).last_offset == 17


def test_last_document_id_can_be_cleared(store: SessionStore, add_text: AddText) -> None:
    store.last_document_id = add_text(TEXT)
    store.last_document_id = None
    assert store.last_document_id is None


def test_last_document_id_of_a_removed_document_is_none(store: SessionStore,
                                                        add_text: AddText) -> None:
    doc = add_text(TEXT)
    store.last_document_id = doc
    store.remove_document(doc)
    assert store.last_document_id is None


def test_negative_last_offset_is_stored_as_zero(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    store.set_last_offset(doc, -5)
    assert store.document_summary(doc).last_offset == 0


# --------------------------------------------------------------------- opening errors


def assert_refused_and_untouched(path: Path, message: str, *, create: bool = False) -> None:
    before = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(SessionError, match=message):
        SessionStore.open(path, create=create)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings


def test_missing_file_without_create_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite"
    with pytest.raises(SessionError, match="no such session file"):
        SessionStore.open(path)
    assert not path.exists()


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="does not exist"):
        SessionStore.open(tmp_path / "no-such-folder" / "s.sqlite", create=True)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="is a folder"):
        SessionStore.open(tmp_path, create=True)


def test_text_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my notes, not a database.\n" * 20)
    assert_refused_and_untouched(path, "not an SQLite database")


def test_text_file_is_refused_even_with_create(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"short")
    assert_refused_and_untouched(path, "not an SQLite database", create=True)


def test_other_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    plain.execute("INSERT INTO customers (name) VALUES ('Ada')")
    plain.commit()
    plain.close()
    assert_refused_and_untouched(path, "not an annotator session")
    assert_refused_and_untouched(path, "not an annotator session", create=True)


def test_database_with_a_foreign_metadata_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT)")
    plain.execute("INSERT INTO metadata VALUES ('application', 'something-else')")
    plain.commit()
    plain.close()
    assert_refused_and_untouched(path, "not an annotator session")


def test_session_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    make_session(path)
    plain = sqlite3.connect(path)
    plain.execute("UPDATE metadata SET value = ? WHERE key = 'schema_version'",
                  [str(SCHEMA_VERSION + 1)])
    plain.commit()
    plain.close()
    assert_refused_and_untouched(path, "newer version")


def test_unreadable_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.sqlite"
    make_session(path)
    plain = sqlite3.connect(path)
    plain.execute("UPDATE metadata SET value = 'one' WHERE key = 'schema_version'")
    plain.commit()
    plain.close()
    assert_refused_and_untouched(path, "schema version")


def test_truncated_session_is_refused_and_untouched(tmp_path: Path) -> None:
    whole = tmp_path / "whole.sqlite"
    make_session(whole, documents=6)
    data = whole.read_bytes()
    assert len(data) > 4 * 4096  # a few pages, so half of it cuts through the tables
    path = tmp_path / "half.sqlite"
    path.write_bytes(data[: len(data) // 2])
    assert_refused_and_untouched(path, "damaged")


def test_session_with_a_corrupt_page_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite"
    make_session(path, documents=6)
    plain = sqlite3.connect(path)
    page_size = plain.execute("PRAGMA page_size").fetchone()[0]
    page = plain.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'annotations_by_label'"
    ).fetchone()[0]
    plain.close()
    data = bytearray(path.read_bytes())
    offset = (page - 1) * page_size
    data[offset : offset + 100] = b"\xff" * 100  # header and schema pages stay intact
    path.write_bytes(bytes(data))
    assert_refused_and_untouched(path, "damaged")


def test_session_missing_a_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "partial.sqlite"
    make_session(path)
    plain = sqlite3.connect(path)
    plain.execute("PRAGMA foreign_keys = OFF")
    plain.execute("DROP TABLE annotations")
    plain.commit()
    plain.close()
    assert_refused_and_untouched(path, "table annotations is missing")


def test_empty_sqlite_file_without_create_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    assert_refused_and_untouched(path, "empty database")


def test_empty_file_with_create_becomes_a_session(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with SessionStore.open(path, create=True) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_ids_are_never_handed_out_twice(store, add_text):
    doc_id = add_text("Up to 3,000 households were evacuated, officials said.")
    first = store.add_annotation(doc_id, 0, 11, "estimate")
    store.delete_annotation(first.id)
    second = store.add_annotation(doc_id, 0, 11, "estimate")
    assert second.id != first.id
    document = store.remove_document(doc_id).document
    other = add_text("A different article entirely, a source said.")
    assert other != document.id


def test_restoring_an_existing_annotation_says_so(store, add_text):
    doc_id = add_text("Up to 3,000 households were evacuated, officials said.")
    annotation = store.add_annotation(doc_id, 0, 11, "estimate")
    with pytest.raises(ValidationFailed, match=f"annotation {annotation.id} already exists"):
        store._restore_annotation(annotation)


def test_the_same_span_cannot_be_tagged_twice_with_the_same_label(store, add_text):
    doc_id = add_text("Up to 3,000 households were evacuated, officials said.")
    first = store.add_annotation(doc_id, 0, 11, "estimate")
    expected = rf"already tagged as estimate \(annotation {first.id}\)"
    with pytest.raises(ValidationFailed, match=expected):
        store.add_annotation(doc_id, 0, 11, "estimate", confidence=5)
    other = store.add_annotation(doc_id, 0, 11, "claim")  # another label is another annotation
    assert other.id != first.id
    assert len(store.annotations(doc_id)) == 2


def test_a_claim_carries_a_verdict_and_evidence_links(store, add_text):
    doc_id = add_text("The wall was raised by 80 centimetres in 2016, officials said.")
    claim = store.add_annotation(doc_id, 0, 45, "claim")
    assert claim.verdict is None and claim.evidence == ()
    urls = ["https://example.org/planning/2016-wall", "http://archive.example.net/a?b=1"]
    checked = store.update_annotation(claim.id, verdict="mostly_false", evidence=urls)
    assert checked.verdict == "mostly_false"
    assert checked.evidence == tuple(urls)
    assert store.annotation(claim.id) == checked  # stored as it was returned
    cleared = store.update_annotation(claim.id, verdict=None)
    assert cleared.verdict is None and cleared.evidence == tuple(urls)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"verdict": "probably"}, "unknown verdict 'probably'"),
        ({"evidence": ["not a link"]}, "is not a web address"),
        ({"evidence": ["javascript:alert(1)"]}, "is not a web address"),
        ({"evidence": [f"https://example.org/{n}" for n in range(51)]}, "at most 50"),
    ],
)
def test_bad_verdicts_and_evidence_are_refused(store, add_text, changes, message):
    doc_id = add_text("The wall was raised by 80 centimetres in 2016, officials said.")
    claim = store.add_annotation(doc_id, 0, 45, "claim")
    with pytest.raises(ValidationFailed, match=message):
        store.update_annotation(claim.id, **changes)
    assert store.annotation(claim.id) == claim


def test_links_join_annotations_of_one_article_and_follow_deletions(store, add_text):
    doc_id = add_text("Up to 3,000 households left, according to the emergency office.")
    claim = store.add_annotation(doc_id, 0, 27, "claim")
    source = store.add_annotation(doc_id, 29, 63, "attribution")
    estimate = store.add_annotation(doc_id, 0, 11, "estimate")
    store.add_link(source.id, claim.id)
    store.add_link(source.id, estimate.id)  # one attribution may source several
    assert store.links_of(source.id) == [(source.id, claim.id), (source.id, estimate.id)]
    assert store.links_of(claim.id) == [(source.id, claim.id)]
    with pytest.raises(ValidationFailed, match="already linked"):
        store.add_link(source.id, claim.id)
    with pytest.raises(ValidationFailed, match="itself"):
        store.add_link(claim.id, claim.id)
    other = add_text("A different article, a source said.")
    stranger = store.add_annotation(other, 0, 11, "claim")
    with pytest.raises(ValidationFailed, match="same article"):
        store.add_link(source.id, stranger.id)
    deleted = changes.delete_annotation(store, claim.id)
    assert store.links_of(source.id) == [(source.id, estimate.id)]  # gone with the claim
    deleted.undo(store)
    assert store.links_in_document(doc_id) == [(source.id, claim.id), (source.id, estimate.id)]
    store.remove_link(source.id, estimate.id)
    assert store.links_in_document(doc_id) == [(source.id, claim.id)]


def test_links_are_exported_as_linked_ids(store, add_text):
    import csv
    import io

    from annotator.core.formats.csv_format import write_csv

    doc_id = add_text("Up to 3,000 households left, according to the emergency office.")
    claim = store.add_annotation(doc_id, 0, 27, "claim")
    source = store.add_annotation(doc_id, 29, 63, "attribution")
    store.add_link(source.id, claim.id)
    out = io.StringIO()
    write_csv(store, out)
    rows = {int(r["annotation_id"]): r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows[source.id]["linked_ids"] == str(claim.id)
    assert rows[claim.id]["linked_ids"] == ""


def test_annotation_ids_filter_and_sort(store, add_text):
    first = add_text("Up to 3,000 households left, according to the emergency office.")
    second = add_text("Some 4,000 volunteers came, a spokesperson said.")
    a = store.add_annotation(first, 0, 27, "claim", confidence=2, note="Check register")
    b = store.add_annotation(first, 0, 11, "estimate", confidence=5)
    c = store.add_annotation(second, 0, 21, "estimate", confidence=4, reviewer="kim")
    assert store.annotation_ids(first) == [b.id, a.id]  # reading order: start, end
    assert store.annotation_ids(None) == [b.id, a.id, c.id]  # every document, in list order
    assert store.annotation_ids(None, label="estimate", min_confidence=5) == [b.id]
    assert store.annotation_ids(None, reviewer="kim") == [c.id]
    assert store.annotation_ids(None, words="REGISTER check") == [a.id]
    assert store.annotation_ids(None, order="confidence", descending=True) == [b.id, c.id, a.id]
    assert store.reviewers() == sorted({a.reviewer, "kim"}, key=str.casefold)
    rows = store.annotation_rows_by_id([c.id, a.id])
    assert [r[0] for r in rows] == [c.id, a.id]
    with pytest.raises(ValidationFailed, match="cannot be sorted"):
        store.annotation_ids(None, order="created_at; DROP TABLE annotations")


def test_statistics_count_labels_confidence_and_documents(store, add_text):
    first = add_text("Up to 3,000 households left, according to the emergency office.")
    second = add_text("Some 4,000 volunteers came, a spokesperson said.")
    store.add_annotation(first, 0, 27, "claim", confidence=2)
    store.add_annotation(first, 0, 11, "estimate", confidence=5)
    store.add_annotation(second, 0, 21, "estimate", confidence=5)
    everything = store.statistics()
    assert everything["labels"] == {"claim": 1, "estimate": 2, "attribution": 0}
    assert everything["confidence"]["estimate"] == [0, 0, 0, 0, 2]
    assert everything["confidence"]["claim"] == [0, 1, 0, 0, 0]
    assert [counts for _, counts in everything["documents"]] == [
        {"claim": 1, "estimate": 1}, {"estimate": 1},
    ]
    one = store.statistics(second)
    assert one["labels"] == {"claim": 0, "estimate": 1, "attribution": 0}
    store.add_annotation(second, 0, 21, "estimate", confidence=1, reviewer="Bo")
    bo = store.statistics(reviewer="Bo")
    assert bo["labels"] == {"claim": 0, "estimate": 1, "attribution": 0}
    assert bo["confidence"]["estimate"] == [1, 0, 0, 0, 0]
    assert [counts for _, counts in bo["documents"]] == [{}, {"estimate": 1}]
    assert store.statistics(reviewer="Ana Reviewer")["labels"]["estimate"] == 2


def test_the_label_set_can_grow_be_recoloured_reordered_and_shrink(store, add_text):
    from annotator.core.models import Label

    doc_id = add_text("Up to 3,000 households left, according to the emergency office.")
    labels = store.labels()
    quote = Label(name="quote", title="Direct quote", color="#56B4E9", shortcut="Q")
    recoloured = labels[0].model_copy(update={"title": "Assertion", "color": "#000000"})
    before = store.replace_labels([quote, recoloured, *labels[1:]])
    assert before == labels
    now_labels = store.labels()
    assert [lb.name for lb in now_labels] == ["quote", "claim", "estimate", "attribution"]
    assert now_labels[1].title == "Assertion" and now_labels[1].color == "#000000"
    used = store.add_annotation(doc_id, 0, 11, "quote")  # the new label is known at once
    assert used.label == "quote"
    with pytest.raises(ValidationFailed, match="used by 1 annotation"):
        store.replace_labels(labels)
    store.delete_annotation(used.id)
    store.replace_labels(labels)
    assert store.labels() == labels


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda ls: ls[1:], "is one of the defaults"),
        (lambda ls: [ls[0], ls[1].model_copy(update={"shortcut": "C"}), ls[2]], "same key"),
        (lambda ls: [ls[0].model_copy(update={"shortcut": "J"}), *ls[1:]], "reserved"),
        (lambda ls: [*ls, ls[0]], "same name"),
    ],
)
def test_a_bad_label_set_is_refused(store, change, message):
    labels = store.labels()
    with pytest.raises(ValidationFailed, match=message):
        store.replace_labels(change(labels))
    assert store.labels() == labels


def test_a_removed_document_comes_back_with_its_links_and_rejections_as_they_were(
    session_path: Path,
) -> None:
    with SessionStore.open(session_path, create=True, reviewer="ana") as first:
        doc = first.add_document(
            ImportedDocument(title="T", text=TEXT, source_format="text")
        )[0].id
        a = first.add_annotation(doc, *span(TEXT, "1961"), "claim")
        b = first.add_annotation(doc, 0, 5, "attribution")
        first.add_link(b.id, a.id)
        first.reject_span(doc, 0, 5)
        stored = first._db.execute(
            "SELECT (SELECT created_at FROM links), "
            "(SELECT rejected_by || ' ' || rejected_at FROM rejected_spans)"
        ).fetchone()
    with SessionStore.open(session_path, reviewer="chief") as later:  # another reviewer undoes
        change = changes.remove_document(later, doc)
        removed = change.removed
        assert [link[:2] for link in removed.links] == [(b.id, a.id)]
        assert [r[:2] for r in removed.rejections] == [(0, 5)]
        assert later._db.execute("SELECT COUNT(*) FROM rejected_spans").fetchone()[0] == 0
        change.undo(later)
        assert later.links_of(a.id) == [(b.id, a.id)]
        assert later.rejected_spans(doc) == [(0, 5)]
        assert later._db.execute(
            "SELECT (SELECT created_at FROM links), "
            "(SELECT rejected_by || ' ' || rejected_at FROM rejected_spans)"
        ).fetchone() == stored
        assert stored[1].startswith("ana ")


def test_restoring_a_document_is_all_or_nothing(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    a = store.add_annotation(doc, *span(TEXT, "1961"), "claim")
    removed = store.remove_document(doc)
    broken_links = [(a.id, a.id, "2026-01-01T00:00:00.000Z")]  # a link to itself: refused
    with pytest.raises(Exception):  # noqa: B017 - whichever error, nothing may stay behind
        store._restore_document(removed.document, removed.annotations, broken_links)
    assert store.documents() == []
    assert store.annotations() == []
    assert store.find_documents("1961") == []
