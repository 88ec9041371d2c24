"""The window's files: opening and closing sessions, importing articles and annotations,
exporting, merging, reports, copies, backups, files dropped on the window, and saving to disk
when the disk refused. A plain object with explicit references to the state and the window."""

from __future__ import annotations

import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.gui import plain_text
from annotator.gui.actions import make_action
from annotator.gui.article_import import DOCUMENT_GLOBS, ArticleImport
from annotator.gui.background import Cancelled, run_with_progress
from annotator.gui.plain_text import escape_markup

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QMainWindow, QMenu

    from annotator.core.session.store import SessionStore
    from annotator.gui.review_state import ReviewState
    from annotator.gui.settings import Settings

APP_TITLE = "Fact-check Annotator"
SESSION_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".session")
SESSION_GLOBS = " ".join(f"*{suffix}" for suffix in SESSION_SUFFIXES)
BACKGROUND_READ_BYTES = 1_000_000  # annotation files larger than this are read off the GUI thread
ANNOTATION_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".jsonld", ".json", ".ann")
ANNOTATION_GLOBS = " ".join(f"*{suffix}" for suffix in ANNOTATION_SUFFIXES)
# the export formats as the save dialog offers them (its file-type list), and their endings
EXPORT_FILTERS = {
    "csv": "CSV, one row per annotation (*.csv)",
    "excel-csv": "CSV for Excel, UTF-8 with a byte-order mark (*.csv)",
    "jsonl": "JSON Lines, one article per line, doccano's shape (*.jsonl)",
    "w3c": "W3C Web Annotation, JSON-LD (*.jsonld)",
    "labelstudio": "Label Studio tasks, JSON (*.json)",
    "brat": "brat standoff: a folder of .txt and .ann files (*)",
}
FLUSH_RETRY_MS = 5000
_CHECKS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-check")


