"""Smoke test of the accept-all benchmark: its quick run finishes, reports every figure and
finds that undoing and redoing "Accept All" leaves the session as it should.

Not a timing test: it checks that the figures are there and that the run did not fail.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "accept_all_bench.py"

NUMBERS = ("accept_all_s", "undo_s", "redo_s", "baseline_s", "accept_all_ratio", "delete_ms",
           "suggestions")


def test_quick_accept_all_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "accept.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--runs", "1", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )
    shown = f"[exit {completed.returncode}]\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    assert completed.returncode == 0, shown
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in NUMBERS:
        value = figures.get(key)
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value) and value >= 0, (key, value)
    assert figures["suggestions"] > 1_000  # a 200,000-character article has thousands
    assert "accept_all_s" in completed.stdout
