"""The Label Studio reader draws the results of a large export from the file one at a time
(labelstudio._streamed_tasks): it reads every file exactly as reading it whole does, and a file
the streaming parser cannot read exactly so is read whole, with the same messages."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from annotator.core.errors import FormatError
from annotator.core.formats import labelstudio


def _result(region: str, start: int, end: int, text: str, label: str = "claim",
            **meta) -> list[dict]:
    value = {"start": start, "end": end, "text": text[start:end]}
    labels = {"id": region, "from_name": "label", "to_name": "text", "type": "labels",
              "value": {**value, "labels": [label]}}
    if meta:
        labels["meta"] = {"factcheck": meta}
    rating = {"id": region, "from_name": "confidence", "to_name": "text", "type": "rating",
              "value": {**value, "rating": 4}}
    return [labels, rating]


FIRST = "The minister said 3,000 homes were evacuated. 💥 Officials said so."
OFFICIALS = FIRST.index("Officials")
SECOND = "A second article, with its own claim."
TASKS = [
    {  # Label Studio may write the annotations before the data
        "id": 7,
        "annotations": [
            {"id": 1, "result": [*_result("a", 0, 12, FIRST, reviewer="amira", links=["b"]),
                                 *_result("b", 18, 29, FIRST, label="estimate")],
             "completed_by": 3},
            {"id": 2, "was_cancelled": True, "result": _result("c", 4, 12, FIRST)},
            {"id": 3, "result": [*_result("d", OFFICIALS, OFFICIALS + 9, FIRST),
                                 {"from_id": "d", "to_id": "d2", "type": "relation"},
                                 *_result("d2", 0, 3, FIRST)], "reviewer": "bo"},
        ],
        "data": {"text": FIRST, "title": "First"},
        "predictions": [],
    },
    {"id": 8, "data": {"text": SECOND}, "annotations": []},
    {"id": 9, "data": {"text": SECOND, "title": "Again"},
     "completions": [{"result": _result("e", 2, 8, SECOND)}]},
]


def _write(tmp_path: Path, content: str | bytes, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _read_both(path: Path, monkeypatch) -> tuple[list, list, bool]:
    """The records read streaming and read whole, and whether the first was streamed."""
    streamed = []
    real = labelstudio._streamed_tasks

    def spy(source):
        found = real(source)
        streamed.append(found is not None)
        return found

    monkeypatch.setattr(labelstudio, "_streamed_tasks", spy)
    first = labelstudio.read(path)
    monkeypatch.setattr(labelstudio, "_streamed_tasks", lambda source: None)
    whole = labelstudio.read(path)
    return first, whole, streamed == [True]


def _spans(records) -> list:
    return [(r.title, r.text, r.extra, r.spans) for r in records]


@pytest.mark.parametrize("indent", [None, 2])
def test_several_tasks_with_annotations_before_data_read_as_when_read_whole(
        tmp_path: Path, monkeypatch, indent) -> None:
    path = _write(tmp_path, json.dumps(TASKS, ensure_ascii=False, indent=indent))
    streamed, whole, was_streamed = _read_both(path, monkeypatch)
    assert was_streamed
    assert _spans(streamed) == _spans(whole)
    first, second, third = streamed
    assert [(s.quote, s.label, s.reviewer) for s in first.spans] == [
        ("The", "claim", "bo"), ("The minister", "claim", "amira"),
        ("3,000 homes", "estimate", None), ("Officials", "claim", "bo")]
    assert [s.confidence for s in first.spans] == [4, 4, 4, 4]
    assert (second.title, second.spans) == ("A second article, with its own claim.", ())
    assert [s.quote for s in third.spans] == ["second"]


def test_one_task_on_its_own_and_a_byte_order_mark(tmp_path: Path, monkeypatch) -> None:
    content = codecs.BOM_UTF8 + json.dumps(TASKS[0], ensure_ascii=False).encode("utf-8")
    streamed, whole, was_streamed = _read_both(_write(tmp_path, content), monkeypatch)
    assert was_streamed and _spans(streamed) == _spans(whole)
    assert len(streamed[0].spans) == 4


def test_a_truncated_file_is_one_sentence(tmp_path: Path) -> None:
    content = json.dumps(TASKS, ensure_ascii=False)
    for cut in (len(content) // 3, len(content) - 2):
        with pytest.raises(FormatError) as caught:
            labelstudio.read(_write(tmp_path, content[:cut]))
        message = str(caught.value)
        assert "export.json: the file is not valid JSON" in message and "\n" not in message


def test_a_file_that_is_not_utf8_is_named_so(tmp_path: Path) -> None:
    content = json.dumps(TASKS, ensure_ascii=False).encode("utf-8").replace(
        "💥".encode(), b"\xff\xfe")
    with pytest.raises(FormatError, match=r"export\.json: the file is not UTF-8 text$"):
        labelstudio.read(_write(tmp_path, content))


@pytest.mark.parametrize(
    "content",
    [
        '[{"data": {"text": "a\\ud800b"}}]',  # half of a character pair: read whole
        '[{"data": {"text": "abc", "n": NaN}}]',  # json.loads reads NaN
        '[{"data": {"text": "abc"}, "id": 1.5e3}]',
        '[{"data": {"text": "abc"}, "annotations": [{"result": null}]}]',
    ],
)
def test_files_read_whole_or_streamed_alike(tmp_path: Path, monkeypatch, content) -> None:
    streamed, whole, _was_streamed = _read_both(_write(tmp_path, content), monkeypatch)
    assert _spans(streamed) == _spans(whole)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('[{"data": {"text": "abc"}, "id": 1234567890123456789}]', "19 digits"),
        ('[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": 12345678901234567890'
         "}]}]}]", "20 digits"),
        ('[{"data": {"text": "abc"}, "annotations": [{"result": {"item": 1}}]}]',
         "“result” of annotation 1 is not a list"),
        ('[{"data": {"text": "abc"}, "annotations": [{"result": [' + "[" * 300 + "]" * 300
         + "]}]}]", "result 1 of annotation 1 is not an object"),
    ],
)
def test_what_is_read_whole_gives_the_same_messages(tmp_path: Path, content, words) -> None:
    with pytest.raises(FormatError) as caught:
        labelstudio.read(_write(tmp_path, content))
    assert words in str(caught.value)
