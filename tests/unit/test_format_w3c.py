"""W3C Web Annotation export and import (annotator.core.formats.w3c)."""

from __future__ import annotations

import copy
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.articles.text import sha256_text
from annotator.core.errors import FormatError
from annotator.core.formats import w3c
from annotator.core.formats.import_records import import_records
from annotator.core.formats.records import DocumentRecord, SpanRecord, session_records
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.session.store import SessionStore
from tests.unit.format_helpers import (
    CLAIM_REVIEWED,
    CUSTOM_LABEL,
    assert_claim_reviewed_back,
    assert_custom_label,
    assert_fallback_label,
    assert_registered,
    assert_same_session,
    comparable,
    fill_with_custom_label,
    generated_documents,
    imported_into_fresh_session,
    rich_session,
    set_claim_reviewed,
)


def dump(records, path: Path | None = None, labels=()) -> dict:
    out = io.StringIO()
    w3c.write(records, out, labels=labels)
    if path is not None:
        path.write_text(out.getvalue(), encoding="utf-8")
    return json.loads(out.getvalue())


# --------------------------------------------------------------------- a W3C validator

MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
UTC_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
# terms of http://www.w3.org/ns/anno.jsonld that we use; anything else must be prefixed
ANNO_TERMS = {
    "@context", "id", "type", "label", "total", "first", "last", "generator", "partOf",
    "startIndex", "items", "motivation", "created", "modified", "creator", "body", "target",
    "name", "purpose", "value", "format", "source", "selector", "exact", "prefix", "suffix",
    "start", "end",
}


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def w3c_problems(collection: dict) -> list[str]:
    """The MUST rules of the Web Annotation Data Model (and the extension rule) that the
    collection breaks, as short sentences; empty when it conforms."""
    problems: list[str] = []

    def check(condition: bool, problem: str) -> None:
        if not condition:
            problems.append(problem)

    def extension_keys(obj: dict, where: str) -> None:
        for key in obj:
            check(key in ANNO_TERMS or key.startswith("fca:"), f"{where}: undeclared term {key}")

    context = collection.get("@context")
    contexts = as_list(context)
    check(w3c.ANNO_CONTEXT in contexts, "collection: anno.jsonld is not in @context")
    check(isinstance(context, str) or len(contexts) > 1, "one @context value must be a string")
    for extra in contexts:
        if isinstance(extra, dict):
            check(extra.get("fca", "").startswith("https://"), "fca: is not declared")
    check(IRI.match(str(collection.get("id", ""))) is not None, "collection: id is not an IRI")
    check("AnnotationCollection" in as_list(collection.get("type")), "collection: type")
    check(isinstance(collection.get("label", ""), str), "collection: label is not a string")
    total = collection.get("total")
    check(type(total) is int and total >= 0, "collection: total is not a non-negative integer")
    extension_keys(collection, "collection")
    items: list = []
    page = collection.get("first")
    if total:
        check(isinstance(page, dict), "collection: total > 0 but no first page")
    while isinstance(page, dict):
        check("@context" not in page, "page: an embedded page has an @context")
        check(IRI.match(str(page.get("id", ""))) is not None, "page: id is not an IRI")
        check("AnnotationPage" in as_list(page.get("type")), "page: type")
        check(page.get("partOf") == collection.get("id"), "page: partOf is not the collection")
        check(type(page.get("startIndex")) is int and page["startIndex"] >= 0, "startIndex")
        check(isinstance(page.get("items"), list) and page["items"], "page: no items")
        extension_keys(page, "page")
        items.extend(page.get("items") or [])
        page = page.get("next")
    check(len(items) == (total or 0), "collection: total is not the number of annotations")
    ids = [item.get("id") for item in items]
    check(len(set(ids)) == len(ids), "annotation ids are not unique")
    for n, ann in enumerate(items):
        where = f"annotation {n}"
        check(IRI.match(str(ann.get("id", ""))) is not None, f"{where}: id is not an IRI")
        check("Annotation" in as_list(ann.get("type")), f"{where}: type is not Annotation")
        check(not ("body" in ann and "bodyValue" in ann), f"{where}: body and bodyValue")
        for motivation in as_list(ann.get("motivation", [])):
            check(motivation in MOTIVATIONS, f"{where}: unknown motivation {motivation}")
        for stamp in ("created", "modified"):
            if stamp in ann:
                value = ann[stamp]
                check(isinstance(value, str) and UTC_DATETIME.match(value) is not None,
                      f"{where}: {stamp} is not an xsd:dateTime in UTC with Z")
                datetime.fromisoformat(value.replace("Z", "+00:00"))  # and a real date
        creator = ann.get("creator")
        if isinstance(creator, dict):
            check(creator.get("type") in ("Person", "Organization", "Software"), "creator type")
            check(isinstance(creator.get("name"), str), f"{where}: creator name")
        extension_keys(ann, where)
        for body in as_list(ann.get("body", [])):
            check(isinstance(body, dict), f"{where}: body is not an object")
            for purpose in as_list(body.get("purpose", [])):
                check(purpose in MOTIVATIONS, f"{where}: unknown purpose {purpose}")
            kinds = as_list(body.get("type"))
            if "TextualBody" in kinds:
                check(isinstance(body.get("value"), str), f"{where}: TextualBody has no value")
            if "SpecificResource" in kinds:
                check(IRI.match(str(body.get("source", ""))) is not None, f"{where}: source")
        targets = as_list(ann.get("target"))
        check(bool(targets) and targets != [None], f"{where}: no target")
        for target in targets:
            if isinstance(target, str):
                check(IRI.match(target) is not None, f"{where}: target is not an IRI")
                continue
            check(IRI.match(str(target.get("source", ""))) is not None, f"{where}: source")
            for selector in as_list(target.get("selector", [])):
                kinds = as_list(selector.get("type"))
                if "TextQuoteSelector" in kinds:
                    exact = selector.get("exact")
                    check(isinstance(exact, str) and exact != "", f"{where}: exact")
                    for part in ("prefix", "suffix"):
                        check(isinstance(selector.get(part, ""), str), f"{where}: {part}")
                elif "TextPositionSelector" in kinds:
                    start, end = selector.get("start"), selector.get("end")
                    check(type(start) is int and type(end) is int, f"{where}: start/end type")
                    check(type(start) is int and type(end) is int and 0 <= start <= end,
                          f"{where}: start/end are not 0 <= start <= end")
                else:
                    problems.append(f"{where}: unexpected selector {kinds}")
    return problems


