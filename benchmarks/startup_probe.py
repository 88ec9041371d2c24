"""Start a window on a session, paint it, print when: run by ``benchmarks/run.py``.

    python benchmarks/startup_probe.py ours SESSION    the annotator's MainWindow
    python benchmarks/startup_probe.py bare SESSION    a QMainWindow with a QPlainTextEdit
    python benchmarks/startup_probe.py libraries SESSION
                                                       the same, after loading pydantic and
                                                       sqlite-utils first, as the program does

``ours`` does what ``annotator open SESSION`` does up to a painted window: ``make_application()``,
``MainWindow``, ``open_session``, ``show()``, ``processEvents()`` and a ``grab()`` of the window.
``bare`` reads the same article with sqlite3 into a bare ``QPlainTextEdit`` and shows and grabs it
the same way. ``libraries`` is ``bare`` after importing what the program is built on (pydantic's
``BaseModel``, and sqlite-utils the way the program loads it, without numpy and pandas), before
PySide6 as the program does: a floor for any window built on them. Each prints one JSON line:
``painted_monotonic`` (``time.monotonic()``, the system-wide monotonic clock, when the grab
returned, for the parent to subtract the moment it started the process) and ``script_s`` (seconds
since the first line of this script ran, which leaves out the interpreter's own start-up). Then the
window is closed and the program ends.
"""

import time

SCRIPT_STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import quote  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def ours(session: Path):
    from annotator.gui.app import make_application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings

    app = make_application()
    app.setProperty("annotator_quiet_errors", True)
    window = MainWindow(Settings(), reviewer="benchmark")
    window.resize(1400, 880)  # as the bare window (a window fits its screen)
    if not window.files.open_session(session, create=False):
        raise SystemExit(f"cannot open {session}")
    return app, window


def bare(session: Path):
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

    app = QApplication(sys.argv[:1])
    uri = f"file:{quote(str(session.absolute()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    text = conn.execute("SELECT text FROM documents ORDER BY position, id LIMIT 1").fetchone()[0]
    conn.close()
    window = QMainWindow()
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setPlainText(text)
    window.setCentralWidget(edit)
    window.resize(1400, 880)
    return app, window


def libraries(session: Path):
    from pydantic import BaseModel  # noqa: F401

    from annotator.core.session.sqlite_utils_import import sqlite_utils  # noqa: F401

    return bare(session)


def main() -> int:
    kind, session = sys.argv[1], Path(sys.argv[2])
    app, window = {"ours": ours, "bare": bare, "libraries": libraries}[kind](session)
    window.show()
    app.processEvents()
    window.grab()
    painted = time.monotonic()
    print(json.dumps({
        "painted_monotonic": painted, "script_s": time.perf_counter() - SCRIPT_STARTED,
    }), flush=True)
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
