"""The window's article actions: importing, showing, filtering, marking and removing
articles. A part of :class:`~annotator.gui.main_window.MainWindow`."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.wording import counted
from annotator.gui import plain_text
from annotator.gui.background import Cancelled, run_with_progress
from annotator.gui.document_list import DOCUMENT_ID_ROLE
from annotator.gui.plain_text import escape_markup, plain_tooltip

if TYPE_CHECKING:
    from annotator.core.models import DocumentSummary
    from annotator.core.session.store import SessionStore

BACKGROUND_IMPORT_BYTES = 1_000_000  # larger files (and every one not plain text) are read off
# the GUI thread


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
        self.article_title.setToolTip(plain_tooltip(document.source_path))
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
        note = f"{counted(hidden, 'article')} hidden.\n" if hidden else ""
        self.document_filter.setToolTip(plain_tooltip(note + self._filter_help))

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
        if plain_text.ask(
            self,
            "Remove article",
            f"Remove “{title}” and its annotations from this session?\n\n"
            "You can undo this with Ctrl+Z.",
        ):
            self.controller.remove_document(self._document_id)

    def _remember_position(self) -> None:
        if self.store is None or self._document_id is None or self.store.read_only:
            return
        # The reading position is a convenience: a failed write must not interrupt the reviewer.
        with contextlib.suppress(AnnotatorError):
            self.store.set_last_offset(self._document_id, self.view.first_visible_offset())

    def import_paths(
        self, paths: list[str | Path], encoding: str | None = None
    ) -> list[DocumentSummary]:
        """Import files into the open session (each undoable) and show the last one; text
        files and pages in ``encoding`` if one is named."""
        if self.controller is None:
            return []
        imported = []
        for path in paths:
            document = self._import_one(Path(path), encoding)
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

    def _import_one(self, path: Path, encoding: str | None = None) -> DocumentSummary | None:
        """Read one file (a large one off the GUI thread, with progress) and add it."""
        assert self.controller is not None
        parsed = self._read_document(path, encoding)
        if parsed is None:
            return None
        document = self.controller.add_imported(parsed)
        if document is not None and parsed.warnings:
            buttons = [("Dismiss", self.message_bar.clear)]
            if parsed.encoding_guessed:
                buttons.insert(0, ("Choose Encoding…", functools.partial(
                    self.reimport_in_encoding, path, document.id, parsed.source_encoding)))
            self.message_bar.show_message(
                f"<b>{escape_markup(path.name)}</b> was imported, with a warning: "
                f"{escape_markup('; '.join(parsed.warnings))}.", "warning", buttons,
            )
        return document

    def _read_document(self, path: Path, encoding: str | None = None):
        """The file read (a large one off the GUI thread, with progress), or None when it
        cannot be (the reviewer is told why) or the reading was cancelled."""
        from annotator.core.articles import reading as importers

        try:
            size = path.stat().st_size if path.is_file() else 0
            plain = importers.DOCUMENT_SUFFIXES.get(path.suffix.lower()) == "text"
            # Markdown, pages, Word files and PDFs can take seconds to read however small
            # they are (their parsers' time is not the file's size): never on the GUI thread
            if size > BACKGROUND_IMPORT_BYTES or (size and not plain):
                megabytes = f" ({size / 1e6:,.1f} MB)" if size >= 100_000 else ""
                return run_with_progress(
                    self, f"Reading {path.name}{megabytes}…",
                    lambda: importers.read_document(path, encoding),
                )
            return importers.read_document(path, encoding)
        except Cancelled:
            self._set_save_state(f"Import of {path.name} cancelled", ok=True)
            return None
        except AnnotatorError as exc:
            self._failed(exc)
            return None

    # ------------------------------------------------------------------ encodings

    def choose_documents_in_encoding(self) -> None:
        """File → Import Articles in Encoding…: the files, then the encoding to read them in."""
        from annotator.gui.file_actions import DOCUMENT_GLOBS

        if self.controller is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import articles in an encoding", str(self._dialog_folder()),
            f"Articles ({DOCUMENT_GLOBS});;All files (*)",
        )
        if not paths:
            return
        encoding = self.ask_encoding(
            "Read the text files and pages in which encoding? (Word files and PDFs say their "
            "own.)")
        if encoding is not None:
            self.import_paths([Path(p) for p in paths], encoding)

    def ask_encoding(self, question: str, current: str | None = None) -> str | None:
        """The encoding the reviewer picks from the usual ones (Python's name), or None; the
        ``current`` one is chosen to begin with (and offered, if it is not a usual one)."""
        from annotator.core.articles.text_encodings import ENCODINGS, encoding_name, encoding_title

        choices = dict((title, name) for name, title in ENCODINGS)
        if current:
            with contextlib.suppress(AnnotatorError):
                current = encoding_name(current)
                choices.setdefault(encoding_title(current), current)
        titles = list(choices)
        shown = encoding_title(current) if current else None
        title, ok = plain_text.ask_item(
            self, "Encoding", question, titles, titles.index(shown) if shown in titles else 0
        )
        return choices[title] if ok else None

    def reimport_in_encoding(self, path: Path, document_id: int, guessed: str | None) -> None:
        """Read an article's file again in the encoding the reviewer picks, and put the new
        reading in place of the guessed one (one undo step), or beside it when the guessed one
        already has annotations."""
        from annotator.core.articles.text import sha256_text
        from annotator.core.articles.text_encodings import encoding_title

        self.message_bar.clear()
        if self.controller is None or self.store is None or self.store.read_only:
            return
        try:
            old = self.store.document_summary(document_id)  # with its annotation count
        except NotFound:
            self._set_save_state(f"{path.name} is no longer in the session: nothing was read",
                                 ok=True)
            return
        encoding = self.ask_encoding(
            f"Read {path.name} in which encoding? It was guessed to be "
            f"{encoding_title(guessed or 'utf-8')}.", guessed)
        if encoding is None:
            return
        parsed = self._read_document(path, encoding)
        if parsed is None:
            return
        if parsed.source_sha256 != old.source_sha256:
            self.show_error("Not read again", (
                f"{path.name} has changed since “{old.title}” was imported from it, so it "
                "cannot take its place. Import it as a new article instead."))
            return
        existing = self.controller.find_document(sha256_text(parsed.text))
        if existing is not None:
            self.show_document(existing.id)
            self._set_save_state(
                f"{path.name} read as {encoding_title(encoding)} is already in the session",
                ok=True)
            return
        if old.annotation_count == 0:
            document = self.controller.replace_document(old.id, parsed)
            kept = ""
        else:
            document = self.controller.add_imported(parsed)
            kept = "; the first reading has annotations and was kept"
        if document is None:
            return
        self._refresh_documents()
        self.show_document(document.id)
        self._set_save_state(
            f"{path.name} read as {encoding_title(encoding)}{kept} · all changes saved", ok=True)
