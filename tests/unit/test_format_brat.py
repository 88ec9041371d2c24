"""brat standoff export and import (annotator.core.formats.brat)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.articles.text import sha256_text
from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.formats import brat
from annotator.core.formats.import_records import import_records
from annotator.core.formats.records import DocumentRecord, SpanRecord, session_records
from annotator.core.session.store import SessionStore
from tests.unit.format_helpers import (
    CUSTOM_LABEL,
    HANGUL,
    assert_custom_label,
    assert_fallback_label,
    assert_registered,
    assert_same_session,
    comparable,
    fill_with_custom_label,
    generated_documents,
    imported_into_fresh_session,
    rich_session,
)


def brat_session(store, add_text) -> None:
    """The rich session, with a title that is no file name and a note ending in a backslash."""
    rich_session(store, add_text, empty_title="../Empty: a/b\\c", note_end="\\")

def write_folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


# --------------------------------------------------------------------- writing


def test_offsets_are_code_points_with_a_hand_written_expectation(tmp_path, store,
                                                                  add_text) -> None:
    text = "🔥 fire\n서울 burns"
    doc = add_text(text, title="Emoji first")
    first = store.add_annotation(doc, 2, 6, "claim", confidence=4, note="tab\there\nnext")
    second = store.add_annotation(doc, 2, 9, "estimate")  # "fire\n서울", across the newline
    store.add_link(second.id, first.id)
    assert brat.write(session_records(store), tmp_path / "out", labels=store.labels()) == 2
    assert (tmp_path / "out" / "001-emoji-first.txt").read_bytes() == text.encode("utf-8")
    ann = (tmp_path / "out" / "001-emoji-first.ann").read_text(encoding="utf-8")
    lines = ann.splitlines()
    assert lines[:2] == ["T1\tclaim 2 6\tfire", "T2\testimate 2 6;7 9\tfire 서울"]
    assert "A1\tConfidence T1 4" in lines and "A2\tConfidence T2 3" in lines
    assert "#1\tAnnotatorNotes T1\ttab\\there\\nnext" in lines
    assert "#2\tReviewer T1\tAna Reviewer" in lines
    assert lines[-1] == "R1\tLink Arg1:T2 Arg2:T1"
    assert ann.endswith("\n") and "\r" not in ann
    # (a JavaScript string index, in UTF-16 code units, would have said 3–7)
    assert len("🔥 ".encode("utf-16-le")) // 2 == 3


def test_the_folder_has_confs_and_safe_unique_names(tmp_path, store, add_text) -> None:
    brat_session(store, add_text)
    brat.write(session_records(store), tmp_path / "out", labels=store.labels())
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "001-seoul-fire.ann", "001-seoul-fire.meta.json", "001-seoul-fire.txt",
        "002-document.ann", "002-document.meta.json", "002-document.txt",
        "003-empty-a-b-c.ann", "003-empty-a-b-c.meta.json", "003-empty-a-b-c.txt",
        "annotation.conf", "visual.conf",
    ]
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    entities = conf.split("[entities]\n")[1].split("\n\n")[0].splitlines()
    assert entities == ["claim", "estimate", "attribution"]
    assert "Link\tArg1:<ENTITY>, Arg2:<ENTITY>" in conf
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in conf
    assert "Confidence\tArg:<ENTITY>, Value:1|2|3|4|5" in conf
    assert "Verdict\tArg:<ENTITY>, Value:unverified|true|mostly_true|" in conf
    visual = (tmp_path / "out" / "visual.conf").read_text(encoding="utf-8")
    assert "claim | Claim" in visual and "claim\tbgColor:#0072B2" in visual
    meta = json.loads((tmp_path / "out" / "002-document.meta.json").read_text(encoding="utf-8"))
    assert meta["title"] == "서울 화재" and meta["sha256"] == sha256_text(HANGUL)
    assert (tmp_path / "out" / "003-empty-a-b-c.ann").read_text() == ""
    assert not list((tmp_path / "out").glob(".*"))


@pytest.mark.parametrize(
    ("title", "name"),
    [("Storm surge", "007-storm-surge"), ("서울", "007-document"), ("Café Zoë!", "007-cafe-zoe"),
     ("../../etc/passwd", "007-etc-passwd"), ("CON", "007-con"), ("", "007-document"),
     ("a" * 200, "007-" + "a" * 60)],
)
def test_document_names_are_ascii_and_stable(title, name) -> None:
    assert brat.document_name(7, title) == name == brat.document_name(7, title)


def test_lines_are_split_at_every_line_break_brat_would_see() -> None:
    text = "ab\ncd\u2028ef\x85gh\r\nij"
    assert brat.line_fragments(text, 0, len(text)) == [(0, 2), (3, 5), (6, 8), (9, 11), (13, 15)]
    assert brat.line_fragments(text, 2, 5) == [(2, 2), (3, 5)]
    assert brat.line_fragments(text, 0, 3) == [(0, 2), (3, 3)]


def test_escaping_is_reversible_and_keeps_values_on_one_line() -> None:
    value = "a\\b\tc\nd\re\u2028f\x85g\\n literally"
    escaped = brat.escape(value)
    assert escaped.splitlines() == [escaped] and "\t" not in escaped
    assert brat.unescape(escaped) == value
    assert brat.unescape("C:\\path and \\x") == "C:\\path and \\x"


def test_writing_needs_the_texts_and_a_folder(tmp_path) -> None:
    with pytest.raises(AnnotatorError, match="has no text"):
        brat.write([DocumentRecord(title="t", text=None)], tmp_path / "out")
    (tmp_path / "file").write_text("x")
    with pytest.raises(AnnotatorError, match="is a file"):
        brat.write([], tmp_path / "file")
    with pytest.raises(AnnotatorError, match="does not match"):
        brat.write([DocumentRecord(title="t", text="abc",
                                   spans=(SpanRecord(0, 2, "claim", "xy"),))], tmp_path / "o")


def test_the_format_registry_finds_the_module() -> None:
    assert_registered(brat, "brat", "")


# --------------------------------------------------------------------- round trips


def test_round_trip_of_a_real_session(tmp_path, store, add_text) -> None:
    brat_session(store, add_text)
    records = list(session_records(store))
    assert brat.write(records, tmp_path / "out", labels=store.labels()) == 9
    back = brat.read(tmp_path / "out")
    assert comparable(back) == comparable(records)
    assert [r.name for r in back] == ["001-seoul-fire", "002-document", "003-empty-a-b-c"]
    assert all("skipped" not in r.extra for r in back)
    keys = [s.key for r in back for s in r.spans]  # unique in the folder, as links need
    assert len(set(keys)) == len(keys) and keys[0] == "001-seoul-fire:T1"
    single = brat.read(tmp_path / "out" / "002-document.ann")
    assert comparable(single) == comparable(records[1:2])


CHARS = st.sampled_from(
    ["a", "b", " ", ".", "\n", "\t", "🔥", "😀", "서", "울", "e\u0301", "\u0301", "é", "\u2028",
     "\x85", "\x0c", "’"]
)
NOTE_CHARS = st.sampled_from(["x", " ", "\t", "\n", "\r", "\\", "\\n", "\\u2028", "서", "😀",
                              "\u2028", "\x1e"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(generated_documents(CHARS, NOTE_CHARS), min_size=1, max_size=3))
def test_round_trip_of_generated_documents(tmp_path_factory, records) -> None:
    folder = tmp_path_factory.mktemp("brat") / "out"
    brat.write(records, folder, labels=())
    for ann in folder.glob("*.ann"):  # what brat's line reader would see: one line per entry
        content = ann.read_text(encoding="utf-8")
        assert content.splitlines() == content.split("\n")[:-1] or content == ""
    assert comparable(brat.read(folder)) == comparable(records)


# --------------------------------------------------------------------- other brat files


def test_reads_a_brat_file_of_another_project(tmp_path) -> None:
    text = "Sony formed a joint venture with Ericsson.\nEricsson is in Sweden."
    ann = "\n".join([
        "T1\tOrganization 0 4\tSony",
        "T2\tOrganization 33 41\tEricsson",
        "T3\tLocation 58 64\tSweden",
        "T4\tMention 0 4;14 19\tSony joint",  # truly discontinuous: left out
        "E1\tMerge-org:T5 Org1:T1 Org2:T2",
        "T5\tMerge-org 5 11\tformed",
        "R1\tLocated Arg1:T2 Arg2:T3\t",
        "R2\tLocated Arg1:T4 Arg2:T3",
        "A1\tNegation E1",
        "A2\tConfidence T1 2",
        "A3\tConfidence T4 5",
        "N1\tReference T1 Wikipedia:534366\tSony",
        "*\tEquiv T1 T2",
        "#1\tAnnotatorNotes T1\tC:\\new folder\\name",
        "#2\tAnnotatorNotes E1\ton an event",
        "#3\tAnnotatorNotes T4\ton the left-out span",
        "",
    ])
    folder = write_folder(tmp_path, {"sony.txt": text, "sony.ann": ann})
    (record,) = brat.read(folder)
    assert record.title == "sony" and record.name == "sony" and record.text == text
    assert [(s.key, s.label, s.quote) for s in record.spans] == [
        ("sony:T1", "Organization", "Sony"), ("sony:T2", "Organization", "Ericsson"),
        ("sony:T3", "Location", "Sweden"), ("sony:T5", "Merge-org", "formed"),
    ]
    sony, ericsson = record.spans[0], record.spans[1]
    assert sony.confidence == 2 and sony.note == "C:\\new folder\\name"  # not unescaped
    assert ericsson.links == ("sony:T3",) and sony.links == ()
    assert record.extra["skipped"] == [
        "sony.ann, line 4: T4 is discontinuous (text between its parts)"
    ]


def test_tolerates_windows_line_ends_and_missing_text_fields(tmp_path) -> None:
    folder = write_folder(tmp_path, {"a.txt": "alpha beta", "a.ann": "T1\tclaim 0 5\r\n"
                                     "T2\tclaim 6 10\tbeta\r\n\r\n"})
    (record,) = brat.read(folder / "a.ann")
    assert [s.quote for s in record.spans] == ["alpha", "beta"]


# --------------------------------------------------------------------- bad files

BAD_ANN = [
    ("T1 claim 0 5 alpha", "line 1: no tab after the annotation id"),
    ("T1\tclaim zero 5\talpha", "line 1: T1 has offsets"),
    ("T1\tclaim 0\talpha", "line 1: T1 has offsets"),
    ("T1\tclaim\talpha", "line 1: T1 has no type and offsets"),
    ("T1\tclaim 5 2\tal", "line 1: T1 starts at 5, after its end 2"),
    ("T1\tclaim 0 99\talpha", "line 1: T1 ends at 99, past the end of the text (10 characters)"),
    ("T1\tclaim 0 5\tbeta", "line 1: the text of T1 (“beta”) is not the text at 0 5"),
    ("T1\tclaim 0 4;2 6\talph pha ", "line 1: the fragments of T1 overlap"),
    ("T1\tclaim 0 5\talpha\nA1\tConfidence T1 7", "line 2: the confidence of T1 is '7'"),
    ("T1\tclaim 0 5\talpha\nA1\tConfidence T1", "line 2: the confidence of T1 is None"),
    ("T1\tclaim 0 5\talpha\nA1\tVerdict T1", "line 2: the verdict of T1 has no value"),
    ("T1\tclaim 0 5\talpha\nA1\tConfidence T9 4", "line 2: A1 refers to T9, which the file"),
    ("T1\tclaim 0 5\talpha\nA1\tConfidence", "line 2: A1 is not “NAME TARGET [VALUE]”"),
    ("T1\tclaim 0 5\talpha\nT1\tclaim 6 10\tbeta", "line 2: the id T1 is used twice"),
    ("T1\tclaim 0 5\talpha\nR1\tLink Arg1:T1", "line 2: R1 is not “TYPE Arg1:ID Arg2:ID”"),
    ("T1\tclaim 0 5\talpha\nR1\tLink Arg1:T1 T2", "line 2: R1 is not “TYPE Arg1:ID Arg2:ID”"),
    ("T1\tclaim 0 5\talpha\nR1\tLink Arg1:T1 Arg2:T7", "line 2: R1 refers to T7"),
    ("T1\tclaim 0 5\talpha\n#1\tAnnotatorNotes\tnote", "line 2: a # line is not"),
    ("T1\tclaim 0 5\talpha\n#1\tAnnotatorNotes T3\tnote", "line 2: the AnnotatorNotes line"),
    ("?1\tclaim 0 5\talpha", "line 1: “?1” is not a brat annotation id"),
    ("T\tclaim 0 5\talpha", "line 1: “T” is not a brat annotation id"),
]


@pytest.mark.parametrize(("ann", "message"), BAD_ANN)
def test_malformed_ann_lines_give_one_clear_sentence(tmp_path, ann, message) -> None:
    folder = write_folder(tmp_path, {"doc.txt": "alpha beta", "doc.ann": ann + "\n"})
    with pytest.raises(FormatError) as caught:
        brat.read(folder)
    assert str(folder / "doc.ann") in str(caught.value) and message in str(caught.value)


@pytest.mark.parametrize(
    ("files", "target", "message"),
    [
        ({"doc.ann": "T1\tclaim 0 5\talpha\n"}, "doc.ann", "doc.txt that should be beside it"),
        ({"doc.txt": b"\xff\xfeal", "doc.ann": ""}, "", "doc.txt: is not UTF-8 text"),
        ({"doc.txt": "alpha", "doc.ann": b"T1\tclaim 0 5\t\xe9\n"}, "", "doc.ann: is not UTF-8"),
        ({"doc.txt": "alpha", "doc.ann": "", "doc.meta.json": "{oops"}, "",
         "doc.meta.json: is not valid JSON"),
        ({"doc.txt": "alpha", "doc.ann": "", "doc.meta.json": "[1]"}, "", "not a JSON object"),
        ({"doc.txt": "alpha", "doc.ann": "", "doc.meta.json": '{"title": 3}'}, "",
         "its “title” is not text"),
        ({"notes.txt": "alpha"}, "", "has no .ann files"),
        ({"doc.txt": "alpha"}, "doc.txt", "is not a brat .ann file"),
        ({}, "missing.ann", "there is no such file or folder"),
    ],
)
def test_bad_folders_and_files(tmp_path, files, target, message) -> None:
    folder = write_folder(tmp_path, files)
    with pytest.raises(FormatError, match=message):
        brat.read(folder / target if target else folder)


TOKENS = st.sampled_from(
    ["T1", "T2", "A1", "R1", "#1", "E1", "*", "\t", " ", ";", "claim", "Confidence", "Verdict",
     "Link", "AnnotatorNotes", "Reviewer", "Arg1:T1", "Arg2:T2", "Arg1:", "0", "3", "5", "9",
     "-1", "alpha", "al", "\n", "\r", "\\n", "😀"]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_arbitrary_ann_content_gives_records_or_a_format_error(tmp_path_factory, ann) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "doc.txt").write_text("alpha beta", encoding="utf-8")
    (folder / "doc.ann").write_text(ann, encoding="utf-8", newline="")
    try:
        records = brat.read(folder)
    except FormatError as exc:
        assert "doc.ann" in str(exc)
    else:
        assert all(s.quote == "alpha beta"[s.start : s.end] for s in records[0].spans)


# --------------------------------------------------------------------- into a session


def test_store_round_trip_through_a_folder(tmp_path, store, add_text) -> None:
    brat_session(store, add_text)
    with imported_into_fresh_session(brat, store, tmp_path / "out", added=9) as fresh:
        assert_same_session(fresh, store, in_order=True)
        again = import_records(fresh, brat.read(tmp_path / "out"))
        assert again.added == 0 and again.duplicates == 9


# --------------------------------------------------------------------- labels


def test_a_session_label_comes_back_with_its_title_and_colour(tmp_path, store, add_text) -> None:
    added = fill_with_custom_label(store, add_text)
    with imported_into_fresh_session(brat, store, tmp_path / "out", added=added) as fresh:
        assert_custom_label(fresh, description=False)  # brat has no place for a description
    visual = (tmp_path / "out" / "visual.conf").read_text(encoding="utf-8")
    assert f"source_ref | {CUSTOM_LABEL.title}" in visual
    assert "source_ref\tbgColor:#123456" in visual


def test_the_labels_are_read_from_the_folder_of_a_single_ann(tmp_path, store, add_text) -> None:
    fill_with_custom_label(store, add_text)
    brat.write(session_records(store), tmp_path / "out", labels=store.labels())
    (record,) = brat.read(tmp_path / "out" / "002-storm.ann")
    assert [d["name"] for d in record.extra["labels"]] == [
        "claim", "estimate", "attribution", "source_ref", "Link",
    ]
    assert record.extra["labels"][3] == {
        "name": "source_ref", "title": CUSTOM_LABEL.title, "color": "#123456",
    }
    (tmp_path / "out" / "visual.conf").unlink()
    assert all("labels" not in r.extra for r in brat.read(tmp_path / "out"))


def test_a_visual_conf_of_another_project_gives_what_it_can() -> None:
    conf = "\n".join([
        "# brat's own example",
        "[labels]",
        "Protein | Protein | Pro | P",
        "Gene_expression | Gene expression | Expression | Exp",
        "Only_drawn",
        "<MACRO>=Protein|Gene_expression",
        "with spaces | Not a type",
        "[drawing]",
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "Protein\tbgColor:#7fa2ff",
        "Gene_expression\tbgColor:yellow",
        "Only_drawn  fgColor:white , bgColor : #abc",
        "Cell bgColor:#123",
        "Cell\tbgColor:#FF0000",
        "[options]",
        "Arcs bold:yes",
        "nonsense without a section: ignored",
    ])
    assert brat.parse_visual_conf(conf) == [
        {"name": "Protein", "title": "Protein", "color": "#7fa2ff"},
        {"name": "Gene_expression", "title": "Gene expression"},
        {"name": "Only_drawn", "title": "Only_drawn", "color": "#aabbcc"},
        {"name": "Cell", "title": "Cell", "color": "#112233"},
    ]


@pytest.mark.parametrize(
    "visual",
    [b"\xff\xfe[labels]\nsource_ref | T\xe9tel\n", b"[labels\nsource_ref\n[drawing]\n",
     b"[drawing]\nsource_ref\tbgColor:red\nsource_ref bgColor:#12345G\n",
     b"\x00" * 100, b"[labels]\nsource_ref |  | \n"],
)
def test_a_broken_visual_conf_is_ignored(tmp_path, store, add_text, visual) -> None:
    added = fill_with_custom_label(store, add_text)
    brat.write(session_records(store), tmp_path / "out", labels=store.labels())
    (tmp_path / "out" / "visual.conf").write_bytes(visual)
    with SessionStore.open(tmp_path / "fresh.sqlite", create=True) as fresh:
        assert import_records(fresh, brat.read(tmp_path / "out")).added == added
        assert_fallback_label(fresh)


def test_an_ann_file_is_checked_to_be_utf8_before_its_lines_are_read(tmp_path) -> None:
    # read a line at a time: a bad byte after a malformed line is still what is reported,
    # with its place in the file; the lines before a wide character read as before
    ann = b"T1\tclaim 0 5\talpha\nnot a brat line\n#1\tAnnotatorNotes T1\t\xe9\n"
    folder = write_folder(tmp_path, {"doc.txt": "alpha 💥 beta", "doc.ann": ann})
    with pytest.raises(FormatError, match=rf"is not UTF-8 text \(byte {len(ann) - 2} cannot"):
        brat.read(folder)
    good = "T1\tclaim 8 12\tbeta\n#1\tAnnotatorNotes T1\tnote 💥\r\nT2\tclaim 0 5\talpha"
    (folder / "doc.ann").write_text(good, encoding="utf-8", newline="")
    (record,) = brat.read(folder)
    assert [(s.quote, s.note) for s in record.spans] == [("beta", "note 💥"), ("alpha", "")]