class SessionFiles(QObject):
    _export_format = "csv"

    def __init__(self, state: ReviewState, settings: Settings, window: QMainWindow) -> None:
        super().__init__(window)
        self.state = state
        self.settings = settings
        self.window = window
        self.flush_timer = QTimer(self)
        self.flush_timer.setInterval(FLUSH_RETRY_MS)
        self.flush_timer.timeout.connect(self.retry_saving)
        self.articles = ArticleImport(state, window)
        self._build_actions()

    def _build_actions(self) -> None:
        a = functools.partial(make_action, self)
        self.open_action = a("&Open…", self.choose_and_open, QKeySequence.StandardKey.Open,
                             "Open a session, or import articles into this one", "openAction")
        self.new_action = a("&New Session…", self.choose_new_session, QKeySequence.StandardKey.New,
                            "Start a new, empty session file", "newSessionAction")
        self.import_action = a("&Import Articles…", self.choose_documents, "Ctrl+I",
                               "Import .txt, .md or .html articles", "importAction")
        self.import_encoding_action = a(
            "Import Articles in Enco&ding…", self.articles.choose_documents_in_encoding, None,
            "Import text files or pages read in an encoding you choose (Windows-1250, "
            "KOI8-R, Shift JIS…) instead of the one found out", "importEncodingAction")
        self.paste_action = a("Paste as New Artic&le…", self.articles.paste_article, "Ctrl+Shift+V",
                              "Make a new article of the text on the clipboard",
                              "pasteArticleAction")
        self.export_all_action = a("&Export All Annotations…",
                                   lambda: self.choose_export(current_only=False), "Ctrl+E",
                                   "Export every annotation of the session (CSV, JSON Lines, "
                                   "W3C Web Annotation, brat, Label Studio)", "exportAllAction")
        self.export_current_action = a("Export This &Article's Annotations…",
                                       lambda: self.choose_export(current_only=True), None,
                                       "Export the annotations of the open article",
                                       "exportCurrentAction")
        self.merge_action = a("&Merge Reviewers' Sessions…", self.choose_merge, None,
                              "Add other reviewers' sessions of the same articles to this one "
                              "(each annotation keeps its reviewer)", "mergeAction")
        self.import_annotations_action = a(
            "Import Anno&tations…", self.choose_annotation_file, None,
            "Add the annotations of a CSV, JSON Lines, W3C, brat or Label Studio file",
            "importAnnotationsAction")
        self.report_pdf_action = a("Export Article Report as PD&F…", self.choose_report_pdf, None,
                                   "The article with its annotations marked, and a numbered "
                                   "table of them", "reportPdfAction")
        self.print_action = a("&Print Article Report…", self.print_report,
                              QKeySequence.StandardKey.Print, None, "printAction")
        self.save_copy_action = a("Save a &Copy of the Session…", self.choose_save_copy, None,
                                  "Write the whole session to another file", "saveCopyAction")
        self.restore_backup_action = a("Restore from &Backup…", self.choose_backup, None,
                                       "Go back to an automatic backup of this session",
                                       "restoreBackupAction")

    def actions_of_pane(self) -> list[QAction]:
        return [self.open_action, self.new_action, self.import_action,
                self.import_encoding_action, self.paste_action, self.export_all_action,
                self.export_current_action, self.merge_action, self.import_annotations_action,
                self.report_pdf_action, self.print_action, self.save_copy_action,
                self.restore_backup_action]

    def update_enabled(self, writable: bool) -> None:
        has_session = self.state.controller is not None
        has_document = has_session and self.state.document_id is not None
        self.export_all_action.setEnabled(has_session)
        self.save_copy_action.setEnabled(has_session)
        for action in (self.import_action, self.import_encoding_action,
                       self.restore_backup_action, self.paste_action,
                       self.import_annotations_action, self.merge_action):
            action.setEnabled(writable)
        for action in (self.export_current_action, self.report_pdf_action, self.print_action):
            action.setEnabled(has_document)

    @property
    def store(self) -> SessionStore | None:
        return self.state.store

    def reviewer(self) -> str:
        return self.state.session_reviewer or self.settings.reviewer

    def _dialog_folder(self) -> Path:
        if self.store is not None:
            return self.store.path.parent
        return Path.home()

    # ================================================================== sessions

    def open_session(self, path: str | Path, *, create: bool = True) -> bool:
        """Open (or create) a session file and show where the reviewer left off."""
        from annotator.core.session.store import SessionStore
        from annotator.gui.controller import SessionController

        path = Path(path).expanduser()
        try:
            store = SessionStore.open(
                path, create=create, reviewer=self.reviewer(), fallback_read_only=True,
                keep_in_memory=True, defer_integrity_check=True,
            )
        except AnnotatorError as exc:
            self.state.show_error("The session cannot be opened", str(exc))
            return False
        self.close_session()
        controller = SessionController(store, self.window)
        controller.saved.connect(self._saved)
        self.state.open(controller)
        self.settings.last_session = path
        last = store.last_document_id
        if last is None and (documents := store.documents(counts=False)):
            last = documents[0].id
        if last is not None:
            self.state.show_document(last, restore_position=True)
        else:
            self.state.show_no_document()
        if store.read_only:
            self.state.show_message(
                f"<b>Read-only:</b> {escape_markup(store.read_only_reason or '')}. You can read, "
                "search and export; to annotate, close it there (or make it writable) and open it "
                "again.",
                "info",
            )
            self.state.say("Opened read-only: nothing can be changed", ok=True)
        else:
            self.state.clear_message()
            self.state.say("All changes saved", ok=True)
        self._check_integrity_later(store)
        self._check_damage_later(store)
        return True

    def close_session(self) -> None:
        if self.state.controller is not None:
            self.flush_timer.stop()
            self.state.close()

    def _check_integrity_later(self, store: SessionStore) -> None:
        """Check every page of the file off the GUI thread; say so if it is damaged."""
        future = _CHECKS.submit(store.check_integrity)

        def report() -> None:
            if not future.done():
                QTimer.singleShot(100, report)
                return
            problem = future.result()
            if problem and self.store is store:
                self.state.show_message(
                    f"<b>This session file is damaged</b> ({escape_markup(problem)}). Save a copy "
                    "now, and consider File → Restore from Backup.", "error",
                    [("Save a copy…", self.choose_save_copy)],
                )

        QTimer.singleShot(100, report)

    def _check_damage_later(self, store: SessionStore) -> None:
        """Check every row of the session against its rules off the GUI thread (until then
        the store leaves out what would break the window); name what is damaged, and show the
        session again without it."""
        if store.saved_to_disk:
            future = _CHECKS.submit(store.find_damage_apart)
        else:  # the latest work is in memory: check it here
            future = _CHECKS.submit(lambda: None)
            store.damage()

        def report() -> None:
            if not future.done():
                QTimer.singleShot(100, report)
                return
            if self.store is not store:
                return
            try:
                found = future.result()
            except AnnotatorError:
                found = None  # the file cannot be read apart: check it here
            if found is None:
                found = store.damage()
            else:
                store.adopt_damage(found)
            if found:
                self._show_damage(found.summary())

        QTimer.singleShot(100, report)

    def _show_damage(self, summary: str) -> None:
        """Show the session again without its damaged rows, and say what they are."""
        assert self.store is not None
        self.state.documentsReloaded.emit()
        self.state.show_again()  # read again, without the damaged annotations
        self.state.show_message(
            f"<b>Changed outside the program:</b> {escape_markup(summary)}"
            + (" The session is open read-only." if self.store.read_only else ""),
            "warning", [("Dismiss", self.state.clear_message)],
        )

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        current = self.store.path.resolve() if self.store is not None else None
        sessions = [p for p in self.settings.recent_sessions() if p.resolve() != current]
        for number, path in enumerate(sessions, start=1):
            action = menu.addAction(f"&{number} {path.name}  —  {path.parent}")
            action.triggered.connect(
                lambda _checked=False, p=path: self.open_session(p, create=False)
            )
        if not sessions:
            menu.addAction("No other sessions yet").setEnabled(False)

    def choose_and_open(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window,
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
            if p not in sessions and (p.is_dir() or p.suffix.lower() in ANNOTATION_SUFFIXES)
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
            self.window, "New session", str(self._dialog_folder() / "review.sqlite"),
            f"Sessions ({SESSION_GLOBS})",
        )
        if path:
            if Path(path).suffix == "":
                path += ".sqlite"
            self.open_session(Path(path), create=True)

    def choose_documents(self) -> None:
        self.articles.choose_documents()

    def import_paths(self, paths: list[str | Path], encoding: str | None = None):
        """Import articles into the open session (see :meth:`ArticleImport.import_paths`)."""
        return self.articles.import_paths(paths, encoding)

    def dropped(self, urls) -> bool:
        """Files dropped on the window: opened or imported; True if there were any."""
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        if paths:
            self.open_paths(paths)
        return bool(paths)

    # ================================================================== saving to disk

    def _saved(self) -> None:
        store = self.store
        if store is not None and not store.saved_to_disk:
            self._show_unsaved()
            return
        self.state.say("All changes saved", ok=True)

    def _show_unsaved(self) -> None:
        store = self.store
        assert store is not None
        reason = store.unsaved_reason or "the file cannot be written"
        self.state.show_message(
            f"<b>Not saved to disk:</b> {escape_markup(reason)}. Your work is kept in memory and "
            f"written to {escape_markup(store.path.name)} as soon as it can be (tried every "
            f"{FLUSH_RETRY_MS // 1000} seconds).",
            "error",
            [("Try again now", self.retry_saving), ("Save a copy…", self.choose_save_copy)],
        )
        self.state.say(f"Not saved to disk ({reason}): kept in memory", ok=False)
        if not self.flush_timer.isActive():
            self.flush_timer.start()

    def say_whether_saved(self) -> None:
        self._saved()

    def retry_saving(self) -> bool:
        """Try to write changes kept in memory; True when everything is on disk."""
        store = self.store
        if store is None or store.saved_to_disk:
            self.flush_timer.stop()
            return True
        if store.flush():
            self.flush_timer.stop()
            self.state.clear_message()
            self.state.say("All changes saved (written to disk again)", ok=True)
            return True
        self._show_unsaved()
        return False

    def confirm_losing_unsaved(self) -> bool:
        """Ask what to do with work that is only in memory; True to go on closing."""
        box = plain_text.message_box(
            self.window, QMessageBox.Icon.Warning, "Changes not saved to disk",
            f"Some changes could not be written to {self.store.path.name} "
            f"({self.store.unsaved_reason}).\n\nSave a copy of the session elsewhere before "
            "closing?",
            QMessageBox.StandardButton.NoButton,
        )
        save = box.addButton("Save a Copy…", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Close Without Saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is save:
            path, _ = QFileDialog.getSaveFileName(
                self.window, "Save a copy of the session",
                str(Path.home() / f"{self.store.path.stem}-rescued.sqlite"),
                f"Sessions ({SESSION_GLOBS})",
            )
            return bool(path) and self.save_copy_to(Path(path))
        return box.clickedButton() is discard

    def may_close(self) -> bool:
        """Whether the window may close: everything on disk, or the reviewer says so."""
        unsaved = self.store is not None and not self.retry_saving()
        return not unsaved or self.confirm_losing_unsaved()

    # ================================================================== annotation files

    def choose_export(self, *, current_only: bool) -> None:
        if self.store is None:
            return
        stem = self.store.path.stem
        if current_only and self.state.document_id is not None:
            stem = f"{stem}-document-{self.state.document_id}"
        else:
            stem = f"{stem}-annotations"
        from annotator.core.formats.session_io import suffix_of

        filters = list(EXPORT_FILTERS.values())
        chosen = EXPORT_FILTERS.get(self._export_format, filters[0])
        suffix = suffix_of(self._export_format)
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

    # ================================================================== reports

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

    # ================================================================== copies and backups

    def choose_save_copy(self) -> None:
        if self.store is None:
            return
        suggested = self._dialog_folder() / f"{self.store.path.stem}-copy.sqlite"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save a copy of the session", str(suggested),
            f"Sessions ({SESSION_GLOBS})",
        )
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self, path: Path) -> bool:
        if self.store is None:
            return False
        try:
            self.store.save_copy(path)
        except AnnotatorError as exc:
            self.state.show_error("The copy could not be saved", str(exc))
            return False
        self.state.say(f"A copy of the session was saved as {path.name}", ok=True)
        return True

    def choose_backup(self) -> None:
        from annotator.gui.dialogs import RestoreBackupDialog

        if self.store is None:
            return
        backups = self.store.backups()
        if not backups:
            self.state.show_error(
                "No backups yet",
                "This session has no backups yet. One is made automatically when a session is "
                "opened (at most one an hour).",
            )
            return
        dialog = RestoreBackupDialog(self.store.path.name, backups, self.window)
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
            self.state.show_error("The backup could not be restored", str(exc))
            return False
        self.state.controller.undo_stack.clear()  # the commands refer to the state before
        self.state.documentsReloaded.emit()
        self.state.show_again(first_otherwise=True)
        self.state.say(
            f"Restored the backup {backup.name} into {path.name} (the state before is backed "
            "up too)", ok=True,
        )
        return True
