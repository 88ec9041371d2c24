"""The documents pane: the session's articles with their counts and progress, a search over
their titles and text, the Import button; marking the open article's progress, removing it."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.defaults import STATUSES
from annotator.core.errors import AnnotatorError
from annotator.core.wording import counted
from annotator.gui import plain_text
from annotator.gui.actions import make_action
from annotator.gui.document_list import DOCUMENT_ID_ROLE, DocumentDelegate, DocumentListModel
from annotator.gui.plain_text import plain_tooltip

if TYPE_CHECKING:
    from annotator.core.models import Annotation, Document
    from annotator.gui.controller import SessionController
    from annotator.gui.review_state import ReviewState
    from annotator.gui.settings import Settings

FILTER_HELP = (
    "Shows the articles whose title or text has every word typed (or whose outlet, authors "
    "or web address hold them); a word also finds the words it begins, and “quoted words” "
    "must stand in a row."
)


class DocumentsPane(QWidget):
    importRequested = Signal()  # the Import Articles… button

    def __init__(self, state: ReviewState, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings = settings
        # the counts come after the first paint of a session; a newer session restarts it
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(200)
        self._counts_timer.timeout.connect(self._count_annotations)
        self._build_widgets()
        self._build_actions()
        state.sessionOpened.connect(self._session_opened)
        state.sessionClosing.connect(self._counts_timer.stop)
        state.documentChanged.connect(self._document_changed)
        state.documentsReloaded.connect(self.refresh)
        state.labelsChanged.connect(self._labels_changed)

    def _build_widgets(self) -> None:
        self.document_model = DocumentListModel(self)
        self.document_list = QListView()
        self.document_list.setObjectName("documentList")
        self.document_list.setModel(self.document_model)
        self.document_list.setItemDelegate(DocumentDelegate(self.document_list))
        self.document_list.setSpacing(1)
        self.document_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.document_list.setUniformItemSizes(False)
        self.document_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.document_list.selectionModel().currentChanged.connect(self._document_chosen)
        self.document_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.import_button = QPushButton("Import Articles…")
        self.import_button.setToolTip("Import .txt, .md or .html articles into this session")
        self.import_button.clicked.connect(self.importRequested)
        self.document_filter = QLineEdit()
        self.document_filter.setObjectName("documentFilter")
        self.document_filter.setPlaceholderText("Search articles (title and text)")
        self.document_filter.setToolTip(plain_tooltip(FILTER_HELP))
        self.document_filter.setClearButtonEnabled(True)
        self.document_filter.textChanged.connect(self._filter_documents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.document_filter)
        layout.addWidget(self.document_list, 1)
        layout.addWidget(self.import_button)

    def _build_actions(self) -> None:
        self.status_actions: list[QAction] = []
        group = QActionGroup(self)
        for status, title in STATUSES.items():
            # "Mark as &Not Started": title case, each status's first letter its key
            action = make_action(self, f"Mark as &{title.title()}",
                                 functools.partial(self.set_status, status), None,
                                 f"Mark the open article {title.lower()}", f"status_{status}")
            action.setCheckable(True)
            action.setData(status)
            group.addAction(action)
            self.status_actions.append(action)
        self.status_actions[-1].setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.document_list.addActions(self.status_actions)
        self.remove_document_action = make_action(
            self, "Remo&ve Article from Session", self.remove_document, None,
            "Remove the open article and its annotations (can be undone)",
            "removeDocumentAction")

    def actions_of_pane(self) -> list[QAction]:
        return [*self.status_actions, self.remove_document_action]

    def update_enabled(self, writable: bool) -> None:
        has_document = self.state.document_id is not None
        self.remove_document_action.setEnabled(has_document and writable)
        for action in self.status_actions:
            action.setEnabled(has_document and writable)
        self.import_button.setEnabled(writable)

    # ------------------------------------------------------------------ the session

    def _session_opened(self, controller: SessionController) -> None:
        controller.documentAdded.connect(lambda _document: self.refresh())
        controller.documentRemoved.connect(self._document_removed)
        controller.documentStatusChanged.connect(self._document_status_changed)
        controller.documentPropertiesChanged.connect(self._document_properties_changed)
        controller.annotationAdded.connect(functools.partial(self._adjust_count, delta=+1))
        controller.annotationRemoved.connect(functools.partial(self._adjust_count, delta=-1))
        controller.labelCountsChanged.connect(self._counts_timer.start)
        controller.annotationsReloaded.connect(self._annotations_reloaded)
        self._set_label_titles()
        self.document_model.reset(controller.store.documents(counts=False))
        self._counts_timer.start()  # after the first paint

    def _set_label_titles(self) -> None:
        self.document_model.set_label_titles({lb.name: lb.title for lb in self.state.labels})

    def _labels_changed(self) -> None:
        self._set_label_titles()
        self._counts_timer.start()

    def _count_annotations(self) -> None:
        """Fill in the counts (after the first paint of a session)."""
        if self.state.store is not None:
            self.document_model.set_counts(self.state.store.annotation_counts())

    def refresh(self) -> None:
        store = self.state.store
        if store is None:
            self.document_model.reset([])
            return
        self.document_model.reset(store.documents(counts=False))
        self.document_model.set_counts(store.annotation_counts())
        self._select_document_row()
        self._filter_documents(self.document_filter.text())

    def _annotations_reloaded(self) -> None:
        """Many annotations changed at once (an import, or its undo): show them afresh."""
        store = self.state.store
        present = {d.id for d in store.documents(counts=False)}
        document_id = self.state.document_id
        if document_id is not None and document_id not in present:
            self._document_removed(document_id)  # the import that added it was undone
        elif document_id is None and present:
            self.state.show_document(max(present))
        self.refresh()

    def _adjust_count(self, annotation: Annotation, delta: int) -> None:
        self.document_model.adjust_count(annotation.document_id, annotation.label, delta)

    # ------------------------------------------------------------------ the open article

    def _document_changed(self, document: Document | None, _restore: bool) -> None:
        if document is not None:
            self._select_document_row()
            self._check_status(document.status)

    def _select_document_row(self) -> None:
        row = self.document_model.row_of(self.state.document_id)
        selection = self.document_list.selectionModel()
        selection.blockSignals(True)
        if row is None:
            selection.clear()
        else:
            index = self.document_model.index(row)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(False)
        self.document_list.viewport().update()

    def _document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.state.show_document(current.data(DOCUMENT_ID_ROLE), restore_position=True)

    def _document_status_changed(self, document_id: int, status: str) -> None:
        self.document_model.set_status(document_id, status)
        if document_id == self.state.document_id:
            self._check_status(status)

    def _document_properties_changed(self, document_id: int) -> None:
        """An article's title or where it came from changed: its entry, and the search."""
        if self.state.store is None:
            return
        try:
            self.document_model.set_details(self.state.store.document_summary(document_id))
        except AnnotatorError:
            return  # gone or damaged: the next refresh shows what is there
        self._filter_documents(self.document_filter.text())

    def set_status(self, status: str) -> None:
        """Mark the open article not started, in progress or done (undoable)."""
        if self.state.controller is not None and self.state.document_id is not None:
            self.state.controller.set_document_status(self.state.document_id, status)

    def _check_status(self, status: str | None) -> None:
        for action in self.status_actions:
            action.setChecked(action.data() == status)

    def _filter_documents(self, words: str) -> None:
        """Show only the articles whose title or text holds every word typed."""
        if self.state.store is None:
            return
        shown = set(self.state.store.find_documents(words))
        for row in range(self.document_model.rowCount()):
            document = self.document_model.document_at(row)
            self.document_list.setRowHidden(row, document.id not in shown)
        hidden = self.document_model.rowCount() - len(shown)
        note = f"{counted(hidden, 'article')} hidden.\n" if hidden else ""
        self.document_filter.setToolTip(plain_tooltip(note + FILTER_HELP))

    def _document_removed(self, document_id: int) -> None:
        if document_id == self.state.document_id:
            self.state.show_again(first_otherwise=True)
        self.refresh()

    def remove_document(self) -> None:
        state = self.state
        if state.controller is None or state.document_id is None:
            return
        if plain_text.ask(
            self.window(),
            "Remove article",
            f"Remove “{self._title()}” and its annotations from this session?\n\n"
            "You can undo this with Ctrl+Z.",
        ):
            state.controller.remove_document(state.document_id)

    def _title(self) -> str:
        row = self.document_model.row_of(self.state.document_id)
        return self.document_model.document_at(row).title if row is not None else ""
