"""Every change the window makes, done, undone and redone in the core, without Qt: undo puts the
session back exactly as it was (links, rejections, labels, the search index included), redo
exactly as it was after."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import AnnotatorError
from annotator.core.formats.records import DocumentRecord, SpanRecord
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.review import adjudication
from annotator.core.session import changes
from annotator.core.session.changes import Change
from annotator.core.session.store import SessionStore

TEXT = (
    "Up to 3,000 households were moved, according to the ministry. Flood barriers failed "
    "in 1961, the report says."
)
OTHER = "A second article about the port strike; 40% of the dockers stayed out."
TABLES = ("documents", "annotations", "links", "rejected_spans", "labels")


def state(path: Path) -> dict[str, list]:
    """Everything a reviewer can see of a session, read through a connection of its own."""
    with sqlite3.connect(path) as plain:
        found = {table: sorted(plain.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
                 for table in TABLES}
        found["search"] = sorted(plain.execute(
            "SELECT rowid, title, text FROM documents_fts").fetchall())
    return found


def at(quote: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def doc(add_text) -> int:
    return add_text(TEXT)


@pytest.fixture
def check(store: SessionStore, session_path: Path) -> Callable[[Callable[[SessionStore], Change]],
                                                               Change]:
    """Make a change, then undo, redo and undo it again, checking the session each time."""

    def run(make: Callable[[SessionStore], Change]) -> Change:
        before = state(session_path)
        change = make(store)
        after = state(session_path)
        assert after != before
        change.undo(store)
        assert state(session_path) == before
        change.redo(store)
        assert state(session_path) == after
        change.undo(store)
        assert state(session_path) == before
        change.redo(store)
        return change

    return run


def test_adding_an_annotation(check, store, doc) -> None:
    change = check(lambda s: changes.add_annotation(s, doc, *at("3,000"), "estimate",
                                                    confidence=4))
    assert change.effects.added == [change.annotation]
    assert change.undo(store).removed == [change.annotation]
    assert change.text == "Tag “3,000” as estimate"


def test_editing_an_annotation_and_typing_merges(check, store, doc) -> None:
    claim = store.add_annotation(doc, *at("Flood barriers failed"), "claim")
    change = check(lambda s: changes.edit_annotation(s, claim.id, label="estimate",
                                                     confidence=2, note="n"))
    assert change.effects.label_counts
    first = changes.edit_annotation(store, claim.id, note="a")
    second = changes.edit_annotation(store, claim.id, note="ab")
    both = first.merged_with(second)
    assert both is not None
    both.undo(store)
    assert store.annotation(claim.id).note == "n"
    other = store.add_annotation(doc, *at("1961"), "estimate")
    assert first.merged_with(changes.edit_annotation(store, other.id, note="x")) is None


def test_deleting_an_annotation_brings_its_links_back(check, store, doc) -> None:
    claim = store.add_annotation(doc, *at("Up to 3,000 households were moved"), "claim")
    source = store.add_annotation(doc, *at("according to the ministry"), "attribution")
    year = store.add_annotation(doc, *at("1961"), "estimate")
    store.add_link(source.id, claim.id)
    store.add_link(year.id, claim.id)
    change = check(lambda s: changes.delete_annotation(s, claim.id))
    assert store.links_of(claim.id) == []
    change.undo(store)
    assert store.links_of(claim.id) == [(source.id, claim.id), (year.id, claim.id)]
    change.redo(store)
    assert change.undo(store).links == [doc]


def test_linking_and_unlinking(check, store, doc) -> None:
    claim = store.add_annotation(doc, *at("Flood barriers failed"), "claim")
    source = store.add_annotation(doc, *at("the report says"), "attribution")
    check(lambda s: changes.link(s, source.id, claim.id))
    assert store.links_of(claim.id) == [(source.id, claim.id)]
    check(lambda s: changes.link(s, source.id, claim.id, add=False))
    assert store.links_of(claim.id) == []


def test_importing_a_document(check, store) -> None:
    imported = ImportedDocument(title="Strike", text=OTHER, source_format="text")
    change = check(lambda s: changes.add_document(s, imported))
    assert store.find_documents("dockers") == [change.document.id]
    with pytest.raises(AnnotatorError, match="already in this session"):
        changes.add_document(store, imported)


def test_removing_a_document_brings_back_its_annotations_links_and_rejections(
        check, store, doc) -> None:
    claim = store.add_annotation(doc, *at("Flood barriers failed"), "claim")
    source = store.add_annotation(doc, *at("the report says"), "attribution")
    store.add_link(source.id, claim.id)
    store.reject_span(doc, *at("1961"))
    store.set_document_status(doc, "in_progress")
    change = check(lambda s: changes.remove_document(s, doc))
    assert store.documents() == []
    change.undo(store)
    assert store.links_of(claim.id) == [(source.id, claim.id)]
    assert store.rejected_spans(doc) == [at("1961")]
    assert store.find_documents("barriers") == [doc]


def test_replacing_a_document(check, store, doc) -> None:
    again = ImportedDocument(title="Read again", text=TEXT.replace("’", "'") + " More.",
                             source_format="text")
    change = check(lambda s: changes.replace_document(s, doc, again))
    assert [d.id for d in store.documents()] == [change.document.id]
    assert change.undo(store).documents_added == [doc]


def test_setting_a_documents_status(check, store, doc) -> None:
    change = check(lambda s: changes.set_document_status(s, doc, "done"))
    assert change.undo(store).statuses == {doc: "not_started"}


def test_replacing_the_labels(check, store, doc) -> None:
    extra = DEFAULT_LABELS[0].model_copy(update={"name": "rumour", "title": "Rumour",
                                                 "shortcut": "R"})
    check(lambda s: changes.replace_labels(s, [*s.labels(), extra]))


def test_rejecting_and_reopening_in_adjudication(check, store, doc) -> None:
    span = at("1961")
    check(lambda s: changes.reject_span(s, doc, *span))
    assert store.rejected_spans(doc) == [span]
    check(lambda s: changes.reject_span(s, doc, *span, reject=False))  # its record comes back
    assert store.rejected_spans(doc) == []


def test_accepting_into_gold_with_verdict_and_evidence(check, store, doc) -> None:
    claim = store.add_annotation(doc, *at("Flood barriers failed"), "claim", reviewer="ana")
    store.update_annotation(claim.id, verdict="false", evidence=["https://example.org"])
    change = check(lambda s: adjudication.accept_change(s, claim.id))
    assert change.annotation.reviewer == "gold" and change.annotation.verdict == "false"
    with pytest.raises(AnnotatorError, match="already in the gold layer"):
        adjudication.accept_change(store, claim.id)


def test_importing_annotations_with_documents_labels_and_links(check, store, doc) -> None:
    records = [
        DocumentRecord(title="Article", text=TEXT, spans=(
            SpanRecord(*at("Flood barriers failed"), "claim", "Flood barriers failed", key="1"),
            SpanRecord(*at("the report says"), "attribution", "the report says", key="2",
                       links=("1",)),
        )),
        DocumentRecord(title="Strike", text=OTHER, spans=(
            SpanRecord(*at("40%", OTHER), "rumour", "40%", key="3"),
        )),
    ]
    change = check(lambda s: changes.import_annotations(s, records, source_format="jsonl"))
    assert change.report.added == 3 and change.report.labels_added
    assert not change.empty
    again = changes.import_annotations(store, records, source_format="jsonl")
    assert again.empty  # all there already: nothing to undo


def reviewer_file(path: Path, reviewer: str, text: str = TEXT) -> Path:
    with SessionStore.open(path, create=True, reviewer=reviewer) as other:
        doc, _ = other.add_document(ImportedDocument(title="A", text=text, source_format="text"))
        claim = other.add_annotation(doc.id, *at("Flood barriers failed", text), "claim")
        source = other.add_annotation(doc.id, *at("the report says", text), "attribution")
        other.add_link(source.id, claim.id)
        other.reject_span(doc.id, *at("1961", text))
        other.add_labels([DEFAULT_LABELS[0].model_copy(update={"name": "rumour",
                                                               "title": "Rumour"})])
    return path


def test_merging_is_undone_without_a_backup(check, store, doc, tmp_path) -> None:
    from annotator.core.review.merge import merge_change

    store.add_annotation(doc, *at("Flood barriers failed"), "claim", reviewer="ana")
    inputs = [reviewer_file(tmp_path / "ana.sqlite", "ana"),
              reviewer_file(tmp_path / "bo.sqlite", "bo", OTHER + " " + TEXT)]

    def merge(s: SessionStore) -> Change:
        change = merge_change(s, inputs)
        for backup in s.backups():  # undo needs none of them
            backup.path.unlink()
        return change

    change = check(merge)
    report = change.report
    assert report.documents_added == 1 and report.duplicates == 1
    assert report.annotations_added == 3 and report.links_added == 2
    assert report.rejections_added == 2 and report.labels_added == ["rumour"]
    assert sorted(a.reviewer for a in store.annotations()) == ["ana", "ana", "bo", "bo"]
    change.undo(store)
    assert [a.reviewer for a in store.annotations()] == ["ana"]
    assert "rumour" not in store.label_names()


def test_a_merge_cancelled_half_way_leaves_the_session_as_it_was(store, doc, session_path,
                                                                  tmp_path) -> None:
    import threading

    from annotator.core.review.merge import merge_change

    inputs = [reviewer_file(tmp_path / "ana.sqlite", "ana"),
              reviewer_file(tmp_path / "bo.sqlite", "bo", OTHER + " " + TEXT)]
    cancel = threading.Event()

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("merged"):  # the first input is in: cancel before the second
            cancel.set()

    before = state(session_path)
    with pytest.raises(AnnotatorError, match="the session is as it was"):
        merge_change(store, inputs, progress=progress, cancel=cancel)
    assert state(session_path) == before  # the first input's rows and labels taken out again
