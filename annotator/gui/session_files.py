"""The window's files: opening and closing sessions, importing articles and annotations,
exporting, merging, reports, copies, backups, files dropped on the window, and saving to disk
when the disk refused. A plain object with explicit references to the state and the window."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.gui import plain_text
from annotator.gui.actions import make_action
from annotator.gui.plain_text import escape_markup
from annotator.gui.worker_threads import WorkerThread, background_process

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

    from annotator.core.session.file_check import FileCheck
    from annotator.core.session.store import SessionStore
    from annotator.gui.article_import import ArticleImport
    from annotator.gui.exchange import Exchange
    from annotator.gui.review_state import ReviewState
    from annotator.gui.settings import Settings

APP_TITLE = "Fact-check Annotator"
SESSION_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".session")
SESSION_GLOBS = " ".join(f"*{suffix}" for suffix in SESSION_SUFFIXES)
FLUSH_RETRY_MS = 5000
_CHECKS = WorkerThread("annotator-check")


def _check_apart(store: SessionStore) -> FileCheck:
    """In the worker thread: the full check of the store's file, made by the window's
    background process (here if that process cannot run)."""
    from annotator.core.background_process import WorkerStopped
    from annotator.core.session.file_check import check_session_file

    try:
        return background_process().run("check", str(store.path))
    except WorkerStopped:
        return check_session_file(store.path)


def _check_pages(store: SessionStore) -> FileCheck:
    """In the worker thread: SQLite's check of every page of the store's file (its rows are
    checked in the store itself)."""
    from annotator.core.session.file_check import FileCheck

    return FileCheck(store.check_integrity(), None)


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
        self._articles: ArticleImport | None = None
        self._exchange: Exchange | None = None
        self._build_actions()

    def _build_actions(self) -> None:
        a = functools.partial(make_action, self)
        self.open_action = a("&Open…", self.choose_and_open, QKeySequence.StandardKey.Open,
                             "Open a session, or import articles into this one", "openAction")
        self.new_action = a("&New Session…", self.choose_new_session, QKeySequence.StandardKey.New,
                            "Start a new, empty session file", "newSessionAction")
        self.import_action = a("&Import Articles…", self.choose_documents, "Ctrl+I",
                               "Import .txt, .md or .html articles", "importAction")
        articles, exchange = self._articles_do, self._exchange_do
        self.import_encoding_action = a(
            "Import Articles in Enco&ding…", articles("choose_documents_in_encoding"), None,
            "Import text files or pages read in an encoding you choose (Windows-1250, "
            "KOI8-R, Shift JIS…) instead of the one found out", "importEncodingAction")
        self.import_web_action = a(
            "Import from &Web Address…", articles("choose_web_address"), None,
            "Fetch a web page and import its article, with its address, outlet, authors and "
            "date", "importWebAction")
        self.paste_action = a("Paste as New Artic&le…", articles("paste_article"), "Ctrl+Shift+V",
                              "Make a new article of the text on the clipboard",
                              "pasteArticleAction")
        self.export_all_action = a("&Export All Annotations…",
                                   exchange("choose_export", current_only=False), "Ctrl+E",
                                   "Export every annotation of the session (CSV, JSON Lines, "
                                   "W3C Web Annotation, brat, Label Studio)", "exportAllAction")
        self.export_current_action = a("Export This &Article's Annotations…",
                                       exchange("choose_export", current_only=True), None,
                                       "Export the annotations of the open article",
                                       "exportCurrentAction")
        self.merge_action = a("&Merge Reviewers' Sessions…", exchange("choose_merge"), None,
                              "Add other reviewers' sessions of the same articles to this one "
                              "(each annotation keeps its reviewer)", "mergeAction")
        self.import_annotations_action = a(
            "Import Anno&tations…", exchange("choose_annotation_file"), None,
            "Add the annotations of a CSV, JSON Lines, W3C, brat or Label Studio file",
            "importAnnotationsAction")
        self.report_pdf_action = a("Export Article Report as PD&F…",
                                   exchange("choose_report_pdf"), None,
                                   "The article with its annotations marked, and a numbered "
                                   "table of them", "reportPdfAction")
        self.print_action = a("&Print Article Report…", exchange("print_report"),
                              QKeySequence.StandardKey.Print, None, "printAction")
        self.save_copy_action = a("Save a &Copy of the Session…", self.choose_save_copy, None,
                                  "Write the whole session to another file", "saveCopyAction")
        self.restore_backup_action = a("Restore from &Backup…", self.choose_backup, None,
                                       "Go back to an automatic backup of this session",
                                       "restoreBackupAction")

    def actions_of_pane(self) -> list[QAction]:
        return [self.open_action, self.new_action, self.import_action, self.import_web_action,
                self.import_encoding_action, self.paste_action, self.export_all_action,
                self.export_current_action, self.merge_action, self.import_annotations_action,
                self.report_pdf_action, self.print_action, self.save_copy_action,
                self.restore_backup_action]

    def article_import_actions(self) -> list[QAction]:
        """The File menu's ways to import articles."""
        return [self.import_action, self.import_web_action, self.import_encoding_action,
                self.paste_action]

    def update_enabled(self, writable: bool) -> None:
        has_session = self.state.controller is not None
        has_document = has_session and self.state.document_id is not None
        self.export_all_action.setEnabled(has_session)
        self.save_copy_action.setEnabled(has_session)
        for action in (self.import_action, self.import_web_action, self.import_encoding_action,
                       self.restore_backup_action, self.paste_action,
                       self.import_annotations_action, self.merge_action):
            action.setEnabled(writable)
        for action in (self.export_current_action, self.report_pdf_action, self.print_action):
            action.setEnabled(has_document)

    @property
    def articles(self) -> ArticleImport:
        """Importing articles (loaded when first used)."""
        if self._articles is None:
            from annotator.gui.article_import import ArticleImport

            self._articles = ArticleImport(self.state, self.window)
        return self._articles

    @property
    def exchange(self) -> Exchange:
        """Exports, imports of annotations, merges and reports (loaded when first used)."""
        if self._exchange is None:
            from annotator.gui.exchange import Exchange

            self._exchange = Exchange(self.state, self.window, self.reviewer)
        return self._exchange

    def _articles_do(self, name: str, **arguments):
        return lambda: getattr(self.articles, name)(**arguments)

    def _exchange_do(self, name: str, **arguments):
        return lambda: getattr(self.exchange, name)(**arguments)

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
        self.state.after_first_paint(lambda: self._check_later(store))
        return True

    def _check_later(self, store: SessionStore) -> None:
        """Check every page and every row of the file in the window's background process;
        then say if it is damaged, and show the session again without its damaged rows
        (until then the store leaves out what would break the window)."""
        if self.store is not store:  # closed meanwhile
            return
        if store.saved_to_disk:
            future = _CHECKS.submit(_check_apart, store)
        else:  # the latest work is in memory: its rows are checked here, the file's pages there
            future = _CHECKS.submit(_check_pages, store)

        def report() -> None:
            if not future.done():
                QTimer.singleShot(100, report)
                return
            if self.store is store:
                self._report_check(store, future.result())

        QTimer.singleShot(100, report)

    def close_session(self) -> None:
        if self.state.controller is not None:
            self.flush_timer.stop()
            self.state.close()

    def _report_check(self, store: SessionStore, checked: FileCheck) -> None:
        found = checked.damage
        if found is None:  # the rows could not be read apart: they are checked here
            found = store.damage()
        else:
            store.adopt_damage(found)
        if found:
            self._show_damage(found.summary())
        if checked.page_problem:  # said last: it is the graver
            self.state.show_message(
                f"<b>This session file is damaged</b> ({escape_markup(checked.page_problem)})."
                " Save a copy now, and consider File → Restore from Backup.", "error",
                [("Save a copy…", self.choose_save_copy)],
            )

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
        from annotator.gui.article_import import DOCUMENT_GLOBS

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
        from annotator.core.formats.session_io import ANNOTATION_FILE_SUFFIXES

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
            self.exchange.import_annotation_file(path)

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
