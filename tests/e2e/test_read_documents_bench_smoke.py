"""Smoke test of benchmarks/read_documents_bench.py at a tiny scale: every case runs and
reports a time, a baseline and their ratio (not a timing test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "read_documents_bench.py"
CASES = ("html-5mb", "html-130mb", "markdown-5mb", "markdown-5mb-parse", "markdown-emphasis",
         "nested-html-20k", "nested-html-100k", "docx-bomb", "window-50mb-line",
         "window-5mb-line", "window-50mb-unspaced")


def test_every_case_reports_a_time_and_a_ratio(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCH), "--scale", "0.002", "--timeout", "120",
         "--folder", str(tmp_path / "inputs")],
        capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    assert set(lines) == set(CASES), done.stdout
    for line in lines.values():
        assert " s  baseline " in line and "ratio" in line and "x  {" in line, line
    assert '"peak_rss_mb"' in lines["window-50mb-line"]
