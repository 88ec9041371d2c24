"""The annotations pane: the current annotation's details (the inspector) above the table of the
article's annotations with its filters; setting confidence, editing, deleting, sorting, and the
session's label set."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.defaults import CONFIDENCE_NAMES
from annotator.gui.actions import make_action
from annotator.gui.annotation_table import (
    ANNOTATION_ID_ROLE,
    CONFIDENCE,
    LABEL,
    NOTE,
    REVIEWER,
    SORT_KEYS,
    TEXT,
    VERDICT,
    AnnotationTableModel,
)
from annotator.gui.annotation_table import DOCUMENT_ID_ROLE as TABLE_DOCUMENT_ID_ROLE
from annotator.gui.checked_before import ClaimsCheckedBefore
from annotator.gui.inspector import InspectorPanel
from annotator.gui.table_filter import TableFilterBar

if TYPE_CHECKING:
    from annotator.core.models import Annotation, Document
    from annotator.gui.controller import SessionController
    from annotator.gui.review_state import ReviewState
    from annotator.gui.settings import Settings


class AnnotationsPane(QSplitter):
    def __init__(self, state: ReviewState, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.state = state
        self.settings = settings
        self._last_added: tuple[int, int | None] | None = None  # (annotation id, its row)
        # the keys load once the article is on screen; a newer document cancels it
        self._keys_timer = self._deferred(300, lambda: self.table_model.load_keys())
        self._reviewers_timer = self._deferred(200, self.show_reviewers)
        self._build_inspector()
        self._build_table()
        self._build_layout()
        self._build_actions()
        state.sessionOpened.connect(self._session_opened)
        state.sessionClosing.connect(self._keys_timer.stop)
        state.sessionClosing.connect(self._reviewers_timer.stop)
        state.documentChanged.connect(self._document_changed)
        state.currentChanged.connect(self._current_changed)
        state.labelsChanged.connect(self._labels_changed)
        state.inspectRequested.connect(self.inspector.setFocus)

    def _deferred(self, delay_ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay_ms)
        timer.timeout.connect(slot)
        return timer

    def _build_inspector(self) -> None:
        self.inspector = InspectorPanel()
        self.inspector.labelChosen.connect(self.change_label)
        self.inspector.confidenceChosen.connect(lambda i, level: self.edit(i, confidence=level))
        self.inspector.noteEdited.connect(lambda i, note: self.edit(i, note=note))
        self.inspector.verdictChosen.connect(lambda i, value: self.edit(i, verdict=value))
        self.inspector.evidenceEdited.connect(lambda i, urls: self.edit(i, evidence=urls))
        self.inspector.claimReviewedEdited.connect(
            lambda i, text: self.edit(i, claim_reviewed=text))
        self.inspector.factCheckUrlEdited.connect(
            lambda i, url: self.edit(i, fact_check_url=url))
        self.inspector.deleteRequested.connect(self._delete)
        self.inspector.linkActivated.connect(lambda i: self.state.set_current(i, reveal=True))
        self.inspector.unlinkRequested.connect(
            lambda s, t: self.state.controller.unlink(s, t) if self.state.controller else None
        )
        self.checked_before = ClaimsCheckedBefore(self.state, self.inspector.checked_before, self)
        self.same_claim_action = self.checked_before.action
        self.inspector.noteTruncated.connect(
            lambda limit: self.state.say(
                f"A note may have at most {limit:,} characters; the rest was not kept.", ok=False
            )
        )

    def _build_table(self) -> None:
        self.table_model = AnnotationTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("annotationTable")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._table_row_chosen)
        self.table.clicked.connect(self._table_clicked)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self.sort_by)
        self.table_filter = TableFilterBar()
        self.table_filter.changed.connect(self._apply_table_view)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        # Never ResizeToContents: it would read every row of a large document to measure it.
        metrics = self.fontMetrics()
        widths = {LABEL: metrics.horizontalAdvance("Attribution") + 30,
                  CONFIDENCE: metrics.horizontalAdvance("Conf.") + 18,
                  VERDICT: metrics.horizontalAdvance("Mostly true") + 14,
                  # the quoted text takes the room left; the note is a hint of the note (its
                  # tooltip and the inspector show the whole)
                  NOTE: metrics.horizontalAdvance("Note") * 3,
                  REVIEWER: metrics.horizontalAdvance("Reviewer") + 16}
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

    def _build_layout(self) -> None:
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(4, 0, 4, 0)
        table_layout.setSpacing(2)
        table_layout.addWidget(self.table_filter)
        table_layout.addWidget(self.table, 1)
        # The inspector scrolls rather than holding the dock to its full height, so that a
        # short window, or the adjudication panel below, still leaves room to work in.
        inspector_area = QScrollArea()
        inspector_area.setObjectName("inspectorArea")
        inspector_area.setWidget(self.inspector)
        inspector_area.setWidgetResizable(True)
        inspector_area.setFrameShape(QScrollArea.Shape.NoFrame)
        inspector_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.addWidget(inspector_area)
        self.addWidget(table_box)
        # The table takes what the dock gains or loses, down to six rows; the inspector starts
        # tall enough to edit without scrolling.
        row = self.table.verticalHeader().defaultSectionSize()
        header_height = self.table.horizontalHeader().sizeHint().height()
        table_box.setMinimumHeight(
            self.table_filter.sizeHint().height() + header_height + 6 * row + 8)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([self.inspector.editor_size_hint().height(), 450])

    def _build_actions(self) -> None:
        self.confidence_actions: list[QAction] = []
        group = QActionGroup(self)
        for level in range(1, 6):
            action = make_action(self, f"Confidence &{level} ({CONFIDENCE_NAMES[level]})",
                                 functools.partial(self.set_confidence, level), str(level), None,
                                 f"confidence{level}Action")
            action.setCheckable(True)
            action.setData(level)
            group.addAction(action)
            self.confidence_actions.append(action)
        self.labels_action = make_action(
            self, "&Edit Labels…", self.edit_labels, None,
            "Add labels, or change their titles, colours, keys and order", "editLabelsAction")
        self.verdicts_action = make_action(
            self, "Edit &Verdicts…", self.edit_verdicts, None,
            "The desk's verdict scale: titles, colours, ratings and order", "editVerdictsAction")
        self.delete_action = make_action(
            self, "&Delete Annotation", self.delete_current, QKeySequence.StandardKey.Delete,
            "Delete the current annotation", "deleteAction")

    def actions_of_pane(self) -> list[QAction]:
        return [*self.confidence_actions, self.labels_action, self.verdicts_action,
                self.checked_before.action, self.delete_action]

    def update_enabled(self, writable: bool) -> None:
        self.inspector.setEnabled(writable)
        # Confidence and delete stay enabled: without a current annotation they say in the
        # status bar what to do first.
        for action in (*self.confidence_actions, self.delete_action, self.labels_action,
                       self.verdicts_action, self.checked_before.action):
            action.setEnabled(writable)

    # ------------------------------------------------------------------ the session

    def _session_opened(self, controller: SessionController) -> None:
        controller.annotationAdded.connect(self._annotation_added)
        controller.annotationChanged.connect(self._annotation_changed)
        controller.annotationRemoved.connect(self._annotation_removed)
        controller.linksChanged.connect(self._links_changed)
        controller.labelCountsChanged.connect(self._reviewers_timer.start)
        controller.verdictsChanged.connect(self._set_verdicts)
        self._set_labels()
        self._set_verdicts()
        self._reviewers_timer.start()  # after the first paint

    def _set_labels(self) -> None:
        labels = self.state.labels
        self.table_model.set_labels(labels)
        self.table_filter.set_choices([(label.name, label.title) for label in labels], [])
        self.inspector.set_labels(labels)

    def _set_verdicts(self) -> None:
        """The session's verdict scale, in the inspector and the table."""
        if self.state.store is not None:
            scale = self.state.store.verdict_scale()
            self.inspector.set_verdicts(scale)
            self.table_model.set_verdicts(scale.titles)

    def edit_verdicts(self) -> None:
        """The verdict-scale dialog; its result is one undoable change."""
        from annotator.gui.verdicts_dialog import edit_verdicts

        edit_verdicts(self.state, self.window())

    def _labels_changed(self) -> None:
        self._set_labels()
        self.table_model.set_view(self.table_model.view, self.state.store)
        self._reviewers_timer.start()

    def show_reviewers(self) -> None:
        """The reviewers to filter by; a reviewer's own session needs no Reviewer column."""
        if self.state.store is not None:
            reviewers = self.state.store.reviewers()
            self.table_filter.set_choices(
                [(label.name, label.title) for label in self.state.labels], reviewers
            )
            alone = len(reviewers) < 2  # the room goes to the text
            self.table.setColumnHidden(REVIEWER, alone)
            self.table_filter.reviewer.setVisible(not alone)

    def _document_changed(self, document: Document | None, _restore: bool) -> None:
        if document is None:
            self.table_model.set_document(None, None)
        else:
            self.table_model.set_document(self.state.store, document.id)
            self._keys_timer.start()  # once the article is on screen
        self.inspector.show_annotation(None)

    # ------------------------------------------------------------------ the current annotation

    def _current_changed(self, annotation: Annotation | None, _reveal: bool, row) -> None:
        self.inspector.show_annotation(annotation)
        self._show_links(annotation)
        self._check_confidence(annotation)
        if row is None and annotation is not None and self._last_added is not None \
                and self._last_added[0] == annotation.id:
            row = self._last_added[1]
        self._select_table_row(annotation, row)

    def _show_links(self, annotation: Annotation | None) -> None:
        if annotation is not None and self.state.store is not None:
            self.inspector.show_links(self.state.links(annotation))

    def _links_changed(self, document_id: int) -> None:
        if document_id == self.state.document_id:
            self._show_links(self.state.annotation(self.state.annotation_id))

    def _check_confidence(self, annotation: Annotation | None) -> None:
        for action in self.confidence_actions:
            action.setChecked(annotation is not None and action.data() == annotation.confidence)

    def set_confidence(self, level: int) -> None:
        if self.state.annotation_id is None:
            self.state.say("No current annotation: tag or click one first.", ok=False)
            return
        self.edit(self.state.annotation_id, confidence=level)

    def delete_current(self) -> None:
        """Delete: the current suggestion is rejected, or else the current annotation goes."""
        if self.state.suggestion() is not None:
            self.state.reject_suggestion()
            return
        if self.state.annotation_id is None:
            self.state.say("No current annotation to delete.", ok=False)
            return
        self._delete(self.state.annotation_id)

    def edit(self, annotation_id: int, **changes) -> None:
        if self.state.controller is not None:
            self.state.controller.edit_annotation(annotation_id, **changes)

    def change_label(self, annotation_id: int, label: str) -> None:
        """A new label; a claim that stops being one loses its verdict (in the same undo step)."""
        current = self.state.annotation(annotation_id)
        if current is not None and current.verdict is not None and label != "claim":
            self.edit(annotation_id, label=label, verdict=None)
        else:
            self.edit(annotation_id, label=label)

    def _delete(self, annotation_id: int) -> None:
        if self.state.controller is not None:
            self.state.controller.delete_annotation(annotation_id)

    def edit_labels(self) -> None:
        """The label-set dialog; its result is one undoable change."""
        from annotator.gui.labels_dialog import LabelsDialog

        state = self.state
        if state.controller is None or not state.writable:
            return
        dialog = LabelsDialog(state.labels, self.window())
        if dialog.exec():
            try:
                labels = dialog.labels()
            except Exception as exc:  # noqa: BLE001 - pydantic says which field is wrong
                from annotator.core.errors import validation_message

                message = validation_message(exc) if hasattr(exc, "errors") else str(exc)
                state.show_error("The labels were not changed", message)
                return
            state.controller.replace_labels(labels)

    # ------------------------------------------------------------------ changes to annotations

    def _annotation_added(self, annotation: Annotation) -> None:
        if annotation.document_id == self.state.document_id:
            self._last_added = (annotation.id, self.table_model.inserted(annotation))

    def _annotation_changed(self, annotation: Annotation) -> None:
        if annotation.document_id == self.state.document_id:
            self.table_model.changed(annotation)
            if annotation.id == self.state.annotation_id:
                self.inspector.show_annotation(annotation)
                self._check_confidence(annotation)

    def _annotation_removed(self, annotation: Annotation) -> None:
        if annotation.document_id == self.state.document_id:
            self.table_model.removed(annotation)
            if annotation.id == self.state.annotation_id:
                self.state.set_current(None)

    # ------------------------------------------------------------------ the table

    def _select_table_row(self, annotation: Annotation | None, row: int | None = None) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if annotation is None:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        elif (row := row if row is not None else self.table_model.row_of(annotation)) is None:
            selection.clearSelection()  # the table's filters leave it out
        else:
            index = self.table_model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        selection.blockSignals(False)
        self.table.viewport().update()

    def _table_row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.go_to_row(current)

    def _table_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.go_to_row(index)

    def go_to_row(self, index: QModelIndex) -> None:
        """Make a row's annotation current, opening its article first if it is another."""
        annotation_id = index.data(ANNOTATION_ID_ROLE)
        document_id = index.data(TABLE_DOCUMENT_ID_ROLE)
        if document_id is not None and document_id != self.state.document_id:
            self.state.show_document(document_id)
        self.state.set_current(annotation_id, reveal=True)

    def _apply_table_view(self) -> None:
        """The filter bar changed: show the annotations it chooses."""
        view = replace(self.table_model.view, **self.table_filter.values())
        self.table_model.set_view(view, self.state.store)
        self._select_table_row(self.state.annotation(self.state.annotation_id))

    def sort_by(self, column: int) -> None:
        """A click on a column's header: ascending, then descending, then reading order."""
        view = self.table_model.view
        key = SORT_KEYS[column]
        header = self.table.horizontalHeader()
        if view.order != key:
            view = replace(view, order=key, descending=False)
        elif not view.descending:
            view = replace(view, descending=True)
        else:
            view = replace(view, order=None, descending=False)
        header.setSortIndicatorShown(view.order is not None)
        if view.order is not None:
            header.setSortIndicator(
                column,
                Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder,
            )
        self.table_model.set_view(view, self.state.store)
        self._select_table_row(self.state.annotation(self.state.annotation_id))
