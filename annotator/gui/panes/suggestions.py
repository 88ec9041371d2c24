"""The suggestions pane: the open article's pending suggestions in a list, with their count; moving
through them (S / Shift+S), accepting (Enter, or C / E / A under another label), rejecting
(Delete), accepting all, showing or hiding them; and making them in the background for an article
imported or opened for the first time."""

from __future__ import annotations

import functools
from bisect import insort
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.actions import make_action
from annotator.gui.palette import label_color, swatch_icon
from annotator.gui.plain_text import PlainLabel, plain_tooltip
from annotator.gui.worker_threads import WorkerThread, background_process

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future
    from pathlib import Path

    from PySide6.QtGui import QKeyEvent

    from annotator.core.background_suggestions import SuggestedSpans
    from annotator.core.models import Document, DocumentSummary, StoredSuggestion
    from annotator.core.session.store import SessionStore
    from annotator.gui.controller import SessionController
    from annotator.gui.review_state import ReviewState
    from annotator.gui.settings import Settings

SUGGESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# suggestions stored per turn of the event loop (some 5 ms each: the window keeps answering)
WRITE_PART = 1_000
#: An article with more pending suggestions than this has them read by the window's background
#: process: the article is painted first (reading 60,000 takes a quarter of a second, in Python
#: that would take turns with the window's), and its suggestions follow.
READ_AT_ONCE_MOST = 2_000
READ_DELAY_MS = 100  # such a reading starts once the article has been painted
_READING = WorkerThread("annotator-suggestions-read")
# how long after the window's first paint (or the request, once painted) suggestions are begun:
# the first moments belong to the reader (the work takes a processor of its own for seconds)
START_DELAY_MS = 500


def _suggest(text: str, labels: tuple[str, ...]) -> tuple[SuggestedSpans, str]:
    """In the worker thread: the suggestions for ``text``, made by the window's background
    process (here if that process cannot start), and the fingerprint of the rules that made
    them."""
    from annotator.core.background_process import WorkerStopped
    from annotator.core.background_suggestions import suggest_text

    try:
        return background_process().run("suggest", text, labels)
    except WorkerStopped as stopped:
        if stopped.started:
            raise  # it stopped while making them: they are not made again here
        return suggest_text(text, labels)


def _read_pending(path: Path, document_id: int) -> list[StoredSuggestion]:
    """In the worker thread: a document's pending suggestions, read by the window's background
    process (here, through a read-only connection of its own, if that process cannot run)."""
    from annotator.core.background_process import WorkerStopped
    from annotator.core.background_suggestions import read_pending

    try:
        pending = background_process().run("pending", str(path), document_id)
    except WorkerStopped:
        pending = read_pending(str(path), document_id)
    return pending.stored()


def _reading_order(suggestion: StoredSuggestion) -> tuple:
    return suggestion.start, suggestion.end, suggestion.label


class SuggestionMaker(QObject):
    """Makes an article's suggestions in a process of their own, asked from a worker thread
    (the window never waits, nor shares its interpreter with the rules), and stores them in the
    session from the window's thread, a part at a time."""

    made = Signal(int)  # document id: its suggestions are stored

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = WorkerThread("annotator-suggest")
        self._store: SessionStore | None = None
        self._jobs: dict[int, Future] = {}
        # suggestions, how many are stored so far, the rules' fingerprint
        self._writing: dict[int, tuple[SuggestedSpans, int, str]] = {}
        self._held: set[int] = set()  # documents whose job waits for the window's first paint
        # how a job is started: at once, or (set by the pane) after the window's first paint
        self.later: Callable[[Callable[[], None]], None] = lambda work: work()
        self._timer = QTimer(self)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._poll)

    def start(self, store: SessionStore) -> None:
        self.stop()
        self._store = store

    def stop(self) -> None:
        for job in self._jobs.values():
            job.cancel()  # a job once running ends all the same: its result is dropped
        self._jobs.clear()
        self._writing.clear()
        self._held.clear()
        self._store = None
        self._timer.stop()

    @property
    def busy(self) -> bool:
        return bool(self._jobs or self._writing or self._held)

    def request(self, document_id: int, text: str | None = None) -> None:
        """Make a document's suggestions unless they were made (or are being made) already,
        or the session is read-only."""
        store = self._store
        if store is None or store.read_only or document_id in self._jobs \
                or document_id in self._writing or document_id in self._held:
            return
        labels = tuple(name for name in ("estimate", "attribution", "claim")
                       if name in store.label_names())
        try:
            if not labels or store.suggestion_rules(document_id) is not None:
                return
            text = text if text is not None else store.document_text(document_id)
        except AnnotatorError:
            return
        self._held.add(document_id)
        self.later(functools.partial(QTimer.singleShot, START_DELAY_MS, functools.partial(
            self._submit, store, document_id, text, labels)))

    def _submit(self, store: SessionStore, document_id: int, text: str,
                labels: tuple[str, ...]) -> None:
        if store is not self._store or document_id not in self._held:
            return  # the session was closed meanwhile
        self._held.discard(document_id)
        self._jobs[document_id] = self._pool.submit(_suggest, text, labels)
        self._timer.start()

    def _poll(self) -> None:
        for document_id, job in list(self._jobs.items()):
            if job.done():
                del self._jobs[document_id]
                try:
                    found, rules = job.result()
                except Exception:  # noqa: BLE001 - a suggestion is a help; reading goes on
                    continue
                self._writing[document_id] = (found, 0, rules)
        for document_id, (found, done, rules) in list(self._writing.items()):
            self._write(document_id, found, done, rules)
            break  # one part per turn: the window keeps answering
        if not self.busy:
            self._timer.stop()

    def _write(self, document_id: int, found: SuggestedSpans, done: int, rules: str) -> None:
        store = self._store
        part = found.rows(done, done + WRITE_PART)
        last = done + WRITE_PART >= len(found)
        try:
            store.add_suggestions(document_id, part, rules if last else None)
        except AnnotatorError:  # the article was removed meanwhile, or the file went away
            del self._writing[document_id]
            return
        if last:
            del self._writing[document_id]
            self.made.emit(document_id)
        else:
            self._writing[document_id] = (found, done + WRITE_PART, rules)


