"""Crash safety: a process editing a session is killed with SIGKILL again and again.

The harness is ``benchmarks/crash_soak.py`` (see its docstring); these tests run a short soak
and check that the harness's own verification catches a session that lost an acknowledged
change.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
KILLS = 45


def _load_crash_soak() -> ModuleType:
    name = "crash_soak"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "crash_soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # loaded once, whichever test imports it first
    spec.loader.exec_module(module)
    return module


crash_soak = _load_crash_soak()


@pytest.mark.slow
def test_acknowledged_changes_survive_sigkill(tmp_path: Path) -> None:
    stats = crash_soak.soak(tmp_path / "soak.sqlite", kills=KILLS, seed=20240517, max_delay=0.4)
    # soak() raises crash_soak.Violation at the first round that lost or damaged anything.
    assert stats["kills"] == KILLS
    assert stats["acknowledged"] > 0
    assert stats["startup_timeouts"] < KILLS
    # How many kills landed inside a store call depends on timing; report it, do not require it.
    print(
        f"\n{crash_soak.summary(stats)}; "
        f"{stats['in_flight_completed']} in-flight operations were found written"
    )


def _session_after_a_few_kills(tmp_path: Path) -> tuple[Path, dict]:
    path = tmp_path / "soak.sqlite"
    crash_soak.soak(path, kills=2, seed=7, max_delay=0.3)
    model, _ = crash_soak.read_state(path)
    assert model, "the worker acknowledged no annotation that is still there"
    assert crash_soak.verify(path, model) == model
    return path, model


def _sql(path: Path, statement: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(statement, params)
    finally:
        conn.close()


def test_verification_detects_a_lost_annotation(tmp_path: Path) -> None:
    path, model = _session_after_a_few_kills(tmp_path)
    lost = max(model)
    _sql(path, "DELETE FROM annotations WHERE id = ?", lost)

    missing = rf"(?s)round 3: .*annotation {lost} is missing"
    with pytest.raises(crash_soak.Violation, match=missing):
        crash_soak.verify(path, model, round_no=3)
    # An unacknowledged delete of that very annotation explains its absence ...
    in_flight = {"seq": 1, "action": "delete", "op": "del", "id": lost}
    assert lost not in crash_soak.verify(path, model, in_flight)
    # ... but not the absence of another one.
    other = min(model)
    if other != lost:
        in_flight = {"seq": 1, "action": "delete", "op": "del", "id": other}
        with pytest.raises(crash_soak.Violation, match=f"annotation {lost} is missing"):
            crash_soak.verify(path, model, in_flight)


def test_verification_detects_a_changed_field(tmp_path: Path) -> None:
    path, model = _session_after_a_few_kills(tmp_path)
    changed = min(model)
    _sql(
        path,
        "UPDATE annotations SET note = note || ' (edited behind the back)' WHERE id = ?",
        changed,
    )

    with pytest.raises(crash_soak.Violation, match=f"annotation {changed} differs: note"):
        crash_soak.verify(path, model)
    # An update of that very note in flight explains the change (its stamp may be unchanged
    # when both writes fall in the same millisecond) ...
    in_flight = {
        "seq": 1,
        "action": "note",
        "op": "update",
        "id": changed,
        "changes": {"note": model[changed]["note"] + " (edited behind the back)"},
    }
    assert crash_soak.verify(path, model, in_flight)[changed]["note"].endswith("the back)")
    # ... but an update of another field does not.
    in_flight["changes"] = {"confidence": model[changed]["confidence"]}
    with pytest.raises(crash_soak.Violation, match=f"annotation {changed} differs: note"):
        crash_soak.verify(path, model, in_flight)


def test_verification_allows_one_created_annotation_in_flight(tmp_path: Path) -> None:
    path, model = _session_after_a_few_kills(tmp_path)
    extra = dict(model[max(model)])
    _sql(path, "DELETE FROM annotations WHERE id = ?", extra["id"])
    reduced = {k: v for k, v in model.items() if k != extra["id"]}
    fields = {
        k: extra[k]
        for k in ("document_id", "start", "end", "label", "confidence", "note", "reviewer")
    }
    in_flight = {"seq": 1, "action": "create", "op": "create", "fields": fields}
    # The file holds one annotation more than ``reduced``: the create that was in flight.
    _sql(
        path,
        'INSERT INTO annotations (id, document_id, start, "end", quote, label, '
        "confidence, note, reviewer, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        extra["id"] + 1000,
        extra["document_id"],
        extra["start"],
        extra["end"],
        extra["quote"],
        extra["label"],
        extra["confidence"],
        extra["note"],
        extra["reviewer"],
        extra["created_at"].isoformat(timespec="milliseconds"),
        extra["created_at"].isoformat(timespec="milliseconds"),
    )
    assert len(crash_soak.verify(path, reduced, in_flight)) == len(model)
    # Without the BEGIN, or with a different intended label, it is unexpected.
    with pytest.raises(crash_soak.Violation, match=f"annotation {extra['id'] + 1000} is unexp"):
        crash_soak.verify(path, reduced)
    other = next(label for label in crash_soak.LABELS if label != extra["label"])
    in_flight["fields"] = fields | {"label": other}
    with pytest.raises(crash_soak.Violation, match="in flight"):
        crash_soak.verify(path, reduced, in_flight)