def test_the_validator_catches_broken_annotations(store, add_text) -> None:
    rich_session(store, add_text)
    good = dump(session_records(store))
    assert w3c_problems(good) == []
    bad = copy.deepcopy(good)
    ann = bad["first"]["items"][0]
    ann["id"] = "not an iri"
    ann["motivation"] = "liking"
    ann["created"] = "2024-01-01T10:00:00+02:00"
    ann["target"]["selector"][1]["start"] = -1
    ann["target"]["selector"][0]["exact"] = ""
    ann["confidence"] = 3
    bad["total"] = 99
    problems = "\n".join(w3c_problems(bad))
    for expected in ("id is not an IRI", "unknown motivation", "UTC with Z",
                     "0 <= start <= end", "exact", "undeclared term confidence", "total"):
        assert expected in problems


# --------------------------------------------------------------------- writing


def test_a_real_session_follows_the_w3c_model(store, add_text) -> None:
    rich_session(store, add_text)
    collection = dump(session_records(store))
    assert w3c_problems(collection) == []
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 9
    assert [d["fca:title"] for d in collection["fca:documents"]] == [
        "Seoul fire 🔥", "서울 화재", "Empty"
    ]
    first = collection["first"]["items"][0]
    assert first["motivation"] == "tagging"
    assert {b.get("purpose") for b in first["body"]} == {"tagging", "commenting", "linking"}
    assert first["creator"] == {"type": "Person", "name": "Ana Reviewer"}


def test_offsets_are_code_points_with_a_hand_written_expectation(store, add_text) -> None:
    text = "🔥🥵 Fire in 서울\nbroke out."
    doc = add_text(text, title="Emoji first")
    store.add_annotation(doc, 3, 7, "claim")
    collection = dump(session_records(store))
    (annotation,) = collection["first"]["items"]
    assert annotation["target"] == {
        "source": "ni:///sha-256;" + __import__("base64").urlsafe_b64encode(
            bytes.fromhex(sha256_text(text))).decode().rstrip("="),
        "selector": [
            {"type": "TextQuoteSelector", "exact": "Fire", "prefix": "🔥🥵 ",
             "suffix": " in 서울\nbroke out."},
            {"type": "TextPositionSelector", "start": 3, "end": 7},
        ],
    }
    # (a JavaScript string index, in UTF-16 code units, would have said 5–9)
    assert len("🔥🥵 ".encode("utf-16-le")) // 2 == 5


