"""The find field above the article: Enter selects the next match, Escape returns to the text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from annotator.gui.plain_text import PlainLabel


class FindField(QLineEdit):
    """A line edit that reports Enter, Shift+Enter and Escape."""

    nextRequested = Signal()
    previousRequested = Signal()
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.field = FindField()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in article  (Ctrl+F, then Enter)")
        self.field.setClearButtonEnabled(True)
        self.status = PlainLabel()
        self.status.setObjectName("findStatus")
        self.status.setMinimumWidth(90)
        self.previous_button = QToolButton()
        self.previous_button.setText("▲")
        self.previous_button.setToolTip("Previous match (Shift+Enter)")
        self.previous_button.setAutoRaise(True)
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (Enter)")
        self.next_button.setAutoRaise(True)
        self.previous_button.clicked.connect(self.field.previousRequested)
        self.next_button.clicked.connect(self.field.nextRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.status)

    def show_count(self, index: int, total: int, query: str) -> None:
        if not query:
            self.status.setText("")
        elif total == 0:
            self.status.setText("No matches")
        else:
            self.status.setText(f"{index} of {total}" if index else f"{total} matches")
