"""Work held back until the window is first painted: the article comes up first, and what runs
beside it (suggestions made in the background, the file's checks) starts right after.

Once the window has been painted, work runs at once. A window that is never shown (or takes long
to paint) does its held work after :data:`FALLBACK_MS` all the same.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000


class AfterFirstPaint(QObject):
    """Runs work once ``watched`` has been painted for the first time."""

    def __init__(self, watched: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watched = watched
        self._waiting: list[Callable[[], None]] | None = []
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(FALLBACK_MS)
        self._fallback.timeout.connect(self._release)
        watched.installEventFilter(self)

    @property
    def painted(self) -> bool:
        return self._waiting is None

    def run(self, work: Callable[[], None]) -> None:
        """Run ``work`` now if the window was painted, otherwise right after its first paint."""
        if self._waiting is None:
            work()
            return
        self._waiting.append(work)
        if not self._fallback.isActive():
            self._fallback.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._waiting is not None:
            QTimer.singleShot(0, self._release)  # once this paint is on the screen
        return False

    def _release(self) -> None:
        if self._waiting is None:
            return
        waiting, self._waiting = self._waiting, None
        self._fallback.stop()
        self._watched.removeEventFilter(self)
        for work in waiting:
            work()
