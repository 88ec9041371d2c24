"""Making a window's actions: a title, what it does, its shortcuts, a tip and a name."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from annotator.gui.plain_text import plain_tooltip


def make_action(
    parent: QObject, text: str, slot, shortcut=None, tip: str | None = None,
    name: str | None = None,
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        if isinstance(shortcut, list | tuple):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(plain_tooltip(tip))
    if name:
        action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    return action
