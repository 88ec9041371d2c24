"""Writing a brat folder (annotator.core.formats.brat.write): the .ann lines are written as they
are made, and every document is checked before any file is written."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.formats import brat
from annotator.core.formats.records import DocumentRecord, SpanRecord

TEXT = "Up to 3,000\ntroops were sent, according to the ministry."
SOURCE = TEXT.index("according")  # 30


def record(title: str, *spans: SpanRecord) -> DocumentRecord:
    return DocumentRecord(title=title, text=TEXT, spans=spans)


def test_a_bad_span_in_a_later_document_leaves_the_folder_untouched(tmp_path) -> None:
    good = record("First", SpanRecord(0, 11, "claim", "Up to 3,000"))
    bad = record("Second", SpanRecord(0, 5, "claim", "Up to"),
                 SpanRecord(12, 18, "claim", "troops", verdict="not true"))
    with pytest.raises(AnnotatorError, match="cannot be a brat value"):
        brat.write([good, bad], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_ann_file_is_the_lines_of_ann_text(tmp_path) -> None:
    spans = (
        SpanRecord(0, 18, "claim", TEXT[0:18], key="1", note="two\nlines", verdict="true",
                   reviewer="amira", evidence=("https://example.org/a",), links=("2",)),
        SpanRecord(SOURCE, SOURCE + 25, "attribution", "according to the ministry", key="2",
                   confidence=5, links=("1",)),
    )
    assert brat.write([record("Troops", *spans)], tmp_path / "out") == 2
    ann = (tmp_path / "out" / "001-troops.ann").read_text(encoding="utf-8")
    assert ann == brat.ann_text(record("Troops", *spans))
    assert ann.splitlines() == [
        "T1\tclaim 0 11;12 18\tUp to 3,000 troops",
        "T2\tattribution 30 55\taccording to the ministry",
        "A1\tConfidence T1 3",
        "A2\tVerdict T1 true",
        "A3\tConfidence T2 5",
        "#1\tAnnotatorNotes T1\ttwo\\nlines",
        "#2\tReviewer T1\tamira",
        "#3\tEvidence T1\thttps://example.org/a",
        "R1\tLink Arg1:T1 Arg2:T2",
        "R2\tLink Arg1:T2 Arg2:T1",
    ]
