"""An article's suggestions made in another process: what the window hands a process of its own.

The rules run in Python for seconds on a long article; in the window's own process they would
hold its interpreter (Python runs one thread at a time) while it opens and paints the article.
This module is light: the window loads it to name the work and to read the results, and only
the process that does the work loads the suggester.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from annotator.core.suggestions import Suggester


class SuggestedSpan(NamedTuple):
    """A suggestion as it comes back (the fields of
    :class:`~annotator.core.suggestions.Suggestion`, in a plain row)."""

    start: int
    end: int
    label: str
    reason: str
    rule: str


_SUGGESTER: Suggester | None = None  # the default rules' suggester, made once a process


def suggest_text(text: str, labels: Sequence[str]) -> tuple[list[SuggestedSpan], str]:
    """The suggestions of ``labels`` for ``text`` by the default rules, and the fingerprint of
    the rules they were made with (kept per document)."""
    global _SUGGESTER
    from annotator.core.suggestions.session import make_suggester, rules_fingerprint

    if _SUGGESTER is None:
        _SUGGESTER = make_suggester()
    found = [SuggestedSpan(s.start, s.end, s.label, s.reason, s.rule)
             for s in _SUGGESTER.suggest(text, labels)]
    return found, rules_fingerprint(_SUGGESTER, labels)
