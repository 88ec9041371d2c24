"""Claim candidates: sentences worth checking because they carry a figure, a comparison, a cause
or a prediction (the kinds of claim fact-checkers triage first)."""

from __future__ import annotations

from annotator.core.suggestions.rules import Rules
from annotator.core.suggestions.scan import Scan
from annotator.core.suggestions.sentences import sentence_spans
from annotator.core.suggestions.suggestion import Suggestion

_FEWEST_WORDS = 6
_MOST_CHARS = 600
_KINDS = ("claim.comparison", "claim.cause", "claim.prediction")


class ClaimFinder:
    """The claim rules of one language, compiled once."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def find(self, scan: Scan, figures: list[tuple[int, int, str]]) -> list[Suggestion]:
        """The claim candidates of ``text``; ``figures`` are the (start, end, words) of the
        quantities found in it, in order."""
        text = scan.text
        found = []
        next_figure = 0
        for start, end in sentence_spans(text):
            while next_figure < len(figures) and figures[next_figure][1] <= start:
                next_figure += 1
            if end - start > _MOST_CHARS or len(text[start:end].split()) < _FEWEST_WORDS:
                continue
            if scan.starting_at(start, "claim.not_claim_starts") or text[end - 1] == "?":
                continue
            reason = rule = None
            if next_figure < len(figures) and figures[next_figure][0] < end:
                reason, rule = f"figure: '{figures[next_figure][2]}'", "figure"
            else:
                cue = scan.first_within(start, end, *_KINDS)
                if cue is not None:
                    rule = next(kind for kind in _KINDS if kind in cue.groups).partition(".")[2]
                    reason = f"{rule}: '{' '.join(text[cue.start:cue.end].split())}'"
            if rule is not None:
                found.append(Suggestion(start, end, "claim", reason, rule))
        return found