def test_ids_are_stable_and_the_path_and_stream_outputs_agree(tmp_path, store, add_text) -> None:
    rich_session(store, add_text)
    records = list(session_records(store))
    first, second = io.StringIO(), io.StringIO()
    w3c.write(records, first, labels=store.labels())
    w3c.write(records, second, labels=store.labels())
    assert first.getvalue() == second.getvalue()
    assert w3c.write(records, tmp_path / "out.jsonld", labels=store.labels()) == 9
    assert (tmp_path / "out.jsonld").read_text(encoding="utf-8") == first.getvalue()
    assert not list(tmp_path.glob(".*partial"))


def test_times_are_utc_with_z(store, add_text) -> None:
    record = DocumentRecord(
        title="t", text="abc def",
        spans=(SpanRecord(0, 3, "claim", "abc", created_at="2024-03-01T10:00:00+02:00",
                          updated_at="2024-03-01T10:00:00.123456+02:00"),),
    )
    (ann,) = dump([record])["first"]["items"]
    assert ann["created"] == "2024-03-01T08:00:00.000Z"
    assert ann["modified"] == "2024-03-01T08:00:00.123456Z"


def test_an_empty_session_is_a_collection_without_pages(tmp_path, store, add_text) -> None:
    add_text("Just text.")
    collection = dump(session_records(store))
    assert collection["total"] == 0 and "first" not in collection
    assert w3c_problems(collection) == []
    (record,) = w3c.read(write_json(tmp_path, collection))
    assert record.text == "Just text." and record.spans == ()


def test_the_format_registry_finds_the_module() -> None:
    assert_registered(w3c, "w3c", ".jsonld")


# --------------------------------------------------------------------- round trips


def test_round_trip_of_a_real_session(tmp_path, store, add_text) -> None:
    rich_session(store, add_text)
    records = list(session_records(store))
    dump(records, tmp_path / "session.jsonld")
    back = w3c.read(tmp_path / "session.jsonld")
    assert comparable(back) == comparable(records)
    assert [s.key for s in back[0].spans] == [s.key for s in records[0].spans]


