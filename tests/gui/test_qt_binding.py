"""The Qt binding must not leak references to None (PySide6 6.12.0 does, and CPython before
3.12 then aborts after a few thousand paints)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget


def test_void_qt_calls_do_not_leak_references_to_none(app):
    widget = QWidget()
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            widget.update()
            painter.fillRect(QRectF(0, 0, 4, 4), QColor("red"))
        lost = before - sys.getrefcount(None)
    finally:
        painter.end()
    assert lost < 500, f"the Qt binding lost {lost} references to None in 4,000 calls"
