"""The window's article actions: importing, showing, filtering, marking and removing
articles. A part of :class:`~annotator.gui.main_window.MainWindow`."""

from __future__ import annotations

import contextlib
import functools
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.gui.background import Cancelled, run_with_progress
from annotator.gui.document_list import DOCUMENT_ID_ROLE

if TYPE_CHECKING:
    from annotator.core.models import DocumentSummary
    from annotator.core.store import SessionStore

BACKGROUND_IMPORT_BYTES = 1_000_000  # larger files are read off the GUI thread


class DocumentActions:
    """Mixed into :class:`~annotator.gui.main_window.MainWindow`."""

    store: SessionStore | None

    def _refresh_documents(self) -> None:
        if self.store is None:
            self.document_model.reset([])
            return
        self.document_model.reset(self.store.documents(counts=False))
        self.document_model.set_counts(self.store.annotation_counts())
        self._select_document_row()
        self._filter_documents(self.document_filter.text())

    def _select_document_row(self) -> None:
        row = self.document_model.row_of(self._document_id)
        selection = self.document_list.selectionModel()
        selection.blockSignals(True)
        if row is None:
            selection.clear()
        else:
            index = self.document_model.index(row)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(False)
        self.document_list.viewport().update()

    def show_document(self, document_id: int, *, restore_position: bool = False) -> None:
        store = self.store
        if store is None:
            return
        if document_id == self._document_id:
            return
        self._remember_position()
        try:
            document = store.document(document_id)
        except AnnotatorError as exc:
            self._failed(exc)
            return
        self._document_id = document_id
        self._current_id = None
        big = len(document.text) > BACKGROUND_IMPORT_BYTES
        if big:
            self._set_save_state(f"Opening “{document.title}” ({len(document.text):,} characters)…",
                                 ok=True)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            QApplication.processEvents()
        try:
            self.view.set_document(
                document.text,
                functools.partial(store.spans_between, document_id),
                self._labels,
                lookup=self._annotation,
            )
        finally:
            if big:
                QApplication.restoreOverrideCursor()
                self._saved()
        self.table_model.set_document(store, document_id)
        self._adjudication_timer.start()
        self._keys_timer.start()  # once the article is on screen; a newer document cancels it
        self.inspector.show_annotation(None)
        self.article_title.setText(document.title)
        self.article_title.setToolTip(document.source_path or "")
        if restore_position and document.last_offset:
            QTimer.singleShot(0, lambda o=document.last_offset: self.view.scroll_to_offset(o))
        if not store.read_only:
            with contextlib.suppress(AnnotatorError):  # where the reviewer is: a convenience
                store.last_document_id = document_id
        self._select_document_row()
        self._check_status(document.status)
        self._find_text_changed(self.find_bar.field.text())
        self._update_title()
        self._update_enabled()

    def _show_no_document(self) -> None:
        self._document_id = None
        self._adjudication_timer.start()
        self.view.clear_document()
        self.table_model.set_document(None, None)
        self.inspector.show_annotation(None)
        self.article_title.setText(
            "No article yet — press Ctrl+O or drop a .txt, .md or .html file here"
        )
        self._update_title()
        self._update_enabled()

    def _document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_document(current.data(DOCUMENT_ID_ROLE), restore_position=True)

    def _document_status_changed(self, document_id: int, status: str) -> None:
        self.document_model.set_status(document_id, status)
        if document_id == self._document_id:
            self._check_status(status)

    def set_status(self, status: str) -> None:
        """Mark the open article not started, in progress or done (undoable)."""
        if self.controller is not None and self._document_id is not None:
            self.controller.set_document_status(self._document_id, status)

    def _check_status(self, status: str | None) -> None:
        for action in self.status_actions:
            action.setChecked(action.data() == status)

    def _filter_documents(self, words: str) -> None:
        """Show only the articles whose title or text holds every word typed."""
        if self.store is None:
            return
        shown = set(self.store.find_documents(words))
        for row in range(self.document_model.rowCount()):
            document = self.document_model.document_at(row)
            self.document_list.setRowHidden(row, document.id not in shown)
        hidden = self.document_model.rowCount() - len(shown)
        note = f"{hidden} article(s) hidden.\n" if hidden else ""
        self.document_filter.setToolTip(note + self._filter_help)

    def _document_added(self, _document: DocumentSummary) -> None:
        self._refresh_documents()

    def _document_removed(self, document_id: int) -> None:
        if document_id == self._document_id:
            self._document_id = None
            remaining = self.store.documents(counts=False) if self.store else []
            if remaining:
                self.show_document(remaining[0].id)
            else:
                self._show_no_document()
        self._refresh_documents()

    def remove_document(self) -> None:
        if self.controller is None or self._document_id is None:
            return
        title = self.article_title.text()
        answer = QMessageBox.question(
            self,
            "Remove article",
            f"Remove “{title}” and its annotations from this session?\n\n"
            "You can undo this with Ctrl+Z.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.remove_document(self._document_id)

    def _remember_position(self) -> None:
        if self.store is None or self._document_id is None or self.store.read_only:
            return
        # The reading position is a convenience: a failed write must not interrupt the reviewer.
        with contextlib.suppress(AnnotatorError):
            self.store.set_last_offset(self._document_id, self.view.first_visible_offset())

    def import_paths(self, paths: list[str | Path]) -> list[DocumentSummary]:
        """Import files into the open session (each undoable) and show the last one."""
        if self.controller is None:
            return []
        imported = []
        for path in paths:
            document = self._import_one(Path(path))
            if document is not None:
                imported.append(document)
        if imported:
            self._refresh_documents()
            self.show_document(imported[-1].id)
            count = len(imported)
            self._set_save_state(
                f"Imported {count} article{'s' if count != 1 else ''} · all changes saved", ok=True
            )
        return imported

    def _import_one(self, path: Path) -> DocumentSummary | None:
        """Read one file (a large one off the GUI thread, with progress) and add it."""
        from annotator.core.importers import read_document

        assert self.controller is not None
        try:
            size = path.stat().st_size if path.is_file() else 0
            if size > BACKGROUND_IMPORT_BYTES:
                parsed = run_with_progress(
                    self, f"Reading {path.name} ({size / 1e6:,.1f} MB)…",
                    lambda: read_document(path),
                )
            else:
                parsed = read_document(path)
        except Cancelled:
            self._set_save_state(f"Import of {path.name} cancelled", ok=True)
            return None
        except AnnotatorError as exc:
            self._failed(exc)
            return None
        document = self.controller.add_imported(parsed)
        if document is not None and parsed.warnings:
            self.message_bar.show_message(
                f"<b>{escape(path.name)}</b> was imported, with a warning: "
                f"{escape('; '.join(parsed.warnings))}.", "warning",
                [("Dismiss", self.message_bar.clear)],
            )
        return document
