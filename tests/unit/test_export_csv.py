"""CSV export: columns, RFC 4180 quoting, formula neutralising, offsets (export_csv)."""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.articles.reading import ImportedDocument
from annotator.core.articles.text import normalise_text, sha256_text
from annotator.core.formats.csv_format import CSV_COLUMNS, export_csv, neutralise_cell, write_csv
from annotator.core.session.store import SessionStore

CONTRACT = (
    "annotation_id,document_id,document_title,document_sha256,start,end,text,label,"
    "confidence,note,reviewer,created_at,updated_at"
)
# the contract's columns, then ours
HEADER = CONTRACT + (",verdict,evidence_urls,linked_ids,origin,document_url,document_outlet,"
                     "document_author,document_published,same_as,claim_reviewed,fact_check_url")
TEXT = (
    'The minister said "we will, eventually" cut the levy.\n'
    "Up to 3,000 households, officials said.\n"
)
EMOJI_TEXT = "Fire 🔥🥵 broke out in 서울 near Zoe\u0301’s café; 기상청 said 38.9 degrees."

AddText = Callable[..., int]


def export(store: SessionStore, **kwargs) -> str:
    out = io.StringIO(newline="")
    write_csv(store, out, **kwargs)
    return out.getvalue()


def parse(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output, newline="")))


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


# --------------------------------------------------------------------- columns


def test_header_is_the_contract_then_our_columns(store: SessionStore) -> None:
    output = export(store)
    assert output == HEADER + "\r\n"
    assert ",".join(CSV_COLUMNS) == HEADER
    assert output.startswith(CONTRACT + ",")


def test_empty_session_exports_only_the_header(store: SessionStore) -> None:
    assert write_csv(store, io.StringIO()) == 0


def test_one_row_per_annotation_with_every_column(store: SessionStore, add_text: AddText,
                                                  reviewer: str) -> None:
    doc = add_text(TEXT, title="Levy row")
    annotation = store.add_annotation(doc, *span(TEXT, "Up to 3,000"), "estimate",
                                      confidence=4, note="hedged")
    output = export(store)
    assert output.count("\r\n") == 2
    (row,) = parse(output)
    assert row == {
        "annotation_id": str(annotation.id),
        "document_id": str(doc),
        "document_title": "Levy row",
        "document_sha256": sha256_text(TEXT),
        "start": str(annotation.start),
        "end": str(annotation.end),
        "text": "Up to 3,000",
        "label": "estimate",
        "confidence": "4",
        "note": "hedged",
        "reviewer": reviewer,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "verdict": "",
        "evidence_urls": "",
        "linked_ids": "",
        "origin": "manual",
        "document_url": "",
        "document_outlet": "",
        "document_author": "",
        "document_published": "",
        "same_as": "",
        "claim_reviewed": "",
        "fact_check_url": "",
    }


