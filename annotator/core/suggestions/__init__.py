"""Suggestions: spans the annotator proposes and the reviewer accepts or rejects.

:func:`suggest` runs the rules of one language over a text, offline, and returns every
:class:`Suggestion` with the reason it was made. The rules are word lists in a TOML table per
language (``english.toml``), which a desk can extend with its own file (:func:`load_rules`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.suggestions.attributions import AttributionFinder
from annotator.core.suggestions.claims import ClaimFinder
from annotator.core.suggestions.estimates import EstimateFinder
from annotator.core.suggestions.rules import Rules, RulesError, load_rules
from annotator.core.suggestions.scan import Scan, matcher_for
from annotator.core.suggestions.suggestion import Suggestion

SUGGESTED_LABELS = ("estimate", "attribution", "claim")

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
        wanted = set(labels)
        unknown = wanted - set(SUGGESTED_LABELS)
        if unknown:
            raise RulesError(f"no suggestions are made for {', '.join(sorted(unknown))}; "
                             f"the labels suggested are {', '.join(SUGGESTED_LABELS)}")
        scan = Scan(text, self.matcher)
        found: list[Suggestion] = []
        if wanted & {"estimate", "claim"}:
            figures = self.estimates.figures(scan)
            estimates = self.estimates.find(scan, figures)
            if "estimate" in wanted:
                found.extend(estimates)
            if "claim" in wanted:
                # an estimate is a quantity; a figure is asked only when a sentence needs it
                items = sorted([(f.start, f.end, f) for f in figures]
                               + [(e.start, e.end, None) for e in estimates],
                               key=lambda item: item[:2])
                found.extend(self.claims.find(
                    scan, [item[:2] for item in items],
                    lambda i: items[i][2] is None or self.estimates.is_quantity(scan, items[i][2])))
        if "attribution" in wanted:
            found.extend(self.attributions.find(scan))
        return sorted(found)

    def attribution_cues(self, text: str) -> list[tuple[int, int]]:
        """Where the rules' attribution cues ("said", "according to") stand in ``text``."""
        scan = Scan(text, self.matcher)
        return [(h.start, h.end) for h in scan.of(
            "attribution.reporting_verbs", "attribution.source_after", "attribution.sourceless")]


def suggest(text: str, labels: Iterable[str] = SUGGESTED_LABELS, language: str = "en",
            rules_file: str | Path | None = None) -> list[Suggestion]:
    """The suggestions for ``text`` under the rules of ``language`` (plus ``rules_file``)."""
    return Suggester(load_rules(language, rules_file)).suggest(text, labels)
