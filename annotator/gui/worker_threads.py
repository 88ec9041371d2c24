"""A worker thread for work the window hands off (building an index, checking the file, making
suggestions), made at its first use: ``concurrent.futures`` is then loaded when work first comes,
not at each start of the window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


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