CHARS = st.sampled_from(
    ["a", "b", " ", ".", "\n", "\t", "🔥", "😀", "서", "울", "e\u0301", "\u0301", "é", "\u2028",
     "\x85", "’"]
)
NOTE_CHARS = st.sampled_from(["x", " ", "\t", "\n", "\r", "\\", "\\n", "서", "😀", "\u2028"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(generated_documents(CHARS, NOTE_CHARS), min_size=1, max_size=3,
                unique_by=lambda r: r.text))
def test_round_trip_of_generated_documents(tmp_path_factory, records) -> None:
    path = tmp_path_factory.mktemp("w3c") / "generated.jsonld"
    collection = dump(records, path)
    assert w3c_problems(collection) == []
    assert comparable(w3c.read(path)) == comparable(records)


def test_the_same_text_twice_is_one_resource_with_distinct_annotation_ids() -> None:
    record = DocumentRecord(title="t", text="abc", spans=(SpanRecord(0, 3, "claim", "abc",
                                                                      key="1"),))
    collection = dump([record, record])
    assert w3c_problems(collection) == [] and len(collection["fca:documents"]) == 1


# --------------------------------------------------------------------- other tools' files

HYPOTHESIS_STYLE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "http://example.org/anno1",
    "type": "Annotation",
    "motivation": "tagging",
    "creator": "http://example.org/user1",
    "created": "2015-01-28T12:00:00Z",
    "body": [
        {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
        {"type": "TextualBody", "purpose": "commenting", "value": "Needs a source"},
        {"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/ev"},
    ],
    "target": {
        "source": "http://example.com/article",
        "selector": [
            {"type": "TextPositionSelector", "start": 4, "end": 9},
            {"type": "TextQuoteSelector", "exact": "quick", "prefix": "The ", "suffix": " brown"},
        ],
    },
}


def write_json(tmp_path: Path, value, name: str = "in.jsonld") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def test_reads_a_single_annotation_from_another_tool(tmp_path) -> None:
    (record,) = w3c.read(write_json(tmp_path, HYPOTHESIS_STYLE))
    assert record.title == "http://example.com/article" and record.text is None
    (s,) = record.spans
    assert (s.start, s.end, s.quote, s.prefix, s.suffix) == (4, 9, "quick", "The ", " brown")
    assert (s.label, s.note, s.evidence) == ("claim", "Needs a source", ("https://example.org/ev",))
    assert s.created_at == "2015-01-28T12:00:00+00:00" and s.updated_at is None
    assert s.reviewer is None and s.key == "http://example.org/anno1" and s.confidence == 3


def test_reads_a_page_a_list_and_annotations_without_tags(tmp_path) -> None:
    comment = {
        "id": "http://example.org/anno2", "type": "Annotation", "motivation": "commenting",
        "bodyValue": "Interesting",
        "creator": {"type": "Person", "name": "Zoë"},
        "target": {"source": "http://example.com/article",
                   "selector": {"type": "TextQuoteSelector", "exact": "brown fox"}},
    }
    whole_page = {"id": "http://example.org/anno3", "type": "Annotation",
                  "target": "http://example.com/other"}
    page = {"@context": w3c.ANNO_CONTEXT, "id": "http://example.org/page1",
            "type": "AnnotationPage", "items": [HYPOTHESIS_STYLE, comment, whole_page]}
    for value in (page, [HYPOTHESIS_STYLE, comment, whole_page]):
        article, other = w3c.read(write_json(tmp_path, value))
        assert [s.label for s in article.spans] == ["claim", "commenting"]
        second = article.spans[1]
        assert (second.quote, second.note, second.reviewer) == ("brown fox", "Interesting", "Zoë")
        assert (second.start, second.end) == (0, 9)  # no text: the importer finds the quote
        assert other.spans == () and "no text quote" in other.extra["skipped"][0]


def test_links_and_positions_come_back_through_a_collection_without_extensions(tmp_path) -> None:
    record = DocumentRecord(
        title="t", text="alpha beta gamma", sha256=sha256_text("alpha beta gamma"),
        spans=(SpanRecord(0, 5, "claim", "alpha", key="a", links=("b",)),
               SpanRecord(6, 10, "attribution", "beta", key="b")),
    )
    collection = dump([record])
    for ann in collection["first"]["items"]:
        del ann["fca:key"]  # another tool keeps only the ids
    (back,) = w3c.read(write_json(tmp_path, collection))
    assert back.text == "alpha beta gamma" and back.title == "t"
    first, second = back.spans
    assert first.links == (second.key,) and second.key.startswith("urn:uuid:")


def test_a_quote_without_positions_is_found_in_the_text_by_its_context(tmp_path) -> None:
    text = "one two one two one"
    collection = dump([DocumentRecord(title="t", text=text, spans=(
        SpanRecord(8, 11, "claim", "one", prefix="two ", suffix=" two"),))])
    del collection["first"]["items"][0]["target"]["selector"][1]
    (back,) = w3c.read(write_json(tmp_path, collection))
    assert (back.spans[0].start, back.spans[0].end) == (8, 11)


# --------------------------------------------------------------------- bad files


def ours() -> dict:
    return dump([DocumentRecord(title="t", text="abc def", sha256=sha256_text("abc def"),
                                spans=(SpanRecord(0, 3, "claim", "abc", key="1"),))])


def set_in(value: dict, dotted: str, new) -> dict:
    value = copy.deepcopy(value)
    *path, last = dotted.split(".")
    obj = value
    for part in path:
        obj = obj[int(part)] if part.isdigit() else obj[part]
    if new is KeyError:
        del obj[int(last) if last.isdigit() else last]
    else:
        obj[int(last) if last.isdigit() else last] = new
    return value


ITEM = "first.items.0"
BAD = [
    (f"{ITEM}.target", KeyError, "has no “target”"),
    (f"{ITEM}.target.selector.1.start", -1, "runs from -1 to 3"),
    (f"{ITEM}.target.selector.1.start", 5, "runs from 5 to 3"),
    (f"{ITEM}.target.selector.1.end", "3", "whole numbers"),
    (f"{ITEM}.target.selector.1.end", 99, "past the end of its document"),
    (f"{ITEM}.target.selector.0.exact", "", "no “exact” text"),
    (f"{ITEM}.created", "yesterday", "not a date and time"),
    (f"{ITEM}.created", "2024-01-01T10:00:00", "has no time zone"),
    (f"{ITEM}.modified", 17, "not a date and time"),
    (f"{ITEM}.fca:confidence", 9, "not a whole number 1–5"),
    (f"{ITEM}.fca:confidence", True, "not a whole number 1–5"),
    (f"{ITEM}.fca:links", {"a": 1}, "fca:links"),
    (f"{ITEM}.type", "Note", "type” is not Annotation"),
    (f"{ITEM}.body.0.value", None, "no “value”"),
    (f"{ITEM}.body", [7], "a body is not a JSON object"),
    (f"{ITEM}.motivation", {"x": 1}, "motivation"),
    (f"{ITEM}.creator", 5, "creator"),
    (f"{ITEM}.target.selector", ["x", 3], "selector is not a JSON object"),
    ("first", "http://example.org/page1", "only a link"),
    ("first.items", "none", "no “items” list"),
    ("first.items.0", "an annotation?", "is not a JSON object"),
    ("fca:documents", {"a": 1}, "fca:documents"),
    ("fca:documents.0.fca:text", 12, "fca:text is not a string"),
    ("fca:documents.0.fca:sha256", "abc", "not a SHA-256"),
    ("type", "Thing", "not a W3C annotation"),
]


@pytest.mark.parametrize(("where", "value", "message"), BAD)
def test_malformed_files_give_one_clear_sentence(tmp_path, where, value, message) -> None:
    path = write_json(tmp_path, set_in(ours(), where, value))
    with pytest.raises(FormatError) as caught:
        w3c.read(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"42", "holds a JSON int"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
        (b"", "not valid JSON"),
    ],
)
def test_files_that_are_not_json_annotations(tmp_path, content, message) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=message):
        w3c.read(path)


