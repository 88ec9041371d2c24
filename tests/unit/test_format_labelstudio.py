"""Label Studio JSON (annotator.core.formats.labelstudio): round trips, the offset convention,
Label Studio's own exports, the labeling configuration, bad files."""

from __future__ import annotations

import io
import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import FormatError
from annotator.core.formats import labelstudio
from annotator.core.formats.import_records import import_records
from annotator.core.formats.records import DocumentRecord, SpanRecord, session_records
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import Label
from annotator.core.session.store import SessionStore
from tests.unit.format_helpers import (
    CLAIM_REVIEWED,
    CUSTOM_LABEL,
    AddText,
    assert_claim_reviewed_back,
    assert_fallback_label,
    assert_registered,
    assert_same_session,
    documents,
    fill,
    fill_with_custom_label,
    imported_into_fresh_session,
    set_claim_reviewed,
    write_and_read_back,
)


def write_string(records, **kwargs) -> str:
    out = io.StringIO()
    labelstudio.write(records, out, **kwargs)
    return out.getvalue()


def read_string(content: str | bytes) -> list[DocumentRecord]:
    data = content.encode("utf-8") if isinstance(content, str) else content
    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as handle:
        handle.write(data)
    path = Path(handle.name)
    try:
        return labelstudio.read(path)
    finally:
        path.unlink()


def one_task(text: str, result: list, **annotation) -> str:
    return json.dumps(
        [{"id": 1, "data": {"text": text}, "annotations": [{"id": 1, "result": result,
                                                            **annotation}]}],
        ensure_ascii=False,
    )


def labels_result(start, end, text=None, *, label="claim", **extra) -> dict:
    """A Label Studio ``labels`` result (region "r", unless ``extra`` says another id)."""
    value = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": "r", "from_name": "label", "to_name": "text", "type": "labels",
            "value": value, **extra}


# ------------------------------------------------------------------------ round trips


def test_session_round_trip_keeps_every_field(tmp_path: Path, store: SessionStore,
                                              add_text: AddText) -> None:
    path = tmp_path / "export.json"
    records, back = write_and_read_back(labelstudio, store, add_text, path)
    for written, read in zip(records, back, strict=True):
        assert sorted(read.spans, key=lambda s: s.key) == sorted(written.spans,
                                                                 key=lambda s: s.key)
    config = (tmp_path / "export.config.xml").read_text(encoding="utf-8")
    assert config == labelstudio.labeling_config(store.labels())
    assert not list(tmp_path.glob(".*partial"))


def test_one_label_studio_annotation_per_reviewer(store: SessionStore,
                                                   add_text: AddText) -> None:
    fill(store, add_text)
    tasks = json.loads(write_string(session_records(store), labels=store.labels()))
    assert [len(t["annotations"]) for t in tasks] == [2, 2, 0]
    first = tasks[0]
    assert first["data"]["title"] == "Seoul fire" and len(first["data"]["sha256"]) == 64
    assert [a["reviewer"] for a in first["annotations"]] == ["Ana Reviewer", "Bo"]
    # completed_by is left out: Label Studio's importer rejects anything but a member's id or
    # {"email": ...}, and gives annotations without it to the importing user
    assert all("completed_by" not in a for t in tasks for a in t["annotations"])
    ana = first["annotations"][0]["result"]
    assert {r["type"] for r in ana} == {"labels", "rating", "textarea", "relation"}
    relation = next(r for r in ana if r["type"] == "relation")
    labelled = {r["id"]: r["value"]["text"] for r in ana if r["type"] == "labels"}
    assert (labelled[relation["from_id"]], labelled[relation["to_id"]]) == (
        "기상청 said", "broke out in 서울",
    )
    assert relation["direction"] == "right"


def test_the_format_is_registered() -> None:
    assert_registered(labelstudio, "labelstudio", ".json")


def test_store_round_trip_into_a_fresh_session(tmp_path: Path, store: SessionStore,
                                               add_text: AddText) -> None:
    fill(store, add_text)
    with imported_into_fresh_session(labelstudio, store, tmp_path / "export.json",
                                     added=6) as fresh:
        assert_same_session(fresh, store, in_order=False)


