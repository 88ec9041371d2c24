"""Running slow work (reading a huge document) off the GUI thread, with a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.gui.plain_text import plain_progress_label

T = TypeVar("T")
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-work")
# fetching pages: a cancelled fetch runs on until its timeout, so it has threads of its own (and
# does not hold up reading a file)
NETWORK_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="annotator-fetch")


class Cancelled(Exception):
    """The reviewer cancelled the work."""


def run_with_progress(
    parent: QWidget | None,
    label: str,
    work: Callable[[], T],
    *,
    delay_ms: int = 300,
    on_cancel: Callable[[], None] | None = None,
    pool: ThreadPoolExecutor | None = None,
) -> T:
    """Run ``work`` in a worker thread while the window stays responsive.

    A busy progress dialog with a Cancel button appears if the work takes longer than
    ``delay_ms``. Returns the result or raises the work's exception; raises :class:`Cancelled`
    if the reviewer cancels, after calling ``on_cancel`` (which should make the work stop; its
    result is dropped when it ends). ``pool`` is where it runs (one worker thread unless named).
    """
    future: Future[T] = (pool or _POOL).submit(work)
    dialog = plain_progress_label(QProgressDialog(label, "Cancel", 0, 0, parent))
    dialog.setObjectName("progressDialog")
    dialog.setWindowTitle("Please wait")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(delay_ms)
    dialog.setAutoClose(False)
    dialog.setValue(0)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(30)

    def check() -> None:
        if future.done() or dialog.wasCanceled():
            loop.quit()

    timer.timeout.connect(check)
    dialog.canceled.connect(loop.quit)
    timer.start()
    if not future.done():
        loop.exec()
    timer.stop()
    cancelled = dialog.wasCanceled() and not future.done()
    dialog.reset()
    dialog.deleteLater()
    if cancelled:
        if on_cancel is not None:
            on_cancel()
        raise Cancelled()
    return future.result()
