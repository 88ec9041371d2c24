"""The words and marks of a stretch of text, as the attribution rules read them.

A cue's source is looked for in a short stretch of text around it first and in a longer one
only when needed. The longer stretch's tokens are those a scan of it alone would give; they are
worked out from the shorter stretch's tokens where the two scans must agree, so that a word is
read once rather than twice.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import islice

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # combining
# a word, a mark, or a paragraph break (a source never runs across one: a heading has no stop),
# or a line break after a closing mark (a heading or a list item that ends "…in 30 years'"; a
# line of hard-wrapped prose that ends with a word does not end the phrase it is in)
TOKEN = re.compile(rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|[^\W_][\w'’&.{_MARKS}-]*|[^\w\s]"
                   r"|\n[ \t]*\n|(?<=[.!?:;'\"’”)\]])[ \t]*\n", re.UNICODE)
#: How far past its end :data:`TOKEN` may read to decide a match ("1,234" is not yet known
#: to be whole before the four characters after it are read: ",567").
_LOOKAHEAD = 4
_ABBREVIATIONS = frozenset({
    "mr.", "mrs.", "ms.", "dr.", "prof.", "sen.", "rep.", "gov.", "gen.", "col.", "lt.", "st.",
    "jr.", "sr.", "u.s.", "u.k.", "u.n.", "e.u.", "inc.", "ltd.", "co.", "corp.", "no.", "capt.",
    "sgt.", "maj.", "adm.", "rev.", "hon.", "messrs.",
})
_INITIALS = re.compile(r"(?:\w\.)+")


class Token:
    """A word or mark of the text, with what the rules ask of it worked out once (per
    distinct word: see :func:`tokens_of`)."""

    __slots__ = ("text", "start", "end", "lower", "is_word", "is_capitalised", "ends_sentence")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.lower, self.is_word, self.is_capitalised, self.ends_sentence = _traits(text)


def _traits(text: str) -> tuple[str, bool, bool, bool]:
    """What the rules ask of a word: lower-cased, a word (not a mark), capitalised, and whether
    its full stop ends a sentence (not "Mr.", "U.S." or an initial)."""
    lower = text.lower()
    first = text[:1]
    return (lower, first.isalnum(), first.isupper(),
            text.endswith(".") and lower not in _ABBREVIATIONS
            and not _INITIALS.fullmatch(text))


#: The traits of the words seen so far (a text has tens of thousands of distinct words and
#: reads each hundreds of times): emptied when it grows past :data:`KNOWN_MOST`.
_KNOWN: dict[str, tuple[str, bool, bool, bool]] = {}
KNOWN_MOST = 200_000


def tokens_of(matches: Iterable[re.Match[str]]) -> list[Token]:
    """Tokens of the matches of :data:`TOKEN`, made without a call per token to work out
    their traits."""
    known = _KNOWN
    if len(known) > KNOWN_MOST:
        known.clear()
    new = object.__new__
    tokens = []
    append = tokens.append
    for match in matches:
        text = match.group()
        traits = known.get(text)
        if traits is None:
            traits = known[text] = _traits(text)
        token = new(Token)
        token.text = text
        token.start, token.end = match.span()
        token.lower, token.is_word, token.is_capitalised, token.ends_sentence = traits
        append(token)
    return tokens


def tokens_between(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``."""
    return tokens_of(TOKEN.finditer(text, start, end))


def widened_back(text: str, start: int, near: list[Token], near_start: int,
                 end: int) -> list[Token]:
    """The tokens of ``text[start:end]``, given ``near``, those of ``text[near_start:end]``
    (``start <= near_start``).

    The wider stretch is scanned only until the scan falls in step with the narrower one: a
    token of the wider scan that ends where the narrower scan was looking for its next token
    (between two of its tokens) is followed by the same tokens, as :data:`TOKEN` never looks
    behind where it starts. The tokens that end well before ``near_start`` are those of a scan
    that stops there (see :data:`_LOOKAHEAD`), found without a step in Python for each."""
    read = list(TOKEN.finditer(text, start, near_start))
    safe = near_start - _LOOKAHEAD
    while read and read[-1].end() > safe:
        read.pop()
    starts = [token.start for token in near]
    for match in TOKEN.finditer(text, read[-1].end() if read else start, end):
        read.append(match)
        position = match.end()
        if position >= near_start:
            k = bisect_left(starts, position)
            if (near[k - 1].end if k else near_start) <= position:
                return tokens_of(read) + near[k:]
    return tokens_of(read)


def tokens_after(text: str, start: int, width: int, most: int) -> list[Token]:
    """The first ``most`` tokens of ``text[start:start + width]``."""
    return tokens_of(islice(TOKEN.finditer(text, start, min(len(text), start + width)), most))


def widened_forward(text: str, start: int, width: int, most: int, near: list[Token],
                    near_width: int) -> list[Token]:
    """:func:`tokens_after` ``(text, start, width, most)``, given ``near``, its tokens for
    ``near_width`` (less than ``width``): the tokens of ``near`` that end far enough before
    where it was cut (see :data:`_LOOKAHEAD`) are kept, and the scan goes on after them."""
    safe = min(len(text), start + near_width) - _LOOKAHEAD
    kept = 0
    while kept < len(near) and near[kept].end <= safe:
        kept += 1
    resume = near[kept - 1].end if kept else start
    return near[:kept] + tokens_of(islice(
        TOKEN.finditer(text, resume, min(len(text), start + width)), most - kept))
