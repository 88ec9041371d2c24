"""The spans of an agreement, as arrays, and how two reviewers' spans match: exactly (same
document, start, end and label) or by overlap (one to one, greedily by the largest overlap)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Row = tuple[int, int, str, int, int]  # start, end, label, confidence, reviewer index


@dataclass
class Spans:
    """The distinct spans (reviewer, document, start, end, label), sorted by document, label,
    start, end and reviewer, with the confidence of each (of the first, for a duplicate).
    Reviewers, documents and labels are given by their index in the lists considered."""

    reviewer: np.ndarray
    document: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    confidence: np.ndarray

    def __len__(self) -> int:
        return len(self.reviewer)

    @classmethod
    def of(
        cls, docs: list[int], rows_of: dict[int, list[Row]], label_index: dict[str, int]
    ) -> Spans:
        columns: list[list[int]] = [[], [], [], [], []]  # start, end, label, confidence, reviewer
        doc: list[int] = []
        for d, doc_id in enumerate(docs):
            rows = rows_of[doc_id]
            for column, values in zip(columns, zip(*rows, strict=True), strict=False):
                column.extend(values)
            doc.extend([d] * len(rows))
        start, end, labels, conf, rev = columns
        lab = [label_index[name] for name in labels]
        arrays = [np.array(c, dtype=np.int64) for c in (rev, doc, start, end, lab, conf)]
        rev_a, doc_a, start_a, end_a, lab_a, conf_a = arrays
        order = np.lexsort((rev_a, end_a, start_a, lab_a, doc_a))  # stable: earliest row first
        rev_a, doc_a, start_a, end_a, lab_a, conf_a = (x[order] for x in arrays)
        keep = np.ones(len(order), dtype=bool)
        keep[1:] = (
            (rev_a[1:] != rev_a[:-1])
            | (doc_a[1:] != doc_a[:-1])
            | (start_a[1:] != start_a[:-1])
            | (end_a[1:] != end_a[:-1])
            | (lab_a[1:] != lab_a[:-1])
        )
        return cls(*(x[keep] for x in (rev_a, doc_a, start_a, end_a, lab_a, conf_a)))


@dataclass
class SpanMatches:
    """Every pair of overlapping spans of two reviewers (same document and label): its two
    spans, side a being the span of the reviewer who comes first."""

    span_a: np.ndarray  # index in Spans
    span_b: np.ndarray
    pair: np.ndarray  # reviewer_a × reviewer count + reviewer_b
    exact: np.ndarray  # the two spans are the same (an exact match)
    matched: np.ndarray  # the one-to-one overlap matching keeps the pair


def match_spans(spans: Spans, reviewer_count: int) -> SpanMatches:
    """Every pair of overlapping spans of two reviewers (same document and label), oriented so
    that side a is the reviewer who comes first, with whether it is an exact match and whether
    the one-to-one overlap matching keeps it."""
    span_count = len(spans)
    # spans are sorted by (document, label, start, end, reviewer): the spans j > i that start
    # before span i ends, in the same document and label, are exactly those overlapping it
    group = spans.document * (int(spans.label.max()) + 1 if span_count else 1) + spans.label
    width = int(spans.end.max()) + 1 if span_count else 1
    key = group * width + spans.start
    reach = np.searchsorted(key, group * width + spans.end, side="left")
    first, second = expand_ranges(np.arange(1, span_count + 1, dtype=np.int64), reach)
    # keys "a span towards another reviewer" in 32 bits when they fit (memory)
    kind = np.int32 if span_count * max(reviewer_count, 1) < 2**31 - 1 else np.int64
    reviewer = spans.reviewer.astype(kind)
    other = reviewer[first] != reviewer[second]
    first, second = first[other], second[other]
    del other
    flip = reviewer[first] > reviewer[second]
    span_a = np.where(flip, second, first).astype(kind, copy=False)
    span_b = np.where(flip, first, second).astype(kind, copy=False)
    reviewer_a, reviewer_b = reviewer[span_a], reviewer[span_b]
    overlap = (np.minimum(spans.end[first], spans.end[second]) - spans.start[second]).astype(
        np.int32
    )
    exact = (spans.start[span_a] == spans.start[span_b]) & (spans.end[span_a] == spans.end[span_b])

    # Greedy one-to-one matching, largest overlap first; ties: an exact match first, then the
    # two spans' (start, end) in reading order (first before second whoever is A, so the
    # matching, and F1, do not depend on which reviewer is A). A span is matched at most once
    # per other reviewer. An exact match comes before every other candidate of its two spans
    # (none can overlap them more), so all exact matches are kept and the candidates they block
    # dropped; a candidate whose two spans have no other candidate is kept; the rest run in
    # order.
    key_a = span_a * reviewer_count + reviewer_b  # a span, towards the other reviewer
    key_b = span_b * reviewer_count + reviewer_a
    matched = exact.copy()
    taken = np.zeros(max(span_count * reviewer_count, 1), dtype=bool)
    taken[key_a[exact]] = True
    taken[key_b[exact]] = True
    rest = np.flatnonzero(~exact & ~taken[key_a] & ~taken[key_b])
    degree = np.bincount(np.concatenate([key_a[rest], key_b[rest]]), minlength=len(taken))
    alone = (degree[key_a[rest]] == 1) & (degree[key_b[rest]] == 1)
    matched[rest[alone]] = True
    hard = rest[~alone]
    hard = hard[
        np.lexsort((
            flip[hard], spans.end[second[hard]], spans.start[second[hard]],
            spans.end[first[hard]], spans.start[first[hard]], -overlap[hard],
        ))
    ]
    used: set[int] = set()
    for edge, a_key, b_key in zip(hard.tolist(), key_a[hard].tolist(), key_b[hard].tolist(),
                                  strict=True):
        if a_key not in used and b_key not in used:
            used.add(a_key)
            used.add(b_key)
            matched[edge] = True
    return SpanMatches(span_a=span_a, span_b=span_b, pair=reviewer_a * reviewer_count + reviewer_b,
                        exact=exact, matched=matched)


@dataclass
class SpanCounts:
    """What the span comparisons count, for every pair of reviewers."""

    exact_tp: np.ndarray  # reviewer A × reviewer B × label: exact matches
    overlap_tp: np.ndarray  # the same for overlap matches
    per_document: np.ndarray  # reviewer × document × label: spans
    confidence_a: np.ndarray  # the confidences of the two sides of every exact match
    confidence_b: np.ndarray
    confidence_pair: np.ndarray  # the pair of reviewers of every exact match

    @classmethod
    def of(
        cls, spans: Spans, matches: SpanMatches, reviewer_count: int, doc_count: int,
        label_count: int,
    ) -> SpanCounts:
        exact = matches.exact
        cells = reviewer_count * reviewer_count * label_count
        shape = (reviewer_count, reviewer_count, label_count)
        match_cell = matches.pair * label_count + spans.label[matches.span_a]
        exact_tp = np.bincount(match_cell[exact], minlength=cells)[:cells].reshape(shape)
        overlap_tp = np.bincount(match_cell[matches.matched], minlength=cells)[:cells].reshape(
            shape
        )
        per_doc_cells = reviewer_count * doc_count * label_count
        per_document = np.bincount(
            (spans.reviewer * doc_count + spans.document) * label_count + spans.label,
            minlength=per_doc_cells,
        )[:per_doc_cells].reshape(reviewer_count, doc_count, label_count)
        return cls(
            exact_tp=exact_tp,
            overlap_tp=overlap_tp,
            per_document=per_document,
            confidence_a=spans.confidence[matches.span_a[exact]],
            confidence_b=spans.confidence[matches.span_b[exact]],
            confidence_pair=matches.pair[exact],
        )


def expand_ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [lo, hi): the index of the range and the position, for every position (as
    int32 when everything fits, to halve the memory of large expansions)."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    limit = max(total, len(lo), int(hi.max()) if len(hi) else 0)
    kind = np.int32 if limit < 2**31 - 1 else np.int64
    counts = counts.astype(kind)
    owner = np.repeat(np.arange(len(lo), dtype=kind), counts)
    first = np.cumsum(counts, dtype=kind) - counts
    positions = np.arange(total, dtype=kind)
    positions -= np.repeat(first, counts)
    positions += np.repeat(lo.astype(kind), counts)
    return owner, positions
