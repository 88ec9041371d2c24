"""The window where its processes cannot start (no interpreter to run them, a sandbox that
forbids new processes): the same work is done in its worker threads, with the same results."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import Qt

from annotator.gui import worker_threads
from tests.tampered_sessions import tampered_session

from .conftest import open_window


@pytest.fixture
def no_processes(monkeypatch):
    """Every process the window starts from now on fails to start; the window's own are new."""
    real = subprocess.Popen

    def refused(argv, *args, **kwargs):
        if any("background_process" in str(part) for part in argv):
            raise OSError("new processes are not allowed here")
        return real(argv, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", refused)
    monkeypatch.setattr(worker_threads, "_PROCESSES", {})


def test_the_full_check_and_suggestions_are_made_in_threads(app, qtbot, tmp_path, no_processes):
    path = tampered_session(tmp_path, "quote_mismatch")
    window = open_window(qtbot, path, reviewer="ana")
    qtbot.waitUntil(window.message_bar.isVisible, timeout=10_000)  # the check ran, here
    assert "annotation 1" in window.message_bar.label.text()
    ids = [window.annotations.table_model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)
           for row in range(window.annotations.table_model.rowCount())]
    assert 1 not in ids
    qtbot.waitUntil(lambda: bool(window.state.suggestions), timeout=10_000)
    assert any(s.label == "claim" for s in window.state.suggestions)  # the figure's sentence
    assert all(process.pid is None for process in worker_threads._PROCESSES.values())


def test_an_article_is_read_in_a_thread(window, qtbot, tmp_path, no_processes):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Up to 3,000 homes were evacuated.</p></body></html>",
                    "utf-8")
    assert len(window.files.import_paths([page])) == 1
    assert "Up to 3,000 homes were evacuated." in window.article.view.text
