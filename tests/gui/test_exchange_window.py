"""Annotation formats and pasted articles in the window: export, import (undoable), paste."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication

from annotator.core.articles.importing import import_file
from annotator.core.session.store import SessionStore
from annotator.gui import plain_text

from .conftest import ARTICLE, open_window
from .test_window import tag


def annotate(window):
    claim = tag(window, "Flood barriers failed", "claim")
    estimate = tag(window, "Up to 3,000 households", "estimate")
    source = tag(window, "according to the emergency office", "attribution")
    window.annotations.edit(estimate.id, confidence=5, note="hedged figure")
    window.state.controller.link(source.id, estimate.id)
    return claim, estimate, source


def fields(store: SessionStore) -> list[tuple]:
    return sorted(
        (a.start, a.end, a.quote, a.label, a.confidence, a.note, a.reviewer)
        for a in store.annotations()
    )


@pytest.mark.parametrize("fmt", ["csv", "excel-csv", "jsonl", "w3c", "brat", "labelstudio"])
def test_every_format_exports_from_the_window_and_imports_into_another(
    window, app, qtbot, tmp_path, fmt
):
    annotate(window)
    target = tmp_path / ("export" if fmt == "brat" else f"export.{fmt}")
    assert window.files.exchange.export_to(target, fmt=fmt) == 3
    assert target.is_dir() if fmt == "brat" else target.is_file()

    # a second session that has the article (a CSV carries no text) but no annotations
    other_path = tmp_path / "other.sqlite"
    with SessionStore.open(other_path, create=True, reviewer="second") as other:
        import_file(other, tmp_path / "barriers.txt")
    other_window = open_window(qtbot, other_path, reviewer="second")
    report = other_window.files.exchange.import_annotation_file(target, fmt=fmt)
    assert report is not None and report.added == 3 and not report.unplaced
    assert fields(other_window.state.store) == fields(window.state.store)
    assert other_window.annotations.table_model.rowCount() == 3
    assert "(C1 E1 A1)" in other_window.documents.document_model.index(0).data()


def test_importing_annotations_is_one_undo_step(window, qtbot, tmp_path):
    annotate(window)
    exported = tmp_path / "a.jsonl"
    window.files.exchange.export_to(exported, fmt="jsonl")
    fresh = tmp_path / "fresh.sqlite"
    SessionStore.open(fresh, create=True).close()
    other = open_window(qtbot, fresh, reviewer="second")
    assert other.state.store.documents() == []
    report = other.files.exchange.import_annotation_file(exported)  # the format told by the name
    assert report.documents_added == 1 and report.added == 3
    assert other.article.view.text == ARTICLE  # the new article is shown
    assert other.annotations.table_model.rowCount() == 3
    assert len(other.state.store.links_in_document(other.state.store.documents()[0].id)) == 1

    other.undo_group.undo()
    assert other.state.store.documents() == [] and other.state.store.annotations() == []
    other.undo_group.redo()
    assert len(other.state.store.annotations()) == 3
    assert len(other.state.store.links_in_document(other.state.store.documents()[0].id)) == 1
    assert other.annotations.table_model.rowCount() == 3

    again = other.files.exchange.import_annotation_file(exported)
    assert again.added == 0 and again.duplicates == 3
    assert other.undo_group.activeStack().count() == 1  # nothing new: no second step


def test_an_unreadable_annotation_file_is_reported(window, tmp_path, monkeypatch):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "abc", "label": [[0, 9, "claim"]]}\n', encoding="utf-8")
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert window.files.exchange.import_annotation_file(bad) is None
    assert errors and "broken.jsonl" in errors[0]
    assert window.state.store.annotations() == []


def test_dropping_an_annotation_file_imports_its_annotations(window, qtbot, tmp_path):
    annotate(window)
    exported = tmp_path / "w3c.jsonld"
    window.files.exchange.export_to(exported, fmt="w3c")
    for annotation in window.state.store.annotations():
        window.state.controller.delete_annotation(annotation.id)
    assert window.state.store.annotations() == []
    window.files.open_paths([exported])
    assert len(window.state.store.annotations()) == 3


def test_paste_as_new_article_asks_for_a_title(window, monkeypatch):
    text = "Up to 40 ships 🚢 wait offshore, the 항만청 said.\r\nSecond line."
    QApplication.clipboard().setText(text)
    asked = []

    def answer(parent, title, label, text=""):
        asked.append(text)
        return "Ships offshore", True

    monkeypatch.setattr(plain_text, "ask_text", answer)
    window.files.paste_action.trigger()
    assert asked == ["Up to 40 ships 🚢 wait offshore, the 항만청 said."]  # the first line
    current = window.state.store.document(window.state.document_id)
    assert current.title == "Ships offshore" and current.source_format == "clipboard"
    assert current.text == text.replace("\r\n", "\n")
    assert window.article.view.text == current.text
    window.undo_group.undo()
    assert all(d.title != "Ships offshore" for d in window.state.store.documents())


def test_paste_with_an_empty_clipboard_says_so(window, monkeypatch):
    QApplication.clipboard().setText("   ")
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    before = len(window.state.store.documents())
    window.files.paste_action.trigger()
    assert errors and "clipboard holds no text" in errors[0]
    assert len(window.state.store.documents()) == before


def test_the_export_file_list_offers_every_format(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from annotator.gui.exchange import EXPORT_FILTERS

    offered = []

    def save(parent, caption, folder, filters, selected):
        offered.append(filters.split(";;"))
        return str(tmp_path / "labelled"), EXPORT_FILTERS["labelstudio"]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    tag(window, "Flood barriers failed", "claim")
    window.files.export_all_action.trigger()
    assert offered[0] == list(EXPORT_FILTERS.values())
    written = tmp_path / "labelled.json"  # the ending of the chosen format is added
    tasks = json.loads(written.read_text(encoding="utf-8"))
    assert tasks[0]["data"]["text"] == ARTICLE
    assert (tmp_path / "labelled.config.xml").is_file()


def test_a_big_annotation_file_is_read_off_the_gui_thread(window, tmp_path, monkeypatch):
    import threading

    import annotator.gui.exchange as file_actions

    annotate(window)
    exported = tmp_path / "big.jsonl"
    window.files.exchange.export_to(exported, fmt="jsonl")
    for annotation in window.state.store.annotations():
        window.state.controller.delete_annotation(annotation.id)
    monkeypatch.setattr(file_actions, "BACKGROUND_READ_BYTES", 10)  # this file counts as big
    from annotator.core.formats import session_io as exchange

    threads = []
    real_read = exchange.read_annotations

    def read(path, fmt=None):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_read(path, fmt)

    monkeypatch.setattr(exchange, "read_annotations", read)
    report = window.files.exchange.import_annotation_file(exported)
    assert threads == [False] and report.added == 3
