"""What the suggester proposes, as the suggestion tests read it."""

from __future__ import annotations


def spans(suggester, text: str, label: str) -> list[str]:
    """The text of each suggestion of ``label`` the suggester makes for ``text``."""
    return [text[s.start:s.end] for s in suggester.suggest(text, [label])]
