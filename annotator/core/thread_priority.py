"""A lower processor priority for work that must not slow the window (a backup being copied,
the window's background process: see :mod:`annotator.core.background_process`)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading

#: How much lower than the window's a background process's or thread's priority is (``nice``).
LOWER_PRIORITY = 10


def lower_thread_priority() -> None:
    """Give the calling thread a lower priority than the window's own, where the system allows
    a thread its own (Linux); elsewhere nothing changes."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):
        thread = threading.get_native_id()
        setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread)
                    + LOWER_PRIORITY)


def lower_process_priority() -> None:
    """Give the calling process a lower priority (where the system has ``nice``)."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(LOWER_PRIORITY)