def test_a_missing_file(tmp_path) -> None:
    with pytest.raises(FormatError, match=r"nowhere\.jsonld: no such file"):
        w3c.read(tmp_path / "nowhere.jsonld")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | st.sampled_from(
        ["", "Annotation", "AnnotationPage", "AnnotationCollection", "TextualBody", "tagging",
         "TextQuoteSelector", "TextPositionSelector", "http://x.org/a", "2024-01-01T00:00:00Z"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "id", "target", "body", "selector", "source", "exact", "start",
                         "end", "items", "first", "next", "value", "purpose", "motivation",
                         "created", "creator", "name", "fca:documents", "fca:text", "fca:links",
                         "fca:key", "fca:confidence", "bodyValue", "total", "prefix",
                         "fca:labels", "fca:name", "fca:title", "fca:color"]),
        children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_arbitrary_json_gives_records_or_a_format_error(tmp_path_factory, value) -> None:
    path = write_json(tmp_path_factory.mktemp("fuzz"), value)
    try:
        records = w3c.read(path)
    except FormatError as exc:
        assert str(path) in str(exc)
    else:
        assert all(isinstance(r, DocumentRecord) for r in records)


# --------------------------------------------------------------------- into a session


def test_store_round_trip_through_a_file(tmp_path, store, add_text) -> None:
    rich_session(store, add_text)
    with imported_into_fresh_session(w3c, store, tmp_path / "s.jsonld", added=9) as fresh:
        assert_same_session(fresh, store, in_order=True)


def test_a_claims_summary_as_checked_and_fact_check_address_come_back(
        tmp_path, store, add_text) -> None:
    rich_session(store, add_text)
    claim = set_claim_reviewed(store)
    path = tmp_path / "s.jsonld"
    w3c.write(session_records(store), path, labels=store.labels())
    items = json.loads(path.read_text(encoding="utf-8"))["first"]["items"]
    assert [(a.get("fca:claimReviewed"), a.get("fca:factCheckUrl")) for a in items
            if "fca:claimReviewed" in a or "fca:factCheckUrl" in a] == [CLAIM_REVIEWED]
    assert_claim_reviewed_back(w3c, store, claim, tmp_path / "again.jsonld", added=9)


def test_a_claims_summary_that_is_not_text_is_refused_by_name(tmp_path) -> None:
    item = {"type": "Annotation", "motivation": "tagging",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"}],
            "target": {"source": "urn:x", "selector": {
                "type": "TextQuoteSelector", "exact": "spent", "prefix": "", "suffix": ""}},
            "fca:claimReviewed": 42}
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps({"@context": [w3c.ANNO_CONTEXT, {"fca": w3c.NAMESPACE}],
                                "type": "AnnotationCollection",
                                "first": {"type": "AnnotationPage", "items": [item]}}),
                    encoding="utf-8")
    with pytest.raises(FormatError, match="fca:claimReviewed is not a string"):
        w3c.read(path)


