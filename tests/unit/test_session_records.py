"""The spans an export is written from (annotator.core.formats.records.session_records): read
straight from the rows, they are exactly what the Annotation model gives, and a row the model
would refuse or read its own way sends the document through the model."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.formats.records import (
    _document_spans,
    _validated_spans,
    plain_span,
    session_records,
)
from annotator.core.models import Annotation
from annotator.core.session.store import SessionStore
from tests.unit.format_helpers import fill

TEXT = "Up to 3,000 troops were sent, according to the ministry."
GOOD = (7, 1, 0, 11, "Up to 3,000", "estimate", 4, "a note", "mostly_true",
        '["https://example.org/a", " https://example.org/b "]', "amira",
        "2024-05-01T09:30:00.123+00:00", "2024-05-01T10:00:00.000+02:00", "suggested", None,
        None)
COLUMNS = ("id", "document_id", "start", "end", "quote", "label", "confidence", "note",
           "verdict", "evidence", "reviewer", "created_at", "updated_at", "origin",
           "claim_reviewed", "fact_check_url")
VARIANTS = [
    # written by this program: read plainly
    {},
    {"verdict": None, "evidence": "[]", "note": ""},
    {"created_at": "2024-05-01T09:30:00+00:00"},
    {"created_at": "2024-05-01T09:30:00.5-00:00"},
    {"created_at": "2024-05-01T09:30:00.000000-03:00"},
    {"created_at": "2024-05-01T09:30:00.123456+05:30"},
    {"updated_at": "2024-05-01T09:30:00+23:59"},
    # read by the model its own way: the model decides
    {"created_at": "2024-05-01T09:30:00Z"},
    {"created_at": "2024-05-01 09:30:00+00:00"},
    {"created_at": "2024-05-01T09:30:00.1234567+00:00"},
    {"evidence": ""},
    {"confidence": 3.0},
    {"claim_reviewed": "Up to 3,000 troops were sent"},
    {"fact_check_url": "https://checks.example/troops"},
    # refused by the model
    {"created_at": "2024-05-01T09:30:00"},
    {"created_at": "2024-02-30T09:30:00+00:00"},
    {"updated_at": "2024-05-01T09:30:00+24:00"},
    {"created_at": "yesterday"},
    {"verdict": "Not a verdict!"},
    {"evidence": "not json"},
    {"evidence": '["not a web address"]'},
    {"evidence": '{"a": 1}'},
    {"evidence": '[1, 2]'},
    {"confidence": 9},
    {"confidence": None},
    {"start": -5},
    {"start": 11, "end": 11},
    {"start": "0"},
    {"label": None},
    {"quote": None},
    {"note": None},
    {"note": "x" * 100_001},
    {"reviewer": ""},
    {"reviewer": "   "},
    {"reviewer": "r" * 201},
    {"reviewer": None},
    {"origin": "telepathy"},
    {"origin": None},
    {"fact_check_url": "not a web address"},
    {"claim_reviewed": 42},
]


def model_annotation(row: tuple) -> Annotation | None:
    """The annotation the model makes of ``row``, or ``None`` when it refuses the row."""
    try:
        ann = Annotation.model_validate(dict(zip(COLUMNS, row, strict=True)))
    except Exception:  # noqa: BLE001 - any refusal
        return None
    return ann


PLAIN = 7  # the first variants are rows this program writes


@pytest.mark.parametrize(("number", "change"), list(enumerate(VARIANTS)),
                         ids=lambda value: repr(value)[:60])
def test_a_row_read_plainly_is_what_the_model_gives_or_left_to_the_model(
    number: int, change: dict
) -> None:
    row = tuple(change.get(column, value) for column, value in zip(COLUMNS, GOOD, strict=True))
    span = plain_span(row, TEXT, {7: ["12", "9"]})
    ann = model_annotation(row)
    assert (span is not None) == (number < PLAIN)
    if span is None:
        return  # the model decides (it may refuse the row)
    assert ann is not None, "a row the model refuses was read"
    assert (span.start, span.end, span.quote, span.label, span.confidence, span.note,
            span.verdict, span.evidence, span.reviewer, span.origin) == (
        ann.start, ann.end, ann.quote, ann.label, ann.confidence, ann.note, ann.verdict,
        ann.evidence, ann.reviewer, ann.origin)
    assert (span.created_at, span.updated_at) == (ann.created_at.isoformat(),
                                                  ann.updated_at.isoformat())
    assert span.key == "7" and span.links == ("9", "12")
    assert (span.prefix, span.suffix) == ("", TEXT[11:43])


def test_every_span_of_a_session_is_what_the_model_gives(store: SessionStore, add_text) -> None:
    fill(store, add_text)
    for summary in store.documents(counts=False):
        text = store.document_text(summary.id)
        links: dict[int, list[str]] = {}
        for source, target in store.links_in_document(summary.id):
            links.setdefault(source, []).append(str(target))
        for reviewer in (None, "Bo", "서울 팀", "nobody"):
            plain = _document_spans(store, summary.id, text, links, reviewer)
            assert plain == _validated_spans(store, summary.id, text, links, reviewer)


def test_a_row_written_by_another_program_sends_its_document_through_the_model(
    store: SessionStore, add_text, session_path
) -> None:
    fill(store, add_text)
    before = list(session_records(store))
    conn = sqlite3.connect(session_path)
    with conn:  # the same moment, in a form the model reads but this program never writes
        conn.execute("UPDATE annotations SET created_at = replace(created_at, '+00:00', 'Z')")
    conn.close()
    store._texts.clear()
    after = list(session_records(store))
    assert after == before
