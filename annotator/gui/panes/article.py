"""The article pane: the title, the find bar and the article itself; tagging the selected text,
moving through the annotations (J/K, the next of a label, the next untagged figure), linking
them (L, a click, Ctrl+drag), and the text size."""

from __future__ import annotations

import contextlib
import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import AnnotatorError
from annotator.core.selection import next_untagged_number
from annotator.gui.actions import make_action
from annotator.gui.article_view import ArticleView
from annotator.gui.find_bar import FindBar
from annotator.gui.palette import label_color, swatch_icon
from annotator.gui.plain_text import PlainLabel, plain_tooltip
from annotator.gui.provenance_line import ProvenanceLine

if TYPE_CHECKING:
    from annotator.core.models import Annotation, Document, DocumentSummary
    from annotator.gui.controller import SessionController
    from annotator.gui.review_state import ReviewState
    from annotator.gui.settings import Settings

BIG_DOCUMENT_CHARACTERS = 1_000_000  # a longer article is opened under a wait cursor
NO_ARTICLE = "No article yet — press Ctrl+O or drop a .txt, .md or .html file here"


class ArticlePane(QWidget):
    selectionChanged = Signal()  # the text selected in the article
    tagged = Signal()  # the reviewer tagged some text
    labelActionsChanged = Signal()  # tag_actions and go_label_actions were made anew

    def __init__(self, state: ReviewState, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings = settings
        self.tag_actions: list[QAction] = []
        self.go_label_actions: list[QAction] = []
        self._offset_timer = QTimer(self)
        self._offset_timer.setSingleShot(True)
        self._offset_timer.setInterval(1500)
        self._offset_timer.timeout.connect(self.remember_position)
        self._build_widgets()
        self._build_actions()
        state.sessionOpened.connect(self._session_opened)
        state.sessionClosing.connect(self._session_closing)
        state.documentLeaving.connect(self.remember_position)
        state.documentChanged.connect(self._document_changed)
        state.currentChanged.connect(self._current_changed)
        state.labelsChanged.connect(self._labels_changed)
        state.spanShown.connect(lambda start, end: self.view.select_span(start, end))
        state.suggestionsChanged.connect(self._suggestions_changed)
        state.suggestionChanged.connect(self._suggestion_changed)
        state.cursor_offset = self.view.cursor_offset

    def _build_widgets(self) -> None:
        self.view = ArticleView()
        self.view.set_font_points(self.settings.font_points)
        self.view.annotationClicked.connect(self._annotation_clicked)
        self.view.suggestionClicked.connect(
            lambda i: self.state.set_current_suggestion(i, reveal=False))
        self.view.escapePressed.connect(self._cancel_linking)
        self.view.linkDragged.connect(self._link_dragged)
        self.view.verticalScrollBar().valueChanged.connect(lambda _: self._offset_timer.start())
        self.view.selectionChanged.connect(self.selectionChanged)
        self.find_bar = FindBar()
        self.find_bar.field.nextRequested.connect(lambda: self.find(backward=False))
        self.find_bar.field.previousRequested.connect(lambda: self.find(backward=True))
        self.find_bar.field.escaped.connect(
            lambda: self.view.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.find_bar.field.textChanged.connect(self._find_text_changed)
        self.article_title = PlainLabel()
        self.article_title.setObjectName("articleTitle")
        self.article_title.setWordWrap(True)
        self.article_title.setContentsMargins(12, 8, 12, 0)
        font = self.article_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.article_title.setFont(font)
        self.provenance_line = ProvenanceLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.article_title)
        layout.addWidget(self.provenance_line)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)

    def _build_actions(self) -> None:
        a = functools.partial(make_action, self)
        self.find_action = a("&Find in Article", self.focus_find, QKeySequence.StandardKey.Find,
                             None, "findAction")
        self.find_next_action = a("Find &Next", lambda: self.find(backward=False),
                                  QKeySequence.StandardKey.FindNext, None, "findNextAction")
        self.find_previous_action = a("Find Pre&vious", lambda: self.find(backward=True),
                                      QKeySequence.StandardKey.FindPrevious, None,
                                      "findPreviousAction")
        self.link_action = a("&Link to Another Annotation", self.link_current, "L",
                             "Link the current annotation to another: L, then click it (or go "
                             "to it with J/K and press L again); Escape cancels", "linkAction")
        self.next_action = a("&Next Annotation", lambda: self.go_to_neighbour(), "J",
                             "Make the next annotation current", "nextAnnotationAction")
        self.previous_action = a("&Previous Annotation", lambda: self.go_to_neighbour(True), "K",
                                 "Make the previous annotation current",
                                 "previousAnnotationAction")
        self.next_number_action = a("Next &Untagged Number", self.select_next_number, "N",
                                    "Select the next figure that no annotation covers",
                                    "nextNumberAction")
        self.zoom_in_action = a("&Larger Text", lambda: self.zoom(+1),
                                [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], None, "zoomInAction")
        self.zoom_out_action = a("S&maller Text", lambda: self.zoom(-1),
                                 QKeySequence.StandardKey.ZoomOut, None, "zoomOutAction")
        self.properties_action = a("Article &Properties…", self.show_properties, "Ctrl+Shift+P",
                                   "Where the open article came from: its web address, outlet, "
                                   "authors and dates", "articlePropertiesAction")

    def actions_of_pane(self) -> list[QAction]:
        return [self.find_action, self.find_next_action, self.find_previous_action,
                self.link_action, self.next_action, self.previous_action,
                self.next_number_action, self.zoom_in_action, self.zoom_out_action,
                self.properties_action]

    def update_enabled(self, writable: bool) -> None:
        self.find_action.setEnabled(self.state.document_id is not None)
        self.properties_action.setEnabled(self.state.document_id is not None)
        for action in (*self.tag_actions, self.link_action):
            action.setEnabled(writable)

    # ------------------------------------------------------------------ the session

    def _session_opened(self, controller: SessionController) -> None:
        controller.annotationAdded.connect(self._annotation_touched)
        controller.annotationChanged.connect(self._annotation_touched)
        controller.annotationRemoved.connect(self._annotation_touched)
        controller.linksChanged.connect(self._links_changed)
        controller.documentPropertiesChanged.connect(self._properties_changed)
        controller.annotationsReloaded.connect(self.view.spans_changed)
        self._labels_changed()

    def _session_closing(self) -> None:
        self._offset_timer.stop()
        self.remember_position()

    def _labels_changed(self) -> None:
        self.view.set_labels(self.state.labels)
        self._build_label_actions()

    def _build_label_actions(self) -> None:
        for action in (*self.tag_actions, *self.go_label_actions):
            action.deleteLater()
        self.tag_actions = []
        self.go_label_actions = []
        for label in self.state.labels:
            key = label.shortcut
            action = make_action(
                self, label.title, lambda name=label.name: self.tag_selection(name), key,
                f"Tag the selected text as {label.title.lower()}"
                + (f" ({key})" if key else ""), f"tag_{label.name}",
            )
            action.setIcon(swatch_icon(label_color(label)))
            action.setIconText(label.title)
            self.tag_actions.append(action)
        for label in self.state.labels:
            key = f"Shift+{label.shortcut}" if label.shortcut else None
            action = make_action(
                self, f"Next {label.title}",
                lambda name=label.name: self.go_to_neighbour(label=name),
                key, f"Make the next {label.title.lower()} current", f"next_{label.name}",
            )
            action.setIcon(swatch_icon(label_color(label)))
            self.go_label_actions.append(action)
        self.labelActionsChanged.emit()

    # ------------------------------------------------------------------ the article shown

    def _document_changed(self, document: Document | None, restore_position: bool) -> None:
        if document is None:
            self.view.clear_document()
            self._show_title(None)
            return
        store = self.state.store
        big = len(document.text) > BIG_DOCUMENT_CHARACTERS
        if big:
            self.state.say(f"Opening “{document.title}” ({len(document.text):,} characters)…",
                           ok=True)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            QApplication.processEvents()
        try:
            self.view.set_document(
                document.text,
                functools.partial(store.spans_between, document.id),
                self.state.labels,
                lookup=self.state.annotation,
            )
        finally:
            if big:
                QApplication.restoreOverrideCursor()
                self.state.savedStateStale.emit()
        self._show_title(document)
        if restore_position and document.last_offset:
            QTimer.singleShot(0, lambda o=document.last_offset: self.view.scroll_to_offset(o))
        self._find_text_changed(self.find_bar.field.text())

    def title(self) -> str:
        return self.article_title.text()

    # ------------------------------------------------------------------ the title area

    def _show_title(self, document: DocumentSummary | None) -> None:
        """The article's title, and under it where it came from (when known)."""
        self.article_title.setText(document.title if document else NO_ARTICLE)
        self.article_title.setToolTip(plain_tooltip(document.source_path if document else ""))
        self.provenance_line.set_provenance(
            document.provenance if document and document.has_provenance else None)

    def _properties_changed(self, document_id: int) -> None:
        store = self.state.store
        if store is None or document_id != self.state.document_id:
            return
        try:
            self._show_title(store.document_summary(document_id))
        except AnnotatorError as exc:
            self.state.failed(exc)

    def show_properties(self) -> None:
        """Edit → Article Properties…: see and edit where the open article came from."""
        from annotator.gui.article_properties import edit_article_properties

        edit_article_properties(self.state, self.window())

    def remember_position(self) -> None:
        store, document_id = self.state.store, self.state.document_id
        if store is None or document_id is None or store.read_only:
            return
        # The reading position is a convenience: a failed write must not interrupt the reviewer.
        with contextlib.suppress(AnnotatorError):
            store.set_last_offset(document_id, self.view.first_visible_offset())

    def _annotation_touched(self, annotation: Annotation) -> None:
        if annotation.document_id == self.state.document_id:
            self.view.spans_changed()

    # ------------------------------------------------------------------ the current annotation

    def _current_changed(self, annotation: Annotation | None, reveal: bool, _row) -> None:
        self._show_links(annotation)
        if annotation is not None and reveal:
            self.view.select_span(annotation.start, annotation.end)
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)

    def _show_links(self, annotation: Annotation | None) -> None:
        """The current annotation's links, dashed in the article."""
        if annotation is None or self.state.store is None:
            self.view.set_current(None)
            return
        others = {source if target == annotation.id else target
                  for source, target, _label, _quote in self.state.links(annotation)}
        self.view.set_current(annotation.id, frozenset(others))

    def _links_changed(self, document_id: int) -> None:
        if document_id == self.state.document_id:
            self._show_links(self.state.annotation(self.state.annotation_id))

    # ------------------------------------------------------------------ suggestions

    def _suggestions_changed(self) -> None:
        state = self.state
        self.view.set_suggestions(state.suggestions if state.suggestions_shown else [])

    def _suggestion_changed(self, suggestion, reveal: bool) -> None:
        self.view.set_current_suggestion(suggestion.id if suggestion else None)
        if suggestion is not None and reveal:
            self.view.select_span(suggestion.start, suggestion.end)
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)

    # ------------------------------------------------------------------ tagging and moving

    def tag_selection(self, label: str) -> Annotation | None:
        """Tag the article's selected text; the new annotation becomes the current one."""
        state = self.state
        if state.controller is None or state.document_id is None:
            state.say("Open or import an article first.", ok=False)
            return None
        span = self.view.selected_span()
        if span is None and state.suggestion() is not None:  # C / E / A on a suggestion
            return state.accept_suggestion(label)
        if span is None:
            state.say("Select some text in the article first, then press C, E or A.", ok=False)
            return None
        annotation = state.controller.add_annotation(
            state.document_id, span[0], span[1], label, DEFAULT_CONFIDENCE,
            reviewer=state.tag_reviewer(),
        )
        if annotation is not None:
            self.tagged.emit()
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
            state.set_current(annotation.id, reveal=False)
        return annotation

    def go_to_neighbour(self, backwards: bool = False, label: str | None = None) -> None:
        """Make the next (or previous) annotation current, from the current one or the cursor."""
        state = self.state
        if state.store is None or state.document_id is None:
            return
        current = state.annotation(state.annotation_id)
        if current is not None:
            after = (current.start, current.end, current.id)
        else:  # from the cursor: the first annotation starting at or after it (or before it)
            position = self.view.cursor_offset()
            after = (position, -1, -1) if not backwards else (position, 1 << 62, 1 << 62)
        found = state.store.neighbour(state.document_id, after, backwards=backwards, label=label)
        if found is None:
            what = f"{label} annotations" if label else "annotations"
            state.say(f"This article has no {what} yet.", ok=False)
            return
        state.set_current(found.id, reveal=True)

    def select_next_number(self) -> None:
        """Select the next figure no annotation covers, ready for E."""
        state = self.state
        if state.store is None or state.document_id is None:
            return
        span = self.view.selected_span_raw()
        offset = span[1] if span else self.view.cursor_offset()
        found = next_untagged_number(state.store, state.document_id, offset)
        if found is None:
            state.say("Every figure in this article is tagged.", ok=True)
            return
        state.set_current(None)
        self.view.select_span(*found)
        self.view.setFocus()
        state.say("Press E to tag this figure as an estimate.", ok=True)

    # ------------------------------------------------------------------ linking

    def link_current(self) -> None:
        """L: start linking from the current annotation; L again links to the one now current."""
        state = self.state
        if state.controller is None:
            return
        if state.link_source is not None:
            if state.annotation_id is not None and state.annotation_id != state.link_source:
                self._finish_link(state.annotation_id)
            else:
                state.say("Go to the annotation to link to (J/K or a click), or Escape.",
                          ok=False)
            return
        if state.annotation_id is None:
            state.say("Make an annotation current first, then press L.", ok=False)
            return
        state.link_source = state.annotation_id
        state.say("Linking: click the annotation this one points to (or go to it with J/K and "
                  "press L); Escape cancels.", ok=True)

    def _finish_link(self, target_id: int) -> None:
        source_id, self.state.link_source = self.state.link_source, None
        if source_id is not None and self.state.controller.link(source_id, target_id):
            self.state.set_current(source_id, reveal=False)

    def _link_dragged(self, source_id: int, target_id: int) -> None:
        """Ctrl+drag from one highlight to another links them."""
        if self.state.controller is None or not self.state.writable:
            return
        self.state.link_source = None
        if self.state.controller.link(source_id, target_id):
            self.state.set_current(source_id, reveal=False)

    def _cancel_linking(self) -> None:
        if self.state.link_source is not None:
            self.state.link_source = None
            self.state.say("Linking cancelled", ok=True)

    def _annotation_clicked(self, annotation_id: int) -> None:
        source = self.state.link_source
        if source is not None and annotation_id != source:
            self._finish_link(annotation_id)
        else:
            self.state.set_current(annotation_id, reveal=False)

    # ------------------------------------------------------------------ find and text size

    def focus_find(self) -> None:
        self.find_bar.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.field.selectAll()

    def find(self, *, backward: bool) -> None:
        query = self.find_bar.field.text()
        if not query:
            self.focus_find()
            return
        found = self.view.find_text(query, backward=backward)
        index, total = self.view.count_matches(query)
        self.find_bar.show_count(index if found else 0, total, query)

    def _find_text_changed(self, query: str) -> None:
        _, total = self.view.count_matches(query)
        self.find_bar.show_count(0, total, query)

    def zoom(self, step: int) -> None:
        self.set_font_points(min(max(self.settings.font_points + step, 7), 40))

    def set_font_points(self, points: int) -> None:
        self.settings.font_points = points
        self.view.set_font_points(points)
