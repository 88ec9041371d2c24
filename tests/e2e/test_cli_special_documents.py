"""`annotator import` of documents that are not regular files: a FIFO or a link to a device is
refused at once with one line, and the good documents beside them are imported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                    reason="needs FIFOs and /dev/zero")
def test_a_fifo_and_a_device_are_refused_and_the_good_document_imported(cli, tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.md"
    zero.symlink_to("/dev/zero")
    good = tmp_path / "good.txt"
    good.write_text("Evacuations\n\nUp to 3,000 homes were evacuated.\n", "utf-8")
    session = cli.cwd / "s.sqlite"

    result = cli.run("import", session, fifo, zero, good)  # hung for ever, or filled memory

    assert result.returncode == 1, str(result)
    assert result.stderr_lines == [
        f"annotator: error: {fifo}: is a named pipe (FIFO), not a regular file",
        f"annotator: error: {zero}: is a device, not a regular file",
    ], str(result)
    info = json.loads(cli.ok("info", session, "--json").stdout)
    assert [d["title"] for d in info["documents"]] == ["Evacuations"]
