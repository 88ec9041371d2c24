"""An article's suggestions made in another process: the window's suggestion worker.

The rules run in Python for seconds on a long article; in the window's own process they would
hold its interpreter (Python runs one thread at a time) while it opens and paints the article.
So the window hands the text to a process of its own (:class:`SuggestionProcess`, started when
first asked, one job at a time) and reads back plain rows. This module is light: the window
loads it, and only the worker process loads the suggester.

The worker reads jobs on its standard input and writes results on its standard output, each a
pickle after its length in 8 bytes: ``(text, labels)`` in, ``("ok", (rows, rules))`` or
``("error", message)`` out. It stops when its input closes.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from annotator.core.suggestions import Suggester


class SuggestedSpan(NamedTuple):
    """A suggestion as it comes back (the fields of
    :class:`~annotator.core.suggestions.Suggestion`, in a plain row)."""

    start: int
    end: int
    label: str
    reason: str
    rule: str


_SUGGESTER: Suggester | None = None  # the default rules' suggester, made once a process


def suggest_text(text: str, labels: Sequence[str]) -> tuple[list[SuggestedSpan], str]:
    """The suggestions of ``labels`` for ``text`` by the default rules, and the fingerprint of
    the rules they were made with (kept per document)."""
    global _SUGGESTER
    from annotator.core.suggestions.session import make_suggester, rules_fingerprint

    if _SUGGESTER is None:
        _SUGGESTER = make_suggester()
    found = [SuggestedSpan(s.start, s.end, s.label, s.reason, s.rule)
             for s in _SUGGESTER.suggest(text, labels)]
    return found, rules_fingerprint(_SUGGESTER, labels)


class WorkerStopped(Exception):
    """The worker process ended (or could not start) before it answered."""


def _send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big"))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> object:
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 - between this program and the process it started


class SuggestionProcess:
    """A process of its own that makes suggestions, one job at a time; started when first
    asked, started again if it ended. :meth:`suggest` waits for the answer: call it from a
    worker thread (it waits on a pipe, leaving the interpreter to the window)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def suggest(self, text: str, labels: Sequence[str]) -> tuple[list[SuggestedSpan], str]:
        with self._lock:
            process = self._running()
            try:
                _send(process.stdin, (text, tuple(labels)))
                status, value = _receive(process.stdout)
            except (OSError, EOFError, pickle.UnpicklingError):
                self._stop()
                raise WorkerStopped("the suggestion process stopped") from None
        if status != "ok":
            raise WorkerStopped(f"the suggestion process failed: {value}")
        return value

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _running(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is None:
            return self._process
        package_home = str(Path(__file__).resolve().parents[2])  # where annotator/ is
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (package_home, env.get("PYTHONPATH")) if part)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "annotator.core.background_suggestions"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env)
        except OSError as exc:
            raise WorkerStopped(f"the suggestion process cannot be started ({exc})") from None
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The worker's loop: answer each job until the input closes."""
    while True:
        try:
            text, labels = _receive(stdin)
        except EOFError:
            return
        try:
            answer: tuple = ("ok", suggest_text(text, labels))
        except Exception as exc:  # noqa: BLE001 - told to the window, which goes on
            answer = ("error", f"{type(exc).__name__}: {exc}")
        _send(stdout, answer)


if __name__ == "__main__":
    # the module by its own name, not as __main__: the rows it sends are read back by that name
    from annotator.core import background_suggestions

    background_suggestions.serve(sys.stdin.buffer, sys.stdout.buffer)
