"""Reading only regular files, with a cap: devices, FIFOs and folders are refused at once."""

from __future__ import annotations

import os
import threading

import pytest

from annotator.core.errors import DocumentError
from annotator.core.regular_file import check_regular_file, read_regular_file


def test_reads_a_regular_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    assert read_regular_file(path, 10) == b"hello"
    assert check_regular_file(path) == 5


def test_a_file_at_the_cap_is_read_and_one_byte_over_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 10)
    assert read_regular_file(path, 10) == b"x" * 10
    with pytest.raises(DocumentError, match="larger than the 0 MB a document may have"):
        read_regular_file(path, 9, DocumentError, "a document")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(DocumentError, match="is a device, not a regular file"):
        read_regular_file(link, 1 << 30, DocumentError)
    with pytest.raises(DocumentError, match="is a device"):
        check_regular_file(link, DocumentError)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "doc.txt"
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            read_regular_file(fifo, 100, DocumentError)
        except DocumentError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert outcome and "named pipe (FIFO)" in outcome[0]


def test_a_folder_and_a_missing_file_are_named(tmp_path):
    with pytest.raises(DocumentError, match="folder"):
        read_regular_file(tmp_path, 100, DocumentError)
    with pytest.raises(DocumentError, match="no such file"):
        read_regular_file(tmp_path / "missing.txt", 100, DocumentError)
