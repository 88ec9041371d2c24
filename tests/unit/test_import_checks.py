"""An import checks each span as the model would, in bulk: a span the model refuses is listed
as not placed (the others are added), the first wrong field of an annotation object is the one
named, and the annotations added come back with the ids the session gave them."""

from __future__ import annotations

import dataclasses
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
    store.delete_annotation(first.annotation_ids[-1])  # the table's highest id, now free
    report = import_records(store, [DocumentRecord(title="Article", text=TEXT, spans=spans)])
    assert report.added == 3 and report.duplicates == 1
    stored = {a.id: (a.start, a.end) for a in store.annotations(doc)}
    assert [stored[i] for i in report.annotation_ids] == [(4, 12), (18, 29), (46, 55)]
    assert min(report.annotation_ids) > first.annotation_ids[-1]


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


def test_rows_written_a_batch_at_a_time_keep_their_links_and_ids(store, add_text,
                                                                 monkeypatch) -> None:
    from annotator.core.formats import import_records as module

    monkeypatch.setattr(module._Rows, "BATCH", 2)
    doc = add_text(TEXT)
    places = [(0, 12), (4, 12), (18, 29), (46, 55), (30, 44)]
    spans = tuple(_span(start, end, key=f"k{n}", links=(f"k{(n + 1) % 5}",))
                  for n, (start, end) in enumerate(places))
    report = import_records(store, [DocumentRecord(title="Article", text=TEXT, spans=spans)])
    assert report.added == 5 and list(report.annotation_ids) == sorted(report.annotation_ids)
    by_place = {(a.start, a.end): a.id for a in store.annotations(doc)}
    ids = [by_place[place] for place in places]
    assert sorted(report.links) == sorted((ids[n], ids[(n + 1) % 5]) for n in range(5))
    assert sorted(store.links_in_document(doc)) == sorted(report.links)


def test_an_import_that_fails_after_a_batch_was_written_leaves_the_session_as_it_was(
        store, add_text, monkeypatch) -> None:
    from annotator.core.formats import import_records as module

    monkeypatch.setattr(module._Rows, "BATCH", 2)
    doc = add_text(TEXT)
    store.add_annotation(doc, 0, 3, "claim")
    before = store.annotations(doc)
    spans = tuple(_span(start, end) for start, end in [(4, 12), (18, 29), (46, 55)])
    real_add_links = type(store).add_links

    def failing(*args, **kwargs):  # once every row is written: the disk refuses the rest
        raise module.ValidationFailed("the disk is full")

    monkeypatch.setattr(type(store), "add_links", failing)
    spans = (*spans[:2], dataclasses.replace(spans[2], key="a", links=("b",)),
             _span(30, 44, key="b"))
    with pytest.raises(module.ValidationFailed):
        import_records(store, [DocumentRecord(title="Article", text=TEXT, spans=spans)])
    monkeypatch.setattr(type(store), "add_links", real_add_links)
    assert store.annotations(doc) == before
    assert import_records(store, [DocumentRecord(title="Article", text=TEXT,
                                                 spans=spans)]).added == 4


def test_times_are_kept_as_the_store_writes_them_and_a_missing_one_is_now(store,
                                                                         add_text) -> None:
    doc = add_text(TEXT)
    spans = (
        _span(0, 12, created_at="2024-05-01T10:00:00.123456+02:00",
              updated_at="2024-05-02T09:30:00-00:00"),
        _span(18, 29, created_at="2024-05-01T10:00:00Z"),
        _span(46, 55),
    )
    import_records(store, [DocumentRecord(title="Article", text=TEXT, spans=spans)])
    first, second, third = store.annotations(doc)
    assert first.created_at.isoformat() == "2024-05-01T10:00:00.123000+02:00"
    assert first.updated_at.isoformat() == "2024-05-02T09:30:00+00:00"
    assert second.created_at == second.updated_at
    assert second.created_at.isoformat() == "2024-05-01T10:00:00+00:00"
    assert third.created_at.year >= 2025 and third.created_at == third.updated_at
