"""Offsets: code points in the core, UTF-16 code units in Qt.

Every offset the store keeps and every export writes is a Unicode code-point index into the
document's text (``text[start:end] == quote`` in Python). Qt's ``QTextCursor`` counts UTF-16
code units, in which a character outside the Basic Multilingual Plane (an emoji, say) takes
two. :class:`Utf16Map` converts between the two for one text; :class:`DisplayMap` adds the
block breaks a view inserts into overlong lines. The GUI converts through a DisplayMap and
nowhere else.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """The number of UTF-16 code units of ``text``."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class Utf16Map:
    """Converts offsets between code points and UTF-16 code units for one fixed text.

    Built in one pass over the text; each conversion is a binary search over the positions
    of the astral characters only, so a 5 MB article converts in microseconds.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        # Most articles have no character outside the BMP: find that out at C speed first.
        has_astral = not text.isascii() and (
            len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
        )
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)] if has_astral else []
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral_cp)

    def to_utf16(self, code_point: int) -> int:
        """UTF-16 offset of the code-point offset ``code_point`` (0 … len(text))."""
        if not 0 <= code_point <= self.length:
            raise IndexError(f"code-point offset {code_point} outside 0…{self.length}")
        return code_point + bisect_left(self._astral_cp, code_point)

    def to_code_point(self, utf16: int, *, round_up: bool = False) -> int:
        """Code-point offset of the UTF-16 offset ``utf16``.

        An offset that falls between the two halves of a surrogate pair is moved to the start
        of that character, or past it with ``round_up=True`` (use that for the end of a span).
        """
        if not 0 <= utf16 <= self.utf16_length:
            raise IndexError(f"UTF-16 offset {utf16} outside 0…{self.utf16_length}")
        before = bisect_left(self._astral_u16, utf16)
        if before and self._astral_u16[before - 1] == utf16 - 1:
            inside = self._astral_cp[before - 1]
            return inside + 1 if round_up else inside
        return utf16 - before

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        return self.to_code_point(start), self.to_code_point(end, round_up=True)


class DisplayMap:
    """Converts between code-point offsets of a text and positions in the copy of it that a Qt
    view holds: UTF-16 code units, with one more unit (a block break) inserted before each
    code point listed in ``breaks``.

    A view breaks an overlong line into blocks this way (Qt lays a block out whole). A
    position on either side of a break is the same code point; a span that starts at a break
    starts after it, and one that ends there ends before it.
    """

    __slots__ = ("_breaks_u16", "_breaks_view", "_utf16", "length", "view_length")

    def __init__(self, text: str, breaks: Sequence[int] = ()) -> None:
        self._utf16 = Utf16Map(text)
        # the UTF-16 offset each break is inserted before, and the break's own view position
        self._breaks_u16 = [self._utf16.to_utf16(at) for at in sorted(breaks)]
        self._breaks_view = [u16 + i for i, u16 in enumerate(self._breaks_u16)]
        self.length = self._utf16.length
        self.view_length = self._utf16.utf16_length + len(self._breaks_u16)

    def to_view(self, code_point: int, *, end: bool = False) -> int:
        """View position of the code-point offset ``code_point``: after a break inserted
        there, or before it with ``end=True`` (use that for the end of a span)."""
        u16 = self._utf16.to_utf16(code_point)
        return u16 + (bisect_left if end else bisect_right)(self._breaks_u16, u16)

    def to_code_point(self, view: int, *, round_up: bool = False) -> int:
        """Code-point offset of the view position ``view`` (see :meth:`Utf16Map.to_code_point`
        for ``round_up``)."""
        if not 0 <= view <= self.view_length:
            raise IndexError(f"view position {view} outside 0…{self.view_length}")
        u16 = view - bisect_left(self._breaks_view, view)  # less the breaks before it
        return self._utf16.to_code_point(u16, round_up=round_up)

    def span_to_view(self, start: int, end: int) -> tuple[int, int]:
        view_start = self.to_view(start)
        return view_start, max(view_start, self.to_view(end, end=True))

    def span_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        return self.to_code_point(start), self.to_code_point(end, round_up=True)
