"""The adjudication panel: the open article's items (where reviewers' spans overlap), each
reviewer's version in lanes, and the decisions that build the gold layer.

It reads through :mod:`annotator.core.review.adjudication` and changes the session only through the
controller's undo commands (accept into gold, reject, reopen).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.review.adjudication import GOLD_REVIEWER, Item, items
from annotator.core.wording import counted, noun_for
from annotator.gui.plain_text import MarkupLabel, escape_markup, plain_tooltip

CONTEXT = 24  # characters of text shown either side of an item in the lanes
_WHITE_SPACE = re.compile(r"\s")
LANE_HEIGHT = 18
NAME_WIDTH = 96
OPEN_DISAGREEMENT = "⚠"
OPEN_AGREEMENT = "○"
ACCEPTED = "✔"
REJECTED = "✕"


def context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of text shown around ``[start, end)``: up to :data:`CONTEXT` characters
    either side, cut at white space so that no word is shown in part (unless it is the only
    word there)."""
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    if lo > 0 and (space := _WHITE_SPACE.search(text, lo, start)):
        lo = space.end()
    if hi < len(text):
        spaces = [m.start() for m in _WHITE_SPACE.finditer(text, end, hi)]
        if spaces:
            hi = spaces[-1]
    return lo, hi


class ReviewerLanes(QWidget):
    """The item's text with one lane per reviewer (and the gold layer) under it: each span a
    bar in its label's colour under the characters it covers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewerLanes")
        self._snippet = ""
        self._offset = 0
        self._lanes: list[tuple[str, list[tuple[int, int, str]]]] = []
        self._colours: dict[str, QColor] = {}
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

    def set_item(self, text: str, item: Item | None, colours: dict[str, QColor]) -> None:
        self._colours = colours
        if item is None:
            self._snippet, self._lanes = "", []
        else:
            start, stop = context_bounds(text, item.start, item.end)
            lead = "… " if start > 0 else ""
            trail = " …" if stop < len(text) else ""
            self._offset = start - len(lead)  # text offset - _offset = index in the snippet
            self._snippet = lead + text[start:stop].replace("\n", " ") + trail
            lanes: dict[str, list[tuple[int, int, str]]] = {name: [] for name in item.reviewers}
            for version in item.versions:
                lanes.setdefault(version.reviewer, []).append(
                    (version.start, version.end, version.label))
            lanes[GOLD_REVIEWER] = [(g.start, g.end, g.label) for g in item.gold]
            self._lanes = list(lanes.items())
        self.resize(self.sizeHint())
        self.updateGeometry()
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF()))
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetricsF(self._font())
        width = NAME_WIDTH + metrics.horizontalAdvance(self._snippet) + 16
        height = metrics.height() + 10 + LANE_HEIGHT * len(self._lanes) + 6
        return QSize(int(width), int(height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        if not self._snippet:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self._font()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        text_colour = self.palette().text().color()
        muted = self.palette().placeholderText().color()
        top = metrics.ascent() + 4
        painter.setPen(text_colour)
        painter.drawText(int(NAME_WIDTH), int(top), self._snippet)

        def x_of(offset: int) -> float:
            local = min(max(offset - self._offset, 0), len(self._snippet))
            return NAME_WIDTH + metrics.horizontalAdvance(self._snippet[:local])

        y = metrics.height() + 10
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        for name, spans in self._lanes:
            painter.setFont(small)
            painter.setPen(muted if name != GOLD_REVIEWER else text_colour)
            painter.drawText(QRectF(4, y, NAME_WIDTH - 8, LANE_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             QFontMetricsF(small).elidedText(name, Qt.TextElideMode.ElideRight,
                                                             NAME_WIDTH - 8))
            painter.setPen(QPen(muted, 1, Qt.PenStyle.DotLine))
            painter.drawLine(int(NAME_WIDTH), int(y + LANE_HEIGHT / 2),
                             int(self.width() - 4), int(y + LANE_HEIGHT / 2))
            for start, end, label in spans:
                colour = self._colours.get(label, QColor("#7f7f7f"))
                rect = QRectF(x_of(start), y + 3, max(3.0, x_of(end) - x_of(start)),
                              LANE_HEIGHT - 6)
                painter.setPen(QPen(colour.darker(130), 1))
                painter.setBrush(colour)
                painter.drawRoundedRect(rect, 3, 3)
                painter.setPen(QColor("white") if colour.lightness() < 150 else QColor("black"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                                 QFontMetricsF(small).elidedText(
                                     label, Qt.TextElideMode.ElideRight, rect.width() - 4))
            y += LANE_HEIGHT
        painter.end()


class AdjudicationPanel(QWidget):
    """Items of the open article, the versions of the chosen one, and the decisions."""

    itemChosen = Signal(int, int)  # start, end of the chosen item: show it in the article
    annotationChosen = Signal(int)  # make this annotation current (after "accept and edit")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjudicationPanel")
        self.controller = None
        self.store = None
        self.document_id: int | None = None
        self.items: list[Item] = []
        self._colours: dict[str, QColor] = {}
        self._titles: dict[str, str] = {}
        self._build_items()
        self._build_versions()
        self._build_buttons()
        self._build_layout()
        self._update_buttons()

    def _build_items(self) -> None:
        self.counts = MarkupLabel()
        self.counts.setObjectName("adjudicationCounts")
        self.counts.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("adjudicationItems")
        # a long item wraps onto a second line: its reason ("labels differ…") stays in view
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.currentRowChanged.connect(self._item_chosen)
        self.lanes = ReviewerLanes()
        self.lanes_area = lanes_area = QScrollArea()
        lanes_area.setWidget(self.lanes)
        lanes_area.setWidgetResizable(False)
        lanes_area.setFrameShape(QScrollArea.Shape.NoFrame)

    def _build_versions(self) -> None:
        self.versions = QTableWidget(0, 5)
        self.versions.setObjectName("adjudicationVersions")
        self.versions.setHorizontalHeaderLabels(["Reviewer", "Label", "Text", "Conf.", "Note"])
        self.versions.verticalHeader().setVisible(False)
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # reviewer, label and confidence as wide as they need, text and note share the rest
        header = self.versions.horizontalHeader()
        for column, mode in enumerate((
            QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents,
            QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents,
            QHeaderView.ResizeMode.Stretch,
        )):
            header.setSectionResizeMode(column, mode)
        self.versions.itemSelectionChanged.connect(self._update_buttons)
        self.versions.doubleClicked.connect(lambda _index: self.accept_selected())
        # the keyboard, in the list or the table: Enter accepts the chosen version,
        # Ctrl+Enter accepts and edits, Delete rejects the item (not the window's Delete)
        for widget in (self.list, self.versions):
            widget.installEventFilter(self)

    def _build_buttons(self) -> None:
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Copy the chosen reviewer's span into the gold layer "
                                      "(Enter, or a double-click on a version)")
        self.accept_button.clicked.connect(self.accept_selected)
        self.edit_button = QPushButton("Accept and Edit")
        self.edit_button.setToolTip("Accept it, then change its label, confidence, note or "
                                    "verdict in the inspector (Ctrl+Enter)")
        self.edit_button.clicked.connect(lambda: self.accept_selected(edit=True))
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip("No span of this stretch goes into the gold layer "
                                      "(Delete)")
        self.reject_button.clicked.connect(self.reject_current)
        self.reopen_button = QPushButton("Reopen")
        self.reopen_button.setToolTip("Take back the rejection of this stretch")
        self.reopen_button.clicked.connect(lambda: self.reject_current(reject=False))
        self.accept_agreements_button = QPushButton("Accept All Agreements")
        self.accept_agreements_button.setToolTip(
            "Every open item where all reviewers tagged the same span with the same label "
            "goes into the gold layer")
        self.accept_agreements_button.clicked.connect(self.accept_agreements)
        self.gold_tags = QCheckBox("New tags go to the gold layer")
        self.gold_tags.setObjectName("goldTags")
        self.gold_tags.setToolTip("While this is on, text you select and tag (C, E, A…) is "
                                  "added to the gold layer: to draw a span no reviewer drew")

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.reject_button,
                       self.reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.gold_tags)
        bottom.addStretch(1)
        bottom.addWidget(self.accept_agreements_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.counts)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(bottom)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.lanes_area)
        right_layout.addWidget(self.versions, 1)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(splitter)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key = event.key()
            ours = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)
            if ours and kind == QEvent.Type.ShortcutOverride:
                event.accept()  # the key is ours here, not a window shortcut's
                return True
            if ours:
                if key == Qt.Key.Key_Delete:
                    self.reject_current()
                else:
                    control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                    self.accept_selected(edit=control)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ state

    def set_session(self, controller, store) -> None:
        self.controller, self.store = controller, store
        self.document_id = None
        self.refresh()

    def set_labels(self, labels) -> None:
        self._colours = {label.name: QColor(label.color) for label in labels}
        self._titles = {label.name: label.title for label in labels}

    def set_document(self, document_id: int | None) -> None:
        if document_id != self.document_id:
            self.document_id = document_id
            self.refresh()

    def refresh(self) -> None:
        """Read the open article's items again, keeping the chosen one where it can."""
        chosen = self.current_item()
        key = (chosen.start, chosen.end) if chosen else None
        self.items = (
            items(self.store, self.document_id)
            if self.store is not None and self.document_id is not None else []
        )
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            entry = QListWidgetItem(self._describe(item))
            entry.setToolTip(plain_tooltip(item.describe()))
            if item.decided:
                entry.setForeground(self.palette().placeholderText())
            self.list.addItem(entry)
        self.list.blockSignals(False)
        open_disagreements = sum(i.open and i.disagreement for i in self.items)
        open_agreements = sum(i.open and not i.disagreement for i in self.items)
        decided = sum(i.decided for i in self.items)
        reviewers = self.items[0].reviewers if self.items else ()
        if self.document_id is None:
            self.counts.setText("Open an article to adjudicate it.")
        elif not self.items:
            self.counts.setText("No reviewer has tagged this article yet.")
        else:
            self.counts.setText(
                f"<b>{open_disagreements}</b> "
                f"{noun_for(open_disagreements, 'open disagreement')}, "
                f"<b>{open_agreements}</b> {noun_for(open_agreements, 'open agreement')}, "
                f"{decided} decided · {counted(len(reviewers), 'reviewer')}: "
                f"{escape_markup(', '.join(reviewers))}"
            )
        row = next((n for n, i in enumerate(self.items) if (i.start, i.end) == key), None)
        if row is None and self.items:
            row = 0
        if row is not None:
            self.list.setCurrentRow(row)
        else:
            self._item_chosen(-1)

    def _describe(self, item: Item) -> str:
        if item.rejected:
            mark = REJECTED
        elif item.gold:
            mark = ACCEPTED
        else:
            mark = OPEN_DISAGREEMENT if item.disagreement else OPEN_AGREEMENT
        text = self._text()[item.start:item.end].replace("\n", " ")
        if len(text) > 60:
            text = text[:59] + "…"
        return f"{mark}  “{text}” — {item.describe()}"

    def _text(self) -> str:
        if self.store is None or self.document_id is None:
            return ""
        return self.store.document_text(self.document_id)

    def current_item(self) -> Item | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _item_chosen(self, row: int) -> None:
        item = self.items[row] if 0 <= row < len(self.items) else None
        self.lanes.set_item(self._text(), item, self._colours)
        scrollbar = self.lanes_area.horizontalScrollBar().sizeHint().height()
        self.lanes_area.setFixedHeight(min(self.lanes.sizeHint().height() + scrollbar + 4, 220))
        self.versions.setRowCount(0)
        if item is not None:
            rows = [*item.versions, *item.gold]
            self.versions.setRowCount(len(rows))
            for n, version in enumerate(rows):
                cells = [version.reviewer, self._titles.get(version.label, version.label),
                         version.quote.replace("\n", " "), str(version.confidence),
                         version.note.replace("\n", " ")]
                for column, value in enumerate(cells):
                    cell = QTableWidgetItem(value)
                    cell.setData(Qt.ItemDataRole.UserRole, version.id)
                    if column == 1 and version.label in self._colours:
                        cell.setForeground(self._colours[version.label].darker(120))
                    self.versions.setItem(n, column, cell)
            if item.versions:
                self.versions.selectRow(0)
            self.itemChosen.emit(item.start, item.end)
        self._update_buttons()

    def _selected_version(self) -> int | None:
        selected = self.versions.selectionModel().selectedRows()
        if not selected:
            return None
        cell = self.versions.item(selected[0].row(), 0)
        item = self.current_item()
        version_id = cell.data(Qt.ItemDataRole.UserRole) if cell else None
        if item is None or version_id not in {v.id for v in item.versions}:
            return None  # a gold row: nothing to accept
        return version_id

    def _update_buttons(self) -> None:
        item = self.current_item()
        writable = self.store is not None and not self.store.read_only
        version = self._selected_version()
        self.accept_button.setEnabled(writable and version is not None)
        self.edit_button.setEnabled(writable and version is not None)
        self.reject_button.setEnabled(writable and item is not None and not item.rejected)
        self.reopen_button.setEnabled(writable and item is not None and item.rejected)
        self.accept_agreements_button.setEnabled(
            writable and any(i.open and not i.disagreement for i in self.items))
        self.gold_tags.setEnabled(writable)

    # ------------------------------------------------------------------ decisions

    def accept_selected(self, *, edit: bool = False) -> None:
        version = self._selected_version()
        if self.controller is None or version is None:
            return
        gold = self.controller.accept_into_gold(version)
        if gold is not None:
            self.refresh()
            if edit:
                self.annotationChosen.emit(gold.id)
            else:
                self.next_open()

    def reject_current(self, *, reject: bool = True) -> None:
        item = self.current_item()
        if self.controller is None or item is None:
            return
        if self.controller.reject_span(item.document_id, item.start, item.end, reject=reject):
            self.refresh()
            if reject:
                self.next_open()

    def accept_agreements(self) -> int:
        """Accept every open agreement, all in one undo step; returns how many."""
        if self.controller is None:
            return 0
        accepted = 0
        stack = self.controller.undo_stack
        stack.beginMacro("Accept all agreements into the gold layer")
        try:
            for item in [i for i in self.items if i.open and not i.disagreement]:
                if self.controller.accept_into_gold(item.versions[0].id) is not None:
                    accepted += 1
        finally:
            stack.endMacro()
        self.refresh()
        return accepted

    def next_open(self) -> None:
        """Choose the first open item (disagreements come first)."""
        row = next((n for n, i in enumerate(self.items) if i.open), None)
        if row is not None:
            self.list.setCurrentRow(row)

    def tag_reviewer(self) -> str | None:
        """Whom new tags are recorded for: the gold layer while the box is ticked."""
        return GOLD_REVIEWER if self.gold_tags.isChecked() and self.isVisible() else None
