"""File → Import from Web Address…: the address to fetch, checked as it is typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.article_properties import ADDRESS_HINT, web_address
from annotator.gui.plain_text import PlainLabel

# what the fetching allows (annotator.core.articles.web), written here so that the window starts
# without loading it; a test holds the two the same
TIMEOUT_SECONDS = 20
MAX_PAGE_MEGABYTES = 50


class WebAddressDialog(QDialog):
    """Asks for a web address; OK only when it is one. :meth:`address` is the address typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webAddressDialog")
        self.setWindowTitle("Import from Web Address")
        self.setMinimumWidth(520)
        intro = PlainLabel(
            "The page is fetched once and its article read as from a file (web page, text, "
            f"PDF or Word document, at most {MAX_PAGE_MEGABYTES} MB; the fetching gives up after "
            f"{TIMEOUT_SECONDS} seconds). Its address, outlet, authors and date are kept with it.")
        intro.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName("webAddressField")
        self.field.setPlaceholderText("https://…")
        self.field.setClearButtonEnabled(True)
        clipboard = QApplication.clipboard().text().strip()
        if web_address(clipboard):
            self.field.setText(clipboard)
            self.field.selectAll()
        self.hint = PlainLabel()
        self.hint.setObjectName("webAddressHint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.field)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check()

    def address(self) -> str | None:
        return web_address(self.field.text())

    def _check(self) -> None:
        typed = self.field.text().strip()
        ok = self.address() is not None
        self.hint.setText("" if ok or not typed else ADDRESS_HINT)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        if self.address() is not None:
            super().accept()


def ask_web_address(parent: QWidget | None) -> str | None:
    """The web address the reviewer typed (a web address on the clipboard is offered), or None."""
    dialog = WebAddressDialog(parent)
    return dialog.address() if dialog.exec() else None
