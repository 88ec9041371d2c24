"""Edit the session's labels: titles, colours, keys and order; add labels, remove unused ones."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import Label
from annotator.gui.list_editor import list_editor
from annotator.gui.palette import swatch_icon
from annotator.gui.plain_text import PlainLabel

TITLE, NAME, COLOUR, KEY = range(4)
_DEFAULTS = frozenset(label.name for label in DEFAULT_LABELS)
_NEW_COLOURS = ("#56B4E9", "#009E73", "#D55E00", "#F0E442", "#000000")


def slug(title: str, taken: set[str]) -> str:
    """A label name for a new title: lower case letters, digits, - and _ (unique)."""
    base = re.sub(r"[^a-z0-9_-]+", "-", title.casefold()).strip("-_") or "label"
    if not base[0].isalpha():
        base = "label-" + base
    base = base[:36]
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


class LabelsDialog(QDialog):
    """The label set as a table; ``labels()`` gives the result (the window makes it one
    undoable change)."""

    def __init__(self, labels: list[Label], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Labels")
        self.setObjectName("labelsDialog")
        intro = PlainLabel(
            "Double-click a title or a key to change it, a colour to pick another. Claims, "
            "estimates and attributions always stay; other labels can be removed while no "
            "annotation uses them. J, K, N and L are taken by navigation."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("labelTable")
        self.table.setHorizontalHeaderLabels(["Title", "Name (in exports)", "Colour", "Key"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            NAME, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self._existing = {label.name for label in labels}
        for label in labels:
            self._append(label)
        self.table.itemChanged.connect(self._item_changed)
        middle, self.remove_button = list_editor(
            self.table, self.add_label, self.remove_selected, self.move_selected)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)
        self.resize(620, 360)

    # ------------------------------------------------------------------ rows

    def _append(self, label: Label) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        title = QTableWidgetItem(label.title)
        name = QTableWidgetItem(label.name)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        colour = QTableWidgetItem(label.color.upper())
        colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
        colour.setIcon(swatch_icon(QColor(label.color)))
        key = QTableWidgetItem(label.shortcut or "")
        name.setData(Qt.ItemDataRole.UserRole, label.description)
        for column, item in ((TITLE, title), (NAME, name), (COLOUR, colour), (KEY, key)):
            self.table.setItem(row, column, item)

    def add_label(self) -> None:
        taken = {self.table.item(r, NAME).text() for r in range(self.table.rowCount())}
        colour = _NEW_COLOURS[self.table.rowCount() % len(_NEW_COLOURS)]
        self._append(Label(name=slug("new label", taken), title="New label", color=colour))
        self.table.setCurrentCell(self.table.rowCount() - 1, TITLE)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, TITLE))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        """A new label takes its name from its title (existing labels keep theirs)."""
        if item.column() != TITLE:
            return
        name_item = self.table.item(item.row(), NAME)
        if name_item is None or name_item.text() in self._existing:
            return
        taken = {self.table.item(r, NAME).text() for r in range(self.table.rowCount())
                 if r != item.row()}
        self.table.blockSignals(True)
        name_item.setText(slug(item.text(), taken))
        self.table.blockSignals(False)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and self.table.item(row, NAME).text() not in _DEFAULTS:
            self.table.removeRow(row)

    def move_selected(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        labels = self.labels(validate=False)
        labels.insert(target, labels.pop(row))
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for label in labels:
            self._append(label)
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, TITLE)

    def _double_clicked(self, row: int, column: int) -> None:
        if column != COLOUR:
            return
        item = self.table.item(row, COLOUR)
        chosen = QColorDialog.getColor(QColor(item.text()), self, "Label colour")
        if chosen.isValid():
            item.setText(chosen.name().upper())
            item.setIcon(swatch_icon(chosen))

    # ------------------------------------------------------------------ result

    def labels(self, *, validate: bool = True) -> list[Label]:
        result = []
        for row in range(self.table.rowCount()):
            key = self.table.item(row, KEY).text().strip().upper()[:1] or None
            name_item = self.table.item(row, NAME)
            result.append(Label.model_construct(
                name=name_item.text(),
                title=self.table.item(row, TITLE).text().strip() or name_item.text(),
                color=self.table.item(row, COLOUR).text(),
                shortcut=key if key and key.isalpha() else None,
                position=row,
                description=name_item.data(Qt.ItemDataRole.UserRole) or "",
            ))
        if validate:
            result = [Label.model_validate(label.model_dump()) for label in result]
        return result
