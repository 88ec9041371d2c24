"""Colours derived from a label's colour: highlight tints, underlines and swatch icons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

if TYPE_CHECKING:
    from annotator.core.models import Label

TINT_ALPHA = 70
CURRENT_TINT_ALPHA = 110


def label_color(label: Label | None) -> QColor:
    return QColor(label.color) if label else QColor("#888888")


def tint(color: QColor, alpha: int = TINT_ALPHA) -> QColor:
    tinted = QColor(color)
    tinted.setAlpha(alpha)
    return tinted


def swatch_icon(color: QColor, size: int = 16) -> QIcon:
    """A small rounded square of the label's colour, for buttons, menus and table cells; on a
    selected row it is opaque with a white edge, so that it keeps its colour on the highlight."""
    icon = QIcon(_swatch(color, size, selected=False))
    icon.addPixmap(_swatch(color, size, selected=True), QIcon.Mode.Selected)
    return icon


def _swatch(color: QColor, size: int, *, selected: bool) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("white") if selected else color.darker(130))
    painter.setBrush(color if selected else tint(color, 150))
    painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3)
    if not selected:
        painter.setBrush(color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(QRectF(1.5, size - 5.0, size - 3, 3.5))
    painter.end()
    return pixmap
