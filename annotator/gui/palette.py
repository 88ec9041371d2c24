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
    """A small rounded square of the label's colour, for buttons, menus and table cells."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(130))
    painter.setBrush(tint(color, 150))
    painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3)
    painter.setBrush(color)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRect(QRectF(1.5, size - 5.0, size - 3, 3.5))
    painter.end()
    return QIcon(pixmap)
