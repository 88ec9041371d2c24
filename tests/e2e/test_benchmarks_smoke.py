"""Smoke test of the benchmark harness: it runs, and it reports every figure.

Not a timing test: a missed target is a FAIL in the harness's table, and the exit status stays 0,
so this only checks that every scenario ran and wrote a number.
"""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "benchmarks" / "run.py"
MAKE_SESSION = ROOT / "benchmarks" / "make_session.py"

KEYS = (
    "open_ratio",
    "add_p95_ms",
    "scroll_p95_ms",
    "export_ratio",
    "import_ratio",
    "suggest_ratio",
    "open_suggested_ratio",
    "startup_ratio",
    "peak_rss_mb",
    "startup_floor_ratio",
    "import_floor_ratio",
    "add_ms_at_1000",
    "add_ms_at_10000",
    "add_ms_at_100000",
    "open_s_at_1000",
    "open_s_at_10000",
    "open_s_at_100000",
    *(f"export_{fmt}_{metric}" for fmt in ("csv", "excel_csv", "jsonl", "w3c", "brat",
                                            "labelstudio") for metric in ("ratio", "peak_rss_mb")),
    *(f"import_annotations_{fmt}{into}_{metric}" for fmt in ("jsonl", "brat", "labelstudio")
      for into in ("", "_new_session") for metric in ("ratio", "peak_rss_mb")),
)


def _show(completed: subprocess.CompletedProcess) -> str:
    return f"[exit {completed.returncode}]\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"


def test_make_session_builds_a_valid_session(tmp_path: Path, cli_env: dict[str, str]) -> None:
    session = tmp_path / "bench.sqlite"
    completed = subprocess.run(
        [sys.executable, str(MAKE_SESSION), str(session), "--chars", "30000",
         "--annotations", "400", "--seed", "3"],
        cwd=tmp_path, env=cli_env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, _show(completed)
    conn = sqlite3.connect(session)
    try:
        (text,) = conn.execute("SELECT text FROM documents").fetchone()
        rows = conn.execute('SELECT start, "end", quote, label, note FROM annotations').fetchall()
    finally:
        conn.close()
    assert len(text) == 30_000
    assert any(ord(c) > 0xFFFF for c in text) and "“" in text and "according to" in text
    assert len(rows) == 400
    assert {label for *_, label, _ in rows} == {"claim", "estimate", "attribution"}
    assert len({(s, e, label) for s, e, _, label, _ in rows}) == 400
    assert all(text[s:e] == quote and quote.strip() == quote != "" for s, e, quote, _, _ in rows)
    assert any(note for *_, note in rows)


@pytest.mark.slow
def test_quick_benchmark_run_reports_every_figure(tmp_path: Path, cli_env: dict[str, str]) -> None:
    out = tmp_path / "tmp.json"
    completed = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--json", str(out)],
        cwd=tmp_path, env=cli_env, capture_output=True, text=True, timeout=240, check=False,
    )
    assert completed.returncode == 0, _show(completed)
    assert out.is_file(), _show(completed)
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in KEYS:
        value = figures.get(key)
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value) and value >= 0, (key, value)
    assert "metric" in completed.stdout and "open_ratio" in completed.stdout