def test_a_claims_summary_as_checked_and_fact_check_address_come_back(
        tmp_path: Path, store: SessionStore, add_text: AddText) -> None:
    fill(store, add_text)
    claim = set_claim_reviewed(store)
    path = tmp_path / "export.json"
    labelstudio.write(session_records(store), path, labels=store.labels())
    metas = [r["meta"][labelstudio.META_KEY] for task in json.loads(path.read_text("utf-8"))
             for a in task["annotations"] for r in a["result"] if "meta" in r]
    assert [(m["claim_reviewed"], m["fact_check_url"]) for m in metas
            if "claim_reviewed" in m or "fact_check_url" in m] == [CLAIM_REVIEWED]  # where set
    assert_claim_reviewed_back(labelstudio, store, claim, tmp_path / "again.json", added=6)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(documents(), min_size=1, max_size=3))
def test_generated_documents_round_trip(docs: list[DocumentRecord]) -> None:
    content = write_string(docs)
    back = read_string(content)
    assert [d.text for d in back] == [d.text for d in docs]
    assert [d.title for d in back] == [d.title for d in docs]
    for written, read in zip(docs, back, strict=True):
        assert sorted(read.spans, key=lambda s: int(s.key)) == list(
            sorted(written.spans, key=lambda s: int(s.key))
        )


# ------------------------------------------------------------------------ offsets


def test_offsets_after_an_emoji_are_code_points_as_label_studio_stores_them() -> None:
    text = "🔥 Fire broke out in 서울."
    record = DocumentRecord(
        title="t", text=text,
        spans=(SpanRecord(start=2, end=6, label="claim", quote="Fire", confidence=4,
                          note="check", key="7"),),
    )
    (task,) = json.loads(write_string([record]))
    result = task["annotations"][0]["result"]
    # 2…6 in code points; a count in UTF-16 code units would say 3…7
    assert result[0] == {
        "id": "7", "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": 2, "end": 6, "text": "Fire", "labels": ["claim"]},
        "origin": "manual", "meta": result[0]["meta"],
    }
    assert result[1:] == [
        {"id": "7", "from_name": "confidence", "to_name": "text", "type": "rating",
         "value": {"start": 2, "end": 6, "text": "Fire", "rating": 4}, "origin": "manual"},
        {"id": "7", "from_name": "note", "to_name": "text", "type": "textarea",
         "value": {"start": 2, "end": 6, "text": ["check"]}, "origin": "manual"},
    ]
    assert result[0]["meta"]["factcheck"]["key"] == "7"


def test_an_export_counting_utf16_code_units_is_converted() -> None:
    # HumanSignal/label-studio issue #1347: before the fix, "annotation" came out as 13–23
    content = one_task("💩This is an annotation.",
                       [labels_result(13, 23, "annotation", label="Annotation", id="a")])
    (doc,) = read_string(content)
    assert [(s.start, s.end, s.quote) for s in doc.spans] == [(12, 22, "annotation")]


def test_code_points_are_taken_as_they_are_when_they_match() -> None:
    text = "💩💩 ab ab"
    # 3…5 is "ab" in code points and "💩" + space … in UTF-16: code points win
    content = one_task(text, [labels_result(3, 5, "ab", label="x", id="a")])
    (doc,) = read_string(content)
    assert (doc.spans[0].start, doc.spans[0].end) == (3, 5)


def test_line_breaks_written_as_backslash_n_in_the_region_text_still_agree() -> None:
    text = "one\ntwo three"
    content = one_task(text, [labels_result(0, 7, "one\\ntwo", label="x", id="a")])
    (doc,) = read_string(content)
    assert doc.spans[0].quote == "one\ntwo"


# ------------------------------------------------------------------------ Label Studio's files


