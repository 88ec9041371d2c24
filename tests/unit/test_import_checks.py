"""An import checks each span as the model would, in bulk: a span the model refuses is listed
as not placed (the others are added), the first wrong field of an annotation object is the one
named, and the annotations added come back with the ids the session gave them."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import FormatError
from annotator.core.formats import jsonl
from annotator.core.formats.import_records import import_records
from annotator.core.formats.records import DocumentRecord, SpanRecord

TEXT = "The minister said 3,000 homes were evacuated, officials said."


def _span(start: int, end: int, **fields) -> SpanRecord:
    return SpanRecord(start=start, end=end, label="claim", quote=TEXT[start:end], **fields)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"evidence": ("not a link",)}, "not a web address"),
        ({"evidence": (" https://example.org ",) * 51}, "at most"),
        ({"verdict": "perhaps"}, "unknown verdict"),
        ({"reviewer": "x" * 500}, "reviewer"),
        ({"reviewer": "   "}, "reviewer"),
        ({"note": "n" * 100_001}, "note"),
    ],
)
def test_a_span_the_model_refuses_is_listed_and_the_others_added(store, add_text, fields,
                                                                  words) -> None:
    add_text(TEXT)
    record = DocumentRecord(title="Article", text=TEXT,
                            spans=(_span(0, 12), _span(18, 29, **fields)))
    report = import_records(store, [record])
    assert report.added == 1
    (unplaced,) = report.unplaced
    assert unplaced.quote == "3,000 homes" and words in unplaced.reason
    assert [a.quote for a in store.annotations()] == ["The minister"]


def test_evidence_with_white_space_is_kept_as_the_model_keeps_it(store, add_text) -> None:
    add_text(TEXT)
    spans = (_span(0, 12, evidence=(" https://example.org/a ", "", "https://example.org/b")),)
    report = import_records(store, [DocumentRecord(title="Article", text=TEXT, spans=spans)])
    assert report.added == 1
    assert store.annotations()[0].evidence == ("https://example.org/a", "https://example.org/b")


def test_added_annotations_carry_the_ids_of_their_rows(store, add_text) -> None:
    doc = add_text(TEXT)
    spans = tuple(_span(start, end) for start, end in [(0, 12), (18, 29), (4, 12), (46, 55)])
    first = import_records(store, [DocumentRecord(title="Article", text=TEXT, spans=spans[:2])])
    store.delete_annotation(first.annotations[-1].id)  # the table's highest id, now free
    report = import_records(store, [DocumentRecord(title="Article", text=TEXT, spans=spans)])
    assert report.added == 3 and report.duplicates == 1
    stored = {a.id: a for a in store.annotations(doc)}
    assert all(stored[a.id] == a for a in report.annotations)
    assert min(a.id for a in report.annotations) > first.annotations[-1].id


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ('"note": 1, "evidence": 2', "the note"),
        ('"evidence": 2, "created_at": 3', "the evidence"),
        ('"created_at": 3, "links": 4', "the created_at"),
        ('"updated_at": [], "links": 4', "the updated_at"),
        ('"links": {}', "the links"),
        ('"evidence": ["https://example.org", 5]', "the evidence"),
    ],
)
def test_the_first_wrong_field_of_an_annotation_object_is_named(tmp_path: Path, fields,
                                                               named) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "abc", "annotations": [{"start": 0, "end": 2, "label": "claim", '
                    + fields + "}]}\n", encoding="utf-8")
    with pytest.raises(FormatError, match=f"line 1: {named} of annotation 1 "):
        jsonl.read(path)
