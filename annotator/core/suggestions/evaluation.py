"""How well the suggester does against spans a reviewer marked: precision, recall and F1 per label.

Three ways to count a suggestion as right:

- **exact**: same start, end and label as a reviewed span;
- **overlap**: same label, and the two spans share at least one character;
- **core**: same label, overlapping, and the suggestion covers the reviewed span's core: every
  figure in it (for an estimate), its cue and a word of its source (for an attribution), half
  of it (for a claim). Boundaries ("up to 3,000" or "up to 3,000 people") do not matter here.

Each reviewed span is matched at most once and each suggestion at most once (greedy, in text order).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
Span = tuple[int, int, str]  # start, end, label
MODES = ("exact", "overlap", "core")


@dataclass(frozen=True)
class Score:
    """The counts of one label under one way of matching, and the measures made of them."""

    label: str
    mode: str
    true_positives: int
    suggested: int
    reviewed: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.reviewed if self.reviewed else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _core_covered(text: str, cue_spans: Sequence[tuple[int, int]]) -> Callable[[Span, Span],
                                                                                bool]:
    def covered(suggested: Span, reviewed: Span) -> bool:
        if not _overlaps(suggested, reviewed):
            return False
        start, end, label = reviewed
        inside = suggested[0] <= start and end <= suggested[1]
        if label == "estimate":
            figures = [(start + m.start(), start + m.end())
                       for m in _FIGURE.finditer(text[start:end])]
            return inside or all(suggested[0] <= a and b <= suggested[1] for a, b in figures)
        if label == "attribution":
            cues = [(a, b) for a, b in cue_spans if start <= a and b <= end]
            if not all(suggested[0] <= a and b <= suggested[1] for a, b in cues):
                return False
            words = [(start + m.start(), start + m.end())
                     for m in re.finditer(r"\w+", text[start:end])]
            source = [(a, b) for a, b in words if not any(x <= a and b <= y for x, y in cues)]
            return not source or any(suggested[0] <= a and b <= suggested[1]
                                     for a, b in source)
        shared = min(end, suggested[1]) - max(start, suggested[0])
        return shared * 2 >= end - start
    return covered


def _matched(suggested: list[Span], reviewed: list[Span],
             same: Callable[[Span, Span], bool]) -> int:
    used = [False] * len(suggested)
    found = 0
    for gold in reviewed:
        for i, guess in enumerate(suggested):
            if not used[i] and guess[2] == gold[2] and same(guess, gold):
                used[i] = True
                found += 1
                break
    return found


def evaluate(
    text: str,
    suggested: Iterable[Span],
    reviewed: Iterable[Span],
    labels: Iterable[str],
    cue_spans: Sequence[tuple[int, int]] = (),
) -> list[Score]:
    """The scores of ``suggested`` against ``reviewed`` in one text, per label and mode.

    ``cue_spans`` are the cues (reporting verbs, "according to") the rules know in ``text``; an
    attribution's core is its cue and a word of its source.
    """
    suggested = sorted(suggested)
    reviewed = sorted(reviewed)
    ways: dict[str, Callable[[Span, Span], bool]] = {
        "exact": lambda a, b: a[:2] == b[:2],
        "overlap": _overlaps,
        "core": _core_covered(text, cue_spans),
    }
    scores = []
    for label in labels:
        mine = [s for s in suggested if s[2] == label]
        gold = [s for s in reviewed if s[2] == label]
        for mode in MODES:
            scores.append(Score(label, mode, _matched(mine, gold, ways[mode]), len(mine),
                                len(gold)))
    return scores


def as_table(scores: Sequence[Score], labels: Iterable[str]) -> str:
    """The scores as a table for the terminal: a row per label and way of matching."""
    lines = [f"{'label':<12} {'match':<8} {'precision':>9} {'recall':>7} {'F1':>6} "
             f"{'found':>6} {'suggested':>9} {'reviewed':>8}"]
    by_key = {(s.label, s.mode): s for s in scores}
    for label in labels:
        for mode in MODES:
            score = by_key.get((label, mode))
            if score is not None:
                lines.append(
                    f"{label:<12} {mode:<8} {score.precision:>9.2f} {score.recall:>7.2f} "
                    f"{score.f1:>6.2f} {score.true_positives:>6,} {score.suggested:>9,} "
                    f"{score.reviewed:>8,}")
    return "\n".join(lines) + "\n"


def combine(scores: Iterable[Score]) -> list[Score]:
    """Scores of several texts added up, per label and mode (micro-averaged)."""
    totals: dict[tuple[str, str], list[int]] = {}
    for score in scores:
        counts = totals.setdefault((score.label, score.mode), [0, 0, 0])
        counts[0] += score.true_positives
        counts[1] += score.suggested
        counts[2] += score.reviewed
    return [Score(label, mode, *counts) for (label, mode), counts in totals.items()]
