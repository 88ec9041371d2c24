"""Sentence ends, found the fast way (a stop's word looked up among the abbreviations, one class
of characters to skip to), are those of the plain rule: a stop, "!", "?" or "…" (with closing
quotes or brackets) before space and a word, or a line break; not a stop after an abbreviation
or an initial."""

from __future__ import annotations

import random
import re

from annotator.core.suggestions.sentences import sentence_spans

_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|St|Jr|Sr|Inc|Ltd|Co|Corp|No|Capt|Sgt|"
    r"Maj|Adm|Rev|Hon|vs|etc|approx|est|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"Mt|Ft|Ave|Blvd|Dept|Univ|Assn|Bros|fig|al)|\b[A-Z]|(?:\b\w\.)+\w)\.$")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[\w\d])|\n+")


def _plain_spans(text):
    spans, start = [], 0
    ends = [m.end() for m in _BOUNDARY.finditer(text) if not (
        m.group().startswith(".") and _ABBREVIATION.search(text, max(0, m.start() - 12),
                                                           m.start() + 1))]
    for end in [*ends, len(text)]:
        sentence = text[start:end]
        if sentence.strip():
            first = start + len(sentence) - len(sentence.lstrip())
            spans.append((first, start + len(sentence.rstrip())))
        start = end
    return spans


def test_sentence_ends_are_those_of_the_plain_rule():
    chance = random.Random(3)
    pieces = ["Mr", "Mrs", "U", "S", "J", "etc", "al", "x", "Sept", "é", "_", "1", ". ", ".",
              "!", "?", "…", "\n", " ", "\"", "”", "(", ")", "A", "approx", "\t", "Ltd", "b",
              "Ministers", "said"]
    for _ in range(3000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randrange(1, 120)))
        assert sentence_spans(text) == _plain_spans(text), text
