"""Annotations going out of and into the open session, and the article's report: exports in
every format, imports of annotation files, merges of reviewers' sessions, the report as a PDF or
on paper. Loaded the first time one of them is asked for."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.core.errors import AnnotatorError
from annotator.core.formats.session_io import ANNOTATION_FILE_SUFFIXES
from annotator.gui import plain_text
from annotator.gui.background import Cancelled, run_with_progress
from annotator.gui.plain_text import escape_markup
from annotator.gui.session_files import APP_TITLE, SESSION_GLOBS

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QMainWindow

    from annotator.core.session.store import SessionStore
    from annotator.gui.review_state import ReviewState

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
    "claimreview": "ClaimReview, the rated claims as published fact-checks, JSON-LD (*.json)",
}


def _suffix(fmt: str) -> str:
    from annotator.core.formats.session_io import suffix_of

    return ".json" if fmt == "claimreview" else suffix_of(fmt)


class Exchange(QObject):
    _export_format = "csv"

    def __init__(self, state: ReviewState, window: QMainWindow,
                 reviewer: Callable[[], str]) -> None:
        super().__init__(window)
        self.state = state
        self.window = window
        self.reviewer = reviewer

    @property
    def store(self) -> SessionStore | None:
        return self.state.store

    def _dialog_folder(self) -> Path:
        return self.store.path.parent if self.store is not None else Path.home()

    def choose_export(self, *, current_only: bool) -> None:
        if self.store is None:
            return
        stem = self.store.path.stem
        if current_only and self.state.document_id is not None:
            stem = f"{stem}-document-{self.state.document_id}"
        else:
            stem = f"{stem}-annotations"

        filters = list(EXPORT_FILTERS.values())
        chosen = EXPORT_FILTERS.get(self._export_format, filters[0])
        suffix = _suffix(self._export_format)
        path, selected = QFileDialog.getSaveFileName(
            self.window, "Export annotations", str(self._dialog_folder() / f"{stem}{suffix}"),
            ";;".join(filters), chosen,
        )
        if not path:
            return
        fmt = next((f for f, title in EXPORT_FILTERS.items() if title == selected),
                   self._export_format)
        self._export_format = fmt
        target = Path(path)
        if _suffix(fmt) and not target.suffix:
            target = target.with_name(target.name + _suffix(fmt))
        if fmt == "claimreview":
            self.export_claimreviews(target)
        else:
            self.export_to(target, current_only=current_only, fmt=fmt)

    def export_claimreviews(self, path: Path) -> int | None:
        """The session's rated claims as ClaimReview JSON-LD, with the organisation and the
        fact-checks' address from Preferences; what is missing is said in one message."""
        if self.store is None:
            return None
        from annotator.core.factcheck.publishing import export_claimreviews
        from annotator.gui.settings import Settings

        options = {key: value or None for key, value in Settings().publishing.items()}
        try:
            count = export_claimreviews(self.store, path, **options)
        except AnnotatorError as exc:
            self.state.show_error("The fact-checks were not exported", str(exc))
            return None
        self.state.say(f"Exported {count:,} fact-checks to {path.name}", ok=True)
        return count

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
        document_id = self.state.document_id if current_only else None
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
                    self.window, f"Exporting annotations to {path.name}…", work,
                    on_cancel=cancel.set,
                )
            else:  # the latest changes are only in memory: export from there
                count = export_annotations(store, fmt, path, document_id=document_id)
        except Cancelled:
            self.state.say("Export cancelled; no file was written", ok=True)
            return None
        except AnnotatorError as exc:
            self.state.show_error("The export failed", str(exc))
            return None
        self.state.say(f"Exported {count:,} annotations to {path.name}", ok=True)
        return count

    def choose_annotation_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import annotations", str(self._dialog_folder()),
            f"Annotation files ({ANNOTATION_GLOBS});;All files (*)",
        )
        if path:
            self.import_annotation_file(Path(path))

    def import_annotation_file(self, path: Path, fmt: str | None = None):
        """Add the annotations of a file (or a brat folder) as one undo step; returns the
        import's report, or None if the file was refused."""
        if self.state.controller is None:
            return None
        from annotator.core.formats.session_io import read_annotations

        try:
            size = path.stat().st_size if path.is_file() else 0
            if size > BACKGROUND_READ_BYTES:  # a big file is read off the GUI thread
                fmt, records = run_with_progress(
                    self.window, f"Reading {path.name} ({size / 1e6:,.1f} MB)…",
                    lambda: read_annotations(path, fmt),
                )
            else:
                fmt, records = read_annotations(path, fmt)
        except Cancelled:
            self.state.say(f"Import of {path.name} cancelled", ok=True)
            return None
        except (AnnotatorError, OSError) as exc:
            self.state.show_error("The annotations could not be read", str(exc))
            return None
        report = self.state.controller.import_annotations(records, source_format=fmt,
                                                          name=path.name)
        if report is None:
            return None
        summary = report.summary()
        first = summary.splitlines()[0]
        if report.unplaced:
            self.state.show_message(
                f"<b>{escape_markup(path.name)}</b>: {escape_markup(first)}; "
                f"{len(report.unplaced):,} could not be placed.", "warning",
                [("Details…", lambda: plain_text.inform(
                    self.window, "Imported annotations", summary)),
                 ("Dismiss", self.state.clear_message)],
            )
        else:
            self.state.say(f"{path.name}: {first} · all changes saved", ok=True)
        return report

    def choose_merge(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Merge reviewers' sessions into this one", str(self._dialog_folder()),
            f"Sessions ({SESSION_GLOBS});;All files (*)",
        )
        if paths:
            self.merge_paths([Path(p) for p in paths])

    def merge_paths(self, paths: list[Path]):
        """Merge other reviewers' sessions into the open one (one undo step), with a progress
        dialog that can cancel; returns the merge's report or None."""
        from PySide6.QtWidgets import QProgressDialog

        from annotator.gui.plain_text import plain_progress_label

        if self.state.controller is None:
            return None
        cancel = threading.Event()
        dialog = plain_progress_label(QProgressDialog("Merging…", "Cancel", 0, 1, self.window))
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
            report = self.state.controller.merge_sessions(paths, progress=progress,
                                                          cancel=cancel)
        finally:
            dialog.close()
            dialog.deleteLater()
        if report is None:
            return None
        summary = report.summary()
        self.state.show_message(
            f"{escape_markup(summary.splitlines()[0])}. Ctrl+Z undoes the merge.", "info",
            [("Details…", lambda: plain_text.inform(self.window, "Merged sessions", summary)),
             ("Dismiss", self.state.clear_message)],
        )
        return report

    # ------------------------------------------------------------------ reports

    def report(self) -> QTextDocument | None:
        """The open article's report, laid out for printing."""
        from PySide6.QtGui import QTextDocument

        from annotator.core.report import article_report_html

        store, document_id = self.store, self.state.document_id
        if store is None or document_id is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            html = article_report_html(
                store.document(document_id), store.annotations(document_id),
                self.state.labels, reviewer=self.reviewer(),
                verdicts=store.verdict_scale().titles,
            )
            report = QTextDocument(self)
            report.setHtml(html)
        finally:
            QApplication.restoreOverrideCursor()
        return report

    def choose_report_pdf(self) -> None:
        if self.store is None or self.state.document_id is None:
            return
        suggested = self._dialog_folder() / f"{self.store.path.stem}-report.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export the article report as PDF", str(suggested), "PDF files (*.pdf)"
        )
        if path:
            self.export_report(Path(path))

    def export_report(self, path: Path) -> bool:
        """Write the open article's report as a PDF (whole, then moved into place)."""
        from PySide6.QtGui import QPageSize, QPdfWriter

        from annotator.core.output_file import check_target

        report = self.report()
        if report is None:
            return False
        try:
            check_target(path, what="the report")
        except AnnotatorError as exc:
            self.state.show_error("The report could not be saved", str(exc))
            return False
        partial = path.with_name(f".{path.name}.partial")
        writer = QPdfWriter(str(partial))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle(self.store.document(self.state.document_id).title)
        writer.setCreator(APP_TITLE)
        report.print_(writer)
        del writer  # finishes the file
        try:
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            self.state.show_error("The report could not be saved",
                                  f"{path}: {exc.strerror or exc}")
            return False
        self.state.say(f"Report saved as {path.name}", ok=True)
        return True

    def print_report(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        report = self.report()
        if report is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print the article report")
        if dialog.exec():
            report.print_(printer)
            self.state.say("Report sent to the printer", ok=True)

