"""An article's suggestions made in another process: the window's suggestion worker.

The rules run in Python for seconds on a long article; in the window's own process they would
hold its interpreter (Python runs one thread at a time) while it opens and paints the article.
So the window hands the text to a process of its own (:class:`SuggestionProcess`, started when
first asked, one job at a time) and reads back plain rows. This module is light: the window
loads it, and only the worker process loads the suggester.

The worker reads jobs on its standard input and writes results on its standard output, each a
pickle after its length in 8 bytes: ``(text, labels)`` in, ``("ok", (rows, rules))`` or
``("error", message)`` out. It stops when its input closes.

The same worker makes a long article's suggestions beside the process that asked
(:func:`suggest_in_pieces`, for ``annotator suggest``): a job ``(piece, labels, rules)`` (the
:class:`~annotator.core.suggestions.rules.Rules` themselves, so that a desk's own rules are
the ones used) is answered ``("ok", rows)``, the suggestions of that piece of the text.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from annotator.core.suggestions import Suggester, Suggestion
    from annotator.core.suggestions.rules import Rules


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


_PIECE_SUGGESTER: Suggester | None = None  # the suggester of the rules last sent with a piece


def suggest_piece(text: str, labels: Sequence[str], rules: Rules) -> list[tuple]:
    """The suggestions of ``labels`` for a piece of an article by ``rules``, as plain rows
    ``(start, end, label, reason, rule)`` with offsets into the piece."""
    global _PIECE_SUGGESTER
    from annotator.core.suggestions import Suggester

    if _PIECE_SUGGESTER is None or _PIECE_SUGGESTER.rules != rules:
        _PIECE_SUGGESTER = Suggester(rules)
    return [(s.start, s.end, s.label, s.reason, s.rule)
            for s in _PIECE_SUGGESTER.suggest_piece(text, labels)]


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
        if self._process is None or self._process.poll() is not None:
            self._process = _start_worker()
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def _start_worker() -> subprocess.Popen:
    """A worker process (its errors are told in its answers; its standard error is not
    shown)."""
    package_home = str(Path(__file__).resolve().parents[2])  # where annotator/ is
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (package_home, env.get("PYTHONPATH")) if part)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "annotator.core.background_suggestions"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, cwd=package_home)  # not the caller's folder, which may hold another copy
    except OSError as exc:
        raise WorkerStopped(f"the suggestion process cannot be started ({exc})") from None


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The worker's loop: answer each job until the input closes."""
    while True:
        try:
            job = _receive(stdin)
        except EOFError:
            return
        try:
            answer: tuple = ("ok", suggest_text(*job) if len(job) == 2 else suggest_piece(*job))
        except Exception as exc:  # noqa: BLE001 - told to the window, which goes on
            answer = ("error", f"{type(exc).__name__}: {exc}")
        _send(stdout, answer)


#: Pieces an article has at least before a second process helps (it starts in a tenth of a
#: second, and then makes every other piece's suggestions at the same time as this one).
HELPED_PIECES = 3


def suggest_in_pieces(suggester: Suggester, text: str, labels: Sequence[str]
                      ) -> Iterator[list[Suggestion]]:
    """What ``suggester.suggest_in_pieces(text, labels)`` yields, the same lists in the same
    order, made faster on a long article: a worker process makes the suggestions of the last
    pieces while this one makes those of the first (and the caller stores them). Should the
    worker fail or stop, the pieces it had not answered are made here: the result is the
    same, only slower."""
    from annotator.core.suggestions import Suggestion, pieces

    labels = tuple(labels)
    spans = list(pieces(text))
    if len(spans) < HELPED_PIECES:
        yield from suggester.suggest_in_pieces(text, labels)
        return
    suggester.check_labels(labels)  # an error told before any work, as without the worker
    helper = _PieceHelper(text, spans, labels, suggester.rules)
    try:
        for index, (start, end) in enumerate(spans):
            rows = helper.answer(index)
            if rows is None:
                found = suggester.suggest_piece(text[start:end], labels)
                yield [Suggestion(s.start + start, s.end + start, s.label, s.reason, s.rule)
                       for s in found] if start else found
            else:
                yield [Suggestion(row_start + start, row_end + start, label, reason, rule)
                       for row_start, row_end, label, reason, rule in rows]
    finally:
        helper.close()


class _PieceHelper:
    """A worker process and the thread that talks to it: it takes pieces from the end of the
    article while the caller takes them from the start, until they meet."""

    def __init__(self, text: str, spans: list[tuple[int, int]], labels: tuple[str, ...],
                 rules: Rules) -> None:
        self._text, self._spans, self._labels, self._rules = text, spans, labels, rules
        self._left = deque(range(len(spans)))  # pieces nobody has taken yet
        self._taken: set[int] = set()
        self._answers: dict[int, list[tuple] | None] = {}
        self._done = threading.Condition()
        self._process: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._work, name="suggestion pieces",
                                        daemon=True)
        self._thread.start()

    def answer(self, index: int) -> list[tuple] | None:
        """The rows of piece ``index`` if the worker made them (waiting for them if it is
        making them), else ``None``: the caller makes them."""
        with self._done:
            if index not in self._taken:
                self._left.remove(index)  # the caller takes pieces in order: the first left
                return None
            while index not in self._answers:
                self._done.wait()
            return self._answers.pop(index)

    def _work(self) -> None:
        try:
            self._process = _start_worker()
            while True:
                with self._done:
                    if not self._left:
                        return
                    index = self._left.pop()
                    self._taken.add(index)
                start, end = self._spans[index]
                _send(self._process.stdin, (self._text[start:end], self._labels, self._rules))
                status, value = _receive(self._process.stdout)
                with self._done:
                    self._answers[index] = value if status == "ok" else None
                    self._done.notify_all()
                if status != "ok":
                    return
        except Exception:  # noqa: BLE001, S110 - whatever stopped the worker, the caller goes on
            pass
        finally:
            with self._done:
                for index in self._taken:  # what the worker did not answer, the caller makes
                    self._answers.setdefault(index, None)
                self._done.notify_all()

    def close(self) -> None:
        """Stop the worker: its input closed (killed if it is still making a piece nobody
        will read)."""
        with self._done:
            self._left.clear()
        if self._process is not None and self._thread.is_alive():
            self._process.kill()
        self._thread.join()
        process = self._process
        if process is not None:
            try:
                process.stdin.close()
                process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
            process.stdout.close()


if __name__ == "__main__":
    # the module by its own name, not as __main__: the rows it sends are read back by that name
    from annotator.core import background_suggestions

    background_suggestions.serve(sys.stdin.buffer, sys.stdout.buffer)