LABEL_STUDIO_EXPORT = [
    {
        "id": 41,
        "data": {"text": "👋🏽 Hola, soy Roberto Jr, dijo el ministro."},
        "annotations": [
            {
                "id": 9,
                "completed_by": 1,
                "result": [
                    {"value": {"start": 13, "end": 23, "text": "Roberto Jr",
                               "labels": ["Person"]},
                     "id": "gew3t9fgkg", "from_name": "label", "to_name": "text",
                     "type": "labels", "origin": "manual"},
                    {"value": {"start": 13, "end": 23, "text": "Roberto Jr", "rating": 2},
                     "id": "gew3t9fgkg", "from_name": "confidence", "to_name": "text",
                     "type": "rating", "origin": "manual"},
                    {"value": {"start": 13, "end": 23, "text": ["who?", "check"]},
                     "id": "gew3t9fgkg", "from_name": "note", "to_name": "text",
                     "type": "textarea", "origin": "manual"},
                    {"value": {"start": 25, "end": 41, "text": "dijo el ministro",
                               "labels": ["attribution"]},
                     "id": "0gpIsb7s27", "from_name": "label", "to_name": "text",
                     "type": "labels", "origin": "manual",
                     "meta": {"text": ["region meta info"], "lead_time": 3.2}},
                    {"value": {"choices": ["Relevant"]}, "id": "c1", "from_name": "topic",
                     "to_name": "text", "type": "choices", "origin": "manual"},
                    {"value": {"rating": 4}, "id": "r1", "from_name": "overall",
                     "to_name": "text", "type": "rating", "origin": "manual"},
                    {"from_id": "0gpIsb7s27", "to_id": "gew3t9fgkg", "type": "relation",
                     "direction": "right", "labels": []},
                ],
                "was_cancelled": False,
                "ground_truth": False,
                "created_at": "2021-03-09T22:16:08.728353Z",
                "updated_at": "2021-03-09T22:16:09.000000Z",
                "lead_time": 4.288,
                "task": 41,
            },
            {
                "id": 10,
                "completed_by": {"id": 2, "email": "bo@example.org"},
                "result": [
                    {"value": {"start": 3, "end": 7, "text": "Hola",
                               "labels": ["claim", "estimate"]},
                     "id": "x", "from_name": "label", "to_name": "text", "type": "labels"},
                    {"from_id": "x", "to_id": "missing", "type": "relation",
                     "direction": "left"},
                ],
            },
            {"id": 11, "completed_by": "Cy", "result": [
                {"value": {"start": 3, "end": 7, "text": "Hola", "labels": ["claim"]},
                 "id": "x", "from_name": "label", "to_name": "text", "type": "labels"},
            ]},
            {"id": 12, "was_cancelled": True, "result": []},
        ],
        "predictions": [{"result": [{"value": {"start": 0, "end": 1, "labels": ["P"]},
                                     "id": "p", "from_name": "label", "to_name": "text",
                                     "type": "labels"}]}],
    }
]


def test_a_label_studio_export_with_several_annotations() -> None:
    (doc,) = read_string(json.dumps(LABEL_STUDIO_EXPORT, ensure_ascii=False))
    assert doc.title == "👋🏽 Hola, soy Roberto Jr, dijo el ministro." and doc.extra == {
        "task_id": 41
    }
    got = {s.key: s for s in doc.spans}
    assert sorted(got) == ["0gpIsb7s27", "gew3t9fgkg", "x", "x/estimate", "x@3"]
    person = got["gew3t9fgkg"]
    assert (person.quote, person.label, person.confidence, person.note, person.reviewer) == (
        "Roberto Jr", "Person", 2, "who?\ncheck", None,
    )
    assert person.created_at == "2021-03-09T22:16:08.728353Z"
    said = got["0gpIsb7s27"]
    assert (said.quote, said.note, said.confidence, said.links) == (
        "dijo el ministro", "region meta info", DEFAULT_CONFIDENCE, ("gew3t9fgkg",),
    )
    assert got["x"].label == "claim" and got["x/estimate"].label == "estimate"
    assert got["x"].reviewer is None  # Label Studio's {"id", "email"} names no reviewer
    assert (got["x@3"].reviewer, got["x@3"].quote) == ("Cy", "Hola")
    assert all(s.quote == doc.text[s.start:s.end] for s in doc.spans)


def test_relation_directions_become_links() -> None:
    text = "Officials said 3,000 fled."
    regions = [
        {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 14, "labels": ["attribution"]}},
        {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 15, "end": 20, "labels": ["estimate"]}},
    ]
    for direction, expected in [
        ("right", {"a": ("b",), "b": ()}),
        ("left", {"a": (), "b": ("a",)}),
        ("bi", {"a": ("b",), "b": ("a",)}),
    ]:
        relation = {"from_id": "a", "to_id": "b", "type": "relation", "direction": direction}
        (doc,) = read_string(one_task(text, [*regions, relation]))
        assert {s.key: s.links for s in doc.spans} == expected


def test_our_meta_wins_over_completed_by_and_an_old_completions_key() -> None:
    content = json.dumps([{
        "data": {"text": "abc def"},
        "completions": [{"completed_by": "Ana", "result": [
            {"id": "r", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 3, "labels": ["claim"]},
             "meta": {"factcheck": {"reviewer": "Bo", "key": "5", "verdict": "true"}}},
            {"id": "s", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 4, "end": 7, "labels": ["claim"]}},
        ]}],
    }])
    (doc,) = read_string(content)
    assert [(s.key, s.reviewer, s.verdict) for s in doc.spans] == [
        ("5", "Bo", "true"), ("s", "Ana", None),
    ]


