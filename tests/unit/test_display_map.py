"""Positions in a view's copy of a text with block breaks inserted into overlong lines:
annotator.core.offsets.DisplayMap, checked against the shown string itself."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.offsets import DisplayMap

BREAK = "\u2029"


def shown(text: str, breaks: list[int]) -> str:
    out, last = [], 0
    for at in sorted(breaks):
        out += [text[last:at], BREAK]
        last = at
    return "".join(out) + text[last:]


def view_units(text: str) -> list[str]:
    """The view's string as a list of UTF-16 units (an astral character gives two)."""
    units = []
    for ch in text:
        units += [ch, "<low>"] if ord(ch) > 0xFFFF else [ch]
    return units


def test_breaks_shift_what_follows_and_both_sides_of_a_break_are_one_offset():
    text = "ab😀cd서울ef"
    mapping = DisplayMap(text, [2, 6])  # before 😀 and before 울... at code points 2 and 6
    units = view_units(shown(text, [2, 6]))
    assert mapping.view_length == len(units)
    for cp, ch in enumerate(text):
        assert units[mapping.to_view(cp)] == ch
    assert mapping.to_view(2) == 3 and mapping.to_view(2, end=True) == 2  # after / before
    assert mapping.to_code_point(2) == mapping.to_code_point(3) == 2
    assert mapping.span_to_view(0, 2) == (0, 2)  # ends before the break
    assert mapping.span_to_view(2, 3) == (3, 5)  # starts after it, the emoji is two units
    assert mapping.span_to_view(2, 2) == (3, 3)
    assert mapping.to_code_point(4, round_up=True) == 3  # inside the emoji: past it
    assert mapping.to_code_point(4) == 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("a 😀서\u0301\n"), max_size=40), st.data())
def test_every_character_maps_to_itself_in_the_shown_copy(text, data):
    breaks = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))))
    mapping = DisplayMap(text, breaks)
    units = view_units(shown(text, breaks))
    assert mapping.view_length == len(units)
    for cp, ch in enumerate(text):
        view = mapping.to_view(cp)
        assert units[view] == ch
        assert mapping.to_code_point(view) == cp
        assert mapping.to_code_point(mapping.to_view(cp + 1, end=True), round_up=True) == cp + 1
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            a, b = mapping.span_to_view(start, end)
            assert mapping.span_to_code_points(a, b) == (start, end)
