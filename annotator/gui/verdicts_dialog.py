"""Edit the desk's verdict scale: titles, colours, ratings and order; add verdicts, remove the
ones no claim has, or start again from a preset. OK makes it one undoable change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.factcheck.verdict_scales import (
    PRESET_TITLES,
    PRESETS,
    SPARE_COLORS,
    Verdict,
    VerdictScale,
)
from annotator.gui.list_editor import list_editor
from annotator.gui.palette import swatch_icon
from annotator.gui.plain_text import PlainLabel, plain_tooltip, warn

if TYPE_CHECKING:
    from annotator.gui.review_state import ReviewState

TITLE, COLOUR, RATING = range(3)
KEY_ROLE = Qt.ItemDataRole.UserRole
MAX_RATING = 100


class VerdictsDialog(QDialog):
    """The scale as a table; :meth:`scale` gives the result (or raises with one sentence)."""

    def __init__(self, scale: VerdictScale, in_use: dict[str, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verdicts")
        self.setObjectName("verdictsDialog")
        self._original = scale
        self._in_use = dict(in_use)
        intro = PlainLabel(
            "Double-click a title to rename it (claims keep their verdict), a colour to pick "
            "another. A verdict with a rating is published in ClaimReview exports; one that "
            "is not rated never is. A verdict that claims have cannot be removed.")
        intro.setWordWrap(True)
        self.presets = QComboBox()
        self.presets.setObjectName("verdictPresets")
        self.presets.addItem("Start from a preset…", None)
        for name, title in PRESET_TITLES.items():
            self.presets.addItem(title, name)
        self.presets.activated.connect(self._preset_chosen)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("verdictTable")
        self.table.setHorizontalHeaderLabels(["Title", "Colour", "Rating"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.currentCellChanged.connect(lambda *_: self._update_remove())
        self._show(scale)
        self._build_buttons(intro)
        self.resize(560, 380)

    def _build_buttons(self, intro: PlainLabel) -> None:
        middle, self.remove_button = list_editor(
            self.table, self.add_verdict, self.remove_selected, self.move_selected)
        self.remove_button.setObjectName("removeVerdictButton")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.presets)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)
        self._update_remove()

    # ------------------------------------------------------------------ rows

    def _show(self, scale: VerdictScale | list[Verdict]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for verdict in scale:
            self._append(verdict)

    def _append(self, verdict: Verdict) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)  # no row without its rating box is ever looked at
        self.table.insertRow(row)
        title = QTableWidgetItem(verdict.title)
        title.setData(KEY_ROLE, verdict.key)
        colour = QTableWidgetItem(verdict.color.upper())
        colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
        colour.setIcon(swatch_icon(QColor(verdict.color)))
        self.table.setItem(row, TITLE, title)
        self.table.setItem(row, COLOUR, colour)
        rating = QSpinBox()
        rating.setRange(0, MAX_RATING)
        rating.setSpecialValueText("not rated")
        rating.setValue(verdict.rating or 0)
        rating.setToolTip("The rating published for this verdict (0: not rated, not published)")
        self.table.setCellWidget(row, RATING, rating)
        self.table.blockSignals(False)

    def _rows(self) -> list[Verdict]:
        """The rows as verdicts (each checked alone; the scale is checked by :meth:`scale`)."""
        verdicts = []
        for row in range(self.table.rowCount()):
            title = self.table.item(row, TITLE)
            rating = self.table.cellWidget(row, RATING).value()
            verdicts.append(Verdict(title.data(KEY_ROLE), title.text(),
                                    self.table.item(row, COLOUR).text().lower(),
                                    rating or None))
        return verdicts

    def _keys(self) -> list[str]:
        return [self.table.item(row, TITLE).data(KEY_ROLE)
                for row in range(self.table.rowCount())]

    def add_verdict(self) -> None:
        keys = set(self._keys())
        used = {self.table.item(row, COLOUR).text().lower()
                for row in range(self.table.rowCount())}
        colour = next((c for c in SPARE_COLORS if c not in used), SPARE_COLORS[0])
        key, number = "new_verdict", 2
        while key in keys:
            key, number = f"new_verdict_{number}", number + 1
        titles = {self.table.item(r, TITLE).text().casefold()
                  for r in range(self.table.rowCount())}
        title, number = "New verdict", 2
        while title.casefold() in titles:
            title, number = f"New verdict {number}", number + 1
        self._append(Verdict(key, title, colour))
        self.table.setCurrentCell(self.table.rowCount() - 1, TITLE)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, TITLE))

    def removable(self, row: int) -> str | None:
        """Why the verdict of ``row`` cannot be removed (the core's sentence), or None."""
        key = self.table.item(row, TITLE).data(KEY_ROLE)
        try:
            scale = VerdictScale(tuple(self._rows()))
        except AnnotatorError:
            scale = self._original if key in self._original else None
        if scale is None:
            return None
        return scale.removable(key, self._in_use)

    def _update_remove(self) -> None:
        row = self.table.currentRow()
        reason = self.removable(row) if row >= 0 else None
        self.remove_button.setEnabled(row >= 0 and reason is None)
        self.remove_button.setToolTip(plain_tooltip(reason or "Remove the selected verdict"))

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        reason = self.removable(row)
        if reason is not None:
            warn(self, "The verdict stays", reason)
            return
        self.table.blockSignals(True)
        self.table.removeRow(row)
        self.table.blockSignals(False)
        self._update_remove()

    def move_selected(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        try:
            verdicts = self._rows()
        except AnnotatorError as exc:
            warn(self, "The verdicts were not moved", str(exc))
            return
        verdicts.insert(target, verdicts.pop(row))
        self._show(verdicts)
        self.table.setCurrentCell(target, TITLE)

    def _double_clicked(self, row: int, column: int) -> None:
        if column != COLOUR:
            return
        item = self.table.item(row, COLOUR)
        chosen = QColorDialog.getColor(QColor(item.text()), self, "Verdict colour")
        if chosen.isValid():
            self.set_colour(row, chosen.name())

    def set_colour(self, row: int, colour: str) -> None:
        item = self.table.item(row, COLOUR)
        item.setText(colour.upper())
        item.setIcon(swatch_icon(QColor(colour)))

    def _preset_chosen(self, index: int) -> None:
        name = self.presets.itemData(index)
        self.presets.setCurrentIndex(0)
        if name is not None:
            self.apply_preset(name)

    def apply_preset(self, name: str) -> bool:
        """Show the preset ``name``; refused (with the core's sentence) when it leaves out a
        verdict that claims have."""
        scale = PRESETS[name]
        for key in self._in_use:
            if key not in scale:
                reason = (self._original.removable(key, self._in_use)
                          if key in self._original else None)
                warn(self, "The preset was not applied", reason or
                     f"{self._in_use[key]:,} claims have the verdict {key!r}, which the preset "
                     "leaves out.")
                return False
        self._show(scale)
        self._update_remove()
        return True

    # ------------------------------------------------------------------ result

    def scale(self) -> VerdictScale:
        """The edited scale; raises AnnotatorError with one sentence when it is not valid."""
        return VerdictScale(tuple(self._rows()))

    def _ok(self) -> None:
        try:
            self.scale()
        except AnnotatorError as exc:
            warn(self, "The verdicts are not right yet", str(exc))
            return
        self.accept()


def edit_verdicts(state: ReviewState, parent: QWidget | None = None) -> bool:
    """*Annotate → Edit Verdicts…*: the dialog, then one undoable change (False if cancelled or
    refused)."""
    if state.controller is None or not state.writable:
        return False
    store = state.controller.store
    dialog = VerdictsDialog(store.verdict_scale(), store.verdicts_in_use(), parent)
    if not dialog.exec():
        return False
    return state.controller.set_verdict_scale(dialog.scale())
