"""Documents that are huge, odd or hostile: each imports correctly or is refused clearly."""

from __future__ import annotations

import os
import threading
import time

import pytest

from annotator.core.articles import reading
from annotator.core.articles.importing import import_file
from annotator.core.articles.reading import read_document
from annotator.core.errors import DocumentError
from annotator.core.session.store import SessionStore


def test_a_50_mb_article_imports_whole(tmp_path):
    paragraph = ("Officials said up to 3,000 households were evacuated, according to the "
                 "port authority; some 4,000 volunteers helped. ") * 6
    text = "Annual flood report\n\n" + "\n\n".join([paragraph] * 72_000)
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    assert path.stat().st_size > 50_000_000
    started = time.perf_counter()
    with SessionStore.open(tmp_path / "s.sqlite", create=True) as store:
        summary, _ = import_file(store, path)
        assert summary.char_count == len(text)
        assert store.document_text(summary.id) == text
        last = text.rindex("some 4,000 volunteers")
        annotation = store.add_annotation(summary.id, last, last + 21, "estimate")
        assert annotation.quote == "some 4,000 volunteers"
    assert time.perf_counter() - started < 30  # generous: about 2 s on a 2-core machine


def test_a_document_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_DOCUMENT_BYTES", 1_000)
    path = tmp_path / "big.txt"
    path.write_text("word " * 500, "utf-8")
    with pytest.raises(DocumentError, match="big.txt: 0 MB is larger than the 0 MB"):
        read_document(path)


def test_an_extremely_long_line_is_kept_as_one_line(tmp_path):
    line = "The minister said that " + "up to 3,000 people were affected, " * 60_000
    path = tmp_path / "one-line.txt"
    path.write_text(line, "utf-8")
    document = read_document(path)
    assert document.text == line
    assert "\n" not in document.text
    assert document.title == "one-line"  # a 2 MB first line is no title


def test_mixed_newlines_are_normalised_once(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"Headline\r\n\r\nFirst said.\rSecond said.\nThird said.\r\n")
    assert read_document(path).text == "Headline\n\nFirst said.\nSecond said.\nThird said.\n"


def test_right_to_left_text_keeps_its_order_and_offsets(tmp_path):
    arabic = "قال مسؤولون إن ما يصل إلى 3000 أسرة أُجليت، وفقًا لهيئة الميناء."
    hebrew = "לדברי דובר, כ-4,000 מתנדבים הצטרפו."
    path = tmp_path / "rtl.txt"
    path.write_text(f"{arabic}\n\n{hebrew}\n", "utf-8")
    with SessionStore.open(tmp_path / "s.sqlite", create=True) as store:
        summary, _ = import_file(store, path)
        text = store.document_text(summary.id)
        start = text.index("3000 أسرة")
        annotation = store.add_annotation(summary.id, start, start + 9, "estimate")
        assert annotation.quote == "3000 أسرة"
        start = text.index("כ-4,000 מתנדבים")
        assert store.add_annotation(summary.id, start, start + 15, "estimate").quote == (
            "כ-4,000 מתנדבים"
        )
    assert summary.title == arabic


def test_zero_width_characters_are_kept_and_counted(tmp_path):
    text = "Officials\u200b said\u200d up to\u2060 3,000\ufeff left.\n"
    path = tmp_path / "zw.txt"
    path.write_text("Zero width\n\n" + text, "utf-8")
    with SessionStore.open(tmp_path / "s.sqlite", create=True) as store:
        summary, _ = import_file(store, path)
        stored = store.document_text(summary.id)
        assert text in stored  # nothing silently removed: offsets match the published text
        start = stored.index("up to")
        annotation = store.add_annotation(summary.id, start, start + 12, "estimate")
        assert annotation.quote == "up to\u2060 3,000"


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b" \n\t\r\n  \n", "empty"),
        ("nul.txt", b"\x00" * 4000, "binary"),
        ("binary.txt", bytes(range(256)) * 50, "binary|not text"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 30, "binary"),
        ("bad-bom.txt", b"\xff\xfe" + b"\x00\xd8" * 3, "byte-order mark"),
    ],
)
def test_unusable_documents_are_refused_with_a_clear_message(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=message) as raised:
        read_document(path)
    assert str(raised.value).startswith(name)


# --------------------------------------------------------------------- not regular files


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["zero.txt", "zero.md", "zero.html", "zero.docx", "zero.pdf"])
def test_a_document_that_is_a_device_is_refused_without_reading_it(tmp_path, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=f"{name}: is a device, not a regular file"):
        read_document(link)
    assert time.perf_counter() - started < 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_document_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "doc.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            read_document(fifo)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - looked at below
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # unblock the reader so the test run can end
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        reader.join(5)
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], DocumentError)
    assert "named pipe (FIFO), not a regular file" in str(outcome[0])


def test_a_folder_named_like_a_document_is_refused(tmp_path):
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match="notes.txt: is a folder"):
        read_document(folder)
