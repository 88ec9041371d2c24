"""How the window reads articles: Markdown, pages, Word files and PDFs (whose readers can take
seconds on a small file) and large files in the window's reading process, with a Cancel that
stops it; devices and FIFOs refused at once."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog

from annotator.core.articles import reading
from annotator.gui.worker_threads import reading_process


def _record_reading_thread(monkeypatch) -> list[threading.Thread]:
    threads: list[threading.Thread] = []
    real = reading.read_document

    def recording(path, encoding=None):
        threads.append(threading.current_thread())
        return real(path, encoding)

    monkeypatch.setattr(reading, "read_document", recording)
    return threads


@pytest.mark.parametrize("name, content", [
    ("slow.md", "*a _b " * 50 + "\n\nUp to 3,000 homes were evacuated.\n"),
    ("page.html", "<html><body><p>Up to 3,000 homes were evacuated.</p></body></html>"),
])
def test_markdown_and_pages_are_read_by_the_reading_process(window, qtbot, tmp_path,
                                                            monkeypatch, name, content):
    threads = _record_reading_thread(monkeypatch)
    path = tmp_path / name
    path.write_text(content, "utf-8")  # small: the size alone would not send it away
    assert len(window.files.import_paths([path])) == 1
    assert threads == []  # not read in the window's process at all
    assert reading_process().pid is not None
    assert "Up to 3,000 homes were evacuated." in window.article.view.text


def test_cancelling_a_long_reading_stops_it(window, qtbot, tmp_path):
    path = tmp_path / "long.md"
    path.write_text(("Some *emphasis* and _more_ text here. " * 20 + "\n\n") * 2_000, "utf-8")
    seen = {}

    def cancel() -> None:
        dialog = window.findChild(QProgressDialog, "progressDialog")
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, cancel)
            return
        seen["pid"] = reading_process().pid
        dialog.cancel()

    QTimer.singleShot(50, cancel)
    assert window.files.import_paths([path]) == []
    assert window.status_line.save_label.text() == "✔ Import of long.md cancelled"
    assert len(window.state.store.documents()) == 1  # nothing added
    assert seen["pid"] is not None

    def gone() -> bool:
        try:
            os.kill(seen["pid"], 0)
        except ProcessLookupError:
            return True
        return False

    qtbot.waitUntil(gone, timeout=5_000)  # the reading stopped, not left to run on
    short = tmp_path / "short.md"
    short.write_text("Up to 3,000 homes were evacuated.\n", "utf-8")
    assert len(window.files.import_paths([short])) == 1  # read by a new reading process
    assert reading_process().pid not in (None, seen["pid"])


def test_a_reading_that_fails_says_why_in_one_sentence(window, qtbot, tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not a Word file " * 100)
    assert window.files.import_paths([path]) == []
    said = window.status_line.save_label.text()
    assert "broken.docx" in said and "Traceback" not in said and "WorkerStopped" not in said


def test_a_short_text_file_is_read_at_once(window, qtbot, tmp_path, monkeypatch):
    threads = _record_reading_thread(monkeypatch)
    path = tmp_path / "short.txt"
    path.write_text("Up to 3,000 homes were evacuated.\n", "utf-8")
    assert len(window.files.import_paths([path])) == 1
    assert threads == [threading.main_thread()]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_named_as_an_article_is_refused_at_once(window, qtbot, tmp_path):
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    assert window.files.import_paths([link]) == []
    assert "is a device, not a regular file" in window.status_line.save_label.text()
    assert len(window.state.store.documents()) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name", ["pipe.txt", "pipe.html"])
def test_a_fifo_named_as_an_article_is_refused_without_blocking(window, qtbot, tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    assert window.files.import_paths([fifo]) == []
    assert "named pipe (FIFO), not a regular file" in window.status_line.save_label.text()
