"""The session's documents as a Qt list model: title, size and annotation count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from annotator.core.defaults import STATUSES
from annotator.gui.plain_text import plain_tooltip
from annotator.gui.provenance_line import SEPARATOR, provenance_parts

if TYPE_CHECKING:
    from annotator.core.models import DocumentSummary

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_MARKS = {"not_started": "○", "in_progress": "◐", "done": "●"}
_FORMAT_NAMES = {
    "text": "Text", "markdown": "Markdown", "html": "Web page", "docx": "Word", "pdf": "PDF",
    "clipboard": "Pasted",
}
_Index = QModelIndex | QPersistentModelIndex


def format_name(source_format: str) -> str:
    """What kind of file an article was read from ("Web page", "Word", "Pasted")."""
    return _FORMAT_NAMES.get(source_format, source_format)


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._documents: list[DocumentSummary] = []
        self._label_initials: dict[str, str] = {}

    def reset(self, documents: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self.endResetModel()

    def row_of(self, document_id: int | None) -> int | None:
        for row, document in enumerate(self._documents):
            if document.id == document_id:
                return row
        return None

    def set_counts(self, counts: dict[int, dict[str, int]]) -> None:
        """Set every document's counts per label (documents missing from ``counts`` have 0)."""
        self._documents = [
            d.model_copy(update={
                "label_counts": dict(counts.get(d.id, {})),
                "annotation_count": sum(counts.get(d.id, {}).values()),
            })
            for d in self._documents
        ]
        if self._documents:
            self.dataChanged.emit(self.index(0), self.index(len(self._documents) - 1))

    def adjust_count(self, document_id: int, label: str, delta: int) -> None:
        """A document gained or lost an annotation (without asking the store again)."""
        row = self.row_of(document_id)
        if row is None:
            return
        document = self._documents[row]
        counts = dict(document.label_counts)
        counts[label] = max(0, counts.get(label, 0) + delta)
        self._documents[row] = document.model_copy(update={
            "label_counts": counts, "annotation_count": max(0, document.annotation_count + delta),
        })
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def set_status(self, document_id: int, status: str) -> None:
        row = self.row_of(document_id)
        if row is None:
            return
        self._documents[row] = self._documents[row].model_copy(update={"status": status})
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def set_details(self, document: DocumentSummary) -> None:
        """A document's title or provenance changed (its counts and status are kept)."""
        row = self.row_of(document.id)
        if row is None:
            return
        shown = self._documents[row]
        self._documents[row] = document.model_copy(update={
            "label_counts": shown.label_counts, "annotation_count": shown.annotation_count,
            "status": shown.status})
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def set_label_titles(self, titles: dict[str, str]) -> None:
        self._label_initials = {name: title[:1].upper() for name, title in titles.items()}

    def document_at(self, row: int) -> DocumentSummary:
        return self._documents[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._documents)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        document = self._documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            count = document.annotation_count
            kind = format_name(document.source_format)
            status = STATUSES.get(document.status, document.status)
            if count and document.label_counts:
                order = list(self._label_initials)  # the session's label order
                names = sorted(document.label_counts,
                               key=lambda n: order.index(n) if n in order else len(order))
                per_label = " ".join(
                    f"{self._label_initials.get(name, name[:1].upper())}"
                    f"{document.label_counts[name]}"
                    for name in names if document.label_counts[name]
                )
                tally = f"{count} ({per_label})"
            else:
                tally = f"{count} annotation{'' if count == 1 else 's'}"
            return f"{STATUS_MARKS.get(document.status, '')} {document.title}\n" \
                f"{status} · {kind} · {tally}"
        if role == Qt.ItemDataRole.ToolTipRole:
            source = document.source_path or "pasted text"
            origin = SEPARATOR.join(provenance_parts(document.provenance))
            return plain_tooltip(
                f"{document.title}\n" + (f"{origin}\n" if origin else "")
                + f"{document.char_count:,} characters\n{source}\n"
                f"SHA-256 {document.sha256[:16]}…"
            )
        if role == DOCUMENT_ID_ROLE:
            return document.id
        return None


class DocumentDelegate(QStyledItemDelegate):
    """Draws a document as its title (bold, wrapped) over a grey line of details."""

    PADDING = 6

    def _parts(self, index: _Index) -> tuple[str, str]:
        title, _, details = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        return title, details

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() * 0.9, 7))
        return bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        title, details = self._parts(index)
        bold, small = self._fonts(option)
        width = max(option.rect.width(), 120) - 2 * self.PADDING
        title_rect = QFontMetrics(bold).boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), title
        )
        height = title_rect.height() + QFontMetrics(small).height() + 2 * self.PADDING + 2
        return QSize(width, height)

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:  # noqa: N802
        # the item's background, selection and focus are drawn by Qt; its text by :meth:`paint`
        super().initStyleOption(option, index)
        option.text = ""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # Qt's own painting (not QStyle's from here: PySide6 builds QStyle's twenty enum classes
        # on its first use from Python, some 6 ms of every start of the window)
        super().paint(painter, option, index)
        self.initStyleOption(option, index)
        title, details = self._parts(index)
        bold, small = self._fonts(option)
        view = option.widget
        selected = view is not None and view.selectionModel().isSelected(index)
        text_color = option.palette.highlightedText() if selected else option.palette.text()
        rect = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        painter.save()
        painter.setFont(bold)
        painter.setPen(text_color.color())
        title_rect = painter.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), title)
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), title)
        painter.setFont(small)
        detail_color = text_color.color()
        if not selected:
            detail_color = option.palette.placeholderText().color()
        painter.setPen(detail_color)
        detail_rect = QRect(rect.left(), title_rect.bottom() + 2, rect.width(), rect.height())
        painter.drawText(detail_rect, int(Qt.AlignmentFlag.AlignLeft), details)
        painter.restore()
