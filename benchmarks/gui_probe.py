"""One GUI measurement, run by ``benchmarks/run.py`` in a process of its own.

    python benchmarks/gui_probe.py SCENARIO SESSION [options]

Scenarios (``*-bare`` is the same on a bare ``QPlainTextEdit`` in a ``QMainWindow``, holding
the same text, read from the session with sqlite3):

* ``open`` / ``open-bare``: the time from ``window.files.open_session(SESSION)`` (bare:
  ``setPlainText``) through ``processEvents()`` to a synchronous ``viewport().repaint()`` of the
  article. One untimed warm-up, then ``--repeats`` timed opens; between two, the window opens
  the small ``--switch`` session (bare: ``setPlainText("")``), untimed.
* ``add``: ``--adds`` annotations at random places: scroll to a random position and select a
  word-aligned span that is visible with ``view.select_span`` (untimed), then time
  ``window.article.tag_selection("claim")`` and ``view.viewport().repaint()``; the
  ``processEvents()`` that follows (the table, the inspector, the status bar catching up) is timed
  separately.
* ``scroll`` / ``scroll-bare``: page through the whole document, setting the vertical scroll bar
  to successive page positions and repainting the viewport synchronously each time.
* ``rss`` / ``rss-bare``: open the session, paint the article and grab the whole window.

Every result is one JSON line on standard output, flushed at once, so that a run stopped by a
timeout still reports what it measured: ``{"sample": {...}}``, ``{"info": {...}}`` and, at the
end, ``{"done": {"peak_rss_kb": N, "maxrss_kb": N}}``. Only the window's public API is used.

One guard, against a bug that is not the annotator's: some PySide6 builds (seen with PySide6
6.12.0's abi3 wheel on CPython 3.11) return ``None`` from every void method without taking a
reference to it, so each ``painter.fillRect(...)``, ``widget.update()`` or ``bar.setValue(...)``
called from Python leaves ``None`` one reference short. Before Python 3.12 (where ``None`` is
immortal) the count reaches zero after a few thousand calls and the process aborts with "Fatal
Python error: none_dealloc". :func:`guard_none` measures the loss and, if there is one, adds
references to ``None`` so the measurement can finish; it reports ``none_refs_lost_per_call``
so that the harness can say so. It does not change what is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import sqlite3
import sys
import time
from bisect import bisect_left
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit  # noqa: E402

WINDOW_SIZE = (1400, 880)  # the size MainWindow gives itself on a screen with room for it
_WORD = re.compile(r"\S+")


def guard_none() -> float:
    """References to ``None`` lost per void PySide6 call (0 when none are); see the docstring."""
    if sys.version_info >= (3, 12):  # None is immortal: nothing can be lost
        return 0.0
    from PySide6.QtGui import QColor

    color = QColor()
    calls = 1000
    before = sys.getrefcount(None)
    for _ in range(calls):
        color.setAlpha(255)
    lost = before - sys.getrefcount(None)
    if lost > 0:
        import ctypes

        # ob_refcnt, the first field of every object in a release build of CPython 3.11
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    return max(lost, 0) / calls


def peak_rss_kb() -> int:
    """This process's peak resident set size in KB.

    ``VmHWM`` from ``/proc/self/status`` where there is one: ``ru_maxrss`` is carried over an
    ``execve``, so a process started by a large parent reports at least the parent's peak (with
    vfork, which ``subprocess`` uses on Linux, the parent's own high-water mark).
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def emit(kind: str, **payload) -> None:
    sys.stdout.write(json.dumps({kind: payload}) + "\n")
    sys.stdout.flush()


def read_only_connection(path: Path, *, immutable: bool) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True)


def session_text(path: Path) -> str:
    conn = read_only_connection(path, immutable=True)
    try:
        row = conn.execute("SELECT text FROM documents ORDER BY position, id LIMIT 1").fetchone()
        return row[0]
    finally:
        conn.close()


