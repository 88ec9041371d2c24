"""Span sources and underline lanes, against brute force."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.spans import SpanList, assign_lanes

spans = st.lists(
    st.tuples(st.integers(0, 300), st.integers(1, 80), st.sampled_from(["claim", "estimate"])),
    max_size=60,
).map(lambda items: [(s, s + n, i + 1, label) for i, (s, n, label) in enumerate(items)])


@settings(max_examples=200, deadline=None)
@given(rows=spans, start=st.integers(0, 400), length=st.integers(0, 100))
def test_span_list_finds_exactly_the_overlapping_spans(rows, start, length):
    source = SpanList(rows)
    end = start + length
    expected = sorted(r for r in rows if r[0] < max(end, start + 1) and r[1] > start)
    assert source.between(start, end) == expected


@settings(max_examples=100, deadline=None)
@given(rows=spans)
def test_span_list_add_and_remove_keep_it_exact(rows):
    source = SpanList()
    for row in rows:
        source.add(row)
    assert source.between(0, 1000) == sorted(rows)
    for row in rows[::2]:
        source.remove(row[2])
    assert source.between(0, 1000) == sorted(rows[1::2])


@settings(max_examples=200, deadline=None)
@given(rows=spans)
def test_overlapping_spans_never_share_a_lane(rows):
    lanes = assign_lanes(rows)
    assert set(lanes) == {r[2] for r in rows}
    for a in rows:
        for b in rows:
            if a[2] < b[2] and a[0] < b[1] and b[0] < a[1]:
                assert lanes[a[2]] != lanes[b[2]]
    # as few lanes as the deepest overlap needs
    depth = max((sum(1 for r in rows if r[0] <= p < r[1]) for p in range(400)), default=0)
    assert len(set(lanes.values())) == depth


def test_lanes_are_stable_for_the_same_spans():
    rows = [(0, 10, 1, "claim"), (5, 15, 2, "estimate"), (12, 20, 3, "claim"), (30, 40, 4, "x")]
    assert assign_lanes(rows) == assign_lanes(list(reversed(rows))) == {1: 0, 2: 1, 3: 0, 4: 0}
