"""Smoke test of the merge benchmark: its quick run finishes and reports every figure.

Not a timing test: it checks that the figures are there and that the merge added every
annotation of the inputs (each reviewer's are their own, so none is a duplicate).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "merge_bench.py"

NUMBERS = (
    "reviewers", "articles", "characters", "input_annotations", "input_links",
    "annotations_merged", "duplicates", "links_merged", "documents", "build_s", "merge_s",
    "baseline_s", "ratio", "annotations_per_s",
)


def test_quick_merge_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "merge.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    shown = f"[exit {completed.returncode}]\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    assert completed.returncode == 0, shown
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in NUMBERS:
        value = figures.get(key)
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value) and value >= 0, (key, value)
    assert figures["mode"] == "quick"
    assert (figures["reviewers"], figures["articles"]) == (3, 20)
    assert figures["input_annotations"] > 0
    assert figures["annotations_merged"] == figures["input_annotations"]
    assert figures["duplicates"] == 0
    assert figures["links_merged"] == figures["input_links"]
    assert figures["documents"] == 3 * 20
    assert len(figures["merge_runs_s"]) == len(figures["baseline_runs_s"]) == 3
    assert figures["machine"]["cpus"] >= 1
    assert "annotations merged" in completed.stdout and "baseline" in completed.stdout