def test_a_task_without_a_data_wrapper_and_one_task_on_its_own() -> None:
    (doc,) = read_string(json.dumps({"text": "Just text", "title": "T"}))
    assert (doc.title, doc.text, doc.spans) == ("T", "Just text", ())


# ------------------------------------------------------------------------ labeling config


def test_labeling_config_declares_the_controls_the_export_uses() -> None:
    labels = [*DEFAULT_LABELS, Label(name="odd", title="Odd", color="#123456")]
    root = ET.fromstring(labelstudio.labeling_config(labels))
    assert root.tag == "View"
    (control,) = root.iter("Labels")
    assert (control.get("name"), control.get("toName")) == ("label", "text")
    assert [(x.get("value"), x.get("background")) for x in control.iter("Label")] == [
        (label.name, label.color) for label in labels
    ]
    (text,) = root.iter("Text")
    assert (text.get("name"), text.get("value")) == ("text", "$text")
    (rating,) = root.iter("Rating")
    assert (rating.get("name"), rating.get("toName"), rating.get("perRegion"),
            rating.get("maxRating")) == ("confidence", "text", "true", "5")
    (note,) = root.iter("TextArea")
    assert (note.get("name"), note.get("toName"), note.get("perRegion")) == (
        "note", "text", "true",
    )
    assert labelstudio.labeling_config(DEFAULT_LABELS) == labelstudio.LABELING_CONFIG


def test_config_beside_a_path_adds_labels_the_records_use(tmp_path: Path) -> None:
    record = DocumentRecord(title="t", text='He said "A&B"', spans=(
        SpanRecord(0, 2, 'Odd "<label>" & co', "He"),
    ))
    labelstudio.write([record], tmp_path / "out.json", labels=DEFAULT_LABELS)
    root = ET.fromstring((tmp_path / "out.config.xml").read_text(encoding="utf-8"))
    values = [(x.get("value"), x.get("background")) for x in root.iter("Label")]
    assert values[-1] == ('Odd "<label>" & co', "#999999")
    assert len(values) == len(DEFAULT_LABELS) + 1
    (back,) = labelstudio.read(tmp_path / "out.json")
    assert back.spans[0].label == 'Odd "<label>" & co'


def test_no_config_is_written_for_a_stream(tmp_path: Path) -> None:
    write_string([DocumentRecord(title="t", text="x")], labels=DEFAULT_LABELS)
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------------ bad files


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ('"a string"', "not a Label Studio export"),
        ("[1]", "task 1: the task is not a JSON object"),
        ('[{"data": {"text": "ok"}}, {"data": {"title": "no text"}}]', "task 2: "),
        ('[{"data": "text"}]', "“data” is not an object"),
        ('[{"data": {"text": "abc"}, "annotations": {}}]', "“annotations” is not a list"),
        ('[{"data": {"text": "abc"}, "annotations": [7]}]', "annotation 1 is not an object"),
        ('[{"data": {"text": "abc"}, "annotations": [{"result": {}}]}]', "is not a list"),
        (one_task("abc", [7]), "result 1 of annotation 1 is not an object"),
        (one_task("abc", [labels_result(0, 9)]), "outside the text"),
        (one_task("abc", [labels_result(2, 1)]), "outside the text"),
        (one_task("abc", [labels_result(0, "2")]), "whole-number"),
        (one_task("abc", [labels_result(0, 2, "xy")]), "does not match the document at 0–2"),
        (one_task("💩abc", [labels_result(0, 4, "zzzz")]), "does not match"),
        (one_task("abc", [{**labels_result(0, 2), "value": None}]), "no “value” object"),
        (one_task("abc", [{**labels_result(0, 2), "value": {"start": 0, "end": 2,
                                                             "labels": "claim"}}]),
         "no list of label names"),
        (one_task("abc", [labels_result(0, 2), labels_result(0, 1)]), "a second time"),
        (one_task("abc", [labels_result(0, 2), {"id": "r", "type": "rating",
                                                 "value": {"rating": 9}}]), "rating"),
        (one_task("abc", [labels_result(0, 2), {"id": "r", "type": "textarea",
                                                 "value": {"text": [1]}}]), "list of strings"),
        (one_task("abc", [labels_result(0, 2, meta={"factcheck": {"links": "1"}})]), "links"),
        (one_task("abc", [labels_result(0, 2, meta={"factcheck": {"key": [1]}})]), "key"),
        (one_task("abc", [{**labels_result(0, 2), "id": [1]}]), "id"),
        ('[{"data": {"text": "abc", "sha256": 5}}]', "sha256"),
        ("[" * 100_000, "JSON"),
    ],
)
def test_bad_files_give_one_sentence_naming_file_and_task(content: str, words: str) -> None:
    with pytest.raises(FormatError) as caught:
        read_string(content)
    message = str(caught.value)
    assert message.startswith("/") and ".json" in message.split(":")[0]
    assert words in message
    assert "\n" not in message


