"""Slow work kept off the window's processor: a worker process of its own, and a lower priority
for the threads that stay.

Python runs one thread at a time. Work done in Python in one of the window's threads (checking
every row of a session, making suggestions) takes the interpreter from the window in turns of a
few milliseconds, and every paint and key press then waits its turn: on a long article, adding
an annotation took twice as long for the first seconds after opening it. So the window hands
such work to :class:`BackgroundProcess`, a process of its own, started when first asked, run at
a lower priority than the window (the window keeps its processor on a busy machine), doing one
job at a time. The window's threads only wait for its answers. A thread that must stay (one
that copies the file for a backup) takes a lower priority with
:func:`~annotator.core.thread_priority.lower_thread_priority`.

This module is light: the window loads it; only the worker process loads what a job needs.

The worker reads jobs on its standard input and writes answers on its standard output, each a
pickle after its length in 8 bytes: ``(job, args)`` in, where ``job`` names one of
:data:`JOBS`; ``("ok", value)``, ``("raised", error)`` (the program's own error, raised again in
the caller) or ``("error", message)`` out. It stops when its input closes.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

#: The jobs a worker does, by name: the function (``module:name``) that does each.
JOBS = {
    "suggest": "annotator.core.background_suggestions:suggest_text",
    "piece": "annotator.core.background_suggestions:suggest_piece",
    "pending": "annotator.core.background_suggestions:read_pending",
    "check": "annotator.core.session.file_check:check_session_file",
    "read_document": "annotator.core.articles.reading:read_document",
}


class WorkerStopped(Exception):
    """The worker process ended (or could not start: ``started`` is False) before it answered,
    or the job failed in a way the program did not foresee."""

    def __init__(self, message: str, *, started: bool = True) -> None:
        super().__init__(message)
        self.started = started


def send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big"))
    stream.write(data)
    stream.flush()


def receive(stream: IO[bytes]) -> object:
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 - between this program and the process it started


class BackgroundProcess:
    """A process of its own that does :data:`JOBS`, one at a time; started when first asked,
    started again if it ended. :meth:`run` waits for the answer: call it from a worker thread
    (it waits on a pipe, leaving the interpreter to the window). ``background``: the process
    runs at a lower priority than its caller."""

    def __init__(self, *, background: bool = True) -> None:
        self.background = background
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def run(self, job: str, *args: Any) -> Any:
        """What ``job`` returns for ``args``. A job's :class:`AnnotatorError` (a file that cannot
        be read, say) is raised here as it was raised there; :class:`WorkerStopped` if the
        process stopped or the job failed otherwise (its error in one sentence)."""
        with self._lock:
            process = self._running()
            try:
                send(process.stdin, (job, args))
                status, value = receive(process.stdout)
            except (OSError, EOFError, pickle.UnpicklingError):
                self._stop()
                raise WorkerStopped("the background process stopped") from None
        if status == "raised":
            raise value
        if status != "ok":
            raise WorkerStopped(f"the background process failed: {value}")
        return value

    def stop_now(self) -> None:
        """Stop the job under way, from any thread: the process is killed (the caller waiting
        for it gets :class:`WorkerStopped`), and the next job starts another."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    @property
    def pid(self) -> int | None:
        """The running process's id (None before the first job or once closed)."""
        process = self._process
        return None if process is None else process.pid

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _running(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is not None:
            self._stop()  # it ended: its pipes are closed before another starts
        if self._process is None:
            self._process = start_worker(background=self.background)
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
            process.wait()
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


def start_worker(*, background: bool) -> subprocess.Popen:
    """A worker process (its errors are told in its answers; its standard error is not shown),
    at a lower priority if ``background``."""
    package_home = str(Path(__file__).resolve().parents[2])  # where annotator/ is
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (package_home, env.get("PYTHONPATH")) if part)
    argv = [sys.executable, "-m", "annotator.core.background_process"]
    if background:
        argv.append("--background")
    try:
        return subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, cwd=package_home)  # not the caller's folder, which may hold another copy
    except OSError as exc:
        raise WorkerStopped(f"the background process cannot be started ({exc})",
                            started=False) from None


def _job(name: str):
    module, _, function = JOBS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The worker's loop: answer each job until the input closes."""
    from annotator.core.errors import AnnotatorError

    while True:
        try:
            name, args = receive(stdin)
        except EOFError:
            return
        try:
            answer: tuple = ("ok", _job(name)(*args))
        except AnnotatorError as exc:  # foreseen: raised again in the caller
            answer = ("raised", exc) if _travels(exc) else ("error", f"{exc}")
        except Exception as exc:  # noqa: BLE001 - told to the caller, which goes on
            answer = ("error", f"{type(exc).__name__}: {exc}")
        send(stdout, answer)


def _travels(error: Exception) -> bool:
    """Whether ``error`` comes back whole from a pickle (an error class whose arguments are not
    its message's may not)."""
    try:
        again = pickle.loads(pickle.dumps(error))  # noqa: S301 - made here, read here
    except Exception:  # noqa: BLE001 - any failure: it is sent as its message
        return False
    return type(again) is type(error) and str(again) == str(error)


if __name__ == "__main__":
    if "--background" in sys.argv[1:]:
        from annotator.core.thread_priority import lower_process_priority

        lower_process_priority()
    # the module by its own name, not as __main__: the values it sends are read back by the
    # names of the modules that define them
    from annotator.core import background_process

    background_process.serve(sys.stdin.buffer, sys.stdout.buffer)
