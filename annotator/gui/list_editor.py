"""The table-and-buttons layout of the dialogs that edit an ordered list (labels, verdicts):
the table on the left, Add, Remove, Move Up and Move Down beside it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidget, QVBoxLayout


def list_editor(table: QTableWidget, add: Callable[[], None], remove: Callable[[], None],
                move: Callable[[int], None]) -> tuple[QHBoxLayout, QPushButton]:
    """The table with its buttons beside it; returns the layout and the Remove button (which a
    dialog enables as its rows allow)."""
    add_button = QPushButton("Add")
    add_button.clicked.connect(add)
    remove_button = QPushButton("Remove")
    remove_button.clicked.connect(remove)
    up = QPushButton("Move Up")
    up.clicked.connect(lambda: move(-1))
    down = QPushButton("Move Down")
    down.clicked.connect(lambda: move(+1))
    side = QVBoxLayout()
    for button in (add_button, remove_button, up, down):
        side.addWidget(button)
    side.addStretch(1)
    layout = QHBoxLayout()
    layout.addWidget(table, 1)
    layout.addLayout(side)
    return layout, remove_button