def test_write_csv_returns_the_row_count(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    for start in (0, 4, 13):
        store.add_annotation(doc, start, start + 3, "claim")
    assert write_csv(store, io.StringIO()) == 3


def test_rows_follow_document_and_span_order(store: SessionStore, add_text: AddText) -> None:
    first = add_text(TEXT)
    second = add_text(EMOJI_TEXT)
    store.add_annotation(second, 0, 4, "claim")
    store.add_annotation(first, 20, 25, "claim")
    store.add_annotation(first, 0, 3, "claim")
    rows = parse(export(store))
    assert [(int(r["document_id"]), int(r["start"])) for r in rows] == [
        (first, 0), (first, 20), (second, 0)]


def test_timestamps_are_iso_8601_with_a_time_zone(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    annotation = store.add_annotation(doc, 0, 3, "claim")
    store.update_annotation(annotation.id, note="later")
    (row,) = parse(export(store))
    created = datetime.fromisoformat(row["created_at"])
    updated = datetime.fromisoformat(row["updated_at"])
    assert created.tzinfo is not None and created.utcoffset() is not None
    assert updated.tzinfo is not None and updated.utcoffset() is not None
    assert created == annotation.created_at
    assert updated >= created


# --------------------------------------------------------------------- RFC 4180


def test_commas_quotes_and_newlines_round_trip(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT, title='Levy, "the" row')
    quote = 'said "we will, eventually" cut the levy.\nUp to 3,000'
    note = 'Check "eventually",\nthen the figure,\r\nand "3,000".'
    store.add_annotation(doc, *span(TEXT, quote), "claim", note=note)
    output = export(store, formula_safe=False)
    assert '"said ""we will, eventually"" cut' in output  # quoted, inner quotes doubled
    (row,) = parse(output)
    assert row["text"] == quote
    assert row["note"] == note
    assert row["document_title"] == 'Levy, "the" row'


def test_rows_end_with_crlf(store: SessionStore, add_text: AddText) -> None:
    doc = add_text(TEXT)
    store.add_annotation(doc, 0, 3, "claim")
    output = export(store)
    assert output.endswith("\r\n")
    assert output.startswith(HEADER + "\r\n")


# --------------------------------------------------------------------- formulas


@pytest.mark.parametrize(
    "value", ["=1+1", "+33 6 12", "-5 degrees", "@SUM(A1)", "\tindented", "\rreturn"]
)
def test_neutralise_cell_prefixes_an_apostrophe(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


def test_a_cell_that_already_starts_with_an_apostrophe_and_a_formula_gets_one_more() -> None:
    # so that reading the CSV back can tell the apostrophe added from the text's own (and a
    # spreadsheet, which hides one leading apostrophe, shows the text as it is)
    assert neutralise_cell("'=already") == "''=already"
    assert neutralise_cell("'plain") == "'plain"


@pytest.mark.parametrize("value", ["", "plain", "3,000", " =not first", "'plain"])
def test_neutralise_cell_leaves_other_cells_alone(value: str) -> None:
    assert neutralise_cell(value) == value


FORMULA_TEXT = (
    "Cells: =HYPERLINK(\"http://x\") and +33 6 12 34 56, then -5 degrees, "
    "@SUM(A1:A9), and\tTAB=1 at the end."
)


@pytest.fixture
def formula_session(store: SessionStore) -> SessionStore:
    summary, _ = store.add_document(
        ImportedDocument(title="=cmd|' /C calc'!A0", text=FORMULA_TEXT, source_format="text")
    )
    for quote, note, reviewer in [
        ('=HYPERLINK("http://x")', "+1 ring me", "@admin"),
        ("+33 6 12 34 56", "-minus", "=evil"),
        ("-5 degrees", "@mention", "+Ana"),
        ("@SUM(A1:A9)", "=1+2", "-Bo"),
        ("\tTAB=1", "\rcarriage", "\tTabby"),
    ]:
        store.add_annotation(summary.id, *span(FORMULA_TEXT, quote), "claim", note=note,
                             reviewer=reviewer)
    return store


@pytest.mark.parametrize("column", ["document_title", "text", "note", "reviewer"])
def test_formula_cells_are_neutralised(formula_session: SessionStore, column: str) -> None:
    safe = parse(export(formula_session))
    raw = parse(export(formula_session, formula_safe=False))
    assert len(safe) == len(raw) == 5
    for safe_row, raw_row in zip(safe, raw, strict=True):
        assert raw_row[column][0] in "=+-@\t\r"
        assert safe_row[column] == "'" + raw_row[column]


def test_numbers_and_other_columns_are_not_touched(formula_session: SessionStore) -> None:
    safe = parse(export(formula_session))
    raw = parse(export(formula_session, formula_safe=False))
    untouched = ["annotation_id", "document_id", "document_sha256", "start", "end", "label",
                 "confidence", "created_at", "updated_at"]
    for safe_row, raw_row in zip(safe, raw, strict=True):
        for column in untouched:
            assert safe_row[column] == raw_row[column]
        assert safe_row["start"].isdigit() and safe_row["confidence"].isdigit()


def test_formula_safe_false_writes_cells_exactly(formula_session: SessionStore) -> None:
    rows = parse(export(formula_session, formula_safe=False))
    assert rows[0]["document_title"] == "=cmd|' /C calc'!A0"
    assert [r["text"] for r in rows] == [
        a.quote for a in formula_session.annotations()]
    assert [r["note"] for r in rows] == ["+1 ring me", "-minus", "@mention", "=1+2",
                                         "\rcarriage"]
    assert [r["reviewer"] for r in rows] == ["@admin", "=evil", "+Ana", "-Bo", "\tTabby"]


# --------------------------------------------------------------------- offsets


def test_spans_after_emoji_and_in_hangul_index_the_text(store: SessionStore,
                                                         add_text: AddText) -> None:
    doc = add_text(EMOJI_TEXT)
    for quote in ("🔥", "broke out in 서울", "Zoe\u0301’s café", "기상청", "38.9 degrees"):
        store.add_annotation(doc, *span(EMOJI_TEXT, quote), "claim")
    rows = parse(export(store, formula_safe=False))
    assert len(rows) == 5
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert EMOJI_TEXT[start:end] == row["text"]
    broke = next(r for r in rows if r["text"] == "broke out in 서울")
    assert broke["start"] == "8"  # code points, not UTF-16 units


# --------------------------------------------------------------------- files and filters


def test_export_to_a_file(store: SessionStore, add_text: AddText, tmp_path: Path) -> None:
    doc = add_text(EMOJI_TEXT, title="Seoul, fire")
    store.add_annotation(doc, *span(EMOJI_TEXT, "broke out in 서울"), "claim",
                         note='multi\nline, "quoted"')
    path = tmp_path / "out.csv"
    assert export_csv(store, path) == 1
    data = path.read_bytes()
    assert not data.startswith(codecs.BOM_UTF8)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][2] == "Seoul, fire"
    assert rows[1][6] == "broke out in 서울"
    assert rows[1][9] == 'multi\nline, "quoted"'
    assert not list(tmp_path.glob(".*partial"))


def test_excel_export_starts_with_a_utf8_bom(store: SessionStore, add_text: AddText,
                                             tmp_path: Path) -> None:
    doc = add_text(EMOJI_TEXT)
    store.add_annotation(doc, 0, 4, "claim")
    path = tmp_path / "excel.csv"
    export_csv(store, path, excel=True)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + HEADER.encode() + b"\r\n")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["text"] == "Fire"


def test_export_replaces_an_existing_file(store: SessionStore, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text("stale content that is longer than a header line " * 10)
    export_csv(store, path)
    assert path.read_bytes() == HEADER.encode() + b"\r\n"


def test_export_to_standard_output(store: SessionStore, add_text: AddText,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    doc = add_text(TEXT)
    store.add_annotation(doc, 0, 3, "claim")
    assert export_csv(store, None) == 1
    rows = parse(capsys.readouterr().out)
    assert [r["text"] for r in rows] == ["The"]


def test_export_of_one_document_only(store: SessionStore, add_text: AddText,
                                     tmp_path: Path) -> None:
    first = add_text(TEXT)
    second = add_text(EMOJI_TEXT)
    store.add_annotation(first, 0, 3, "claim")
    store.add_annotation(second, 0, 4, "claim")
    store.add_annotation(second, 5, 6, "estimate")
    rows = parse(export(store, document_id=second))
    assert [r["document_id"] for r in rows] == [str(second), str(second)]
    path = tmp_path / "second.csv"
    assert export_csv(store, path, document_id=second) == 2
    assert export_csv(store, tmp_path / "all.csv") == 3


# --------------------------------------------------------------------- property: round trip

_pieces = st.one_of(
    st.sampled_from(["😀", "🔥🥵", "한국어", "서울 ", "e\u0301", "Zoe\u0301", "\r\n", "\r", "\n",
                     " ", ",", '"', "=", "-", "word ", "3,000", "\t", "北京"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=6),
)
_texts = st.lists(_pieces, min_size=1, max_size=25).map("".join).map(normalise_text).filter(
    lambda text: text.strip() != ""
)


@settings(max_examples=100, deadline=None)
@given(text=_texts, data=st.data())
def test_spans_and_quotes_round_trip_through_csv(text: str, data: st.DataObject) -> None:
    expected = []
    for _ in range(data.draw(st.integers(1, 5), label="spans")):
        start = data.draw(st.integers(0, len(text) - 1), label="start")
        end = data.draw(st.integers(start + 1, len(text)), label="end")
        # the same span twice under one label is refused by the store (a duplicate)
        if text[start:end].strip() and (start, end, text[start:end]) not in expected:
            expected.append((start, end, text[start:end]))
    with (
        tempfile.TemporaryDirectory() as folder,
        SessionStore.open(Path(folder) / "s.sqlite", create=True, reviewer="r") as store,
    ):
        summary, _ = store.add_document(
            ImportedDocument(title="Random", text=text, source_format="text")
        )
        for start, end, _quote in expected:
            store.add_annotation(summary.id, start, end, "claim")
        raw = parse(export(store, formula_safe=False))
        safe = parse(export(store))
    got = [(int(r["start"]), int(r["end"]), r["text"]) for r in raw]
    assert sorted(got) == sorted(expected)
    for start, end, quote in got:
        assert text[start:end] == quote
    for row, safe_row in zip(raw, safe, strict=True):
        assert safe_row["text"] == neutralise_cell(row["text"])


def test_verdict_and_evidence_follow_the_contract_columns(store: SessionStore) -> None:
    summary, _ = store.add_document(
        ImportedDocument(title="Wall", text="The wall was raised in 2016.", source_format="text")
    )
    claim = store.add_annotation(summary.id, 0, 27, "claim")
    store.update_annotation(
        claim.id, verdict="true",
        evidence=["https://example.org/a", "https://example.org/b"],
    )
    [row] = parse(export(store))
    assert row["verdict"] == "true"
    assert row["evidence_urls"].split(" ") == ["https://example.org/a", "https://example.org/b"]


def test_exporting_to_a_device_writes_to_it_and_leaves_it_a_device(store: SessionStore) -> None:
    import os
    import stat

    summary, _ = store.add_document(
        ImportedDocument(title="Wall", text="The wall was raised in 2016.", source_format="text")
    )
    store.add_annotation(summary.id, 0, 8, "claim")
    assert export_csv(store, os.devnull) == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the null device, not a file


def test_exporting_through_a_symlink_replaces_the_file_it_points_to(
    store: SessionStore, tmp_path: Path
) -> None:
    summary, _ = store.add_document(
        ImportedDocument(title="Wall", text="The wall was raised in 2016.", source_format="text")
    )
    store.add_annotation(summary.id, 0, 8, "claim")
    real = tmp_path / "real.csv"
    real.write_text("old", "utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    assert export_csv(store, link) == 1
    assert link.is_symlink()
    assert real.read_text("utf-8").startswith("annotation_id,")


def test_origin_and_provenance_columns(tmp_path) -> None:
    from datetime import date

    from annotator.core.articles.provenance import Provenance
    from annotator.core.articles.reading import ImportedDocument

    with SessionStore.open(tmp_path / "p.sqlite", create=True, reviewer="ana") as store:
        summary, _ = store.add_document(ImportedDocument(
            title="Levy", text="Officials said up to 3,000.", source_format="text",
            provenance=Provenance(url="https://post.example/levy", outlet="=Valley Post",
                                  authors=("Ana Lima", "Bo Chen"),
                                  published=date(2026, 2, 1))))
        store.add_annotation(summary.id, 0, 14, "attribution")
        store.add_annotation(summary.id, 15, 26, "estimate", origin="suggested")
        rows = parse(export(store))
    assert [r["origin"] for r in rows] == ["manual", "suggested"]
    row = rows[0]
    assert row["document_url"] == "https://post.example/levy"
    assert row["document_outlet"] == "'=Valley Post"  # a formula from a page is neutralised
    assert row["document_author"] == "Ana Lima; Bo Chen"
    assert row["document_published"] == "2026-02-01"


def test_a_claims_summary_as_checked_and_fact_check_address_come_last_and_back(
        store: SessionStore, add_text: AddText, tmp_path) -> None:
    from annotator.core.formats import csv_format
    from annotator.core.formats.import_records import import_records

    doc = add_text(TEXT)
    claim = store.add_annotation(doc, 0, 12, "claim")
    store.update_annotation(claim.id, claim_reviewed="=The minister promised a cut",
                            fact_check_url="https://desk.example/checks/7")
    out = io.StringIO()
    write_csv(store, out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row)[-2:] == ["claim_reviewed", "fact_check_url"]
    assert row["claim_reviewed"] == "'=The minister promised a cut"  # neutralised
    assert row["fact_check_url"] == "https://desk.example/checks/7"
    path = tmp_path / "out.csv"
    path.write_text(out.getvalue(), "utf-8")
    [record] = csv_format.read(path)
    [span] = record.spans
    assert span.claim_reviewed == "=The minister promised a cut"
    assert span.fact_check_url == "https://desk.example/checks/7"
    store.delete_annotation(claim.id)
    [back_id] = import_records(store, [record], source_format="csv").annotation_ids
    back = store.annotation(back_id)
    assert back.claim_reviewed == "=The minister promised a cut"
    assert back.fact_check_url == "https://desk.example/checks/7"
