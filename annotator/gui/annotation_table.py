"""The table of one document's annotations: a Qt model over the annotations the view shows."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from annotator.core.labels import CONFIDENCE_NAMES
from annotator.core.models import Annotation, Label
from annotator.gui.palette import label_color, swatch_icon

COLUMNS = ("Text", "Label", "Conf.", "Note", "Reviewer")
TEXT, LABEL, CONFIDENCE, NOTE, REVIEWER = range(len(COLUMNS))
ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class AnnotationTableModel(QAbstractTableModel):
    """Rows are annotations in reading order (start, end, id)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Annotation] = []
        self._keys: list[tuple[int, int, int]] = []
        self._labels: dict[str, Label] = {}
        self._icons: dict[str, QIcon] = {}

    # ------------------------------------------------------------------ content

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {label.name: label for label in labels}
        self._icons = {name: swatch_icon(label_color(lb)) for name, lb in self._labels.items()}

    def reset(self, annotations: list[Annotation]) -> None:
        self.beginResetModel()
        self._rows = sorted(annotations, key=_key)
        self._keys = [_key(a) for a in self._rows]
        self.endResetModel()

    def put(self, annotation: Annotation) -> None:
        """Insert a new annotation or update a changed one, keeping reading order."""
        row = self.row_of(annotation.id)
        if row is not None and self._keys[row] == _key(annotation):
            self._rows[row] = annotation
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        if row is not None:
            self.remove(annotation.id)
        row = bisect_left(self._keys, _key(annotation))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, annotation)
        self._keys.insert(row, _key(annotation))
        self.endInsertRows()

    def remove(self, annotation_id: int) -> None:
        row = self.row_of(annotation_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self.endRemoveRows()

    def row_of(self, annotation_id: int | None) -> int | None:
        for row, annotation in enumerate(self._rows):
            if annotation.id == annotation_id:
                return row
        return None

    def annotation_at(self, row: int) -> Annotation:
        return self._rows[row]

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

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
        annotation = self._rows[index.row()]
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
                return " ".join(annotation.note.split())
            if column == REVIEWER:
                return annotation.reviewer
        elif role == Qt.ItemDataRole.DecorationRole and column == LABEL:
            return self._icons.get(annotation.label)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == CONFIDENCE:
                return CONFIDENCE_NAMES[annotation.confidence]
            if column in (TEXT, NOTE):
                return annotation.quote if column == TEXT else annotation.note or None
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == CONFIDENCE:
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == ANNOTATION_ID_ROLE:
            return annotation.id
        elif role == Qt.ItemDataRole.UserRole:  # sort key
            return (annotation.start, annotation.end) if column == TEXT else None
        return None


def _key(annotation: Annotation) -> tuple[int, int, int]:
    return annotation.start, annotation.end, annotation.id or 0
