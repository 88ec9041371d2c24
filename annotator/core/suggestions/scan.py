"""One pass over a text that every finder shares: the folded text and every rule phrase in it."""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

from annotator.core.suggestions.phrases import Hit, PhraseMatcher, fold
from annotator.core.suggestions.rules import Rules

#: The word lists that are looked for in the text (section.name); the others are looked up.
SEARCHED = (
    "numbers.units", "numbers.tens", "numbers.scales", "numbers.currency_codes",
    "numbers.fractions", "numbers.decades", "numbers.measures", "estimate.cue_openers",
    "estimate.approximation", "estimate.upper_bound", "estimate.lower_bound", "estimate.after",
    "estimate.range_openers", "estimate.vague_of", "estimate.vague_alone",
    "estimate.vague_before_noun",
    "not_estimate.before", "not_estimate.after", "not_estimate.months", "not_estimate.people",
    "attribution.reporting_verbs", "attribution.source_after", "attribution.sourceless",
    "claim.comparison", "claim.cause", "claim.prediction", "claim.not_cues",
    "claim.not_claim_starts",
)


def matcher_for(rules: Rules) -> PhraseMatcher:
    groups = {}
    for name in SEARCHED:
        section, _, words = name.partition(".")
        groups[name] = rules.words(section, words)
    return PhraseMatcher(groups)


class Scan:
    """``text``, its folded twin and the rule phrases found in it, indexed for the finders."""

    def __init__(self, text: str, matcher: PhraseMatcher) -> None:
        self.text = text
        self.folded = fold(text)
        self.hits = matcher.hits(self.folded)
        # the hits of some groups by start and by end (see :meth:`_join`), by the groups
        self._by_start: dict[tuple[str, ...], dict[int, Hit]] = {}
        self._by_end: dict[tuple[str, ...], dict[int, Hit]] = {}
        self._firsts: dict[tuple[str, ...], tuple[list[int], list[Hit]]] = {}

    def of(self, *groups: str) -> list[Hit]:
        """The hits of any of ``groups``, in text order."""
        wanted = frozenset(groups)
        return [h for h in self.hits if not wanted.isdisjoint(h.groups)]

    @cached_property
    def _by_group(self) -> dict[str, tuple[dict[int, Hit], dict[int, Hit]]]:
        index: dict[str, tuple[dict[int, Hit], dict[int, Hit]]] = {}
        for hit in self.hits:  # by start, longest first: the first kept is the longest
            for group in hit.groups:
                starts, ends = index.setdefault(group, ({}, {}))
                starts.setdefault(hit.start, hit)
                known = ends.get(hit.end)
                if known is None or hit.start < known.start:
                    ends[hit.end] = hit
        return index

    def starting_at(self, position: int, *groups: str) -> Hit | None:
        """The longest hit of ``groups`` that starts at ``position``."""
        index = self._by_start.get(groups)
        if index is None:
            index = self._by_start[groups] = self._join(0, groups)
        return index.get(position)

    def ending_at(self, position: int, *groups: str) -> Hit | None:
        """The longest hit of ``groups`` that ends at ``position``."""
        index = self._by_end.get(groups)
        if index is None:
            index = self._by_end[groups] = self._join(1, groups)
        return index.get(position)

    def _join(self, side: int, groups: tuple[str, ...]) -> dict[int, Hit]:
        """The hits of ``groups`` by start (``side`` 0, the longest kept) or by end (1, the
        longest kept; between two as long, the one of the earlier group), made once."""
        if len(groups) == 1:
            joined = self._by_group.get(groups[0], ({}, {}))[side]
        else:
            joined = {}
            for group in groups:
                for position, hit in self._by_group.get(group, ({}, {}))[side].items():
                    best = joined.get(position)
                    if best is None or (hit.end > best.end if side == 0
                                        else hit.start < best.start):
                        joined[position] = hit
        return joined

    def space_before(self, position: int) -> int:
        """Where the run of spaces that ends at ``position`` starts."""
        folded = self.folded
        while position > 0 and folded[position - 1] == " ":
            position -= 1
        return position

    def space_after(self, position: int) -> int:
        """Where the run of spaces that starts at ``position`` ends."""
        folded, size = self.folded, len(self.folded)
        while position < size and folded[position] == " ":
            position += 1
        return position

    def first_within(self, start: int, end: int, *groups: str) -> Hit | None:
        """The first hit of ``groups`` that starts in ``[start, end)`` (the longest there; of
        two groups with a hit there, the one named first)."""
        index = self._firsts.get(groups)
        if index is None:
            index = self._firsts[groups] = self._first_index(groups)
        starts, hits = index
        i = bisect_left(starts, start)
        return hits[i] if i < len(starts) and starts[i] < end else None

    def _first_index(self, groups: tuple[str, ...]) -> tuple[list[int], list[Hit]]:
        """Where the hits of ``groups`` start, in order, and the hit :meth:`first_within`
        gives for each."""
        chosen: dict[int, Hit] = {}
        for group in groups:
            for position, hit in self._by_group.get(group, ({}, {}))[0].items():
                chosen.setdefault(position, hit)
        starts = sorted(chosen)
        return starts, [chosen[position] for position in starts]
