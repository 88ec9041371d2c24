"""Turning a rough selection into a clean span: whole words, no surrounding space or punctuation.

Reviewers drag quickly; a span that starts mid-word or ends on a comma is noise in every export.
:func:`snap_to_words` widens a selection to whole words (a number such as ``3,000`` or ``1.5`` is
one word, and so are ``don't`` and ``well-known``) and then trims white space and punctuation
from both ends, keeping what belongs to a figure: ``%``, currency signs, ``°``.
:func:`next_untagged_number` finds the next figure no annotation covers (the N key).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore

_JOINERS = frozenset("'’-‐\u00ad")  # inside a word: don't, well-known
_NUMBER_JOINERS = frozenset(",.\u202f\u00a0'")  # inside a number: 3,000 1.5 3 000
_KEEP = frozenset("%‰°$€£¥₩₹¢")  # belong to the figure they touch


def _is_word_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LNM" or ch in ("\u200d", "\ufe0f")  # letters, digits, marks, ZWJ


def _joins(text: str, i: int) -> bool:
    """Whether ``text[i]`` (not a word character) sits inside a word or a number."""
    if i <= 0 or i >= len(text) - 1:
        return False
    before, ch, after = text[i - 1], text[i], text[i + 1]
    if ch in _JOINERS:
        return _is_word_char(before) and _is_word_char(after)
    if ch in _NUMBER_JOINERS:
        return before.isdigit() and after.isdigit()
    return False


def _in_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (_is_word_char(text[i]) or _joins(text, i))


def _is_trimmed(ch: str) -> bool:
    if ch in _KEEP:
        return False
    category = unicodedata.category(ch)
    return ch.isspace() or category[0] in "PZC" or category in ("Sk", "Sm")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``[start, end)`` widened to whole words and trimmed of space and punctuation.

    Returns ``(start, start)`` (empty) when nothing but space and punctuation was selected.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if start == end:
        return start, end
    # widen: a selection that starts or ends inside a word takes the whole word
    if _in_word(text, start) and _in_word(text, start - 1):
        while start > 0 and _in_word(text, start - 1):
            start -= 1
    if _in_word(text, end - 1) and _in_word(text, end):
        while end < len(text) and _in_word(text, end):
            end += 1
    # trim: space and punctuation at either end (quotes, commas, brackets, full stops)
    while start < end and _is_trimmed(text[start]):
        start += 1
    while end > start and _is_trimmed(text[end - 1]):
        end -= 1
    return (start, end) if end > start else (start, start)


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The sentence around ``position``: from after the previous sentence end (., !, ?, a line
    break) to its own end, trimmed."""
    position = max(0, min(position, len(text) - 1)) if text else 0
    start = position
    while start > 0 and not _ends_sentence(text, start - 1):
        start -= 1
    end = position
    while end < len(text) and not _ends_sentence(text, end):
        end += 1
    end = min(len(text), end + 1)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_ABBREVIATIONS = frozenset(
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt",
        "sgt", "jr", "sr", "no", "vs", "etc", "approx", "est", "dept", "univ", "inc", "ltd", "co",
        "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "e.g", "i.e",
    }
)


def _ends_sentence(text: str, i: int) -> bool:
    ch = text[i]
    if ch in "\n!?":
        return True
    if ch != ".":
        return False
    after = text[i + 1] if i + 1 < len(text) else " "
    if not after.isspace():
        return False  # 3.5, e.g.x, a URL
    word_start = i
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:i]
    if len(word) == 1 and word.isupper():
        return False  # an initial: J. Smith
    return word.lower() not in _ABBREVIATIONS


# a figure: 3,000 · 1.5 · 20 · 40% · 3.5m (not the digits inside a word such as COVID-19)
FIGURE = re.compile(
    r"(?<![\w.,\-])\d(?:[\d,.]*\d)?(?:%|bn|[mk]|\s?(?:per ?cent|percent))?(?!\w)"
)


def next_untagged_number(store: SessionStore, document_id: int,
                         offset: int) -> tuple[int, int] | None:
    """The next figure after ``offset`` (wrapping) that no annotation covers, as a span."""
    text = store.document_text(document_id)
    for begin, stop in ((offset, len(text)), (0, offset)):
        for match in FIGURE.finditer(text, begin, stop):
            if not store.spans_between(document_id, match.start(), match.end()):
                return match.start(), match.end()
    return None
