"""Sentences of a text, as code-point spans: enough for claim candidates, fast on 5 MB.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by space
and a capital, a digit or an opening quote, or at a line break. A full stop after a known
abbreviation ("Mr.", "Sept.", "U.S.") or an initial ("J.") does not end one.
"""

from __future__ import annotations

import re

#: Words that end with a full stop that does not end a sentence.
_ABBREVIATIONS = frozenset((
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "St", "Jr", "Sr",
    "Inc", "Ltd", "Co", "Corp", "No", "Capt", "Sgt", "Maj", "Adm", "Rev", "Hon", "vs", "etc",
    "approx", "est", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "Mt", "Ft", "Ave", "Blvd", "Dept", "Univ", "Assn", "Bros", "fig", "al"))
#: An abbreviation, an initial ("J.") or letters with stops ("U.S.") before the full stop at the
#: end of the stretch searched.
_ABBREVIATION = re.compile(
    rf"(?:\b(?:{'|'.join(sorted(_ABBREVIATIONS))})|\b[A-Z]|(?:\b\w\.)+\w)\.$")
#: A sentence's end: ``[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[\w\d])|\n+``, written to start
#: with one class of characters (a line break then more, a stop then more stops, closing marks
#: and the next word), which the regular expression engine skips to rather than trying every
#: position (a fifth of the time on a long text).
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)\n*|(?<!\n)[.!?…]*[\"'”’)\]]*"
                       r"(?=\s+[\"'“‘(\[]?[\w\d]))")
#: The word (letters, digits) that ends at a full stop, read back at most :data:`_LONGEST`
#: characters: one more than the longest abbreviation, so that a longer word ("Xapprox") is
#: never cut down to one.
_WORD_BEFORE = re.compile(r"\w+\Z")
_LONGEST = max(map(len, _ABBREVIATIONS)) + 1


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, without the white space around it."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation or an initial: what
    :data:`_ABBREVIATION` tells, asked only of a word of one character (an initial, "U.S.")
    and looked up for a longer one (a whole word, as the pattern starts at a word's edge)."""
    word = _WORD_BEFORE.search(text, max(0, stop - _LONGEST), stop)
    if word is None:
        return False  # the pattern ends with a letter or digit before the stop
    if word.end() - word.start() > 1:
        return word.group() in _ABBREVIATIONS
    return _ABBREVIATION.search(text, max(0, stop - 12), stop + 1) is not None


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