def existing_spans(path: Path, label: str) -> set[tuple[int, int]]:
    conn = read_only_connection(path, immutable=True)
    try:
        rows = conn.execute('SELECT start, "end" FROM annotations WHERE label = ?', [label])
        return {(start, end) for start, end in rows}
    finally:
        conn.close()


# ---------------------------------------------------------------------------------- windows


class Ours:
    """The annotator's MainWindow."""

    def __init__(self) -> None:
        from annotator.gui.app import make_application
        from annotator.gui.main_window import MainWindow
        from annotator.gui.settings import Settings

        self.app = make_application()
        self.app.setProperty("annotator_quiet_errors", True)  # no modal box can block a run
        self.window = MainWindow(Settings(), reviewer="benchmark")
        self.window.resize(*WINDOW_SIZE)  # as the bare window (a window fits its screen)
        self.window.show()
        self.app.processEvents()
        self.view = self.window.article.view

    def load(self, session: Path) -> None:
        if not self.window.files.open_session(session, create=False):
            raise SystemExit(f"the window could not open {session}")

    def unload(self, switch: Path) -> None:
        self.load(switch)

    def shown_text_length(self) -> int:
        return len(self.view.text)


class Bare:
    """A bare QPlainTextEdit in a QMainWindow, with the article's font."""

    def __init__(self) -> None:
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.window = QMainWindow()
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        font = QFont()
        font.setFamilies(["Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif", "serif"])
        font.setPointSizeF(12)
        self.view.setFont(font)
        self.window.setCentralWidget(self.view)
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        self.app.processEvents()
        self.texts: dict[Path, str] = {}

    def load(self, session: Path) -> None:
        text = self.texts.get(session)
        if text is None:
            text = self.texts[session] = session_text(session)
        self.view.setPlainText(text)

    def unload(self, _switch: Path) -> None:
        self.view.setPlainText("")

    def shown_text_length(self) -> int:
        return len(self.view.toPlainText())


def make(bare: bool):
    return Bare() if bare else Ours()


def paint(target) -> None:
    target.view.viewport().repaint()


# ---------------------------------------------------------------------------------- scenarios


def scenario_open(args: argparse.Namespace, bare: bool) -> None:
    target = make(bare)
    if bare:  # the text is read once, outside the timing: the baseline is only the widget
        target.texts[args.session] = session_text(args.session)
    started = time.perf_counter()
    target.load(args.session)  # warm-up (for the window it also writes the hourly backup)
    target.app.processEvents()
    paint(target)
    emit("info", first_open_s=time.perf_counter() - started,
         characters_shown=target.shown_text_length())
    for _ in range(args.repeats):
        target.unload(args.switch)
        target.app.processEvents()
        paint(target)
        started = time.perf_counter()
        target.load(args.session)
        target.app.processEvents()
        paint(target)
        emit("sample", open_s=time.perf_counter() - started)


def _visible_range(view, mapping) -> tuple[int, int]:
    viewport = view.viewport()
    first = view.cursorForPosition(QPoint(0, 0)).position()
    last = view.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).position()
    return mapping.to_code_point(first), mapping.to_code_point(last)


