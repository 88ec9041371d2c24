"""Writing JSON with long lists drawn a batch at a time (annotator.core.formats._json_stream):
the text is exactly what json.dumps writes, and a list is not held whole."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.formats import _json_stream
from annotator.core.formats._json_stream import COMPACT, Streamed, write_json

LAYOUTS = [
    {"separators": COMPACT},
    {"indent": 2},
    {},
    {"indent": 4, "separators": (", ", ": ")},
]


def value(items: list, wrap) -> dict:
    """A value with lists at several depths, some empty, some standing alone on a line."""
    return {
        "text": 'a "quoted"\nline \x00 and 😀',
        "items": wrap(items),
        "nested": {"deep": [{"one": wrap(items[:1])}, {"none": wrap([])}]},
        "numbers": wrap(list(range(len(items)))),
        "after": [1, {}],
    }


def written(data, **layout) -> str:
    out = io.StringIO()
    write_json(out, data, **layout)
    return out.getvalue()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 10])
def test_the_text_is_what_json_dumps_writes(monkeypatch, layout, count) -> None:
    monkeypatch.setattr(_json_stream, "BATCH", 3)  # lists across several batches
    items = [{"a": n, "b": [n, {"c": "x\n\"y"}], "d": {}, "e": []} for n in range(count)]
    expected = json.dumps(value(items, list), ensure_ascii=False, **layout)
    assert written(value(items, lambda i: Streamed(iter(i))), **layout) == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=3), children, max_size=4),
    max_leaves=12,
)


@given(st.lists(json_values, max_size=9), st.sampled_from(LAYOUTS))
def test_any_items_come_out_as_json_dumps_writes_them(items, layout) -> None:
    data = {"before": "x", "list": items, "after": {"y": [items]}}
    streamed = {"before": "x", "list": Streamed(items), "after": {"y": [Streamed(items)]}}
    assert written(streamed, **layout) == json.dumps(data, ensure_ascii=False, **layout)


def test_a_string_equal_to_no_marker_is_left_alone() -> None:
    data = {"a": "\x00", "b": Streamed([1]), "c": '"\\u0000"'}
    assert written(data, separators=COMPACT) == '{"a":"\\u0000","b":[1],"c":"\\"\\\\u0000\\""}'


def test_the_items_are_drawn_a_batch_at_a_time(monkeypatch) -> None:
    monkeypatch.setattr(_json_stream, "BATCH", 10)
    out = io.StringIO()
    seen_when_drawn: dict[int, int] = {}

    def items():
        for n in range(50):
            seen_when_drawn[n] = out.getvalue().count('"n"')
            yield {"n": n}

    write_json(out, {"list": Streamed(items())}, separators=COMPACT)
    assert json.loads(out.getvalue()) == {"list": [{"n": n} for n in range(50)]}
    # when item 30 is drawn, the three batches before it are written already
    assert seen_when_drawn[30] == 30 and seen_when_drawn[9] == 0


def test_other_objects_are_still_refused() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        written({"a": object()})
