"""The tokens of a wider stretch around an attribution cue, worked out from those of a narrower
one, are exactly those a scan of the wider stretch alone gives: at every cut, in figures with
thousands separators ("1,234,567"), paragraph breaks, line breaks after a closing mark,
apostrophes and runs of marks."""

from __future__ import annotations

import random

from annotator.core.suggestions.tokens import (
    tokens_after,
    tokens_between,
    widened_back,
    widened_forward,
)

PIECES = ["1,234,567.89", "12,34", "123,45x", "1234,567", "!!!", "?..", "\n \t \n", "\n\n",
          "rock'n'roll", "U.S.", "Mr.", "’said'", "(a)", "é\u0301", "a_b", "_x", " ", " ",
          "the", "ministry", "said", ",", "4,000", "officials'", "\n", "years'\n", ". \t\n",
          ")\n", ":\n"]


def _texts():
    chance = random.Random(7)
    for _ in range(40):
        yield "".join(chance.choice(PIECES) for _ in range(chance.randrange(5, 120)))


def _spans(tokens):
    return [(t.text, t.start, t.end, t.lower, t.is_word, t.ends_sentence) for t in tokens]


def test_a_stretch_widened_backwards_has_the_tokens_of_its_own_scan():
    chance = random.Random(1)
    for text in _texts():
        for _ in range(200):
            end = chance.randrange(len(text) + 1)
            near = max(0, end - chance.randrange(1, 30))
            start = max(0, near - chance.randrange(0, 40))
            widened = widened_back(text, start, tokens_between(text, near, end), near, end)
            assert _spans(widened) == _spans(tokens_between(text, start, end)), (start, near, end)


def test_a_stretch_widened_forwards_has_the_tokens_of_its_own_scan():
    chance = random.Random(2)
    for text in _texts():
        for _ in range(200):
            start = chance.randrange(len(text) + 1)
            near_width = chance.randrange(1, 30)
            width = near_width + chance.randrange(1, 40)
            most = chance.randrange(1, 20)
            near = tokens_after(text, start, near_width, most)
            assert _spans(widened_forward(text, start, width, most, near, near_width)) == \
                _spans(tokens_after(text, start, width, most)), (start, near_width, width, most)
