"""What the suggester proposes: a span, its label and the reason, in words a reviewer reads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Suggestion:
    """A proposed annotation: ``text[start:end]`` (code points, half-open) tagged ``label``.

    ``reason`` says which rule made it ("upper bound: 'up to' + number"); ``rule`` is the rule's
    short name ("upper_bound", "reporting_verb", ...), for counting and filtering.
    """

    start: int
    end: int
    label: str
    reason: str
    rule: str

    def text_in(self, text: str) -> str:
        return text[self.start:self.end]
