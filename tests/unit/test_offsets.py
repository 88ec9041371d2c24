"""Code points (the store) against UTF-16 code units (Qt): annotator.core.offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.articles.text import normalise_text
from annotator.core.offsets import Utf16Map, utf16_length


def reference_utf16(text: str, code_point: int) -> int:
    """What Qt counts: the UTF-16 code units before ``code_point``."""
    return len(text[:code_point].encode("utf-16-le")) // 2


def astral_positions(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]


# --------------------------------------------------------------------- fixed examples


def test_ascii_offsets_are_identical() -> None:
    mapping = Utf16Map("plain text")
    assert [mapping.to_utf16(i) for i in range(11)] == list(range(11))
    assert [mapping.to_code_point(i) for i in range(11)] == list(range(11))


def test_emoji_counts_two_utf16_units() -> None:
    text = "ab😀cd"
    mapping = Utf16Map(text)
    assert mapping.utf16_length == 6
    assert [mapping.to_utf16(i) for i in range(6)] == [0, 1, 2, 4, 5, 6]
    assert mapping.to_code_point(4) == 3  # "c"
    assert mapping.to_code_point(6) == 5


def test_offsets_after_several_emoji_accumulate() -> None:
    text = "🔥🥵 x 😵"
    mapping = Utf16Map(text)
    assert mapping.to_utf16(text.index("x")) == 5
    assert mapping.to_utf16(len(text)) == 9
    assert mapping.to_code_point(5) == text.index("x")


def test_hangul_and_cjk_are_one_unit_each() -> None:
    text = "서울 기상청 北京"
    mapping = Utf16Map(text)
    assert mapping.utf16_length == len(text)
    assert all(mapping.to_utf16(i) == i for i in range(len(text) + 1))


def test_combining_mark_is_its_own_code_point_and_unit() -> None:
    text = "Zoe\u0301 said"
    mapping = Utf16Map(text)
    assert len(text) == 9
    assert mapping.to_utf16(4) == 4  # just after the combining acute
    assert mapping.to_code_point(4) == 4


def test_astral_cjk_extension_character_counts_two() -> None:
    text = "𠀀字"  # U+20000, CJK Extension B, then a BMP ideograph
    mapping = Utf16Map(text)
    assert mapping.to_utf16(1) == 2
    assert mapping.to_code_point(2) == 1


def test_crlf_input_is_counted_after_normalisation() -> None:
    text = normalise_text("Line one 😀\r\nLine two\r\n서울 e\u0301")
    assert "\r" not in text
    mapping = Utf16Map(text)
    two = text.index("Line two")
    assert two == 11
    assert mapping.to_utf16(two) == 12
    assert mapping.to_code_point(12) == two
    assert mapping.utf16_length == reference_utf16(text, len(text))


def test_offset_inside_surrogate_pair_rounds_down_by_default() -> None:
    mapping = Utf16Map("ab😀cd")
    assert mapping.to_code_point(3) == 2  # between the halves: start of the emoji


def test_offset_inside_surrogate_pair_rounds_up_when_asked() -> None:
    mapping = Utf16Map("ab😀cd")
    assert mapping.to_code_point(3, round_up=True) == 3  # past the emoji


def test_round_up_does_not_move_an_offset_on_a_boundary() -> None:
    mapping = Utf16Map("ab😀cd")
    assert mapping.to_code_point(2, round_up=True) == 2
    assert mapping.to_code_point(4, round_up=True) == 3


def test_span_to_code_points_widens_a_half_selected_emoji() -> None:
    text = "say 😀 now"
    mapping = Utf16Map(text)
    start, end = mapping.span_to_code_points(5, 5)  # both ends between the halves
    assert (start, end) == (4, 5)
    assert text[start:end] == "😀"


def test_span_round_trip_through_utf16() -> None:
    text = "🔥 Peak demand reached 92 GW 🥵 in 서울"
    mapping = Utf16Map(text)
    start, end = text.index("92"), text.index("92") + 5
    u_start, u_end = mapping.span_to_utf16(start, end)
    assert (u_start, u_end) == (reference_utf16(text, start), reference_utf16(text, end))
    assert mapping.span_to_code_points(u_start, u_end) == (start, end)


def test_empty_text_has_only_offset_zero() -> None:
    mapping = Utf16Map("")
    assert mapping.to_utf16(0) == 0
    assert mapping.to_code_point(0) == 0
    with pytest.raises(IndexError):
        mapping.to_utf16(1)


@pytest.mark.parametrize("offset", [-1, 6, 100])
def test_code_point_offset_out_of_range_raises(offset: int) -> None:
    with pytest.raises(IndexError):
        Utf16Map("ab😀cd").to_utf16(offset)


@pytest.mark.parametrize("offset", [-1, 7, 100])
def test_utf16_offset_out_of_range_raises(offset: int) -> None:
    with pytest.raises(IndexError):
        Utf16Map("ab😀cd").to_code_point(offset)


def test_last_utf16_offset_is_in_range() -> None:
    mapping = Utf16Map("ab😀cd")
    assert mapping.to_code_point(6) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("abc", 3),
        ("😀", 2),
        ("한국어", 3),
        ("e\u0301", 2),
        ("a😀b🔥", 6),
        ("\U0010ffff", 2),
        ("\uffff", 1),
    ],
)
def test_utf16_length(text: str, expected: int) -> None:
    assert utf16_length(text) == expected
    assert Utf16Map(text).utf16_length == expected
    assert utf16_length(text) == len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------- property

_chunks = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    st.text(alphabet=st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, codec="utf-8"),
            max_size=4),
    st.sampled_from(["😀", "🔥🥵", "한국어", "e\u0301", "\r\n", "\r", "北京", "𠀀", "a"]),
)
texts = st.lists(_chunks, max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_every_code_point_offset_round_trips(text: str) -> None:
    mapping = Utf16Map(text)
    for i in range(len(text) + 1):
        utf16 = mapping.to_utf16(i)
        assert utf16 == reference_utf16(text, i)
        assert mapping.to_code_point(utf16) == i
        assert mapping.to_code_point(utf16, round_up=True) == i


@settings(max_examples=200, deadline=None)
@given(texts)
def test_offsets_inside_surrogate_pairs_round_down_or_up(text: str) -> None:
    mapping = Utf16Map(text)
    for i in astral_positions(text):
        inside = mapping.to_utf16(i) + 1
        assert mapping.to_code_point(inside) == i
        assert mapping.to_code_point(inside, round_up=True) == i + 1


@settings(max_examples=200, deadline=None)
@given(texts)
def test_utf16_length_matches_the_encoding(text: str) -> None:
    expected = len(text.encode("utf-16-le")) // 2
    assert utf16_length(text) == expected
    assert Utf16Map(text).utf16_length == expected


@settings(max_examples=100, deadline=None)
@given(texts)
def test_normalised_text_round_trips_too(text: str) -> None:
    text = normalise_text(text)
    mapping = Utf16Map(text)
    for i in range(len(text) + 1):
        assert mapping.to_code_point(mapping.to_utf16(i)) == i
