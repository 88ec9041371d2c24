"""Worker threads for work the window hands off (building an index, checking the file, making
suggestions), made at their first use: ``concurrent.futures`` is then loaded when work first
comes, not at each start of the window; and the window's background process, which does such
work in Python away from the window's interpreter."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from annotator.core.background_process import BackgroundProcess


class WorkerThread:
    """One named worker thread (``ThreadPoolExecutor(max_workers=1)``) made on first use."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, work: Callable[..., Any], *args: Any) -> Future:
        """Run ``work(*args)`` in the thread, after what was submitted before it."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.name)
        return self._pool.submit(work, *args)


def wait_for(future: Future) -> None:
    """Block until ``future`` is done (however it ended)."""
    from concurrent.futures import wait

    wait([future])


_PROCESSES: dict[bool, BackgroundProcess] = {}  # the window's processes, by "background"
_PROCESSES_MADE = threading.Lock()


def _process(background: bool) -> BackgroundProcess:
    """One of the window's processes, made at first use and closed when the program ends."""
    with _PROCESSES_MADE:
        process = _PROCESSES.get(background)
        if process is None:
            import atexit

            from annotator.core.background_process import BackgroundProcess

            process = _PROCESSES[background] = BackgroundProcess(background=background)
            atexit.register(process.close)
        return process


def background_process() -> BackgroundProcess:
    """The window's background process (checking the file, making suggestions: see
    :mod:`annotator.core.background_process`), at a lower priority than the window. Its jobs
    are done one at a time: a second processor stays the window's."""
    return _process(background=True)


def reading_process() -> BackgroundProcess:
    """The window's reading process: large articles, Word files, PDFs and pages are read there,
    away from the window's interpreter, and a reading cancelled is stopped there
    (:meth:`BackgroundProcess.stop_now`). It runs at the window's own priority: the reviewer is
    waiting for it."""
    return _process(background=False)
