"""Label and document rows read without the model (so that opening a session does not build the
models' validators) give exactly what the model would give, and every other row goes to it."""

from __future__ import annotations

import subprocess
import sys

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import DocumentSummary, Label
from annotator.core.session.damaged_rows import (
    quick_document_summary,
    quick_label,
    read_document_summary,
    read_label,
)

SHA = "ab" * 32
STAMP = "2026-03-05T09:30:00.123+00:00"


def sound_document(**changes) -> dict:
    row = {"id": 3, "title": "Port strike", "sha256": SHA, "char_count": 1200,
           "source_path": "/tmp/a.txt", "source_format": "text", "source_encoding": "utf-8",
           "source_sha256": None, "imported_at": STAMP, "position": 2, "last_offset": 40,
           "status": "in_progress", "url": None, "outlet": None, "authors": "[]",
           "published": None, "retrieved": None, "annotation_count": 7}
    return row | changes


def model_reads(model, row: dict):
    try:
        return model.model_validate(row)
    except pydantic.ValidationError:
        return None


def same(quick, validated) -> None:
    assert validated is not None, "the quick reader passed a row the model refuses"
    assert quick.__dict__.keys() == validated.__dict__.keys()
    for name, value in validated.__dict__.items():
        assert quick.__dict__[name] == value, name
        assert type(quick.__dict__[name]) is type(value), name
        if hasattr(value, "utcoffset"):
            assert quick.__dict__[name].utcoffset() == value.utcoffset()


# values of every type SQLite can hand back, near and far from what the model takes
ANY_VALUE = st.one_of(st.none(), st.sampled_from([-1, 0, 1]), st.integers(-3, 10**6),
                      st.floats(allow_nan=False),
                      st.text(max_size=12), st.binary(max_size=4))
STAMPS = st.one_of(
    st.just(STAMP), st.just("2026-03-05T09:30:00+05:30"), st.just("2026-02-30T09:30:00+00:00"),
    st.just("2026-03-05T25:30:00+00:00"), st.just("2026-03-05T09:30:00"),
    st.just("2026-03-05T09:30:00.123456-23:59"), st.just("2026-03-05T09:30:00+24:00"),
    st.just("0000-03-05T09:30:00+00:00"), st.just("2026-03-05 09:30:00+00:00"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?[+-]\d{2}:\d{2}\Z"),
    ANY_VALUE)
LABEL_NAMES = st.one_of(st.from_regex(r"\A[a-z][a-z0-9_-]{0,41}\Z"), st.just("Claim"),
                        st.just("claim\n"), ANY_VALUE)


@settings(max_examples=400, deadline=None)
@given(name=LABEL_NAMES,
       title=st.one_of(st.text(max_size=82), ANY_VALUE),
       color=st.one_of(st.from_regex(r"\A#[0-9A-Fa-f]{5,7}\Z"), st.just("#12345g"), ANY_VALUE),
       shortcut=st.one_of(st.none(), st.sampled_from(["C", "c", "CC", "É", "1"]), ANY_VALUE),
       position=st.one_of(st.integers(-5, 5), ANY_VALUE),
       description=st.one_of(st.text(max_size=5), ANY_VALUE))
def test_a_label_row_read_quickly_is_read_as_the_model_reads_it(name, title, color, shortcut,
                                                                 position, description):
    row = {"name": name, "title": title, "color": color, "shortcut": shortcut,
           "position": position, "description": description}
    quick = quick_label(row)
    if quick is not None:
        same(quick, model_reads(Label, row))


NEAR_VALUES = st.one_of(
    ANY_VALUE, STAMPS,
    st.sampled_from(["not_started", "in_progress", "done", "Done", "paused", "[]", "[1]",
                     SHA, SHA.upper(), SHA[:-1], SHA + "\n", "https://example.org/"]))


@settings(max_examples=1000, deadline=None)
@given(changed=st.dictionaries(st.sampled_from(sorted(sound_document())), NEAR_VALUES,
                               max_size=2))
def test_a_document_row_read_quickly_is_read_as_the_model_reads_it(changed):
    """A sound row with up to two values changed to anything SQLite can hold."""
    row = sound_document() | changed
    quick = quick_document_summary(row)
    if quick is not None:
        same(quick, model_reads(DocumentSummary, row))


def test_the_rows_the_program_writes_are_read_quickly():
    assert quick_document_summary(sound_document()) is not None
    for label in DEFAULT_LABELS:
        assert quick_label(dict(label)) is not None


@pytest.mark.parametrize("changes", [
    {"url": "https://example.org/a"}, {"outlet": "Daily Ledger"}, {"authors": '["A. Writer"]'},
    {"published": "2026-03-05"}, {"retrieved": "2026-03-06"}, {"imported_at": "yesterday"},
    {"status": "paused"}, {"last_offset": -1},
])
def test_a_document_row_the_quick_reader_cannot_vouch_for_goes_to_the_model(changes):
    row = sound_document(**changes)
    assert quick_document_summary(row) is None
    summary, problem = read_document_summary(row)
    assert summary is not None  # shown, by the model (repaired where a value is bad)
    if "status" in changes or "last_offset" in changes or "imported_at" in changes:
        assert problem is not None and problem.repaired
    else:
        assert problem is None


def test_a_label_row_the_quick_reader_cannot_vouch_for_is_repaired_by_the_model():
    label, problem = read_label({"name": "claim", "title": "Claim", "color": "blue",
                                 "shortcut": "C", "position": 0, "description": ""})
    assert label is not None and label.color == "#808080"
    assert problem is not None and problem.repaired


def test_the_default_labels_are_what_the_model_makes_of_them():
    for label in DEFAULT_LABELS:
        same(label, Label.model_validate(dict(label)))


def test_opening_a_session_builds_no_validator(store, add_text, session_path):
    """The models' validators are built on first use; opening a session and reading its labels,
    documents and a document uses none (a new process reads the session made here)."""
    document_id = add_text("Some 4,000 people were moved, officials said.")
    store.close()
    code = (
        "from annotator.core import models\n"
        "from annotator.core.session.store import SessionStore\n"
        f"store = SessionStore.open({str(session_path)!r}, reviewer='r', "
        "defer_integrity_check=True)\n"
        f"store.labels(); store.documents(); store.document({document_id})\n"
        "print(sorted(m.__name__ for m in (models.Label, models.DocumentSummary, "
        "models.Document, models.Annotation) if m.__pydantic_complete__))\n"
        "models.prepare_models()\n"
        "print(all(m.__pydantic_complete__ for m in (models.Label, models.Annotation)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "True"]
