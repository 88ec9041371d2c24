"""Claim candidates: sentences worth checking because they carry a figure, a comparison, a cause
or a prediction (the kinds of claim fact-checkers triage first)."""

from __future__ import annotations

import re
from collections.abc import Callable

from annotator.core.suggestions.phrases import Hit
from annotator.core.suggestions.rules import Rules
from annotator.core.suggestions.scan import Scan
from annotator.core.suggestions.sentences import sentence_spans
from annotator.core.suggestions.suggestion import Suggestion

_FEWEST_WORDS = 6
_MOST_CHARS = 600
_KINDS = ("claim.comparison", "claim.cause", "claim.prediction")
#: At least :data:`_FEWEST_WORDS` words (as ``str.split`` counts them), read no further.
_ENOUGH_WORDS = re.compile(rf"\s*\S+(?:\s+\S+){{{_FEWEST_WORDS - 1}}}")


class ClaimFinder:
    """The claim rules of one language, compiled once."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def find(self, scan: Scan, figures: list[tuple[int, int]],
             is_quantity: Callable[[int], bool]) -> list[Suggestion]:
        """The claim candidates of the text; ``figures`` are the (start, end) of the number
        expressions and estimates found in it, in order, and ``is_quantity(i)`` tells whether
        the ``i``-th counts or measures something (asked only as far as needed)."""
        text = scan.text
        found = []
        next_figure = 0
        for start, end in sentence_spans(text):
            while next_figure < len(figures) and figures[next_figure][1] <= start:
                next_figure += 1
            if end - start > _MOST_CHARS or not _ENOUGH_WORDS.match(text, start, end):
                continue
            if scan.starting_at(start, "claim.not_claim_starts") or text[end - 1] == "?" \
                    or "|" in text[start:end]:
                continue  # an instruction, a question, page furniture ("Published … | Updated")
            reason = rule = None
            i = next_figure
            while i < len(figures) and figures[i][0] < end and not is_quantity(i):
                i += 1
            if i < len(figures) and figures[i][0] < end:
                words = " ".join(text[figures[i][0]:figures[i][1]].split())
                reason, rule = f"figure: '{words}'", "figure"
            else:
                cue = self._first_cue(scan, start, end)
                if cue is not None:
                    rule = next(kind for kind in _KINDS if kind in cue.groups).partition(".")[2]
                    reason = f"{rule}: '{' '.join(text[cue.start:cue.end].split())}'"
            if rule is not None:
                found.append(Suggestion(start, end, "claim", reason, rule))
        return found

    @staticmethod
    def _first_cue(scan: Scan, start: int, end: int) -> Hit | None:
        """The first cue of a claim in ``[start, end)`` that is not part of a phrase in which
        it is none ("declined to comment", "the will of the people")."""
        while True:
            cue = scan.first_within(start, end, *_KINDS)
            if cue is None or not _inside_not_cue(scan, cue):
                return cue
            start = cue.start + 1


def _inside_not_cue(scan: Scan, cue: Hit) -> bool:
    """Whether ``cue`` stands inside a phrase of ``claim.not_cues`` (one that starts at it, or
    up to two words before it: "their will")."""
    found = scan.first_within(max(0, cue.start - 24), cue.end, "claim.not_cues")
    while found is not None:
        if found.start <= cue.start and found.end >= cue.end:
            return True
        found = scan.first_within(found.start + 1, cue.end, "claim.not_cues")
    return False