def test_the_collection_lists_the_labels_in_order(tmp_path, store, add_text) -> None:
    fill_with_custom_label(store, add_text)
    collection = dump(session_records(store), labels=store.labels())
    assert w3c_problems(collection) == []
    assert collection["@context"][1] == {"fca": w3c.NAMESPACE,
                                         "fca:labels": {"@container": "@list"}}
    listed = collection["fca:labels"]
    assert [entry["fca:name"] for entry in listed] == [
        "claim", "estimate", "attribution", "source_ref"
    ]
    assert listed[3] == {
        "type": "fca:Label", "fca:name": "source_ref", "fca:title": CUSTOM_LABEL.title,
        "fca:color": "#123456", "fca:description": CUSTOM_LABEL.description,
        "fca:shortcut": "Q",
    }
    records = w3c.read(write_json(tmp_path, collection))
    labels = records[0].extra["labels"]
    assert all(record.extra["labels"] == labels for record in records)
    assert [d["name"] for d in labels] == ["claim", "estimate", "attribution", "source_ref"]
    assert labels[3] == {
        "name": "source_ref", "title": CUSTOM_LABEL.title, "color": "#123456",
        "description": CUSTOM_LABEL.description, "shortcut": "Q",
    }
    assert "fca:labels" not in dump(session_records(store))  # no labels given, none listed


def test_a_session_label_comes_back_with_its_title_colour_and_description(
    tmp_path, store, add_text
) -> None:
    added = fill_with_custom_label(store, add_text)
    with imported_into_fresh_session(w3c, store, tmp_path / "l.jsonld", added=added) as fresh:
        assert_custom_label(fresh, description=True, shortcut=True)


def test_labels_written_with_full_iris_or_as_a_json_ld_list_are_read(
    tmp_path, store, add_text
) -> None:
    fill_with_custom_label(store, add_text)
    collection = dump(session_records(store), labels=store.labels())
    full = [{key.replace("fca:", w3c.NAMESPACE): value for key, value in entry.items()}
            for entry in collection.pop("fca:labels")]
    collection[w3c.NAMESPACE + "labels"] = {"@list": full}
    records = w3c.read(write_json(tmp_path, collection))
    assert records[0].extra["labels"][3]["title"] == CUSTOM_LABEL.title


@pytest.mark.parametrize(
    "labels",
    ["x", {"a": 1}, [1, None, {"fca:name": 3}, {"fca:title": "T"}],
     [{"fca:name": "source_ref", "fca:title": ["x"], "fca:color": "#12345"}]],
)
def test_malformed_labels_are_passed_over(tmp_path, store, add_text, labels) -> None:
    added = fill_with_custom_label(store, add_text)
    collection = dump(session_records(store), labels=store.labels())
    collection["fca:labels"] = labels
    with SessionStore.open(tmp_path / "fresh.sqlite", create=True) as fresh:
        report = import_records(fresh, w3c.read(write_json(tmp_path, collection)))
        assert report.added == added
        assert_fallback_label(fresh)


def paths_in(value, prefix=()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(paths_in(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(paths_in(child, (*prefix, index)))
    return found


VALID = dump([DocumentRecord(
    title="t", text="abc def 😀", sha256=sha256_text("abc def 😀"),
    spans=(SpanRecord(0, 3, "claim", "abc", note="n", reviewer="r", verdict="true",
                      evidence=("https://example.org/",), created_at="2024-01-01T00:00:00+00:00",
                      updated_at="2024-01-01T00:00:00+00:00", key="1", links=("2",)),
           SpanRecord(4, 7, "estimate", "def", key="2")),
)], labels=DEFAULT_LABELS[:2])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_file_of_ours_gives_records_or_a_format_error(tmp_path_factory, data) -> None:
    damaged = copy.deepcopy(VALID)
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths_in(damaged)[1:]))
        obj = damaged
        for part in where[:-1]:
            obj = obj[part]
        if data.draw(st.booleans()):
            obj[where[-1]] = data.draw(JSON_VALUES)
        elif isinstance(obj, dict):
            del obj[where[-1]]
        if not paths_in(damaged)[1:]:
            break
    path = write_json(tmp_path_factory.mktemp("damaged"), damaged)
    try:
        w3c.read(path)
    except FormatError as exc:
        assert str(path) in str(exc)