def scenario_add(args: argparse.Namespace) -> None:
    from annotator.core.offsets import Utf16Map

    taken = existing_spans(args.session, "claim")
    target = Ours()
    target.load(args.session)
    target.app.processEvents()
    paint(target)
    window, view = target.window, target.view
    text = view.text
    mapping = Utf16Map(text)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    word_starts = [start for start, _ in words]
    bar = view.verticalScrollBar()
    rng = random.Random(args.seed)
    emit("info", characters_shown=len(text))
    for number in range(args.adds + 1):  # the first one is a warm-up
        span = None
        for _attempt in range(50):
            bar.setValue(rng.randint(bar.minimum(), bar.maximum()))
            target.app.processEvents()
            paint(target)
            first, last = _visible_range(view, mapping)
            lo, hi = bisect_left(word_starts, first), bisect_left(word_starts, last)
            candidates = [w for w in words[lo:hi] if w[1] <= last]
            if not candidates:
                continue
            i = rng.randrange(len(candidates))
            j = min(len(candidates) - 1, i + rng.randint(0, 5))
            span = (candidates[i][0], candidates[j][1])
            if span not in taken:
                break
            span = None
        if span is None:
            emit("info", error="no free span found in the visible area")
            continue
        taken.add(span)
        view.select_span(*span, centre=False)
        target.app.processEvents()
        paint(target)
        t0 = time.perf_counter()
        annotation = window.article.tag_selection("claim")
        t1 = time.perf_counter()
        paint(target)
        t2 = time.perf_counter()
        target.app.processEvents()
        t3 = time.perf_counter()
        if annotation is None:
            emit("info", error=f"the span {span} was not tagged")
            continue
        sample = {"add_ms": (t2 - t0) * 1e3, "tag_ms": (t1 - t0) * 1e3,
                  "paint_ms": (t2 - t1) * 1e3, "events_ms": (t3 - t2) * 1e3}
        if number == 0:
            emit("info", first_add=sample)
        else:
            emit("sample", **sample)


def scenario_scroll(args: argparse.Namespace, bare: bool) -> None:
    target = make(bare)
    target.load(args.session)
    target.app.processEvents()
    paint(target)
    bar = target.view.verticalScrollBar()
    bar.setValue(0)
    target.app.processEvents()
    paint(target)
    emit("info", characters_shown=target.shown_text_length(), lines=bar.maximum(),
         page_lines=bar.pageStep())
    deadline = time.monotonic() + args.max_seconds
    value, pages, batch = 0, 0, []
    while value < bar.maximum():
        value = min(value + bar.pageStep(), bar.maximum())
        t0 = time.perf_counter()
        bar.setValue(value)
        paint(target)
        batch.append((time.perf_counter() - t0) * 1e3)
        target.app.processEvents()
        pages += 1
        if len(batch) >= 50:
            emit("sample", page_ms=batch)
            batch = []
        if time.monotonic() > deadline:
            emit("info", stopped=f"stopped after {args.max_seconds:g} s at line {value} of "
                 f"{bar.maximum()}")
            break
    if batch:
        emit("sample", page_ms=batch)
    emit("info", pages=pages)


def scenario_rss(args: argparse.Namespace, bare: bool) -> None:
    target = make(bare)
    target.load(args.session)
    target.app.processEvents()
    paint(target)
    target.window.grab()
    if not bare:  # the bare widget would copy the whole text to say: not while measuring memory
        emit("info", characters_shown=target.shown_text_length())


def main() -> int:
    parser = argparse.ArgumentParser(description="one GUI measurement (see the docstring)")
    parser.add_argument("scenario", choices=[
        "open", "open-bare", "add", "scroll", "scroll-bare", "rss", "rss-bare",
    ])
    parser.add_argument("session", type=Path)
    parser.add_argument("--switch", type=Path, help="small session opened between two opens")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--adds", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=400.0, help="scroll: stop paging")
    args = parser.parse_args()
    lost = guard_none()
    if lost:
        emit("info", none_refs_lost_per_call=lost)
    bare = args.scenario.endswith("-bare")
    kind = args.scenario.removesuffix("-bare")
    if kind == "open":
        if not bare and args.switch is None:
            parser.error("open needs --switch")
        scenario_open(args, bare)
    elif kind == "add":
        scenario_add(args)
    elif kind == "scroll":
        scenario_scroll(args, bare)
    else:
        scenario_rss(args, bare)
    emit("done", peak_rss_kb=peak_rss_kb(),
         maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    sys.stdout.flush()
    os._exit(0)  # no teardown of a window holding 100,000 annotations: it is not measured


if __name__ == "__main__":
    sys.exit(main())
