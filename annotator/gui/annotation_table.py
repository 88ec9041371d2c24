"""The table of annotations: a lazy Qt model over the session store.

By default the rows are one document's annotations in reading order (start, end, id): the model
reads rows in pages as the table shows them, so a document with a hundred thousand annotations
opens as fast as one with ten, and finds a row through the document's sorted keys, read from the
index once, shortly after the document opens. Filtered, sorted or across all documents (a
:class:`TableView`), the model reads the ordered ids of the rows once and pages through them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from annotator.core.defaults import CONFIDENCE_NAMES, VERDICTS  # until the session's scale
from annotator.gui.palette import label_color, swatch_icon
from annotator.gui.plain_text import plain_tooltip

if TYPE_CHECKING:
    from annotator.core.models import Annotation, Label
    from annotator.core.session.store import SessionStore

COLUMNS = ("Text", "Label", "Conf.", "Verdict", "Note", "Reviewer")
TEXT, LABEL, CONFIDENCE, VERDICT, NOTE, REVIEWER = range(len(COLUMNS))
ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_KEYS = ("quote", "label", "confidence", "verdict", "note", "reviewer")  # by column
PAGE = 50
MAX_CACHED_PAGES = 50
_Index = QModelIndex | QPersistentModelIndex
Key = tuple[int, int, int]
_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    ANNOTATION_ID_ROLE,
    DOCUMENT_ID_ROLE,
})


@dataclass(frozen=True)
class TableView:
    """Which annotations the table shows, and in what order."""

    document_id: int | None  # the open document
    all_documents: bool = False  # show every document's annotations instead
    label: str | None = None
    min_confidence: int | None = None
    reviewer: str | None = None
    words: str = ""
    order: str | None = None  # a column (see SORT_KEYS); None: reading order
    descending: bool = False

    @property
    def is_plain(self) -> bool:
        """One document, everything, in reading order: the fast path with sorted keys."""
        return (
            self.document_id is not None and not self.all_documents and not self.label
            and not self.min_confidence
            and not self.reviewer and not self.words.strip() and self.order is None
        )


class Row(NamedTuple):
    """What the table shows of an annotation (quote and note cut to 2,000 characters)."""

    id: int
    document_id: int
    start: int
    end: int
    quote: str
    label: str
    confidence: int
    verdict: str | None
    note: str
    reviewer: str

    @classmethod
    def of(cls, a: Annotation) -> Row:
        return cls(a.id or 0, a.document_id, a.start, a.end, a.quote[:2000], a.label,
                   a.confidence, a.verdict, a.note[:2000], a.reviewer)


def _key(annotation: Annotation) -> Key:
    return annotation.start, annotation.end, annotation.id or 0


class AnnotationTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._store: SessionStore | None = None
        self._document_id: int | None = None
        self._count = 0
        self._keys: list[Key] | None = None  # loaded on first need
        self._view = TableView(None)
        self._ids: list[int] | None = None  # the rows of a filtered or sorted view
        self._row_of_id: dict[int, int] | None = None
        self._pages: dict[int, list[Row]] = {}
        self._cell_cache: dict[int, tuple[Row, tuple]] = {}
        self._labels: dict[str, Label] = {}
        self._icons: dict[str, QIcon] = {}
        self._verdicts: dict[str, str] = dict(VERDICTS)  # key -> title, the session's scale

    # ------------------------------------------------------------------ content

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {label.name: label for label in labels}
        self._icons = {name: swatch_icon(label_color(lb)) for name, lb in self._labels.items()}

    def set_verdicts(self, titles: dict[str, str]) -> None:
        """The session's verdict titles (a key not among them is shown as it is)."""
        if titles != self._verdicts:
            self._verdicts = dict(titles)
            self._cell_cache.clear()
            if self.rowCount():
                self.dataChanged.emit(self.index(0, VERDICT),
                                      self.index(self.rowCount() - 1, VERDICT))

    def set_document(self, store: SessionStore | None, document_id: int | None) -> None:
        """Show a document, keeping the filters and the order (and a view of every document)."""
        self.set_view(replace(self._view, document_id=document_id), store)

    @property
    def view(self) -> TableView:
        return self._view

    def set_view(self, view: TableView, store: SessionStore | None = None) -> None:
        """Show the annotations ``view`` chooses."""
        self.beginResetModel()
        if store is not None:
            self._store = store
        self._view = view
        self._document_id = view.document_id
        self._pages.clear()
        self._keys = None
        self._ids = None
        self._row_of_id = None
        if self._store is None or (view.document_id is None and not view.all_documents):
            self._count = 0
        elif view.is_plain:
            self._count = self._store.annotation_count(view.document_id)
        else:
            self._ids = self._store.annotation_ids(
                None if view.all_documents else view.document_id, label=view.label,
                min_confidence=view.min_confidence, reviewer=view.reviewer, words=view.words,
                order=view.order,
                descending=view.descending,
            )
            self._count = len(self._ids)
        self.endResetModel()

    def load_keys(self) -> None:
        """Read the document's sorted keys now (the window calls this when it is idle)."""
        if (self._keys is None and self._ids is None and self._store is not None
                and self._document_id is not None):
            self._keys = self._read_keys()

    def _read_keys(self) -> list[Key]:
        assert self._store is not None and self._document_id is not None
        return self._store.annotation_keys(self._document_id)

    def inserted(self, annotation: Annotation) -> int | None:
        """A new annotation is in the store: show its row; returns the row (None if the
        view's filters leave it out)."""
        if self._ids is not None:
            self.set_view(self._view)
            return self.row_of(annotation)
        key = _key(annotation)
        if self._keys is None:
            keys = self._read_keys()  # the store has it already
            row = bisect_left(keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._keys = keys
        else:
            row = bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._keys.insert(row, key)
        self._count = len(self._keys)
        self._shift_pages(row, annotation)
        self.endInsertRows()
        return row

    def changed(self, annotation: Annotation) -> None:
        """An annotation's fields changed (its span did not)."""
        if self._ids is not None:
            self.set_view(self._view)  # it may now pass or fail the filters, or move
            return
        row = self.row_of(annotation)
        page = self._pages.get(row // PAGE)
        if page is not None and row % PAGE < len(page):
            page[row % PAGE] = Row.of(annotation)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def removed(self, annotation: Annotation) -> None:
        """An annotation left the store: remove its row."""
        if self._ids is not None:
            self.set_view(self._view)
            return
        key = _key(annotation)
        if self._keys is None:
            keys = self._read_keys()  # the store no longer has it
            row = bisect_left(keys, key)
            self.beginRemoveRows(QModelIndex(), row, row)
            self._keys = keys
        else:
            row = bisect_left(self._keys, key)
            self.beginRemoveRows(QModelIndex(), row, row)
            if row < len(self._keys) and self._keys[row] == key:
                del self._keys[row]
        self._count = len(self._keys)
        self._shift_pages(row, None)
        self.endRemoveRows()

    def row_of(self, annotation: Annotation) -> int | None:
        """The row showing an annotation, or None when the view leaves it out."""
        if self._ids is not None:
            if self._row_of_id is None:
                self._row_of_id = {i: row for row, i in enumerate(self._ids)}
            return self._row_of_id.get(annotation.id)
        if annotation.document_id != self._document_id:
            return None
        self.load_keys()
        assert self._keys is not None
        return bisect_left(self._keys, _key(annotation))

    def annotation_at(self, row: int) -> Row | None:
        if not 0 <= row < self._count or self._store is None or self._document_id is None:
            return None
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None or offset >= len(page):
            page = self._load_page(number)
        return page[offset] if offset < len(page) else None

    def _load_page(self, number: int) -> list[Row]:
        assert self._store is not None and self._document_id is not None
        if len(self._pages) >= MAX_CACHED_PAGES:
            self._pages.clear()
        first = number * PAGE
        if self._ids is not None:
            rows = self._store.annotation_rows_by_id(self._ids[first:first + PAGE])
        elif self._keys is not None and first < len(self._keys):
            rows = self._store.annotation_rows(
                self._document_id, after=self._keys[first], limit=PAGE
            )
        else:
            rows = self._store.annotation_rows(self._document_id, offset=first, limit=PAGE)
        page = [Row(*row) for row in rows]
        self._pages[number] = page
        return page

    def _shift_pages(self, row: int, inserted: Annotation | None) -> None:
        """Keep the cached page that holds ``row`` right after an insert or a removal; pages
        after it are read again when needed."""
        number, offset = divmod(row, PAGE)
        for later in [n for n in self._pages if n > number]:
            del self._pages[later]
        page = self._pages.get(number)
        if page is None:
            return
        if inserted is not None:
            page.insert(offset, Row.of(inserted))
            if len(page) > PAGE:
                page.pop()
        elif offset < len(page):
            del page[offset]  # the page is one short; annotation_at reads it again if needed

    def _cells(self, annotation: Row) -> tuple:
        """The displayed cells of a row, made once per version of the row."""
        cached = self._cell_cache.get(annotation.id)
        if cached is not None and cached[0] is annotation:
            return cached[1]
        label = self._labels.get(annotation.label)
        cells = (
            " ".join(annotation.quote[:300].split()),
            label.title if label else annotation.label,
            annotation.confidence,
            self._verdicts.get(annotation.verdict, annotation.verdict) if annotation.verdict
            else "",
            " ".join(annotation.note[:300].split()),
            annotation.reviewer,
        )
        if len(self._cell_cache) > 4 * PAGE:
            self._cell_cache.clear()
        self._cell_cache[annotation.id] = (annotation, cells)
        return cells

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
        # The table asks for a dozen roles per cell on every paint: answer the ones we do not
        # provide before any other work.
        if role not in _ROLES or not index.isValid():
            return None
        annotation = self.annotation_at(index.row())
        if annotation is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(annotation)[column]
        elif role == Qt.ItemDataRole.DecorationRole and column == LABEL:
            return self._icons.get(annotation.label)
        elif role == Qt.ItemDataRole.ToolTipRole:
            # the quote, the note and the rest are shown as they are: never as markup
            if column == CONFIDENCE:
                return plain_tooltip(CONFIDENCE_NAMES.get(annotation.confidence)) or None
            if column in (TEXT, NOTE):
                text = annotation.quote if column == TEXT else annotation.note[:2000]
                return plain_tooltip(text) or None
            if column == VERDICT and annotation.verdict:  # a long one is cut in its cell
                return plain_tooltip(self._verdicts.get(annotation.verdict, annotation.verdict))
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == CONFIDENCE:
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == ANNOTATION_ID_ROLE:
            return annotation.id
        elif role == DOCUMENT_ID_ROLE:
            return annotation.document_id
        return None
