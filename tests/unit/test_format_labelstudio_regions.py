"""Label Studio region ids (annotator.core.formats.labelstudio): unique in each task however
many spans share a key, made in one pass, and the file the same as it has always been."""

from __future__ import annotations

import io
import json
from pathlib import Path

from annotator.core.formats import labelstudio
from annotator.core.formats.records import DocumentRecord, SpanRecord

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "labelstudio_small_export.json"
TEXT = "Up to 3,000 troops, according to the ministry, were sent."


def span(start: int, end: int, label: str, key: str | None, reviewer: str, **fields):
    return SpanRecord(start=start, end=end, label=label, quote=TEXT[start:end], key=key,
                      reviewer=reviewer, created_at="2024-05-01T09:30:00.000+00:00",
                      updated_at="2024-05-01T09:31:00.000+00:00", **fields)


RECORD = DocumentRecord(title="Troops", text=TEXT, sha256="ab" * 32, spans=(
    span(0, 11, "estimate", "7", "amira", links=("9",)),
    span(0, 11, "claim", "7", "jonas"),  # the key again: a made-up id
    span(20, 45, "attribution", None, "amira", note="who said it"),  # no key: a made-up id...
    span(20, 45, "claim", "t1s3", "amira", confidence=5),  # ...that another span's key holds
    span(47, 56, "claim", "9", "amira", verdict="true"),
))


def test_region_ids_are_keys_where_unique_else_made_up_ids_no_key_holds() -> None:
    assert labelstudio._region_ids(1, RECORD.spans) == ["7", "t1s2", "t1s3_", "t1s3", "9"]


def test_the_export_of_a_small_task_is_unchanged() -> None:
    out = io.StringIO()
    assert labelstudio.write([RECORD], out) == 5
    assert out.getvalue() == FIXTURE.read_text(encoding="utf-8")
    (task,) = json.loads(out.getvalue())
    by_reviewer = {a["reviewer"]: a["result"] for a in task["annotations"]}
    assert {r["id"] for r in by_reviewer["jonas"]} == {"t1s2"}
    assert {"from_id": "7", "to_id": "9", "type": "relation", "direction": "right"} in \
        by_reviewer["amira"]


def test_many_spans_sharing_keys_get_unique_ids() -> None:
    # 30,000 spans: a key all share, no key, and the key of the id made up for the span before
    count = 30_000
    spans = tuple(
        SpanRecord(start=0, end=2, label="claim", quote="Up",
                   key=("same", None, f"t2s{n}")[n % 3])
        for n in range(count)
    )
    ids = labelstudio._region_ids(2, spans)
    assert len(ids) == count and len(set(ids)) == count
    assert ids[:6] == ["same", "t2s2_", "t2s2", "t2s4", "t2s5_", "t2s5"]
    record = DocumentRecord(title="t", text="Up", spans=spans)
    (task,) = json.loads(_written([record]))
    regions = [r["id"] for a in task["annotations"] for r in a["result"] if r["type"] == "labels"]
    assert regions == labelstudio._region_ids(1, spans)  # the first task of the file


def _written(records) -> str:
    out = io.StringIO()
    labelstudio.write(records, out)
    return out.getvalue()
