"""Where the open article came from, in one line under its title: "Outlet · Authors · Published
5 March 2026 · address", elided to fit, the whole in a tooltip; the address opens in the browser
on a click on it (never by itself). Nothing is shown when nothing is known."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QMouseEvent, QPalette, Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from annotator.gui.plain_text import PlainLabel, plain_tooltip

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from annotator.core.articles.provenance import Provenance

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SEPARATOR = " · "


def long_date(day: date | None) -> str:
    """"5 March 2026" (the same in every locale), or "" when the date is not known."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def provenance_parts(provenance: Provenance, *, short: bool = False) -> list[str]:
    """The outlet, the authors and the date published, each as shown, when known; ``short``
    names only the first author of several ("Jane Doe et al.")."""
    authors = provenance.author_line
    if short and len(provenance.authors) > 1:
        authors = f"{provenance.authors[0]} et al."
    parts = [provenance.outlet or "", authors]
    if provenance.published:
        parts.append(f"Published {long_date(provenance.published)}")
    return [part for part in parts if part]


def provenance_summary(provenance: Provenance) -> str:
    """Everything known of where an article came from, one field a line (for tooltips)."""
    rows = [("Outlet", provenance.outlet or ""), ("By", provenance.author_line),
            ("Published", long_date(provenance.published)),
            ("Retrieved", long_date(provenance.retrieved)), ("Address", provenance.url or "")]
    return "\n".join(f"{name}: {value}" for name, value in rows if value)


def shown_address(url: str | None) -> str:
    """A web address as the line shows it: without ``http(s)://`` and a last ``/``."""
    if not url:
        return ""
    return re.sub(r"^https?://", "", url, flags=re.IGNORECASE).rstrip("/") or url


class AddressLabel(PlainLabel):
    """A web address shown as a link: a click on it (and nothing else) asks for it to open."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("articleAddress")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        font = self.font()
        font.setUnderline(True)
        self.setFont(font)
        self.setForegroundRole(QPalette.ColorRole.Link)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)


class ProvenanceLine(QWidget):
    """The line under the article's title (hidden when nothing is known)."""

    addressOpened = Signal(str)  # the address the reviewer clicked, just handed to the browser

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleProvenance")
        self._details_text = self._short_text = ""
        self.url: str | None = None
        self.details = PlainLabel()
        self.details.setObjectName("articleDetails")
        self.details.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.address = AddressLabel()
        self.address.clicked.connect(self.open_address)
        for label in (self.details, self.address):
            label.setMinimumWidth(1)  # not its text's width: the line never holds the pane wide
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.details)
        layout.addWidget(self.address)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.hide()

    def set_provenance(self, provenance: Provenance | None) -> None:
        """Show where the article came from; hide the line when nothing is known."""
        if provenance is None or provenance.is_empty:
            self._details_text = self._short_text = ""
            self.url = None
            self.setToolTip("")
            self.hide()
            return
        self.url = provenance.url
        self._details_text = SEPARATOR.join(provenance_parts(provenance))
        self._short_text = SEPARATOR.join(provenance_parts(provenance, short=True))
        self.setToolTip(plain_tooltip(provenance_summary(provenance)))
        self.address.setToolTip(plain_tooltip(
            f"{self.url}\nClick to open it in your web browser" if self.url else ""))
        self.address.setVisible(bool(self.url))
        self.details.setVisible(bool(self._details_text))
        self.show()
        self._elide()

    def text(self) -> str:
        """The whole line, not elided."""
        return self._separator().join(filter(None, [self._details_text, self.url or ""]))

    def _separator(self) -> str:
        return SEPARATOR if self._details_text and self.url else ""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        """Fit the line to the width: the address (shown without its ``https://``) gives up its
        end first, down to a stub that can still be clicked; then the authors of several are
        the first "et al."; then the details give up their end."""
        margins = self.layout().contentsMargins()
        room = max(self.width() - margins.left() - margins.right(), 40)
        details_metrics = self.details.fontMetrics()
        address_metrics = self.address.fontMetrics()
        details = self._details_text + self._separator()
        details_width = details_metrics.horizontalAdvance(details)
        url = shown_address(self.url)
        address_width = address_metrics.horizontalAdvance(url) if url else 0
        if details_width + address_width > room:
            least = min(address_width, address_metrics.horizontalAdvance("www.example…"))
            if details_width + least > room:
                details = self._short_text + self._separator()
                details_width = details_metrics.horizontalAdvance(details)
            if url:
                address_width = min(address_width, max(least, room - details_width))
            details_width = max(room - address_width, 0)
            separator_width = details_metrics.horizontalAdvance(self._separator())
            details = details_metrics.elidedText(
                details[:len(details) - len(self._separator())], Qt.TextElideMode.ElideRight,
                max(details_width - separator_width, 0)) + self._separator()
        self.details.setText(details)
        self.address.setText(address_metrics.elidedText(
            url, Qt.TextElideMode.ElideRight, address_width) if url else "")
        self.details.setMaximumWidth(details_width + 1)
        self.address.setMaximumWidth(address_width + 1)

    def open_address(self) -> None:
        """Hand the address to the web browser (only ever on the reviewer's click)."""
        if self.url:
            QDesktopServices.openUrl(QUrl(self.url))
            self.addressOpened.emit(self.url)
