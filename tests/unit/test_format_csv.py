"""Reading the CSV export back (annotator.core.formats.csv_format): round trips through a fresh
session, the formula apostrophe, the Excel byte-order mark, offsets and bad files."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import FormatError, ValidationFailed
from annotator.core.formats import csv_format
from annotator.core.formats.csv_format import export_csv
from annotator.core.formats.import_records import import_records
from annotator.core.session.store import SessionStore

TEXT = "Fire 🔥 broke out in 서울, near Zoe\u0301’s café.\nUp to 3,000 left, officials said."


def annotations(store: SessionStore) -> list[tuple]:
    return sorted(
        (a.start, a.end, a.quote, a.label, a.confidence, a.note, a.reviewer, a.verdict,
         a.evidence, a.created_at, a.updated_at)
        for a in store.annotations()
    )


def copy_documents(source: SessionStore, target: SessionStore) -> None:
    for doc in source.documents():
        target.add_document(ImportedDocument(title=doc.title, text=source.document_text(doc.id),
                                             source_format=doc.source_format))


@pytest.mark.parametrize("excel", [False, True])
@pytest.mark.parametrize("formula_safe", [True, False])
def test_export_then_read_gives_the_same_annotations(tmp_path: Path, store, add_text, excel,
                                                     formula_safe):
    doc = add_text(TEXT)
    fire = TEXT.index("broke out in 서울")
    claim = store.add_annotation(doc, fire, fire + 14, "claim", confidence=5,
                                 note='=SUM(A1) "quoted"\nsecond line')
    store.update_annotation(claim.id, verdict="false", evidence=["https://example.org/a",
                                                                 "https://example.org/b"])
    figure = TEXT.index("Up to 3,000")
    estimate = store.add_annotation(doc, figure, figure + 11, "estimate", note="-2 is wrong",
                                    reviewer="@desk")
    store.add_link(claim.id, estimate.id)
    out = tmp_path / "a.csv"
    export_csv(store, out, excel=excel, formula_safe=formula_safe)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") == excel

    records = csv_format.read(out)
    assert [r.sha256 for r in records] == [store.documents()[0].sha256]
    notes = sorted(s.note for s in records[0].spans)
    assert notes == ["-2 is wrong", '=SUM(A1) "quoted"\nsecond line']  # the apostrophe is off

    with SessionStore.open(tmp_path / "fresh.sqlite", create=True) as fresh:
        copy_documents(store, fresh)
        report = import_records(fresh, records)
        assert report.added == 2 and not report.unplaced and report.moved == 0
        assert annotations(fresh) == annotations(store)
        (new_doc,) = fresh.documents()
        assert len(fresh.links_in_document(new_doc.id)) == 1


def test_offsets_count_code_points(tmp_path: Path, store, add_text):
    doc = add_text(TEXT)
    start = TEXT.index("서울")  # after an emoji: 1 code point, 2 UTF-16 units
    store.add_annotation(doc, start, start + 2, "claim")
    out = tmp_path / "a.csv"
    export_csv(store, out)
    (record,) = csv_format.read(out)
    (span,) = record.spans
    assert (span.start, span.end, span.quote) == (start, start + 2, "서울")
    assert start == 20  # not 21, as UTF-16 would count


@pytest.mark.parametrize("content, message", [
    ("a,b,c\n1,2,3\n", "not an annotation CSV"),
    ("document_title,document_sha256,start,end,text,label\nT,abc,x,3,abc,claim\n",
     "line 2: start, end and confidence must be whole numbers"),
])
def test_bad_files_give_one_clear_sentence(tmp_path: Path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        csv_format.read(path)


def test_a_binary_file_is_refused(tmp_path: Path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(FormatError, match="photo.csv"):
        csv_format.read(path)


pieces = st.sampled_from(["a", "b", " ", "\n", "😀", "한", "e\u0301", "3,000", ".", "=", "\t"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(pieces, min_size=4, max_size=30), data=st.data())
def test_any_spans_survive_the_round_trip(tmp_path_factory, parts, data):
    text = "x" + "".join(parts) + "y"
    folder = tmp_path_factory.mktemp("csv")
    with SessionStore.open(folder / "s.sqlite", create=True) as store:
        summary, _ = store.add_document(ImportedDocument(title="T", text=text,
                                                         source_format="text"))
        for _ in range(data.draw(st.integers(1, 4))):
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, len(text)))
            label = data.draw(st.sampled_from(["claim", "estimate", "attribution"]))
            if text[start:end].strip():
                note = data.draw(st.sampled_from(["", "=1", "+x", "ok"]))
                with contextlib.suppress(ValidationFailed):  # the same span and label twice
                    store.add_annotation(summary.id, start, end, label, note=note)
        out = folder / "a.csv"
        export_csv(store, out)
        with SessionStore.open(folder / "fresh.sqlite", create=True) as fresh:
            copy_documents(store, fresh)
            report = import_records(fresh, csv_format.read(out))
            assert not report.unplaced
            assert annotations(fresh) == annotations(store)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet="'=+-@\t\rab ", max_size=8))
def test_the_formula_apostrophe_is_always_told_from_the_texts_own(store, value):
    from annotator.core.formats.csv_format import FORMULA_TRIGGERS, neutralise_cell, restore_cell

    assert restore_cell(neutralise_cell(value)) == value
    # the SQL the export runs agrees with the Python rule
    (note,) = [row[9] for row in _rows_with_note(store, value, FORMULA_TRIGGERS)]
    assert note == neutralise_cell(value)


def _rows_with_note(store, note, triggers):
    doc = store._db.execute("SELECT id FROM documents").fetchone()
    if doc is None:
        summary, _ = store.add_document(ImportedDocument(title="T", text="Some 40 people.",
                                                         source_format="text"))
        doc = (summary.id,)
    store._db.execute("DELETE FROM annotations")
    store.add_annotation(doc[0], 5, 7, "estimate", note=note)
    return store.export_rows(neutralise=triggers).fetchall()


def test_a_quote_that_starts_with_an_apostrophe_comes_back_in_place(tmp_path, store, add_text):
    text = "Temperatures fell to '-5 degrees' overnight."
    doc = add_text(text)
    start = text.index("'-5")
    store.add_annotation(doc, start, start + 12, "estimate", note="'=x")
    out = tmp_path / "a.csv"
    export_csv(store, out)
    with SessionStore.open(tmp_path / "fresh.sqlite", create=True) as fresh:
        copy_documents(store, fresh)
        report = import_records(fresh, csv_format.read(out))
        assert report.moved == 0 and not report.unplaced
        assert annotations(fresh) == annotations(store)


def test_csv_for_excel_written_to_standard_output_begins_with_a_byte_order_mark(
    store: SessionStore, add_text, capsysbinary
):
    doc = add_text("Officials said up to 3,000 people left.")
    store.add_annotation(doc, 15, 29, "estimate")
    assert export_csv(store, None, excel=True) == 1
    written = capsysbinary.readouterr().out
    assert written.startswith(b"\xef\xbb\xbfannotation_id,")
    assert export_csv(store, None) == 1
    assert capsysbinary.readouterr().out.startswith(b"annotation_id,")


def test_every_annotation_file_suffix_is_told_apart(tmp_path):
    from annotator.core.formats.session_io import ANNOTATION_FILE_SUFFIXES, guess_format

    for suffix in ANNOTATION_FILE_SUFFIXES:
        path = tmp_path / f"file{suffix}"
        path.write_text("[]" if suffix == ".json" else "", encoding="utf-8")
        assert guess_format(path) == {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                                      ".jsonld": "w3c", ".json": "labelstudio",
                                      ".ann": "brat"}[suffix]
