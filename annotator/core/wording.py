"""Counted nouns for what the program says: ``counted(1, "article")`` is "1 article" and
``counted(3, "article")`` "3 articles", never "3 article(s)"."""

from __future__ import annotations


def noun_for(n: int, noun: str, plural: str | None = None) -> str:
    """``noun`` for one, its plural (``noun`` + "s" unless given) for any other number."""
    return noun if n == 1 else plural or f"{noun}s"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """The number, with thousands separators, and the noun that goes with it."""
    return f"{n:,} {noun_for(n, noun, plural)}"
