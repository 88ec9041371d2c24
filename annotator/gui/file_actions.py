"""The window's file actions: opening sessions and articles, exporting, reports, copies,
backups, and files dropped on the window. A part of :class:`MainWindow`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QProgressDialog,
)

from annotator.core.articles.reading import DOCUMENT_SUFFIXES
from annotator.core.errors import AnnotatorError
from annotator.core.formats.session_io import ANNOTATION_FILE_SUFFIXES
from annotator.gui import plain_text
from annotator.gui.background import Cancelled, run_with_progress
from annotator.gui.dialogs import RestoreBackupDialog
from annotator.gui.plain_text import escape_markup, plain_progress_label

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore

APP_TITLE = "Fact-check Annotator"
SESSION_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".session")
DOCUMENT_GLOBS = " ".join(f"*{suffix}" for suffix in sorted(DOCUMENT_SUFFIXES))
SESSION_GLOBS = " ".join(f"*{suffix}" for suffix in SESSION_SUFFIXES)
BACKGROUND_READ_BYTES = 1_000_000  # annotation files larger than this are read off the GUI thread
ANNOTATION_GLOBS = " ".join(f"*{suffix}" for suffix in ANNOTATION_FILE_SUFFIXES)
# the export formats as the save dialog offers them (its file-type list), and their endings
EXPORT_FILTERS = {
    "csv": "CSV, one row per annotation (*.csv)",
    "excel-csv": "CSV for Excel, UTF-8 with a byte-order mark (*.csv)",
    "jsonl": "JSON Lines, one article per line, doccano's shape (*.jsonl)",
    "w3c": "W3C Web Annotation, JSON-LD (*.jsonld)",
    "labelstudio": "Label Studio tasks, JSON (*.json)",
    "brat": "brat standoff: a folder of .txt and .ann files (*)",
}


class FileActions:
    """Mixed into :class:`~annotator.gui.main_window.MainWindow`."""

    store: SessionStore | None
    _export_format = "csv"

    def choose_and_open(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Open a session or import articles",
            str(self._dialog_folder()),
            f"Sessions and articles ({SESSION_GLOBS} {DOCUMENT_GLOBS});;"
            f"Sessions ({SESSION_GLOBS});;Articles ({DOCUMENT_GLOBS});;All files (*)",
        )
        self.open_paths([Path(p) for p in paths])

    def open_paths(self, paths: list[Path]) -> None:
        """Open the first session among ``paths``, import the articles among the others into
        it, and add the annotations of annotation files (and brat folders)."""
        sessions = [p for p in paths if p.suffix.lower() in SESSION_SUFFIXES]
        annotations = [
            p for p in paths
            if p not in sessions and (p.is_dir() or p.suffix.lower() in ANNOTATION_FILE_SUFFIXES)
        ]
        documents = [p for p in paths if p not in sessions and p not in annotations]
        if sessions and not self.open_session(sessions[0], create=False):
            return
        if documents:
            self.import_paths(documents)
        for path in annotations:
            self.import_annotation_file(path)

    def choose_new_session(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New session", str(self._dialog_folder() / "review.sqlite"),
            f"Sessions ({SESSION_GLOBS})",
        )
        if path:
            if Path(path).suffix == "":
                path += ".sqlite"
            self.open_session(Path(path), create=True)

    def choose_documents(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", str(self._dialog_folder()),
            f"Articles ({DOCUMENT_GLOBS});;All files (*)",
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def choose_export(self, *, current_only: bool) -> None:
        if self.store is None:
            return
        stem = self.store.path.stem
        if current_only and self._document_id is not None:
            stem = f"{stem}-document-{self._document_id}"
        else:
            stem = f"{stem}-annotations"
        from annotator.core.formats.session_io import suffix_of

        filters = list(EXPORT_FILTERS.values())
        chosen = EXPORT_FILTERS.get(self._export_format, filters[0])
        suffix = suffix_of(self._export_format)
        path, selected = QFileDialog.getSaveFileName(
            self, "Export annotations", str(self._dialog_folder() / f"{stem}{suffix}"),
            ";;".join(filters), chosen,
        )
        if not path:
            return
        fmt = next((f for f, title in EXPORT_FILTERS.items() if title == selected),
                   self._export_format)
        self._export_format = fmt
        target = Path(path)
        if suffix_of(fmt) and not target.suffix:
            target = target.with_name(target.name + suffix_of(fmt))
        self.export_to(target, current_only=current_only, fmt=fmt)

    def export_to(
        self, path: Path, *, current_only: bool = False, fmt: str = "csv"
    ) -> int | None:
        """Export the annotations (of the open article, or all) in ``fmt`` to ``path`` (a
        folder for brat), off the GUI thread with a progress dialog that can cancel."""
        if self.store is None:
            return None
        from annotator.core.formats.session_io import export_annotations
        from annotator.core.session.store import SessionStore

        store = self.store
        document_id = self._document_id if current_only else None
        cancel = threading.Event()

        def work() -> int:
            # Off the GUI thread, through a read-only connection of its own.
            with SessionStore.open(
                store.path, read_only=True, auto_backup=False, defer_integrity_check=True
            ) as reader:
                return export_annotations(reader, fmt, path, document_id=document_id,
                                          cancel=cancel)

        try:
            if store.saved_to_disk:
                count = run_with_progress(
                    self, f"Exporting annotations to {path.name}…", work, on_cancel=cancel.set
                )
            else:  # the latest changes are only in memory: export from there
                count = export_annotations(store, fmt, path, document_id=document_id)
        except Cancelled:
            self._set_save_state("Export cancelled; no file was written", ok=True)
            return None
        except AnnotatorError as exc:
            self.show_error("The export failed", str(exc))
            return None
        self._set_save_state(f"Exported {count:,} annotations to {path.name}", ok=True)
        return count

    def choose_annotation_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import annotations", str(self._dialog_folder()),
            f"Annotation files ({ANNOTATION_GLOBS});;All files (*)",
        )
        if path:
            self.import_annotation_file(Path(path))

    def import_annotation_file(self, path: Path, fmt: str | None = None):
        """Add the annotations of a file (or a brat folder) as one undo step; returns the
        import's report, or None if the file was refused."""
        if self.controller is None:
            return None
        from annotator.core.formats.session_io import read_annotations

        try:
            size = path.stat().st_size if path.is_file() else 0
            if size > BACKGROUND_READ_BYTES:  # a big file is read off the GUI thread
                fmt, records = run_with_progress(
                    self, f"Reading {path.name} ({size / 1e6:,.1f} MB)…",
                    lambda: read_annotations(path, fmt),
                )
            else:
                fmt, records = read_annotations(path, fmt)
        except Cancelled:
            self._set_save_state(f"Import of {path.name} cancelled", ok=True)
            return None
        except (AnnotatorError, OSError) as exc:
            self.show_error("The annotations could not be read", str(exc))
            return None
        report = self.controller.import_annotations(records, source_format=fmt, name=path.name)
        if report is None:
            return None
        summary = report.summary()
        first = summary.splitlines()[0]
        if report.unplaced:
            self.message_bar.show_message(
                f"<b>{escape_markup(path.name)}</b>: {escape_markup(first)}; "
                f"{len(report.unplaced):,} could not be placed.", "warning",
                [("Details…", lambda: plain_text.inform(
                    self, "Imported annotations", summary)),
                 ("Dismiss", self.message_bar.clear)],
            )
        else:
            self._set_save_state(f"{path.name}: {first} · all changes saved", ok=True)
        return report

    def choose_merge(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Merge reviewers' sessions into this one", str(self._dialog_folder()),
            f"Sessions ({SESSION_GLOBS});;All files (*)",
        )
        if paths:
            self.merge_paths([Path(p) for p in paths])

    def merge_paths(self, paths: list[Path]):
        """Merge other reviewers' sessions into the open one (one undo step), with a progress
        dialog that can cancel; returns the merge's report or None."""
        if self.controller is None:
            return None
        cancel = threading.Event()
        dialog = plain_progress_label(QProgressDialog("Merging…", "Cancel", 0, 1, self))
        dialog.setObjectName("mergeProgress")
        dialog.setWindowTitle("Merging sessions")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(cancel.set)

        def progress(done: int, total: int, message: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            dialog.setLabelText(message)
            QApplication.processEvents()

        try:
            report = self.controller.merge_sessions(paths, progress=progress, cancel=cancel)
        finally:
            dialog.close()
            dialog.deleteLater()
        if report is None:
            return None
        summary = report.summary()
        self.message_bar.show_message(
            f"{escape_markup(summary.splitlines()[0])}. Ctrl+Z undoes the merge.", "info",
            [("Details…", lambda: plain_text.inform(self, "Merged sessions", summary)),
             ("Dismiss", self.message_bar.clear)],
        )
        return report

    def paste_article(self) -> None:
        """Make a new article of the clipboard's text, asking for its title."""
        if self.controller is None:
            return
        from annotator.core.articles.reading import suggested_title

        text = QApplication.clipboard().text()
        if not text.strip():
            self.show_error("Nothing to paste", "The clipboard holds no text to make an "
                            "article of. Copy the article's text first.")
            return
        title, ok = plain_text.ask_text(
            self, "Paste as new article", "Title of the article:", text=suggested_title(text)
        )
        if not ok:
            return
        self.add_pasted_article(text, title)

    def add_pasted_article(self, text: str, title: str):
        assert self.controller is not None
        from annotator.core.articles.reading import pasted_document

        try:
            imported = pasted_document(text, title)
        except AnnotatorError as exc:
            self.show_error("Nothing to paste", str(exc))
            return None
        document = self.controller.add_imported(imported)
        if document is not None:
            self._refresh_documents()
            self.show_document(document.id)
            self._set_save_state(f"Pasted “{document.title}” · all changes saved", ok=True)
        return document

    def _report(self) -> QTextDocument | None:
        """The open article's report, laid out for printing."""
        from annotator.core.report import article_report_html

        store = self.store
        if store is None or self._document_id is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            html = article_report_html(
                store.document(self._document_id), store.annotations(self._document_id),
                self._labels, reviewer=self.reviewer(),
            )
            report = QTextDocument(self)
            report.setHtml(html)
        finally:
            QApplication.restoreOverrideCursor()
        return report

    def choose_report_pdf(self) -> None:
        if self.store is None or self._document_id is None:
            return
        suggested = self._dialog_folder() / f"{self.store.path.stem}-report.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the article report as PDF", str(suggested), "PDF files (*.pdf)"
        )
        if path:
            self.export_report(Path(path))

    def export_report(self, path: Path) -> bool:
        """Write the open article's report as a PDF (whole, then moved into place)."""
        from annotator.core.output_file import check_target

        report = self._report()
        if report is None:
            return False
        try:
            check_target(path, what="the report")
        except AnnotatorError as exc:
            self.show_error("The report could not be saved", str(exc))
            return False
        partial = path.with_name(f".{path.name}.partial")
        writer = QPdfWriter(str(partial))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle(self.article_title.text())
        writer.setCreator(APP_TITLE)
        report.print_(writer)
        del writer  # finishes the file
        try:
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            self.show_error("The report could not be saved", f"{path}: {exc.strerror or exc}")
            return False
        self._set_save_state(f"Report saved as {path.name}", ok=True)
        return True

    def print_report(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        report = self._report()
        if report is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the article report")
        if dialog.exec():
            report.print_(printer)
            self._set_save_state("Report sent to the printer", ok=True)

    def choose_save_copy(self) -> None:
        if self.store is None:
            return
        suggested = self._dialog_folder() / f"{self.store.path.stem}-copy.sqlite"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of the session", str(suggested), f"Sessions ({SESSION_GLOBS})"
        )
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self, path: Path) -> bool:
        if self.store is None:
            return False
        try:
            self.store.save_copy(path)
        except AnnotatorError as exc:
            self.show_error("The copy could not be saved", str(exc))
            return False
        self._set_save_state(f"A copy of the session was saved as {path.name}", ok=True)
        return True

    def choose_backup(self) -> None:
        if self.store is None:
            return
        backups = self.store.backups()
        if not backups:
            self.show_error(
                "No backups yet",
                "This session has no backups yet. One is made automatically when a session is "
                "opened (at most one an hour).",
            )
            return
        dialog = RestoreBackupDialog(self.store.path.name, backups, self)
        if dialog.exec():
            chosen = dialog.chosen()
            if chosen is not None:
                self.restore_backup(chosen.path)

    def restore_backup(self, backup: Path) -> bool:
        """Replace the session's content with a backup; the current state is backed up first."""
        if self.store is None:
            return False
        path = self.store.path
        try:
            self.store.restore_backup(backup)
        except AnnotatorError as exc:
            self.show_error("The backup could not be restored", str(exc))
            return False
        document_id = self._document_id
        self._document_id = None
        self.controller.undo_stack.clear()  # the commands refer to the state before
        self._refresh_documents()
        ids = [d.id for d in self.store.documents(counts=False)]
        if document_id in ids:
            self.show_document(document_id)
        elif ids:
            self.show_document(ids[0])
        else:
            self._show_no_document()
        self._set_save_state(
            f"Restored the backup {backup.name} into {path.name} (the state before is backed "
            "up too)", ok=True,
        )
        return True

    def _dialog_folder(self) -> Path:
        if self.store is not None:
            return self.store.path.parent
        return Path.home()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)
