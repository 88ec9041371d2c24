"""Suggestions: spans the annotator proposes and the reviewer accepts or rejects.

:func:`suggest` runs the rules of one language over a text, offline, and returns every
:class:`Suggestion` with the reason it was made. The rules are word lists in a TOML table per
language (``english.toml``), which a desk can extend with its own file (:func:`load_rules`).
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path

from annotator.core.suggestions.attributions import AttributionFinder
from annotator.core.suggestions.claims import ClaimFinder
from annotator.core.suggestions.estimates import EstimateFinder
from annotator.core.suggestions.rules import Rules, RulesError, load_rules
from annotator.core.suggestions.scan import Scan, matcher_for
from annotator.core.suggestions.suggestion import Suggestion

SUGGESTED_LABELS = ("estimate", "attribution", "claim")
_ORDER = attrgetter("start", "end", "label", "reason", "rule")

__all__ = ["SUGGESTED_LABELS", "Rules", "RulesError", "Suggestion", "Suggester", "load_rules",
           "suggest"]


class Suggester:
    """The finders of one set of rules, built once and used for many texts."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.estimates = EstimateFinder(rules)
        self.attributions = AttributionFinder(rules)
        self.claims = ClaimFinder(rules)
        self.matcher = matcher_for(rules)

    def suggest(self, text: str, labels: Iterable[str] = SUGGESTED_LABELS) -> list[Suggestion]:
        """Every suggestion for ``text`` of the ``labels`` asked for, sorted by position."""
        return [s for found in self.suggest_in_pieces(text, labels) for s in found]

    def suggest_in_pieces(self, text: str, labels: Iterable[str] = SUGGESTED_LABELS
                          ) -> Iterator[list[Suggestion]]:
        """The suggestions for ``text`` a piece of about :data:`PIECE_CHARS` at a time (cut at
        paragraph breaks, which no suggestion crosses), so that a long article takes memory in
        step with a piece, not with the whole; offsets are into ``text``."""
        labels = tuple(labels)
        for start, end in pieces(text):
            found = self.suggest_piece(text[start:end], labels)
            if start:
                with _collection_paused():
                    found = [Suggestion(s.start + start, s.end + start, s.label, s.reason,
                                        s.rule) for s in found]
            yield found

    def suggest_piece(self, text: str, labels: Iterable[str]) -> list[Suggestion]:
        """The suggestions for one piece of a text (see :meth:`suggest_in_pieces`), with
        offsets into the piece."""
        with _collection_paused():
            return self._suggest(text, labels)

    @staticmethod
    def check_labels(labels: Iterable[str]) -> None:
        """:class:`RulesError` if a label asked for is not one suggestions are made for."""
        unknown = set(labels) - set(SUGGESTED_LABELS)
        if unknown:
            raise RulesError(f"no suggestions are made for {', '.join(sorted(unknown))}; "
                             f"the labels suggested are {', '.join(SUGGESTED_LABELS)}")

    def _suggest(self, text: str, labels: Iterable[str]) -> list[Suggestion]:
        wanted = set(labels)
        self.check_labels(wanted)
        scan = Scan(text, self.matcher)
        found: list[Suggestion] = []
        attributions = self.attributions.find(scan) if wanted & {"attribution", "claim"} \
            else []
        if wanted & {"estimate", "claim"}:
            figures = self.estimates.figures(scan)
            estimates = self.estimates.find(scan, figures)
            if "estimate" in wanted:
                found.extend(estimates)
            if "claim" in wanted:
                # an estimate is a quantity; a figure is asked only when a sentence needs it; a
                # count of sources ("two people familiar with the talks said") is none
                items = sorted([(f.start, f.end, f) for f in figures]
                               + [(e.start, e.end, None) for e in estimates],
                               key=lambda item: item[:2])
                sources = [_source_count(text, a.start, a.end) for a in attributions]
                found.extend(self.claims.find(
                    scan, [item[:2] for item in items],
                    lambda i: not _inside(sources, items[i][0]) and (
                        items[i][2] is None or self.estimates.is_quantity(scan, items[i][2]))))
        if "attribution" in wanted:
            found.extend(attributions)
        found.sort(key=_ORDER)  # as Suggestion orders itself, without a call per comparison
        return found

    def attribution_cues(self, text: str) -> list[tuple[int, int]]:
        """Where the rules' attribution cues ("said", "according to") stand in ``text``."""
        scan = Scan(text, self.matcher)
        return [(h.start, h.end) for h in scan.of(
            "attribution.reporting_verbs", "attribution.source_after", "attribution.sourceless")]


#: A piece's size: memory in step with it; and a long article's pieces, shared between two
#: processes (see background_suggestions), end at about the same time (5 MB: 2.8 s, 3.1 s in
#: pieces of 1,000,000).
PIECE_CHARS = 350_000


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while a piece is read: the rules make hundreds of
    thousands of small objects (tokens, hits, figures) and no reference cycles, and the
    collector would otherwise walk every live object again and again (a third of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of pieces of ``text`` of about :data:`PIECE_CHARS` characters, each
    ending at a paragraph break (else a line break, else a space) where one is near."""
    size = PIECE_CHARS
    start = 0
    while len(text) - start > size:
        cut = start + size
        for mark in ("\n\n", "\n", " "):
            found = text.rfind(mark, start + size // 2, cut)
            if found >= 0:
                cut = found + len(mark)
                break
        yield start, cut
        start = cut
    yield start, len(text)


def suggest(text: str, labels: Iterable[str] = SUGGESTED_LABELS, language: str = "en",
            rules_file: str | Path | None = None) -> list[Suggestion]:
    """The suggestions for ``text`` under the rules of ``language`` (plus ``rules_file``)."""
    return Suggester(load_rules(language, rules_file)).suggest(text, labels)


def _source_count(text: str, start: int, end: int) -> tuple[int, int]:
    """Where an attribution's first two words are: a figure there counts its sources ("Two
    officials said", "Three people familiar with"); one further on may be a claim of its own
    ("The council, which lent the club £15 million, said")."""
    first = text.find(" ", start, end)
    second = -1 if first < 0 else text.find(" ", first + 1, end)
    return start, end if second < 0 else second


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls inside one of ``spans`` (in order, not overlapping)."""
    k = bisect_right(spans, (position, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]
