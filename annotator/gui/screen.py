"""Sizing a window to its screen."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, width: int, height: int, *, tenths: int = 9
                  ) -> tuple[int, int]:
    """Size a window to ``width`` × ``height``, or to ``tenths`` tenths of its screen where that
    is smaller; returns the size given."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        if room.width() > 0 and room.height() > 0:
            width = min(width, room.width() * tenths // 10)
            height = min(height, room.height() * tenths // 10)
    widget.resize(width, height)
    return width, height
