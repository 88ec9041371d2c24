"""JSON Lines in doccano's shape (annotator.core.formats.jsonl): round trips, offsets, doccano
files, bad files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import FormatError
from annotator.core.formats import jsonl
from annotator.core.formats.import_records import import_records
from annotator.core.formats.records import DocumentRecord, SpanRecord, session_records
from annotator.core.session.store import SessionStore
from tests.unit.format_helpers import (
    CUSTOM_LABEL,
    AddText,
    assert_claim_reviewed_back,
    assert_custom_label,
    assert_fallback_label,
    assert_registered,
    assert_same_session,
    documents,
    fill,
    fill_with_custom_label,
    imported_into_fresh_session,
    set_claim_reviewed,
    span,
    write_and_read_back,
)

# ------------------------------------------------------------------------ round trips


def test_session_round_trip_keeps_every_field(tmp_path: Path, store: SessionStore,
                                              add_text: AddText) -> None:
    path = tmp_path / "export.jsonl"
    records, back = write_and_read_back(jsonl, store, add_text, path)
    for written, read in zip(records, back, strict=True):
        assert read.spans == written.spans  # prefix and suffix too, in the same order
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    assert not list(tmp_path.glob(".*partial"))


def test_write_to_a_stream_one_line_per_document_with_utf8_kept(store: SessionStore,
                                                                add_text: AddText) -> None:
    fill(store, add_text)
    out = io.StringIO()
    count = jsonl.write(session_records(store), out, labels=store.labels())
    lines = out.getvalue().splitlines()
    assert count == 6 and len(lines) == 3
    assert "서울" in lines[0] and "🔥" in lines[0] and "\\u" not in lines[0]
    first = json.loads(lines[0])
    assert list(first)[:2] == ["text", "label"]  # doccano's fields first
    assert all(isinstance(a["id"], str) and a["id"].isdigit() for a in first["annotations"])
    assert [[a["start"], a["end"], a["label"]] for a in first["annotations"]] == first["label"]


def test_the_format_is_registered() -> None:
    assert_registered(jsonl, "jsonl", ".jsonl")


def test_store_round_trip_into_a_fresh_session(tmp_path: Path, store: SessionStore,
                                               add_text: AddText) -> None:
    fill(store, add_text)
    with imported_into_fresh_session(jsonl, store, tmp_path / "export.jsonl", added=6) as fresh:
        assert_same_session(fresh, store, in_order=False)


def test_a_claims_summary_as_checked_and_fact_check_address_come_back(
        tmp_path: Path, store: SessionStore, add_text: AddText) -> None:
    fill(store, add_text)
    claim = set_claim_reviewed(store)
    path = tmp_path / "export.jsonl"
    jsonl.write(session_records(store), path, labels=store.labels())
    objects = [a for line in path.read_text(encoding="utf-8").splitlines()
               for a in json.loads(line)["annotations"]]
    assert sum("claim_reviewed" in a for a in objects) == 1  # only where it is set
    assert_claim_reviewed_back(jsonl, store, claim, tmp_path / "again.jsonl", added=6)


# ------------------------------------------------------------------------ label definitions


def test_each_line_defines_the_labels_it_uses(tmp_path: Path, store: SessionStore,
                                              add_text: AddText) -> None:
    fill_with_custom_label(store, add_text)
    out = io.StringIO()
    jsonl.write(session_records(store), out, labels=store.labels())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [[d["name"] for d in line.get("label_definitions", [])] for line in lines] == [
        ["claim", "estimate", "attribution"],
        ["claim", "estimate", "attribution", "source_ref"],
        [],  # no spans, no definitions
    ]
    assert "label_definitions" not in lines[2]
    assert lines[1]["label_definitions"][3] == {
        "name": "source_ref", "title": CUSTOM_LABEL.title, "color": "#123456",
        "description": CUSTOM_LABEL.description, "shortcut": "Q",
    }
    (path := tmp_path / "labels.jsonl").write_text(out.getvalue(), encoding="utf-8")
    back = jsonl.read(path)
    assert back[1].extra["labels"] == lines[1]["label_definitions"]
    assert "labels" not in back[2].extra


def test_a_session_label_comes_back_with_its_title_colour_and_description(
    tmp_path: Path, store: SessionStore, add_text: AddText
) -> None:
    added = fill_with_custom_label(store, add_text)
    with imported_into_fresh_session(jsonl, store, tmp_path / "l.jsonl", added=added) as fresh:
        assert_custom_label(fresh, description=True, shortcut=True)


def test_without_definitions_a_label_gets_its_name_and_a_colour(
    tmp_path: Path, store: SessionStore, add_text: AddText
) -> None:
    added = fill_with_custom_label(store, add_text)
    path = tmp_path / "l.jsonl"
    jsonl.write(session_records(store), path, labels=())  # no label set given: none written
    assert "label_definitions" not in path.read_text(encoding="utf-8")
    with SessionStore.open(tmp_path / "fresh.sqlite", create=True) as fresh:
        assert import_records(fresh, jsonl.read(path)).added == added
        assert_fallback_label(fresh)


@pytest.mark.parametrize(
    "definitions",
    ["x", {"name": "source_ref"}, [1, None, {"name": 3}, {"title": "T"}],
     [{"name": "source_ref", "title": 7, "color": ["#123456"], "shortcut": {}}],
     [{"name": "source_ref", "title": "  ", "color": "red", "shortcut": "J"}]],
)
def test_malformed_definitions_are_passed_over(tmp_path: Path, store: SessionStore,
                                               definitions) -> None:
    line = {"text": "Up to 3,000", "label": [[0, 11, "source_ref"]],
            "label_definitions": definitions}
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = import_records(store, jsonl.read(path))
    assert report.added == 1 and report.labels_added == ["source_ref"]
    assert_fallback_label(store)


# ------------------------------------------------------------------------ generated texts


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(documents(), min_size=1, max_size=3))
def test_generated_documents_round_trip(docs: list[DocumentRecord]) -> None:
    out = io.StringIO()
    assert jsonl.write(docs, out) == sum(len(d.spans) for d in docs)
    path = _tmp_file(out.getvalue())
    try:
        back = jsonl.read(path)
    finally:
        path.unlink()
    assert [d.text for d in back] == [d.text for d in docs]
    assert [d.title for d in back] == [d.title for d in docs]
    for written, read in zip(docs, back, strict=True):
        assert read.spans == written.spans


def _tmp_file(content: str | bytes) -> Path:
    import tempfile

    data = content.encode("utf-8") if isinstance(content, str) else content
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as handle:
        handle.write(data)
    return Path(handle.name)


# ------------------------------------------------------------------------ offsets


def test_offsets_after_an_emoji_are_code_points(tmp_path: Path) -> None:
    text = "🔥🥵 Fire at 서울 e\u0301 station"
    start, end = span(text, "Fire at 서울")  # 3…13 in code points (5…15 in UTF-16)
    assert (start, end) == (3, 13)
    record = DocumentRecord(
        title="t", text=text,
        spans=(SpanRecord(start=start, end=end, label="claim", quote=text[start:end]),),
    )
    out = io.StringIO()
    jsonl.write([record], out)
    line = out.getvalue()
    assert '"label":[[3,13,"claim"]]' in line
    # and a doccano line counting code points reads back to the same quote
    (path := tmp_path / "d.jsonl").write_text(
        json.dumps({"text": text, "label": [[17, 24, "place"]]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (doc,) = jsonl.read(path)
    assert doc.spans[0].quote == "station"


# ------------------------------------------------------------------------ doccano's files


def test_a_plain_doccano_sequence_labelling_line(tmp_path: Path) -> None:
    path = tmp_path / "doccano.jsonl"
    path.write_text(
        '{"id": 7, "text": "EU rejects German call to boycott British lamb.", '
        '"label": [ [0, 2, "ORG"], [11, 17, "MISC"] ], "Comments": []}\n'
        '\n{"text": "Peter Blackburn", "label": [ [0, 15, "PERSON"] ]}\n',
        encoding="utf-8",
    )
    first, second = jsonl.read(path)
    assert first.title == "EU rejects German call to boycott British lamb."
    assert first.sha256 is None and first.extra == {"line": 1}
    assert [(s.start, s.end, s.label, s.quote) for s in first.spans] == [
        (0, 2, "ORG", "EU"), (11, 17, "MISC", "German"),
    ]
    only = second.spans[0]
    assert (only.quote, only.confidence, only.note, only.reviewer, only.key, only.links) == (
        "Peter Blackburn", DEFAULT_CONFIDENCE, "", None, None, (),
    )
    assert second.extra == {"line": 3}
    assert (only.prefix, only.suffix) == ("", "")


def test_doccano_relation_extraction_entities_become_links(tmp_path: Path) -> None:
    text = "Officials said 3,000 fled."
    line = {
        "id": 1, "text": text,
        "entities": [
            {"id": 10, "label": "attribution", "start_offset": 0, "end_offset": 14},
            {"id": 11, "label": "estimate", "start_offset": 15, "end_offset": 20},
        ],
        "relations": [{"id": 3, "from_id": 10, "to_id": 11, "type": "sources"}],
    }
    path = tmp_path / "re.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (doc,) = jsonl.read(path)
    assert [(s.key, s.quote, s.links) for s in doc.spans] == [
        ("10", "Officials said", ("11",)), ("11", "3,000", ()),
    ]


def test_older_labels_and_intent_entities_triples(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    path.write_text(
        '{"text": "東京都渋谷区", "labels": [[0, 3, "LOC"]]}\n'
        '{"text": "book a table in Rome", "entities": [[16, 20, "city"]], "cats": ["book"]}\n',
        encoding="utf-8",
    )
    first, second = jsonl.read(path)
    assert first.spans[0].quote == "東京都" and second.spans[0].quote == "Rome"


def test_spans_changed_in_doccano_keep_our_fields_where_they_still_match(tmp_path: Path) -> None:
    text = "Up to 3,000 fled, officials said."
    out = io.StringIO()
    jsonl.write([DocumentRecord(title="T", text=text, spans=(
        SpanRecord(0, 11, "estimate", "Up to 3,000", confidence=4, note="n", reviewer="Ana",
                   key="1", links=("2",)),
        SpanRecord(18, 32, "attribution", "officials said", reviewer="Bo", key="2"),
    ))], out)
    line = json.loads(out.getvalue())
    # annotated further in doccano and exported again: one span removed, one added, reordered
    line["label"] = [[6, 11, "estimate"], [0, 11, "estimate"]]
    path = tmp_path / "again.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = jsonl.read(path)
    kept, new = doc.spans
    assert (kept.quote, kept.confidence, kept.note, kept.reviewer, kept.key, kept.links) == (
        "Up to 3,000", 4, "n", "Ana", "1", ("2",),
    )
    assert (new.quote, new.confidence, new.reviewer, new.key) == ("3,000", 3, None, None)


# ------------------------------------------------------------------------ bad files

GOOD = '{"text": "abc", "label": [[0, 2, "claim"]]}'


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (GOOD + "\n{not json}\n", 2, "not valid JSON"),
        ("[1, 2]\n", 1, "not a JSON object"),
        ('{"label": []}\n', 1, "no “text”"),
        ('{"text": 5}\n', 1, "no “text”"),
        ('\n\n{"text": "abc", "label": [[0, 9, "claim"]]}\n', 3, "outside the text"),
        ('{"text": "abc", "label": [[2, 2, "claim"]]}\n', 1, "outside the text"),
        ('{"text": "abc", "label": [[-1, 2, "claim"]]}\n', 1, "outside the text"),
        ('{"text": "abc", "label": [[0, 2]]}\n', 1, "triple"),
        ('{"text": "abc", "label": [[true, 2, "x"]]}\n', 1, "whole-number"),
        ('{"text": "abc", "label": [[0.5, 2, "x"]]}\n', 1, "whole-number"),
        ('{"text": "abc", "label": [[0, 2, null]]}\n', 1, "no label"),
        ('{"text": "abc", "label": [[0, 2, "x"], 7]}\n', 1, "span 2"),
        ('{"text": "abc", "label": ["positive"]}\n', 1, "categories"),
        ('{"text": "abc", "label": {"0": 1}}\n', 1, "not a list"),
        ('{"text": "abc", "annotations": [{"start": 0, "end": 2, "label": "claim", '
         '"quote": "xy"}]}\n', 1, "does not match"),
        ('{"text": "abc", "annotations": [{"start": 0, "end": 2, "label": "claim", '
         '"confidence": 9}]}\n', 1, "confidence"),
        ('{"text": "abc", "annotations": [{"start": 0, "end": 2, "label": "claim", '
         '"evidence": "https://x.org"}]}\n', 1, "evidence"),
        ('{"text": "abc", "annotations": [{"start": 0, "end": 2, "label": "claim", '
         '"links": [{"a": 1}]}]}\n', 1, "links"),
        ('{"text": "abc", "annotations": [{"start": 0, "end": 2, "label": "c", "id": [1]}]}\n',
         1, "id"),
        ('{"text": "abc", "annotations": {"a": 1}}\n', 1, "not a list"),
        ('{"text": "abc", "title": 5, "sha256": 7}\n', 1, "sha256"),
        ('{"text": "abc", "entities": [{"id": 1, "label": "x", "start_offset": 0, '
         '"end_offset": 1}], "relations": [{"from_id": 1, "to_id": 7}]}\n', 1, "relation 1"),
        ('{"text": "abc", "annotations": [{"start": 0, "end": 2, "label": "claim", '
         '"fact_check_url": 7}]}\n', 1, "fact_check_url of annotation 1"),
        ("[" * 100_000 + "\n", 1, "line"),
    ],
)
def test_bad_files_give_one_sentence_naming_file_and_line(tmp_path: Path, content: str,
                                                          line: int, words: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        jsonl.read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}: ")
    assert words in message
    assert "\n" not in message


def test_bytes_that_are_not_utf8_and_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(GOOD.encode() + b"\n" + '{"text": "café"}'.encode("latin-1") + b"\n")
    with pytest.raises(FormatError, match=r"latin1\.jsonl, line 2: the file is not UTF-8"):
        jsonl.read(path)
    with pytest.raises(FormatError, match=r"missing\.jsonl: no such file"):
        jsonl.read(tmp_path / "missing.jsonl")


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n" + GOOD.encode() + b"\r\n")
    assert [d.spans[0].quote for d in jsonl.read(path)] == ["ab", "ab"]


JSON_KEYS = ("text", "label", "labels", "entities", "annotations", "relations", "start", "end",
             "start_offset", "end_offset", "id", "from_id", "to_id", "quote", "confidence",
             "links", "evidence", "title", "sha256", "label_definitions", "name", "color",
             "description", "shortcut")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.floats(allow_nan=False)
    | st.text(st.sampled_from("ab🔥 "), max_size=6),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(JSON_KEYS), children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(json_values, min_size=1, max_size=3))
def test_any_json_lines_give_documents_or_a_format_error(lines: list) -> None:
    path = _tmp_file("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    try:
        jsonl.read(path)
    except FormatError as exc:
        assert str(exc).startswith(f"{path}, line ")
    finally:
        path.unlink()


def test_an_annotation_that_is_not_an_object_is_named_after_the_others_are_read() -> None:
    good = {"start": 0, "end": 3, "label": "claim"}
    path = _tmp_file(json.dumps({"text": "abc def", "annotations": [good, good, 7]}))
    with pytest.raises(FormatError, match="line 1: annotation 3 is not an object"):
        jsonl.read(path)
