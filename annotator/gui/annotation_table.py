"""The table of one document's annotations: a lazy Qt model over the session store.

Rows are the document's annotations in reading order (start, end, id). The model holds no list
of them: it asks the store for the count and reads rows in pages as the table shows them, so a
document with a hundred thousand annotations opens as fast as one with ten.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from annotator.core.labels import CONFIDENCE_NAMES
from annotator.core.models import Annotation, Label
from annotator.core.store import SessionStore
from annotator.gui.palette import label_color, swatch_icon

COLUMNS = ("Text", "Label", "Conf.", "Note", "Reviewer")
TEXT, LABEL, CONFIDENCE, NOTE, REVIEWER = range(len(COLUMNS))
ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 100
MAX_CACHED_PAGES = 50
_Index = QModelIndex | QPersistentModelIndex


class AnnotationTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._store: SessionStore | None = None
        self._document_id: int | None = None
        self._count = 0
        self._pages: dict[int, list[Annotation]] = {}
        self._labels: dict[str, Label] = {}
        self._icons: dict[str, QIcon] = {}

    # ------------------------------------------------------------------ content

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {label.name: label for label in labels}
        self._icons = {name: swatch_icon(label_color(lb)) for name, lb in self._labels.items()}

    def set_document(self, store: SessionStore | None, document_id: int | None) -> None:
        self.beginResetModel()
        self._store = store
        self._document_id = document_id
        self._pages.clear()
        self._count = (
            store.annotation_count(document_id) if store is not None and document_id else 0
        )
        self.endResetModel()

    def inserted(self, annotation: Annotation) -> int:
        """A new annotation is in the store: show its row; returns the row."""
        row = self.row_of(annotation)
        self.beginInsertRows(QModelIndex(), row, row)
        self._count += 1
        self._drop_pages_from(row)
        self.endInsertRows()
        return row

    def changed(self, before: Annotation, after: Annotation) -> None:
        """An annotation's fields changed (its span did not)."""
        row = self.row_of(after)
        self._drop_pages_from(row, upto=row)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def removed(self, annotation: Annotation) -> None:
        """An annotation left the store: remove its row."""
        row = self.row_of(annotation)  # rows before it are unchanged, so this is its old row
        self.beginRemoveRows(QModelIndex(), row, row)
        self._count -= 1
        self._drop_pages_from(row)
        self.endRemoveRows()

    def row_of(self, annotation: Annotation) -> int:
        assert self._store is not None
        return self._store.annotation_row(annotation)

    def annotation_at(self, row: int) -> Annotation | None:
        if not 0 <= row < self._count or self._store is None or self._document_id is None:
            return None
        page_number, offset = divmod(row, PAGE)
        page = self._pages.get(page_number)
        if page is None:
            if len(self._pages) >= MAX_CACHED_PAGES:
                self._pages.clear()
            page = self._store.annotations_page(self._document_id, page_number * PAGE, PAGE)
            self._pages[page_number] = page
        return page[offset] if offset < len(page) else None

    def _drop_pages_from(self, row: int, upto: int | None = None) -> None:
        first = row // PAGE
        last = upto // PAGE if upto is not None else None
        for number in list(self._pages):
            if number >= first and (last is None or number <= last):
                del self._pages[number]

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return "Confidence, 1 (very low) to 5 (very high)" if section == CONFIDENCE else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        annotation = self.annotation_at(index.row())
        if annotation is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TEXT:
                return " ".join(annotation.quote.split())
            if column == LABEL:
                label = self._labels.get(annotation.label)
                return label.title if label else annotation.label
            if column == CONFIDENCE:
                return annotation.confidence
            if column == NOTE:
                return " ".join(annotation.note[:500].split())
            if column == REVIEWER:
                return annotation.reviewer
        elif role == Qt.ItemDataRole.DecorationRole and column == LABEL:
            return self._icons.get(annotation.label)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == CONFIDENCE:
                return CONFIDENCE_NAMES[annotation.confidence]
            if column in (TEXT, NOTE):
                return annotation.quote if column == TEXT else annotation.note[:2000] or None
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == CONFIDENCE:
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == ANNOTATION_ID_ROLE:
            return annotation.id
        return None
