"""How the window reads articles: Markdown, pages, Word files and PDFs (whose readers can take
seconds on a small file) off the GUI thread; devices and FIFOs refused at once."""

from __future__ import annotations

import os
import threading

import pytest

from annotator.core.articles import reading


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
def test_markdown_and_pages_are_read_off_the_gui_thread(window, qtbot, tmp_path, monkeypatch,
                                                        name, content):
    threads = _record_reading_thread(monkeypatch)
    path = tmp_path / name
    path.write_text(content, "utf-8")  # small: the size alone would not send it away
    assert len(window.files.import_paths([path])) == 1
    assert threads and threads[0] is not threading.main_thread()
    assert "Up to 3,000 homes were evacuated." in window.article.view.text


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
