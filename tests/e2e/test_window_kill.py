"""A change made in the real window survives a SIGKILL of the process.

The window runs under Xvfb (a real X server, no window manager), xdotool types the keys a
reviewer would, and the test kills the process as soon as the change is in the session file.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from annotator.core.session.store import SessionStore

from .conftest import annotator_command

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)",
)

ARTICLE = (
    "Harbour wall fails again\n\n"
    "Seawater flooded the lower town, forcing up to 3,000 households from their homes, "
    "according to the emergency office.\n"
)


def _free_display() -> str:
    for number in range(140, 240):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(
            f"/tmp/.X{number}-lock"
        ).exists():
            return f":{number}"
    pytest.skip("no free X display number")


def _rows(session: Path) -> list[tuple]:
    try:
        conn = sqlite3.connect(f"file:{session}?mode=ro", uri=True, timeout=1)
        try:
            query = 'SELECT start, "end", label, confidence FROM annotations'
            return conn.execute(query).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_tag_made_in_the_window_survives_sigkill(tmp_path):
    article = tmp_path / "harbour.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    session = tmp_path / "review.sqlite"
    display = _free_display()
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    app = None
    try:
        assert _wait(lambda: Path(f"/tmp/.X11-unix/X{display[1:]}").exists(), 10)
        app = subprocess.Popen(
            [*annotator_command(), "--reviewer", "kill-test", "open", str(session), str(article)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        window_id = ""

        def window_shown() -> bool:
            nonlocal window_id
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)],
                env=env, capture_output=True, text=True,
            )
            window_id = found.stdout.split()[-1] if found.stdout.split() else ""
            return bool(window_id)

        assert _wait(window_shown, 30), "the window did not appear"
        time.sleep(1.0)
        subprocess.run(["xdotool", "windowfocus", "--sync", window_id], env=env, check=False)

        def send(*args: str) -> None:
            subprocess.run(["xdotool", *args], env=env, check=True)
            time.sleep(0.3)

        send("key", "ctrl+f")
        send("type", "--delay", "30", "up to 3,000 households")
        send("key", "Return")
        send("key", "Escape")
        send("key", "e")
        send("key", "4")
        expected_start = ARTICLE.index("up to 3,000 households")

        assert _wait(lambda: (expected_start, expected_start + 22, "estimate", 4)
                     in _rows(session), 20), f"not saved: {_rows(session)}"
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=10)
        assert app.returncode == -signal.SIGKILL
    finally:
        if app is not None and app.poll() is None:
            app.kill()
        xvfb.terminate()
        xvfb.wait(timeout=10)

    with SessionStore.open(session) as store:
        [annotation] = store.annotations()
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert annotation.quote == "up to 3,000 households"
    assert annotation.label == "estimate"
    assert annotation.confidence == 4
    assert annotation.reviewer == "kill-test"