def test_not_utf8_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="not UTF-8"):
        read_string('[{"data": {"text": "café"}}]'.encode("latin-1"))
    with pytest.raises(FormatError, match=r"missing\.json: no such file"):
        labelstudio.read(tmp_path / "missing.json")


JSON_KEYS = ("data", "text", "annotations", "completions", "result", "id", "type", "value",
             "start", "end", "labels", "rating", "from_id", "to_id", "direction", "meta",
             "factcheck", "key", "links", "reviewer", "completed_by", "was_cancelled")
TYPES = ("labels", "rating", "textarea", "relation", "choices")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 12) | st.floats(allow_nan=False)
    | st.sampled_from(TYPES) | st.text(st.sampled_from("ab🔥 "), max_size=5),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(JSON_KEYS), children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(value=json_values)
def test_any_json_gives_documents_or_a_format_error(value) -> None:
    try:
        read_string(json.dumps(value, ensure_ascii=False))
    except FormatError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(st.sampled_from("ab🔥서\n"), min_size=1, max_size=8),
                      min_size=1, max_size=3), data=st.data())
def test_task_shaped_json_gives_documents_or_a_format_error(texts, data) -> None:
    tasks = [{"data": {"text": t}, "annotations": [{"result": data.draw(
        st.lists(st.dictionaries(st.sampled_from(JSON_KEYS), json_values, max_size=6)
                 .map(lambda d: {"type": "labels", "id": "r", **d}), max_size=3))}]}
             for t in texts]
    try:
        docs = read_string(json.dumps(tasks, ensure_ascii=False))
    except FormatError:
        return
    for doc in docs:
        assert all(s.quote == doc.text[s.start:s.end] for s in doc.spans)



