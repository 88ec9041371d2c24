"""What the window's panes share: the open session, article and annotation, the article's pending
suggestions and the current one, the link being made, the labels, and a way to tell the reviewer
something. Panes read it and call it; they never
reach into one another."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError, DocumentError, SessionError

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotator.core.models import Annotation, Label, StoredSuggestion
    from annotator.core.session.store import SessionStore
    from annotator.gui.controller import SessionController


class ReviewState(QObject):
    sessionOpened = Signal(object)  # the SessionController: a pane connects to it
    sessionClosing = Signal()  # the last moment to write to the session being closed
    documentLeaving = Signal()  # the open article is about to be replaced (or closed)
    documentChanged = Signal(object, bool)  # the Document shown (or None), restore position
    documentsReloaded = Signal()  # the list of articles changed as a whole
    currentChanged = Signal(object, bool, object)  # Annotation or None, reveal it, table row
    labelsChanged = Signal()
    spanShown = Signal(int, int)  # a stretch of the article to select, with no annotation
    inspectRequested = Signal()  # put the focus on the current annotation's details
    statusShown = Signal(str, bool)  # a line for the status bar, and whether all is well
    errorShown = Signal(str, str)  # title, message
    messageShown = Signal(str, str, object)  # markup, kind, [(button title, slot)]
    messageCleared = Signal()
    savedStateStale = Signal()  # say again whether everything is saved
    suggestionsChanged = Signal()  # the open article's pending suggestions, or whether shown
    suggestionChanged = Signal(object, bool)  # the current suggestion (or None), reveal it

    def __init__(self, parent: QObject | None = None, *, reviewer: str | None = None) -> None:
        super().__init__(parent)
        self.controller: SessionController | None = None
        self.document_id: int | None = None
        self.annotation_id: int | None = None
        self.link_source: int | None = None  # while choosing what to link an annotation to
        self.labels: list[Label] = []
        self.suggestions: list[StoredSuggestion] = []  # the open article's, pending
        self.suggestion_id: int | None = None  # the current suggestion
        self.suggestions_shown = True
        self.session_reviewer = reviewer  # the name given for this window, over the settings'
        # whom new tags are recorded for (the adjudication panel's gold layer, or the reviewer)
        self.tag_reviewer: Callable[[], str | None] = lambda: None
        # where the reading cursor is in the article (code points): set by the article pane
        self.cursor_offset: Callable[[], int] = lambda: 0
        # runs work once the window has first been painted (at once by default): set by the window
        self.after_first_paint: Callable[[Callable[[], None]], None] = lambda work: work()

    # ------------------------------------------------------------------ the session

    @property
    def store(self) -> SessionStore | None:
        return self.controller.store if self.controller else None

    @property
    def writable(self) -> bool:
        return self.store is not None and not self.store.read_only

    def open(self, controller: SessionController) -> None:
        self.controller = controller
        self.labels = controller.store.labels()
        controller.labelsChanged.connect(self.reload_labels)
        controller.focusRequested.connect(self.focus)
        controller.failed.connect(self.failed)
        self.sessionOpened.emit(controller)
        # after the panes' own handling (the articles shown again first)
        controller.annotationsReloaded.connect(self.reload_labels)

    def close(self) -> None:
        if self.controller is None:
            return
        self.sessionClosing.emit()
        self.controller.close()
        self.controller.deleteLater()
        self.controller = None
        self.document_id = None
        self.annotation_id = None

    def reload_labels(self) -> None:
        """The session's labels changed: everything that shows them follows."""
        if self.store is None:
            return
        self.labels = self.store.labels()
        self.labelsChanged.emit()
        self.set_current(self.annotation_id, reveal=False)

    def label_title(self, name: str) -> str:
        return next((label.title for label in self.labels if label.name == name), name)

    # ------------------------------------------------------------------ the article

    def show_document(self, document_id: int, *, restore_position: bool = False) -> None:
        store = self.store
        if store is None or document_id == self.document_id:
            return
        if self.document_id is not None:
            self.documentLeaving.emit()
        try:
            document = store.document(document_id)
        except AnnotatorError as exc:
            self.failed(exc)
            return
        self.document_id = document_id
        self.annotation_id = None
        self.suggestion_id, self.suggestions = None, []
        self.documentChanged.emit(document, restore_position)
        if not store.read_only:
            with contextlib.suppress(AnnotatorError):  # where the reviewer is: a convenience
                store.last_document_id = document_id

    def show_no_document(self) -> None:
        self.document_id = None
        self.suggestion_id, self.suggestions = None, []
        self.documentChanged.emit(None, False)

    def show_again(self, first_otherwise: bool = False) -> None:
        """Read the open article again (its annotations may have changed as a whole); with
        ``first_otherwise``, the first article when it is gone; no article when none is left."""
        shown, self.document_id = self.document_id, None
        ids = [d.id for d in self.store.documents(counts=False)] if self.store else []
        if shown in ids:
            self.show_document(shown)
        elif first_otherwise and ids:
            self.show_document(ids[0])
        if self.document_id is None:
            self.show_no_document()

    def focus(self, document_id: int, annotation_id: int | None) -> None:
        """After undo or redo: show the document and the annotation that changed."""
        if self.store is None:
            return
        if document_id != self.document_id:
            self.show_document(document_id)
        if annotation_id is not None:
            self.set_current(annotation_id, reveal=True)
        elif self.annotation_id is not None and self.annotation(self.annotation_id) is None:
            self.set_current(None)

    def show_span(self, start: int, end: int) -> None:
        self.set_current(None, reveal=False)
        self.spanShown.emit(start, end)

    # ------------------------------------------------------------------ the current annotation

    def annotation(self, annotation_id: int | None) -> Annotation | None:
        """An annotation of the open document, or None."""
        if annotation_id is None or self.store is None:
            return None
        try:
            annotation = self.store.annotation(annotation_id)
        except AnnotatorError:
            return None
        return annotation if annotation.document_id == self.document_id else None

    def set_current(
        self, annotation_id: int | None, *, reveal: bool = True, row: int | None = None
    ) -> None:
        """Make an annotation current: outlined in the article, shown in the inspector."""
        annotation = self.annotation(annotation_id)
        self.annotation_id = annotation.id if annotation else None
        if annotation is not None and self.suggestion_id is not None:
            self.set_current_suggestion(None)
        self.currentChanged.emit(annotation, reveal, row)

    def links(self, annotation: Annotation) -> list[tuple[int, int, str, str]]:
        """An annotation's links: (source, target, the other end's label title and quote)."""
        assert self.store is not None
        ends = []
        for source_id, target_id in self.store.links_of(annotation.id):
            try:
                other = self.store.annotation(
                    target_id if source_id == annotation.id else source_id)
            except AnnotatorError:  # damaged outside the program: not shown
                continue
            ends.append((source_id, target_id, self.label_title(other.label), other.quote))
        return ends

    # ------------------------------------------------------------------ suggestions

    def set_suggestions(self, suggestions: list[StoredSuggestion]) -> None:
        """The open article's pending suggestions (read again after a change)."""
        self.suggestions = list(suggestions)
        if self.suggestion() is None and self.suggestion_id is not None:
            self.set_current_suggestion(None)
        self.suggestionsChanged.emit()

    def show_suggestions(self, shown: bool) -> None:
        self.suggestions_shown = shown
        if not shown and self.suggestion_id is not None:
            self.set_current_suggestion(None)
        self.suggestionsChanged.emit()

    def suggestion(self) -> StoredSuggestion | None:
        """The current suggestion, or None."""
        if self.suggestion_id is None:
            return None
        return next((s for s in self.suggestions if s.id == self.suggestion_id), None)

    def set_current_suggestion(self, suggestion_id: int | None, *, reveal: bool = True) -> None:
        """Make a suggestion current (no annotation is then): outlined more strongly, ready for
        Enter, C / E / A or Delete."""
        self.suggestion_id = suggestion_id
        suggestion = self.suggestion()
        self.suggestion_id = suggestion.id if suggestion else None
        if suggestion is not None and self.annotation_id is not None:
            self.set_current(None, reveal=False)
        self.suggestionChanged.emit(suggestion, reveal)

    def accept_suggestion(self, label: str | None = None) -> Annotation | None:
        """Accept the current suggestion (under ``label``, or its own); the annotation it
        becomes is then current."""
        suggestion = self.suggestion()
        if suggestion is None or self.controller is None:
            return None
        annotation = self.controller.accept_suggestion(suggestion.id, label,
                                                       reviewer=self.tag_reviewer())
        if annotation is not None:
            self.set_current(annotation.id, reveal=False)
        return annotation

    def reject_suggestion(self) -> bool:
        suggestion = self.suggestion()
        if suggestion is None or self.controller is None:
            return False
        return self.controller.reject_suggestion(suggestion.id)

    # ------------------------------------------------------------------ telling the reviewer

    def say(self, message: str, *, ok: bool) -> None:
        self.statusShown.emit(message, ok)

    def show_error(self, title: str, message: str) -> None:
        self.errorShown.emit(title, message)

    def failed(self, error: Exception) -> None:
        if isinstance(error, SessionError | DocumentError):
            self.show_error("Not done", str(error))
        self.say(str(error), ok=False)

    def show_message(self, markup: str, kind: str, buttons=()) -> None:
        self.messageShown.emit(markup, kind, list(buttons))

    def clear_message(self) -> None:
        self.messageCleared.emit()
