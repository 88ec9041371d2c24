"""Text that came from a file or a person is shown as text, never read as Qt markup.

Qt guesses whether a string is rich text (``Qt.mightBeRichText``) wherever it is shown with
``Qt.AutoText``: a QLabel, a tooltip, a message box, the label of an input or progress dialog.
A title such as ``<img src="/dev/zero">`` would then be *loaded* (reading a device forever, a
FIFO, any local picture) and styled markup would be painted into the window. So the window
never shows such a string with ``AutoText``:

* labels are :class:`PlainLabel` (plain text), or :class:`MarkupLabel` for the program's own
  markup, into which every outside value goes through :func:`escape_markup`;
* tooltips go through :func:`plain_tooltip` (escaped, so Qt shows the characters as they are);
* message boxes are made by :func:`message_box` (and :func:`warn`, :func:`inform`, :func:`ask`),
  input dialogs by :func:`ask_item` / :func:`ask_text`, progress dialogs get a
  :class:`PlainLabel` through :func:`plain_progress_label`.

Window titles, menu entries, buttons, list and table cells, combo boxes and the status bar are
always plain text in Qt and need nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:  # the dialogs are loaded when first shown
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

__all__ = [
    "MarkupLabel",
    "PlainLabel",
    "ask",
    "ask_item",
    "ask_text",
    "escape_markup",
    "inform",
    "message_box",
    "plain_progress_label",
    "plain_tooltip",
    "warn",
]


def escape_markup(text: object) -> str:
    """``text`` made safe to put inside the program's own markup (``<``, ``>``, ``&``, quotes)."""
    from html import escape  # not needed before the first paint (html loads its entity tables)

    return escape(str(text), quote=True)


def plain_tooltip(text: str | None) -> str:
    """A tooltip that shows ``text`` exactly (line breaks kept), whatever it contains."""
    if not text:
        return ""
    # Qt's own conversion (in QtGui's Qt namespace): escaped, in a <p>, line breaks kept
    return QtGui.Qt.convertFromPlainText(str(text), Qt.WhiteSpaceMode.WhiteSpacePre)


class PlainLabel(QLabel):
    """A label that shows its text as it is: never markup, never a picture."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)


class MarkupLabel(QLabel):
    """A label showing the program's own markup (``<b>`` …); any value from outside in it must
    have gone through :func:`escape_markup`."""

    def __init__(self, markup: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(markup)


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton | None = None,
) -> QMessageBox:
    """A message box that shows ``text`` as plain text (not shown yet: call ``exec()``); an OK
    button unless ``buttons`` are named."""
    from PySide6.QtWidgets import QMessageBox

    if buttons is None:
        buttons = QMessageBox.StandardButton.Ok
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    message_box(parent, QMessageBox.Icon.Information, title, text).exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes / No question; True for Yes."""
    from PySide6.QtWidgets import QMessageBox

    box = message_box(
        parent, QMessageBox.Icon.Question, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.exec()
    return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)


def _plain_labels(dialog: QWidget) -> None:
    for label in dialog.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)


def ask_item(
    parent: QWidget | None, title: str, question: str, items: list[str], current: int = 0
) -> tuple[str, bool]:
    """Like ``QInputDialog.getItem`` (not editable), the question shown as plain text."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(question)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    if 0 <= current < len(items):
        dialog.setTextValue(items[current])
    _plain_labels(dialog)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok


def ask_text(
    parent: QWidget | None, title: str, question: str, text: str = ""
) -> tuple[str, bool]:
    """Like ``QInputDialog.getText``, the question shown as plain text."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(question)
    dialog.setTextValue(text)
    _plain_labels(dialog)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok


def plain_progress_label(dialog: QProgressDialog) -> QProgressDialog:
    """Give a progress dialog a label that shows file names and titles as plain text."""
    text = dialog.labelText()
    dialog.setLabel(PlainLabel(text))
    return dialog
