"""Snapping selections to whole words, and sentences for triple-clicks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.selection import sentence_at, snap_to_words

TEXT = (
    "Seawater flooded the lower town, forcing “up to 3,000 households” out, said Dr. J. Smith. "
    "Then 20 percent, $3.5m and 40% left; a well-known mayor didn't stay. 서울 강남구 said "
    "Rene\u0301e 🔥."
)


@pytest.mark.parametrize(
    "rough, clean",
    [
        ("ooded th", "flooded the"),
        (" “up to 3,000 households” ", "up to 3,000 households"),
        (",000 househ", "3,000 households"),
        (" 40% ", "40%"),
        (" $3.", "$3.5m"),
        ("ell-kno", "well-known"),
        ("idn'", "didn't"),
        ("울 강남", "서울 강남구"),
        ("Rene", "Rene\u0301e"),
        ("town, ", "town"),
        ("; ", ""),
    ],
)
def test_rough_selections_snap_to_clean_spans(rough, clean):
    start = TEXT.index(rough)
    s, e = snap_to_words(TEXT, start, start + len(rough))
    assert TEXT[s:e] == clean


def test_a_whole_word_selection_is_kept_exactly():
    start = TEXT.index("lower town")
    assert snap_to_words(TEXT, start, start + 10) == (start, start + 10)


@pytest.mark.parametrize(
    "inside, sentence",
    [
        ("Smith", "Seawater flooded the lower town, forcing “up to 3,000 households” out, "
                  "said Dr. J. Smith."),
        ("percent", "Then 20 percent, $3.5m and 40% left; a well-known mayor didn't stay."),
    ],
)
def test_sentence_at_keeps_abbreviations_initials_and_decimals(inside, sentence):
    s, e = sentence_at(TEXT, TEXT.index(inside))
    assert TEXT[s:e] == sentence


words = st.lists(
    st.sampled_from(["up", "to", "3,000", "1.5", "“quoted”", "don't", "서울", "🔥", "e\u0301", ",",
                     ".", " ", "  ", "\n", "(", ")", "40%", "$3m", "well-known"]),
    min_size=1, max_size=30,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=words, data=st.data())
def test_snapping_is_clean_bounded_and_idempotent(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= e <= len(text)
    if e > s:
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert snap_to_words(text, s, e) == (s, e)
        # it overlaps what was selected, or sits inside it
        assert s < max(end, start + 1) and e > start
