"""Finding a quote again in a text that changed: the occurrence whose surroundings agree best
with the context recorded beside it (its prefix and suffix), then the one nearest the place it
was expected.

    finder = QuoteFinder(text)
    finder.find("3,000", prefix="the figure was ", suffix=" again.", expected=120)

The work per quote looked for is bounded, however often the quote occurs and however many
spans share it, so that placing many spans is linear in their number (plus one pass over the
text per distinct quote that is not found near its expected place):

1. **Near the expected place.** The occurrences within ``WINDOW`` characters of it are visited
   nearest first, at most ``NEAR_OCCURRENCES`` of them; the first whose text before and after
   is exactly the recorded context is the answer (no occurrence can agree better, and none
   farther away is nearer).
2. **Anywhere in the text.** The occurrences of the quote are found once per quote (the first
   ``MAX_OCCURRENCES``) and indexed by the ``CLUE`` characters either side of them; among those
   whose clue is the context's, the nearest (of ``NEAR_OCCURRENCES`` on either side) with the
   exact context is the answer.
3. **Otherwise** the candidates met so far and the ``NEAREST`` occurrences either side of the
   expected place are scored by how many characters of context agree (compared by halving, not
   character by character); the best wins, then the nearest, then the first.

A quote that does not occur at all is looked for with its white space loosened (any run of
white space may be any other: a paragraph re-wrapped, a PDF extracted again), the same way.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

WINDOW = 20_000  # characters either side of the expected place searched first
NEAR_OCCURRENCES = 64  # occurrences compared in full, nearest first, in steps 1 and 2
NEAREST = 8  # occurrences either side of the expected place scored in step 3
CLUE = 8  # characters either side of an occurrence it is indexed by
MAX_OCCURRENCES = 500_000  # occurrences of one quote indexed (steps 2 and 3)
MAX_CONTEXT = 64  # characters of recorded context either side that are compared


@dataclass
class _Places:
    """The occurrences of one quote (or loosened quote) in the text, in text order."""

    starts: list[int]
    ends: list[int]
    by_clue: dict[int, list[int]] = field(default_factory=dict)  # hash of clue -> indexes


class QuoteFinder:
    """Where quotes are in one text; the occurrences of each quote are found at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._places: dict[tuple[str, bool], _Places] = {}
        #: whether the last :meth:`find` found the recorded context exactly around its answer
        self.matched_context = False

    def find(
        self, quote: str, prefix: str = "", suffix: str = "", expected: int = 0
    ) -> tuple[int, int] | None:
        """The place (start, end) of ``quote`` whose surroundings agree best with ``prefix``
        and ``suffix``, nearest ``expected``; ``None`` when the quote is not in the text."""
        self.matched_context = False
        if not quote.strip():
            return None
        prefix, suffix = prefix[-MAX_CONTEXT:], suffix[:MAX_CONTEXT]  # a file may say more
        expected = min(max(expected, 0), len(self.text))
        found, met = self._near(quote, prefix, suffix, expected)
        if found is not None:
            self.matched_context = True
            return found
        places = self._occurrences(quote, loose=False)
        if not places.starts:
            places = self._occurrences(quote, loose=True)
            if not places.starts:
                return None
        found, clued = self._clued(places, prefix, suffix, expected)
        if found is not None:
            self.matched_context = True
            return found
        candidates = set(met) | set(clued)
        at = bisect.bisect_left(places.starts, expected)
        for i in range(max(0, at - NEAREST), min(len(places.starts), at + NEAREST)):
            candidates.add((places.starts[i], places.ends[i]))
        return max(
            sorted(candidates),
            key=lambda c: (self._agreement(c, prefix, suffix), -abs(c[0] - expected)),
        )

    # -- step 1 ---------------------------------------------------------------------------

    def _near(
        self, quote: str, prefix: str, suffix: str, expected: int
    ) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
        """The nearest occurrence within ``WINDOW`` with the exact context, if one of the
        ``NEAR_OCCURRENCES`` nearest has it; and the occurrences looked at."""
        text, size = self.text, len(quote)
        low = max(0, expected - WINDOW)
        high = min(len(text), expected + size + WINDOW)
        ahead = text.find(quote, expected, high)
        behind = text.rfind(quote, low, min(expected + size - 1, high))
        met: list[tuple[int, int]] = []
        while (ahead != -1 or behind != -1) and len(met) < NEAR_OCCURRENCES:
            if behind != -1 and (ahead == -1 or expected - behind <= ahead - expected):
                at = behind
                behind = text.rfind(quote, low, behind + size - 1) if behind > low else -1
            else:
                at = ahead
                ahead = text.find(quote, ahead + 1, high)
            if self._context_is(at, at + size, prefix, suffix):
                return (at, at + size), met
            met.append((at, at + size))
        return None, met

    # -- step 2 ---------------------------------------------------------------------------

    def _occurrences(self, quote: str, *, loose: bool) -> _Places:
        key = (quote, loose)
        places = self._places.get(key)
        if places is None:
            places = self._places[key] = self._index(quote, loose)
        return places

    def _index(self, quote: str, loose: bool) -> _Places:
        text = self.text
        starts: list[int] = []
        ends: list[int] = []
        if loose:
            words = quote.split()
            pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
            for match in pattern.finditer(text):
                starts.append(match.start())
                ends.append(match.end())
                if len(starts) >= MAX_OCCURRENCES:
                    break
        else:
            size = len(quote)
            at = text.find(quote)
            while at != -1 and len(starts) < MAX_OCCURRENCES:
                starts.append(at)
                ends.append(at + size)
                at = text.find(quote, at + 1)
        places = _Places(starts, ends)
        for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
            clue = hash((text[max(0, start - CLUE) : start], text[end : end + CLUE]))
            places.by_clue.setdefault(clue, []).append(i)
        return places

    def _clued(
        self, places: _Places, prefix: str, suffix: str, expected: int
    ) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
        """The nearest occurrence with the exact context among those whose clue agrees with
        it; and a few of those nearest (each agreeing on ``2 * CLUE`` characters at least)."""
        if len(prefix) < CLUE or len(suffix) < CLUE:
            return None, []
        indexes = places.by_clue.get(hash((prefix[-CLUE:], suffix[:CLUE])), [])
        if not indexes:
            return None, []
        at = bisect.bisect_left(indexes, expected, key=places.starts.__getitem__)
        nearby = indexes[max(0, at - NEAR_OCCURRENCES) : at + NEAR_OCCURRENCES]
        nearby = sorted(nearby, key=lambda i: (abs(places.starts[i] - expected),
                                               places.starts[i]))
        for i in nearby:
            if self._context_is(places.starts[i], places.ends[i], prefix, suffix):
                return (places.starts[i], places.ends[i]), []
        return None, [(places.starts[i], places.ends[i]) for i in nearby[:NEAREST]]

    # -- comparing context ----------------------------------------------------------------

    def _context_is(self, start: int, end: int, prefix: str, suffix: str) -> bool:
        text = self.text
        return (start >= len(prefix) and text.startswith(prefix, start - len(prefix))
                and text.startswith(suffix, end))

    def _agreement(self, place: tuple[int, int], prefix: str, suffix: str) -> int:
        """How many characters of the recorded context agree with the text around ``place``:
        the end of ``prefix`` before it, the start of ``suffix`` after it."""
        start, end = place
        before = self.text[max(0, start - len(prefix)) : start]
        after = self.text[end : end + len(suffix)]
        return _shared_head(before[::-1], prefix[::-1]) + _shared_head(after, suffix)


CHUNK = 1 << 16  # characters compared at a time by shared_head and shared_tail


def shared_head(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start, in one pass (compared a
    chunk at a time; any length)."""
    size = min(len(a), len(b))
    at = 0
    while at < size:
        upto = min(size, at + CHUNK)
        if a[at:upto] != b[at:upto]:
            return at + _shared_head(a[at:upto], b[at:upto])
        at = upto
    return size


def shared_tail(a: str, b: str, most: int) -> int:
    """How many characters (at most ``most``) ``a`` and ``b`` share at their end."""
    at = 0
    while at < most:
        upto = min(most, at + CHUNK)
        piece_a = a[len(a) - upto : len(a) - at]
        piece_b = b[len(b) - upto : len(b) - at]
        if piece_a != piece_b:
            return at + _shared_head(piece_a[::-1], piece_b[::-1])
        at = upto
    return max(most, 0)


def _shared_head(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start (by halving the length)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
