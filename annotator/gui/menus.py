"""Building blocks of the window's menus and tool bars: groups of actions, Undo and Redo, the
main tool bar and the labels' tool bar."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar, QWidget

from annotator.gui.plain_text import PlainLabel, plain_tooltip


def main_toolbar(parent: QWidget, actions: list[QAction], undo_group: QUndoGroup) -> QToolBar:
    """The actions given, then Undo and Redo, whose tips name what they would undo or redo."""
    toolbar = QToolBar("Main", parent)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions(actions)
    toolbar.addSeparator()
    undo = QAction("Undo", parent)
    undo.triggered.connect(undo_group.undo)
    redo = QAction("Redo", parent)
    redo.triggered.connect(undo_group.redo)
    undo_group.canUndoChanged.connect(undo.setEnabled)
    undo_group.canRedoChanged.connect(redo.setEnabled)
    undo_group.undoTextChanged.connect(
        lambda text: undo.setToolTip(plain_tooltip(f"Undo {text} (Ctrl+Z)")))
    undo_group.redoTextChanged.connect(
        lambda text: redo.setToolTip(plain_tooltip(f"Redo {text} (Ctrl+Shift+Z)")))
    undo.setEnabled(False)
    redo.setEnabled(False)
    toolbar.addActions([undo, redo])
    return toolbar


def add_dock(window: QMainWindow, title: str, name: str, widget: QWidget, area) -> QDockWidget:
    """A dock that can be moved and floated (not closed: the View menu shows and hides it)."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(area, dock)
    return dock


def label_toolbar(parent: QWidget) -> QToolBar:
    toolbar = QToolBar("Labels", parent)
    toolbar.setObjectName("labelToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(14, 14))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return toolbar


def fill_label_toolbar(toolbar: QToolBar, actions: list[QAction]) -> None:
    toolbar.clear()
    toolbar.addWidget(PlainLabel(" Tag as: "))
    toolbar.addActions(actions)


def undo_actions(parent: QWidget, group: QUndoGroup) -> tuple[QAction, QAction]:
    """Edit → Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z or Ctrl+Y), named after what they would do."""
    undo = group.createUndoAction(parent, "&Undo")
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    undo.setObjectName("undoAction")
    redo = group.createRedoAction(parent, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setObjectName("redoAction")
    return undo, redo


def add_groups(menu: QMenu, *groups: list[QAction]) -> None:
    """The groups of actions one after the other, a separator between two."""
    for number, group in enumerate(groups):
        if number:
            menu.addSeparator()
        menu.addActions(group)
