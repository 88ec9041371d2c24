"""Importing articles into the open session: files (a large one, or one not plain text, read
by the window's reading process, with progress and a Cancel that stops it), files read in an
encoding the reviewer picks, a file read again in another encoding, and the clipboard's text."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.core.articles.text import sha256_text
from annotator.core.errors import AnnotatorError, DocumentError, NotFound
from annotator.gui import plain_text
from annotator.gui.background import Cancelled, run_with_progress
from annotator.gui.plain_text import escape_markup
from annotator.gui.worker_threads import reading_process

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from annotator.core.background_process import BackgroundProcess
    from annotator.core.models import DocumentSummary
    from annotator.core.session.store import SessionStore
    from annotator.gui.review_state import ReviewState

# what the reading of articles knows (annotator.core.articles.reading.DOCUMENT_SUFFIXES),
# written here so that the window starts without loading the readers; a test holds the two the
# same
DOCUMENT_SUFFIXES = (".docx", ".htm", ".html", ".markdown", ".md", ".pdf", ".text", ".txt",
                     ".xhtml")
DOCUMENT_GLOBS = " ".join(f"*{suffix}" for suffix in DOCUMENT_SUFFIXES)
BACKGROUND_IMPORT_BYTES = 1_000_000  # larger files (and every one not plain text) are read off
# the GUI thread


def _read_apart(reader: BackgroundProcess, path: Path, encoding: str | None):
    """In the worker thread: the file read by the window's reading process (so that the window
    keeps its interpreter, and Cancel stops the reading), or here if that process cannot
    start."""
    from annotator.core.articles import reading as importers
    from annotator.core.background_process import WorkerStopped

    try:
        return reader.run("read_document", str(path), encoding)
    except WorkerStopped as exc:
        if exc.started:  # it stopped while reading: a crash of a reader, or memory ran out
            raise DocumentError(f"{path.name}: the reader stopped while reading it (the file "
                                "may be damaged, or too large for this computer)") from None
        return importers.read_document(path, encoding)


class ArticleImport(QObject):
    def __init__(self, state: ReviewState, window: QMainWindow) -> None:
        super().__init__(window)
        self.state = state
        self.window = window

    @property
    def store(self) -> SessionStore | None:
        return self.state.store

    def _dialog_folder(self) -> Path:
        return self.store.path.parent if self.store is not None else Path.home()

    def choose_documents(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Import articles", str(self._dialog_folder()),
            f"Articles ({DOCUMENT_GLOBS});;All files (*)",
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_paths(
        self, paths: list[str | Path], encoding: str | None = None
    ) -> list[DocumentSummary]:
        """Import files into the open session (each undoable) and show the last one; text
        files and pages in ``encoding`` if one is named."""
        if self.state.controller is None:
            return []
        imported = []
        for path in paths:
            document = self._import_one(Path(path), encoding)
            if document is not None:
                imported.append(document)
        if imported:
            self.state.documentsReloaded.emit()
            self.state.show_document(imported[-1].id)
            count = len(imported)
            self.state.say(
                f"Imported {count} article{'s' if count != 1 else ''} · all changes saved", ok=True
            )
        return imported

    def _import_one(self, path: Path, encoding: str | None = None) -> DocumentSummary | None:
        """Read one file (a large one off the GUI thread, with progress) and add it."""
        assert self.state.controller is not None
        parsed = self._read_document(path, encoding)
        if parsed is None:
            return None
        document = self.state.controller.add_imported(parsed)
        if document is not None and parsed.warnings:
            buttons = [("Dismiss", self.state.clear_message)]
            if parsed.encoding_guessed:
                buttons.insert(0, ("Choose Encoding…", functools.partial(
                    self.reimport_in_encoding, path, document.id, parsed.source_encoding)))
            self.state.show_message(
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
                reader = reading_process()
                return run_with_progress(
                    self.window, f"Reading {path.name}{megabytes}…",
                    lambda: _read_apart(reader, path, encoding), on_cancel=reader.stop_now,
                )
            return importers.read_document(path, encoding)
        except Cancelled:
            self.state.say(f"Import of {path.name} cancelled", ok=True)
            return None
        except AnnotatorError as exc:
            self.state.failed(exc)
            return None

    def choose_documents_in_encoding(self) -> None:
        """File → Import Articles in Encoding…: the files, then the encoding to read them in."""
        if self.state.controller is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Import articles in an encoding", str(self._dialog_folder()),
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
            self.window, "Encoding", question, titles,
            titles.index(shown) if shown in titles else 0,
        )
        return choices[title] if ok else None

    def reimport_in_encoding(self, path: Path, document_id: int, guessed: str | None) -> None:
        """Read an article's file again in the encoding the reviewer picks, and put the new
        reading in place of the guessed one (one undo step), or beside it when the guessed one
        already has annotations."""
        from annotator.core.articles.text_encodings import encoding_title

        state = self.state
        state.clear_message()
        if state.controller is None or not state.writable:
            return
        try:
            old = self.store.document_summary(document_id)  # with its annotation count
        except NotFound:
            state.say(f"{path.name} is no longer in the session: nothing was read", ok=True)
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
            state.show_error("Not read again", (
                f"{path.name} has changed since “{old.title}” was imported from it, so it "
                "cannot take its place. Import it as a new article instead."))
            return
        existing = state.controller.find_document(sha256_text(parsed.text))
        if existing is not None:
            state.show_document(existing.id)
            state.say(f"{path.name} read as {encoding_title(encoding)} is already in the session",
                      ok=True)
            return
        if old.annotation_count == 0:
            document = state.controller.replace_document(old.id, parsed)
            kept = ""
        else:
            document = state.controller.add_imported(parsed)
            kept = "; the first reading has annotations and was kept"
        if document is None:
            return
        state.documentsReloaded.emit()
        state.show_document(document.id)
        state.say(f"{path.name} read as {encoding_title(encoding)}{kept} · all changes saved",
                  ok=True)

    # ------------------------------------------------------------------ from the web

    def choose_web_address(self) -> None:
        """File → Import from Web Address…: ask for an address, then fetch and add it."""
        if self.state.controller is None or not self.state.writable:
            return
        from annotator.gui.web_address_dialog import ask_web_address

        url = ask_web_address(self.window)
        if url is not None:
            self.import_web_address(url)

    def import_web_address(self, url: str) -> DocumentSummary | None:
        """Fetch the page at ``url`` off the GUI thread (a busy dialog with Cancel: a cancelled
        page is dropped when it comes) and add its article as one undoable import, with where it
        came from; a failure is one message, and nothing is added."""
        from annotator.core.articles.web import read_web_page
        from annotator.gui.background import NETWORK_POOL

        state = self.state
        if state.controller is None:
            return None
        shown = url if len(url) <= 80 else url[:77] + "…"
        try:
            parsed = run_with_progress(self.window, f"Fetching {shown}…",
                                       lambda: read_web_page(url), delay_ms=0,
                                       pool=NETWORK_POOL)
        except Cancelled:
            state.say(f"Import of {shown} cancelled", ok=True)
            return None
        except AnnotatorError as exc:
            sentence = str(exc)
            state.show_error("Not imported", sentence[:1].upper() + sentence[1:].rstrip(".") + ".")
            return None
        existing = state.controller.find_document(sha256_text(parsed.text))
        document = state.controller.add_imported(parsed)
        if document is None:
            return None
        state.documentsReloaded.emit()
        state.show_document(document.id)
        if existing is not None:
            state.say(f"“{document.title}” is already in the session", ok=True)
        else:
            state.say(f"Imported “{document.title}” from {parsed.provenance.url or shown} · "
                      "all changes saved", ok=True)
        if parsed.warnings and existing is None:
            state.show_message(
                f"<b>{escape_markup(document.title)}</b> was imported, with a warning: "
                f"{escape_markup('; '.join(parsed.warnings))}.", "warning",
                [("Dismiss", state.clear_message)])
        return document

    # ------------------------------------------------------------------ the clipboard

    def paste_article(self) -> None:
        """Make a new article of the clipboard's text, asking for its title."""
        if self.state.controller is None:
            return
        from annotator.core.articles.reading import suggested_title

        text = QApplication.clipboard().text()
        if not text.strip():
            self.state.show_error("Nothing to paste", "The clipboard holds no text to make an "
                                  "article of. Copy the article's text first.")
            return
        title, ok = plain_text.ask_text(
            self.window, "Paste as new article", "Title of the article:",
            text=suggested_title(text),
        )
        if not ok:
            return
        self.add_pasted_article(text, title)

    def add_pasted_article(self, text: str, title: str):
        assert self.state.controller is not None
        from annotator.core.articles.reading import pasted_document

        try:
            imported = pasted_document(text, title)
        except AnnotatorError as exc:
            self.state.show_error("Nothing to paste", str(exc))
            return None
        document = self.state.controller.add_imported(imported)
        if document is not None:
            self.state.documentsReloaded.emit()
            self.state.show_document(document.id)
            self.state.say(f"Pasted “{document.title}” · all changes saved", ok=True)
        return document

