"""Work held back until the window is first painted: the article comes up first, and what runs
beside it (suggestions made in the background, the file's checks) starts right after.

The article view says when it has painted (:meth:`AfterFirstPaint.painted_once`, connected to its
``firstPainted`` signal): no event filter, since a filter that sees every event of a widget is
handed each event as a Python object, and the first of them makes PySide build a type for every
kind of event Qt has. Once the window has been painted, work runs at once. A window that is never
shown (or takes long to paint) does its held work after :data:`FALLBACK_MS` all the same.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

FALLBACK_MS = 1000


class AfterFirstPaint(QObject):
    """Runs work once :meth:`painted_once` has been called (the first paint)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: list[Callable[[], None]] | None = []
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(FALLBACK_MS)
        self._fallback.timeout.connect(self._release)

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

    def painted_once(self) -> None:
        """The watched widget has been painted: the held work runs once this paint is on the
        screen."""
        if self._waiting is not None:
            QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        if self._waiting is None:
            return
        waiting, self._waiting = self._waiting, None
        self._fallback.stop()
        for work in waiting:
            work()
