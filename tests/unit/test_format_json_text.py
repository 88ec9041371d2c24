"""Decoding a JSON file for parsing (annotator.core.formats._shared.decode_json_text): characters
above U+00FF written as JSON escapes so the text stays one byte a character, with the same
values parsed and the same errors for a bad file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.core.errors import FormatError
from annotator.core.formats import jsonl, labelstudio
from annotator.core.formats._shared import decode_json_text, load_json

WIDE = "Malmö — “quoted” 😀 \u2028 \ufeff 漢字 \U0010fffd"


@pytest.mark.parametrize("value", [
    {"text": WIDE, "list": [WIDE, 1, 2.5, None, True]},
    ["é", "ascii only", {"k—": "v😀"}],
    {"text": "plain ascii"},
    {"text": "back\\slash — and \\\\ escaped"},
])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_the_same_json_is_read(value: object, bom: bytes) -> None:
    data = bom + json.dumps(value, ensure_ascii=False).encode("utf-8")
    decoded = decode_json_text(data)
    assert load_json(decoded) == json.loads(data.decode("utf-8-sig"))
    assert decoded.isascii() or max(map(ord, decoded)) <= 0xFF  # one byte a character


def test_a_wide_text_is_held_one_byte_a_character() -> None:
    data = json.dumps({"text": WIDE * 1000}, ensure_ascii=False).encode("utf-8")
    decoded = decode_json_text(data)
    assert sys.getsizeof(decoded) < len(data) * 2  # not four bytes a character
    assert load_json(decoded)["text"] == WIDE * 1000


def test_a_backslash_before_a_wide_character_is_not_turned_into_an_escape() -> None:
    # "\—" is not a JSON escape: escaping the dash would make it the valid "\\u2014"
    data = '["\\—"]'.encode()
    with pytest.raises(ValueError, match="Invalid \\\\escape"):
        load_json(decode_json_text(data))


def test_bytes_that_are_not_utf8_raise_the_plain_error_at_its_place() -> None:
    data = "—😀".encode() + b"\xff"
    with pytest.raises(UnicodeDecodeError) as caught:
        decode_json_text(data)
    assert caught.value.start == len("—😀".encode())


def test_a_jsonl_file_with_wide_characters_is_read_as_written(tmp_path: Path) -> None:
    text = f"{WIDE} The figure was 4,000."
    start = text.index("4,000")
    line = {"text": text, "label": [[start, start + 5, "estimate"]]}
    path = tmp_path / "wide.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (record,) = jsonl.read(path)
    assert record.text == text
    assert [(s.start, s.end, s.quote) for s in record.spans] == [(start, start + 5, "4,000")]


def test_a_truncated_jsonl_line_with_wide_characters_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    whole = json.dumps({"text": WIDE, "label": []}, ensure_ascii=False)
    path.write_text(whole[: len(whole) // 2], encoding="utf-8")
    with pytest.raises(FormatError, match=r"cut\.jsonl, line 1: the line is not valid JSON"):
        jsonl.read(path)


def test_a_label_studio_file_with_wide_characters_is_read_as_written(tmp_path: Path) -> None:
    text = f"{WIDE} The figure was 4,000."
    start = text.index("4,000")
    task = {"data": {"text": text}, "annotations": [{"result": [{
        "id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": start, "end": start + 5, "text": "4,000", "labels": ["estimate"]},
    }]}]}
    path = tmp_path / "wide.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    (record,) = labelstudio.read(path)
    assert record.text == text
    assert [(s.start, s.end, s.label) for s in record.spans] == [(start, start + 5, "estimate")]


def test_a_truncated_label_studio_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    whole = json.dumps([{"data": {"text": WIDE}, "annotations": []}], ensure_ascii=False)
    path.write_text(whole[:-3], encoding="utf-8")
    with pytest.raises(FormatError, match=r"cut\.json: the file is not valid JSON"):
        labelstudio.read(path)
