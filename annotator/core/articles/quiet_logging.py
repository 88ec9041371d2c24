"""Silence a library's logger while a document is read (thread-safe, nested blocks allowed)."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator


class QuietLogger:
    """Raise a logger's level above CRITICAL while any thread is inside the block: pypdf and
    BeautifulSoup report every oddity of a damaged file through ``logging``, which would reach
    stderr."""

    def __init__(self, name: str) -> None:
        self._logger = logging.getLogger(name)
        self._lock = threading.Lock()
        self._depth = 0
        self._saved = logging.NOTSET

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._saved = self._logger.level
                self._logger.setLevel(logging.CRITICAL + 1)
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0:
                    self._logger.setLevel(self._saved)
