"""A bar above the article for lasting conditions: read-only sessions, work not yet on disk."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from annotator.gui.plain_text import MarkupLabel

_STYLES = {
    "warning": "background: #fff4ce; color: #3b2f00; border-bottom: 1px solid #e0c96b;",
    "error": "background: #fde7e9; color: #5c0011; border-bottom: 1px solid #e8a3ab;",
    "info": "background: #e8f1fb; color: #0b2a4a; border-bottom: 1px solid #a9c7ea;",
}


class MessageBar(QFrame):
    """A coloured strip with a message and up to a few buttons; hidden when there is nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = MarkupLabel()
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(12, 6, 8, 6)
        self._layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self.hide()

    def show_message(self, text: str, kind: str = "warning", buttons=()) -> None:
        """Show ``text``, the program's markup (every value from outside in it escaped with
        :func:`~annotator.gui.plain_text.escape_markup`); ``buttons`` are ``(caption, slot)``
        pairs."""
        for button in self._buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        for caption, slot in buttons:
            button = QPushButton(caption)
            button.clicked.connect(slot)
            self._layout.addWidget(button)
            self._buttons.append(button)
        self.setStyleSheet(f"#messageBar {{ {_STYLES[kind]} }}")
        self.label.setText(text)
        self.kind = kind
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