def test_regions_without_an_id_are_read_and_empty_label_lists_refused(tmp_path):
    from annotator.core.errors import FormatError
    from annotator.core.formats import labelstudio

    text = "Up to 3,000 left."
    task = {"data": {"text": text}, "annotations": [{"result": [
        {"from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 11, "text": "Up to 3,000", "labels": ["estimate"]}},
    ]}]}
    path = tmp_path / "pre.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    (record,) = labelstudio.read(path)
    assert [(s.start, s.end, s.label) for s in record.spans] == [(0, 11, "estimate")]
    task["annotations"][0]["result"][0]["value"]["labels"] = []
    path.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(FormatError, match="no list of label names"):
        labelstudio.read(path)


# ------------------------------------------------------------------------ labels from the config


def test_a_session_label_comes_back_with_its_colour_and_description(
    tmp_path: Path, store: SessionStore, add_text: AddText
) -> None:
    added = fill_with_custom_label(store, add_text)
    path = tmp_path / "export.json"
    with imported_into_fresh_session(labelstudio, store, path, added=added) as fresh:
        got = {label.name: label for label in fresh.labels()}["source_ref"]
        # Label Studio has no title of its own: the value is the title
        assert (got.title, got.color, got.description, got.shortcut) == (
            "source_ref", "#123456", CUSTOM_LABEL.description, None,
        )
        assert (fresh.labels()[0].title, fresh.labels()[0].color) == ("Claim", "#0072B2")
    root = ET.fromstring((tmp_path / "export.config.xml").read_text(encoding="utf-8"))
    (label,) = [x for x in root.iter("Label") if x.get("value") == "source_ref"]
    assert label.attrib == {"value": "source_ref", "background": "#123456",
                            "hint": CUSTOM_LABEL.description}


def test_labels_of_a_config_given_or_found_beside_the_file(
    tmp_path: Path, store: SessionStore, add_text: AddText
) -> None:
    fill_with_custom_label(store, add_text)
    out = io.StringIO()
    labelstudio.write(session_records(store), out, labels=store.labels())
    (path := tmp_path / "tasks.json").write_text(out.getvalue(), encoding="utf-8")
    assert all("labels" not in record.extra for record in labelstudio.read(path))  # no config
    config = tmp_path / "project.xml"
    config.write_text(labelstudio.labeling_config(store.labels()), encoding="utf-8")
    records = labelstudio.read(path, config=config)
    assert [d["name"] for d in records[0].extra["labels"]] == [
        "claim", "estimate", "attribution", "source_ref",
    ]
    assert records[2].extra["labels"][3] == {
        "name": "source_ref", "title": "source_ref", "color": "#123456",
        "description": CUSTOM_LABEL.description,
    }
    config.rename(tmp_path / "tasks.config.xml")
    assert labelstudio.read(path)[0].extra["labels"] == records[0].extra["labels"]


def test_a_config_of_label_studio_s_own_gives_what_it_can() -> None:
    config = """<?xml version="1.0" encoding="UTF-8"?>
    <View>
      <labels name="ner" toName="text">
        <Label value="PER" background="red" hotkey="p"/>
        <label VALUE="ORG" Background="#f0a"/>
        <Label value="Ort 🏙" background="#00AA00" hint="  "/>
        <Label value="ORG" background="#000000"/>
        <Label background="#111111"/>
      </labels>
      <HyperTextLabels name="html" toName="page"><Label value="Link" hint="a link"/>
      </HyperTextLabels>
      <Choices name="c" toName="text"><Choice value="Relevant"/></Choices>
      <Text name="text" value="$text"/>
    </View>"""
    assert labelstudio.config_labels(config) == [
        {"name": "PER", "title": "PER"},
        {"name": "ORG", "title": "ORG", "color": "#ff00aa"},
        {"name": "Ort 🏙", "title": "Ort 🏙", "color": "#00AA00"},
        {"name": "Link", "title": "Link", "description": "a link"},
    ]


@pytest.mark.parametrize(
    "config",
    [b'<View><Labels name="label" toName="text"><Label value="source_ref" background="#1',
     b"\xff\xfe<View/>", b"not xml at all", b"",
     b'<?xml version="1.0"?><!DOCTYPE v [<!ENTITY t "#123456">]><View><Labels>'
     b'<Label value="source_ref" background="&t;"/></Labels></View>',
     b'<View><Labels><Label value="source_ref" background="teal"/></Labels></View>'],
)
def test_a_broken_config_is_ignored(tmp_path: Path, store: SessionStore, add_text: AddText,
                                    config: bytes) -> None:
    added = fill_with_custom_label(store, add_text)
    path = tmp_path / "export.json"
    labelstudio.write(session_records(store), path, labels=store.labels())
    (tmp_path / "export.config.xml").write_bytes(config)
    with SessionStore.open(tmp_path / "fresh.sqlite", create=True) as fresh:
        assert import_records(fresh, labelstudio.read(path)).added == added
        assert_fallback_label(fresh)


def test_a_config_too_large_to_be_one_is_not_read(tmp_path: Path) -> None:
    config = tmp_path / "big.config.xml"
    config.write_text(labelstudio.LABELING_CONFIG + " " * labelstudio.MAX_CONFIG_BYTES,
                      encoding="utf-8")
    assert labelstudio.read_config_labels(config) == []
    assert labelstudio.read_config_labels(tmp_path / "missing.xml") == []


def test_many_regions_counted_in_utf16_convert_in_linear_time(tmp_path: Path, monkeypatch) -> None:
    """A task whose every region needs the UTF-16 reading measures the text once."""
    from annotator.core import offsets

    built = []
    real = offsets.Utf16Map.__init__

    def counted(self, text):
        built.append(len(text))
        real(self, text)

    monkeypatch.setattr(offsets.Utf16Map, "__init__", counted)
    text = "😀 " + "word " * 200
    results = [{"id": f"r{n}", "type": "labels", "from_name": "label", "to_name": "text",
                "value": {"start": 3 + 5 * n, "end": 7 + 5 * n, "text": "word",
                          "labels": ["claim"]}} for n in range(100)]
    path = tmp_path / "utf16.json"
    path.write_text(json.dumps([{"data": {"text": text}, "annotations": [{"result": results}]}]),
                    encoding="utf-8")
    (record,) = labelstudio.read(path)
    assert [s.quote for s in record.spans] == ["word"] * 100
    assert len(built) == 1