class SuggestionListModel(QAbstractListModel):
    """The open article's pending suggestions: label, quote and reason."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StoredSuggestion] = []
        self._text = ""
        self._labels: dict = {}

    def reset(self, rows: list[StoredSuggestion], text: str, labels) -> None:
        self.beginResetModel()
        self._rows, self._text = rows, text
        self._labels = {label.name: label for label in labels}
        self.endResetModel()

    def row_of(self, suggestion_id: int | None) -> int | None:
        return next((row for row, s in enumerate(self._rows) if s.id == suggestion_id), None)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        s = self._rows[index.row()]
        label = self._labels.get(s.label)
        if role == Qt.ItemDataRole.DisplayRole:
            quote = " ".join(self._text[s.start:s.end].split())
            quote = quote if len(quote) <= 60 else quote[:59] + "…"
            return f"{label.title if label else s.label}: “{quote}”"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(s.reason)
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_icon(label_color(label))
        if role == SUGGESTION_ID_ROLE:
            return s.id
        return None


class SuggestionList(QListView):
    """The list of suggestions; Enter (or the keypad's) is first offered to ``enter``, which
    says whether it used it."""

    def __init__(self, enter: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._enter = enter

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier) \
                and self._enter():
            event.accept()
            return
        super().keyPressEvent(event)


class SuggestionsPane(QWidget):
    def __init__(self, state: ReviewState, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings = settings
        self.maker = SuggestionMaker(self)
        self.maker.later = lambda work: state.after_first_paint(work)
        self.maker.made.connect(self._made)
        state.suggestions_shown = settings.show_suggestions
        # a long article's pending suggestions being read: (the reading, or None until it
        # starts, its store, the document), and which reload asked for it
        self._reading: tuple[Future | None, SessionStore, int] | None = None
        self._readings = 0
        self._read_timer = QTimer(self)
        self._read_timer.setInterval(30)
        self._read_timer.timeout.connect(self._read_done)
        self._build_widgets()
        self._build_actions()
        state.sessionOpened.connect(self._session_opened)
        state.sessionClosing.connect(self.maker.stop)
        state.documentChanged.connect(self._document_changed)
        state.suggestionsChanged.connect(self._suggestions_changed)
        state.suggestionChanged.connect(self._current_changed)

    def _build_widgets(self) -> None:
        self.count_label = PlainLabel()
        self.count_label.setObjectName("suggestionCount")
        self.count_label.setContentsMargins(6, 4, 6, 2)
        self.count_label.setWordWrap(True)
        self.status_label = PlainLabel()  # for the status bar
        self.status_label.setObjectName("suggestionStatus")
        self.model = SuggestionListModel(self)
        self.list = SuggestionList(self._enter_in_list)
        self.list.setObjectName("suggestionList")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._row_chosen)
        self.list.activated.connect(self._row_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list, 1)

    def _build_actions(self) -> None:
        a = functools.partial(make_action, self)
        self.next_action = a("Next &Suggestion", lambda: self.go(), "S",
                             "Make the next suggestion current", "nextSuggestionAction")
        self.previous_action = a("Previous Su&ggestion", lambda: self.go(backwards=True),
                                 "Shift+S", "Make the previous suggestion current",
                                 "previousSuggestionAction")
        # Enter is the suggestion's only while one is current (the action is disabled
        # otherwise) and only in the article view (the main window adds the action to it) or
        # on the current suggestion's row of the list (see eventFilter): in the annotation
        # table, the find field and the other lists it keeps its own meaning
        self.accept_action = a("&Accept Suggestion", self.state.accept_suggestion,
                               ["Return", "Enter"], "Accept the current suggestion with its "
                               "label (C / E / A: under that label)", "acceptSuggestionAction")
        self.accept_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.reject_action = a("&Reject Suggestion (Delete)", self.state.reject_suggestion,
                               None, "Reject the current suggestion: it never comes back",
                               "rejectSuggestionAction")
        self.accept_all_action = a("Accept All Suggestions in Article", self.accept_all, None,
                                   "Accept every pending suggestion of this article (one undo "
                                   "step)", "acceptAllSuggestionsAction")
        self.show_action = a("Sh&ow Suggestions", lambda: None, None,
                             "Outline the suggested spans in the article", "showSuggestionsAction")
        self.show_action.setCheckable(True)
        self.show_action.setChecked(self.state.suggestions_shown)
        self.show_action.toggled.connect(self.set_shown)
        self.go_actions = [self.next_action, self.previous_action]  # the Go menu's
        self.decide_actions = [self.accept_action, self.reject_action, self.accept_all_action]

    def actions_of_pane(self) -> list[QAction]:
        return [self.next_action, self.previous_action, self.accept_action, self.reject_action,
                self.accept_all_action, self.show_action]

    def update_enabled(self, writable: bool) -> None:
        current = self.state.suggestion() is not None
        self.accept_action.setEnabled(writable and current)
        self.reject_action.setEnabled(writable and current)
        self.accept_all_action.setEnabled(writable and bool(self.state.suggestions))

    # ------------------------------------------------------------------ the session

    def _session_opened(self, controller: SessionController) -> None:
        self.maker.start(controller.store)
        controller.suggestionsChanged.connect(self._decided)
        controller.documentAdded.connect(self._document_added)

    def _document_added(self, summary: DocumentSummary | None) -> None:
        if summary is not None:
            self.maker.request(summary.id)

    def _document_changed(self, document: Document | None, _restore: bool) -> None:
        if document is None:
            self.state.set_suggestions([])
            return
        self.reload()
        self.maker.request(document.id, document.text)

    def _made(self, document_id: int) -> None:
        if document_id == self.state.document_id:
            self.reload()

    def _decided(self, document_id: int, suggestion_ids: list[int]) -> None:
        """Suggestions were decided or undecided: a few are taken out of the list or put back
        (a long article's thousands are not read again for one Enter); many, read again."""
        store = self.state.store
        if document_id != self.state.document_id or store is None:
            return
        if len(suggestion_ids) > 20 or self._reading is not None:
            self.reload()
            return
        gone = set(suggestion_ids)
        pending = [s for s in self.state.suggestions if s.id not in gone]
        for suggestion_id in suggestion_ids:
            try:
                suggestion = store.suggestion(suggestion_id)
            except AnnotatorError:
                continue
            annotated = any((row[0], row[1], row[3]) == (suggestion.start, suggestion.end,
                                                         suggestion.label)
                            for row in store.spans_between(document_id, suggestion.start,
                                                           suggestion.end))
            if suggestion.status == "pending" and not annotated:
                insort(pending, suggestion, key=_reading_order)
        self.state.set_suggestions(pending)

    def reload(self) -> None:
        """Read the open article's pending suggestions again: at once, or (a long article's
        many) in a worker thread, shown when read."""
        store, document_id = self.state.store, self.state.document_id
        self._reading = None
        pending = []
        if store is not None and document_id is not None:
            try:
                if store.saved_to_disk \
                        and store.pending_suggestion_rows(document_id) > READ_AT_ONCE_MOST:
                    self._readings += 1
                    self._reading = (None, store, document_id)
                    QTimer.singleShot(READ_DELAY_MS, functools.partial(
                        self._start_reading, self._readings))
                else:
                    pending = store.pending_suggestions(document_id)
            except AnnotatorError:
                pending = []
        self.state.set_suggestions(pending)

    @property
    def reading(self) -> bool:
        """Whether the open article's pending suggestions are being read."""
        return self._reading is not None

    def _start_reading(self, reading: int) -> None:
        """Start the reading asked for by reload number ``reading``, unless another was asked
        for since (or the article was closed)."""
        if self._reading is None or reading != self._readings:
            return
        _, store, document_id = self._reading
        self._reading = (_READING.submit(_read_pending, store.path, document_id), store,
                         document_id)
        self._read_timer.start()

    def _read_done(self) -> None:
        if self._reading is None:
            self._read_timer.stop()
            return
        job, store, document_id = self._reading
        if job is None or not job.done():
            return
        self._read_timer.stop()
        self._reading = None
        if store is not self.state.store or document_id != self.state.document_id:
            return  # another article (or session) is open now: its own reading was asked
        try:
            pending = job.result()
        except Exception:  # noqa: BLE001 - the file went away meanwhile: none are shown
            pending = []
        self.state.set_suggestions(pending)

    # ------------------------------------------------------------------ what is shown

    def set_shown(self, shown: bool) -> None:
        """View → Show Suggestions (remembered)."""
        self.settings.show_suggestions = shown
        if self.show_action.isChecked() != shown:
            self.show_action.setChecked(shown)
        self.state.show_suggestions(shown)

    def _suggestions_changed(self) -> None:
        state = self.state
        shown = state.suggestions_shown
        text = ""
        if state.store is not None and state.document_id is not None:
            try:
                text = state.store.document_text(state.document_id)
            except AnnotatorError:
                text = ""
        self.model.reset(state.suggestions if shown else [], text, state.labels)
        count = len(state.suggestions)
        words = f"{count:,} suggestion{'s' if count != 1 else ''}"
        if state.document_id is None:
            self.count_label.setText("No article open")
            self.status_label.setText("")
            return
        if self._reading is not None:
            self.count_label.setText("Reading this article's suggestions…")
            self.status_label.setText("")
            return
        if not shown:
            self.count_label.setText(f"{words} hidden (View → Show Suggestions)")
        elif count:
            self.count_label.setText(f"{words} in this article — S / Shift+S to go through "
                                     "them, Enter accepts, C / E / A accepts as that label, "
                                     "Delete rejects")
        else:
            self.count_label.setText("No suggestions pending in this article")
        self.status_label.setText(f"  {words}{'' if shown else ' (hidden)'}  " if count else "")
        self.update_enabled(state.writable)

    def _current_changed(self, suggestion: StoredSuggestion | None, _reveal: bool) -> None:
        self.update_enabled(self.state.writable)
        row = self.model.row_of(suggestion.id if suggestion else None)
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        if row is None:
            self.list.clearSelection()
        else:
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))
        selection.blockSignals(False)
        self.list.viewport().update()
        if suggestion is not None:
            label = self.state.label_title(suggestion.label)
            self.state.say(f"Suggested {label.lower()}: {suggestion.reason} — Enter accepts, "
                           "Delete rejects", ok=True)

    def _enter_in_list(self) -> bool:
        """Enter in the Suggestions list accepts the current suggestion when the list's current
        row is that suggestion (True: done); on another row it makes that row's suggestion
        current (the list's own meaning, through ``activated``)."""
        index = self.list.currentIndex()
        current = self.state.suggestion_id
        if index.isValid() and current is not None \
                and index.data(SUGGESTION_ID_ROLE) == current \
                and self.accept_action.isEnabled():
            self.accept_action.trigger()
            return True
        return False

    def _row_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.state.set_current_suggestion(index.data(SUGGESTION_ID_ROLE), reveal=True)

    # ------------------------------------------------------------------ moving and deciding

    def go(self, *, backwards: bool = False) -> None:
        """S / Shift+S: the next (or previous) suggestion in reading order, wrapping."""
        state = self.state
        if state.document_id is None:
            return
        if not state.suggestions_shown:
            state.say("Suggestions are hidden: View → Show Suggestions.", ok=False)
            return
        items = state.suggestions
        if not items:
            state.say("No suggestions pending in this article.", ok=True)
            return
        current = state.suggestion()
        if current is not None:
            index = items.index(current) + (-1 if backwards else 1)
        else:
            annotation = state.annotation(state.annotation_id)
            anchor = (annotation.start, annotation.end) if annotation else \
                (state.cursor_offset(), 0)
            before = sum(1 for s in items if (s.start, s.end) < anchor)
            index = before - 1 if backwards else before
        state.set_current_suggestion(items[index % len(items)].id, reveal=True)

    def accept_all(self) -> None:
        state = self.state
        if state.controller is None or state.document_id is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a long article: seconds
        try:
            count = state.controller.accept_all_suggestions(state.document_id,
                                                            reviewer=state.tag_reviewer())
        finally:
            QApplication.restoreOverrideCursor()
        state.say(f"Accepted {count:,} suggestion{'s' if count != 1 else ''}.", ok=True)
