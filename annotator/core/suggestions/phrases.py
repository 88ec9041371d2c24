"""Finding many phrases in a long text at once (Aho–Corasick, in compiled code).

A regular expression that lists a few hundred phrases tries each of them at every position of
the text: 30 s on a 5 MB article. An Aho–Corasick automaton (``ahocorasick_rs``) finds every
occurrence of every phrase in one pass. The text is *folded* first, without changing its length,
so that offsets into the folded text are offsets into the text: ASCII capitals are lowered and
every white-space character becomes a plain space, so "According\\nto" is found as "according to".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import NamedTuple

import ahocorasick_rs

_SPACES = "\t\n\r\v\f\u00a0\u2028\u2029\u202f\u3000"
# marks that stand before a word ("(about 3,000)", "“Officials said"): spaces in the folded text,
# so that every phrase is looked for only where a word starts
_OPENING = "([{\"“‘'«»”’"
_FOLD = {**{c: c + 32 for c in range(ord("A"), ord("Z") + 1)},
         **{ord(c): " " for c in _SPACES + _OPENING}}


def fold(text: str) -> str:
    """``text`` lowered, with its white space and the quotes and brackets that open a word
    made plain spaces, at the same offsets."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower to two code points ("İ")
        return text.translate(_FOLD)
    for mark in _SPACES + _OPENING:
        if mark in lowered:
            lowered = lowered.replace(mark, " ")
    return lowered


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class Hit(NamedTuple):
    """One phrase found at ``[start, end)``, with the groups (lists) it belongs to."""

    start: int
    end: int
    phrase: str
    groups: frozenset[str]


_START, _END = itemgetter(0), itemgetter(1)


class PhraseMatcher:
    """Every whole-word occurrence of the phrases of some named groups."""

    def __init__(self, groups: Mapping[str, Iterable[str]]) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        for group, phrases in groups.items():
            for phrase in phrases:
                key = " ".join(fold(phrase).split())
                if key:
                    owners[key].add(group)
        self.phrases = list(owners)
        self.groups = [frozenset(owners[p]) for p in self.phrases]
        # a phrase that starts with a word is looked for after a space only (the folded text
        # gets one in front), so that "one" is not found in "phone" at all
        self._leads = [1 if is_word_char(p[0]) else 0 for p in self.phrases]
        self._ends_word = [is_word_char(p[-1]) for p in self.phrases]
        patterns = [" " * lead + p for lead, p in zip(self._leads, self.phrases, strict=True)]
        self._automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None

    def hits(self, folded: str) -> list[Hit]:
        """The whole-word occurrences in ``folded`` (see :func:`fold`), overlapping ones too,
        by start and then longest first."""
        if self._automaton is None:
            return []
        found = []
        padded = " " + folded
        size = len(padded)
        phrases, groups, leads, ends_word = self.phrases, self.groups, self._leads, \
            self._ends_word
        append = found.append
        new = tuple.__new__  # a Hit made without the call of its constructor
        # a phrase that starts with a word has a space in front of it (see __init__), so only
        # its end needs to be a word's end
        for index, start, end in self._automaton.find_matches_as_indexes(padded, overlapping=True):
            if end < size and ends_word[index]:
                after = padded[end]
                if after.isalnum() or after == "_":
                    continue
            append(new(Hit, (start + leads[index] - 1, end - 1, phrases[index], groups[index])))
        # by start, then longest first: two stable sorts on one field each, faster than one on
        # a pair made for every hit
        found.sort(key=_END, reverse=True)
        found.sort(key=_START)
        return found
