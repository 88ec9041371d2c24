"""Spans as the article view paints them: ``(start, end, id, label)`` in code points.

The view asks a *span source* for the spans overlapping the stretch of text it shows. In the
window the source is :meth:`SessionStore.spans_between` (SQLite's index does the work, so the cost
does not grow with the number of annotations); :class:`SpanList` is the same in memory.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Iterable

SpanRow = tuple[int, int, int, str]  # start, end, id, label


class SpanList:
    """An in-memory span source: sorted rows and a bound on span length for range queries."""

    def __init__(self, rows: Iterable[SpanRow] = ()) -> None:
        self._rows: list[SpanRow] = sorted(rows)
        self._longest = max((r[1] - r[0] for r in self._rows), default=0)

    def __len__(self) -> int:
        return len(self._rows)

    def __call__(self, start: int, end: int) -> list[SpanRow]:
        return self.between(start, end)

    def between(self, start: int, end: int) -> list[SpanRow]:
        """Rows that overlap ``[start, end)`` (or contain ``start`` when the range is empty)."""
        end = max(end, start + 1)
        first = bisect_left(self._rows, (start - self._longest,))
        last = bisect_left(self._rows, (end,))
        return [row for row in self._rows[first:last] if row[1] > start]

    def add(self, row: SpanRow) -> None:
        insort(self._rows, row)
        self._longest = max(self._longest, row[1] - row[0])

    def remove(self, span_id: int) -> None:
        self._rows = [row for row in self._rows if row[2] != span_id]


def assign_lanes(rows: list[SpanRow]) -> dict[int, int]:
    """Underline lanes for overlapping spans: fewest lanes, no two overlapping spans share one.

    ``rows`` are the spans of one stretch of text; the result maps span id to lane (0 first).
    """
    ordered = sorted(rows, key=lambda r: (r[0], -r[1], r[2]))
    active: list[tuple[int, int]] = []  # (end, lane)
    free: list[int] = []
    lanes: dict[int, int] = {}
    next_lane = 0
    for start, end, span_id, _ in ordered:
        while active and active[0][0] <= start:
            heapq.heappush(free, heapq.heappop(active)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, next_lane = next_lane, next_lane + 1
        heapq.heappush(active, (end, lane))
        lanes[span_id] = lane
    return lanes
