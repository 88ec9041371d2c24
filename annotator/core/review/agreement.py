"""Inter-annotator agreement between the reviewers of one session.

A session made by merging several reviewers' sessions keeps every annotation's reviewer; this
module measures how far those reviewers agree, per label and over all labels, for every pair of
reviewers and across all of them at once::

    report = agreement(store)
    print(as_table(report))

**Reviewers.** Everyone who annotated, except :data:`GOLD_REVIEWER` (the adjudicated layer),
which ``include_gold=True`` adds (as the first reviewer, so that in each pair with it gold is
reviewer A, the reference: precision is then the share of a reviewer's spans that gold has, and
recall the share of gold's spans the reviewer found). A list given as ``reviewers`` is taken as
it is (gold too, if it is named there).

**Documents.** By default the documents that at least two of those reviewers annotated; a
reviewer *read* a document when they have at least one annotation in it, and agreement is only
measured where both reviewers of a pair (or, for alpha, the reviewers of a token) read the
document: a reviewer who never opened an article is missing there, not in disagreement. With
``document_ids`` exactly those documents are used and every chosen reviewer counts as having read
each of them (no annotation = nothing tagged), whoever annotated them.

**Labels.** The session's labels that occur in the annotations considered, in the session's
order (a label unknown to the session comes after them). ``"all"`` pools every label: a match
still needs the same label.

**Metrics.**

* *Exact span F1* for a pair (A, B): A's spans are the reference, B's the prediction; a match is
  the same document, start, end and label. ``tp`` = matches, ``a_only``/``b_only`` = spans of
  one reviewer without a match; precision = tp / (tp + b_only), recall = tp / (tp + a_only),
  F1 = 2·tp / (2·tp + a_only + b_only) (symmetric). Undefined (None) when neither reviewer has a
  span (0/0).
* *Overlap span F1* (lenient): a span of B matches a span of A of the same document and label
  whose characters overlap, one to one: candidate pairs are taken greedily by the largest
  overlap (in code points); ties go to an exact match first, then by the two spans' (start,
  end) in reading order (so the result does not depend on which reviewer is A); a pair is kept
  when neither span is matched yet. Every exact match is thus also an overlap match. Precision,
  recall and F1 as for exact F1. (A reviewer's duplicate spans count once.)
* *Cohen's kappa on tokens*: each document is cut into tokens by :data:`TOKEN_PATTERN`
  (``\\w+|[^\\w\\s]``: a word, or one mark), with code-point ranges. A reviewer's span covers a
  token when their ranges overlap. For one label, a token is "yes" when a span of that label
  covers it (so an estimate nested in a claim counts for both labels) and kappa is binary. For
  ``"all"`` each token gets one value: the label of the shortest span covering it (equal
  lengths: the label that comes first in the session) or ``"O"`` when none does, and kappa is
  multi-class. kappa = (p_o − p_e) / (1 − p_e) over the tokens both reviewers read; None when
  there is no such token or when p_e = 1 (both reviewers gave every token the same single
  value: nothing to agree beyond chance), with the reason.
* *Krippendorff's alpha* (nominal) on the same token values: across all reviewers at once with
  the ``krippendorff`` package (reviewers × tokens, a reviewer who did not read a document is
  missing there; the tokens on which everyone agrees are passed pooled, one unit per value,
  which leaves alpha unchanged and keeps the package fast), and per pair from the pair's
  coincidence matrix (the same formula). None with a reason for fewer than two reviewers, no
  token read by two reviewers, or a single value in the data.
* *Confidence*: over the exact matches of every pair, the number of matched pairs, the mean
  absolute difference of the two confidences and the share within ±1; and Krippendorff's alpha
  (ordinal) over all reviewers, the units being the distinct (document, start, end, label) spans
  tagged by at least two reviewers (the others missing).

*Across all reviewers*: the mean of the pairwise exact F1, overlap F1 and kappa (over the pairs
where they are defined; the number of such pairs is given), the counts pooled over every pair
(with the F1 of those pooled counts), and alpha over all reviewers at once.

Performance: annotations are read once per document as plain rows, each text is tokenised once,
and the token and span comparisons run on numpy arrays (20 reviewers × 500 articles × 30
annotations each take a few seconds).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import krippendorff
import numpy as np

from annotator.core.defaults import GOLD_REVIEWER
from annotator.core.errors import NotFound
from annotator.core.formats.csv_format import neutralise_cell
from annotator.core.session.store import SessionStore
from annotator.core.wording import counted

__all__ = [
    "ALL_LABELS",
    "CSV_COLUMNS",
    "GOLD_REVIEWER",
    "OUTSIDE",
    "TOKEN_PATTERN",
    "AgreementReport",
    "ConfidenceAgreement",
    "ConfidencePair",
    "Counts",
    "OverallResult",
    "PairResult",
    "agreement",
    "as_csv",
    "as_json",
    "as_table",
    "tokenize",
]

ALL_LABELS = "all"  # the label of the results that pool every label
OUTSIDE = "O"  # the token value "no span covers it"
TOKEN_PATTERN = re.compile(r"\w+|[^\w\s]")
CSV_COLUMNS: tuple[str, ...] = (
    "scope",
    "reviewer_a",
    "reviewer_b",
    "label",
    "exact_precision",
    "exact_recall",
    "exact_f1",
    "overlap_f1",
    "kappa",
    "alpha",
    "tp",
    "a_only",
    "b_only",
)

_NO_TOKENS = "no token was read by both reviewers"
_SINGLE_VALUE = "undefined: every token has the same value for every reviewer"
_CHANCE_IS_ONE = (
    "undefined: both reviewers gave every token the same single value, so agreement by chance "
    "is already 1"
)


# ---------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Counts:
    """Span counts of a comparison, with precision, recall and F1 (None when 0/0)."""

    tp: int
    a_only: int
    b_only: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, tp: int, a_only: int, b_only: int) -> Counts:
        return cls(
            tp=tp,
            a_only=a_only,
            b_only=b_only,
            precision=_ratio(tp, tp + b_only),
            recall=_ratio(tp, tp + a_only),
            f1=_ratio(2 * tp, 2 * tp + a_only + b_only),
        )


@dataclass(frozen=True)
class PairResult:
    """Agreement of two reviewers on one label (or ``"all"``)."""

    reviewer_a: str
    reviewer_b: str
    label: str
    documents: int  # documents both read
    tokens: int  # tokens of those documents
    exact: Counts
    overlap: Counts
    kappa: float | None
    kappa_reason: str | None
    alpha: float | None
    alpha_reason: str | None


@dataclass(frozen=True)
class OverallResult:
    """Agreement across all reviewers on one label (or ``"all"``)."""

    label: str
    pairs: int
    mean_exact_f1: float | None  # mean of the pairwise exact F1 (pairs where it is defined)
    mean_overlap_f1: float | None
    pairs_with_f1: int
    mean_kappa: float | None  # mean of the pairwise kappas that are defined
    pairs_with_kappa: int
    alpha: float | None  # all reviewers at once
    alpha_reason: str | None
    exact: Counts  # counts pooled over every pair (A = the first reviewer of each pair)
    overlap: Counts


@dataclass(frozen=True)
class ConfidencePair:
    reviewer_a: str
    reviewer_b: str
    pairs: int  # exact matches of the two reviewers
    mean_abs_diff: float | None
    within_one: float | None  # share of matches whose confidences differ by at most 1


@dataclass(frozen=True)
class ConfidenceAgreement:
    """Agreement on the confidence of spans that reviewers tagged identically."""

    pairs: int  # exact matches over every pair of reviewers
    mean_abs_diff: float | None
    within_one: float | None
    units: int  # distinct spans tagged by at least two reviewers
    alpha: float | None  # Krippendorff's alpha, ordinal, over those units
    alpha_reason: str | None
    by_pair: list[ConfidencePair] = field(default_factory=list)


@dataclass(frozen=True)
class AgreementReport:
    reviewers: list[str]
    labels: list[str]
    documents: list[int]  # ids of the documents considered, in list order
    tokens: int  # tokens of those documents
    pairs: list[PairResult]  # per pair, per label then "all"
    overall: list[OverallResult]  # per label then "all"
    confidence: ConfidenceAgreement
    include_gold: bool = False
    problem: str | None = None  # why nothing could be measured (fewer than two reviewers, ...)
    token_pattern: str = TOKEN_PATTERN.pattern

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, dicts, numbers, strings, None) for JSON."""
        return asdict(self)

    def overall_for(self, label: str) -> OverallResult | None:
        return next((r for r in self.overall if r.label == label), None)

    def pair(self, reviewer_a: str, reviewer_b: str, label: str = ALL_LABELS) -> PairResult | None:
        """The result of two reviewers (in either order) on one label."""
        for result in self.pairs:
            if result.label == label and {result.reviewer_a, result.reviewer_b} == {
                reviewer_a,
                reviewer_b,
            }:
                return result
        return None


# ---------------------------------------------------------------------------------- helpers


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _mean(values: Iterable[float | None]) -> tuple[float | None, int]:
    defined = [v for v in values if v is not None]
    return (sum(defined) / len(defined) if defined else None), len(defined)


def tokenize(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (code points, half-open) of every token of ``text``, as int64 arrays."""
    spans = [m.span() for m in TOKEN_PATTERN.finditer(text)]
    if not spans:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    both = np.array(spans, dtype=np.int64)
    return both[:, 0].copy(), both[:, 1].copy()


def _kappa(confusion: np.ndarray) -> tuple[float | None, str | None]:
    """Cohen's kappa of a confusion matrix (rows: reviewer A's values, columns: B's)."""
    n = int(confusion.sum())
    if n == 0:
        return None, _NO_TOKENS
    agreed = int(np.trace(confusion))
    rows = confusion.sum(axis=1).astype(object)
    cols = confusion.sum(axis=0).astype(object)
    chance = int(sum(rows * cols))  # n² · p_e, in exact integers
    if n * n == chance:
        return None, _CHANCE_IS_ONE
    # (p_o − p_e) / (1 − p_e), both multiplied by n²
    return (n * agreed - chance) / (n * n - chance), None


def _pair_alpha(confusion: np.ndarray) -> tuple[float | None, str | None]:
    """Krippendorff's nominal alpha of two reviewers who both coded every unit counted in the
    confusion matrix: the coincidence matrix is C + Cᵀ (each unit gives one pair of values
    each way, over m_u − 1 = 1), so alpha = 1 − (n − 1)·D / (n² − Σ n_c²), with n = 2·units,
    D the off-diagonal sum of the coincidences and n_c their marginals."""
    units = int(confusion.sum())
    if units == 0:
        return None, _NO_TOKENS
    coincidences = confusion + confusion.T
    n = 2 * units
    marginals = coincidences.sum(axis=1).astype(object)
    expected = n * n - int(sum(marginals * marginals))
    if expected == 0:
        return None, _SINGLE_VALUE
    disagreed = n - int(np.trace(coincidences))
    return 1.0 - (n - 1) * disagreed / expected, None


def _alpha_from_counts(value_counts: np.ndarray) -> tuple[float | None, str | None]:
    """Nominal alpha with the ``krippendorff`` package from a units × values count matrix.

    Units coded by fewer than two reviewers are left out (they hold no pair of values). The
    units where every reviewer gave the same value are passed as one unit per value that holds
    all of their values: such a unit adds its number of values to the diagonal of the
    coincidence matrix whatever its size, so alpha is the same, and the package's work (which
    grows with units × values²) stays small: most tokens are untagged by everyone.
    """
    pairable = value_counts[value_counts.sum(axis=1) >= 2]
    if len(pairable) == 0:
        return None, "no token was read by at least two reviewers"
    used = pairable.sum(axis=0) > 0
    if used.sum() < 2:
        return None, _SINGLE_VALUE
    pairable = pairable[:, used]
    unanimous = pairable.max(axis=1) == pairable.sum(axis=1)
    merged = np.diag(pairable[unanimous].sum(axis=0))
    counts = np.concatenate([pairable[~unanimous], merged[merged.sum(axis=1) > 0]])
    return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")), None


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def _gram(values: np.ndarray, layers: np.ndarray, k: int, chunk: int = 1 << 16) -> np.ndarray:
    """Z'Z over the tokens, Z holding per reviewer the one-hot token value (k columns: O and
    the labels; none where the reviewer did not read the document) and then per reviewer and
    label whether a span of the label covers the token. Every pairwise confusion matrix is a
    block of it. Counted in float32 by chunks of at most 2^16 tokens (exact: below 2^24)."""
    m, n_labels, n_tokens = layers.shape
    width = m * k + m * n_labels
    gram = np.zeros((width, width))
    kinds = np.arange(k, dtype=values.dtype)
    for lo in range(0, n_tokens, chunk):
        part = values[:, lo : lo + chunk]
        c = part.shape[1]
        onehot = (part.T[:, :, None] == kinds).reshape(c, m * k)
        yes = layers[:, :, lo : lo + chunk].transpose(2, 0, 1).reshape(c, m * n_labels)
        z = np.concatenate([onehot, yes], axis=1).astype(np.float32)
        gram += z.T @ z
    return np.rint(gram).astype(np.int64)


def _confidence(
    conf_a: np.ndarray,
    conf_b: np.ndarray,
    by_pair: list[ConfidencePair],
    spans: _Spans,
    m: int,
) -> ConfidenceAgreement:
    """Confidence agreement from the exact matches (``conf_a``, ``conf_b``) and the spans
    (sorted so that identical spans of different reviewers are next to each other)."""
    diff = np.abs(conf_a - conf_b)
    n = len(spans.rev)
    new_unit = np.ones(n, dtype=bool)
    new_unit[1:] = (
        (spans.doc[1:] != spans.doc[:-1])
        | (spans.lab[1:] != spans.lab[:-1])
        | (spans.start[1:] != spans.start[:-1])
        | (spans.end[1:] != spans.end[:-1])
    )
    unit = np.cumsum(new_unit) - 1
    shared = np.bincount(unit, minlength=1) >= 2 if n else np.zeros(0, dtype=bool)
    units = int(shared.sum())
    alpha: float | None = None
    reason: str | None = None
    if m < 2:
        reason = "fewer than two reviewers"
    elif units == 0:
        reason = "no span was tagged identically by two reviewers"
    else:
        keep = shared[unit]
        data = np.full((m, units), np.nan)
        data[spans.rev[keep], (np.cumsum(shared) - 1)[unit[keep]]] = spans.conf[keep]
        if len(np.unique(spans.conf[keep])) < 2:
            reason = "undefined: every span tagged by two reviewers has the same confidence"
        else:
            alpha = float(
                krippendorff.alpha(
                    reliability_data=data,
                    value_domain=[1, 2, 3, 4, 5],
                    level_of_measurement="ordinal",
                )
            )
    return ConfidenceAgreement(
        pairs=len(diff),
        mean_abs_diff=float(diff.mean()) if len(diff) else None,
        within_one=float((diff <= 1).mean()) if len(diff) else None,
        units=units,
        alpha=alpha,
        alpha_reason=reason,
        by_pair=by_pair,
    )


# ---------------------------------------------------------------------------------- reading

_Row = tuple[int, int, str, int, int]  # start, end, label, confidence, reviewer index


def _choose_reviewers(
    store: SessionStore, reviewers: Sequence[str] | None, include_gold: bool
) -> list[str]:
    everyone = store.require_reviewers(reviewers or ())
    if reviewers is not None:
        return list(dict.fromkeys(reviewers))
    names = [r for r in everyone if r != GOLD_REVIEWER]
    if include_gold and GOLD_REVIEWER in everyone:
        names.insert(0, GOLD_REVIEWER)
    return names


def _read(
    store: SessionStore, document_ids: Iterable[int] | None, chosen: dict[str, int]
) -> tuple[list[int], dict[int, list[_Row]]]:
    """The documents to consider, in list order, and the spans of the chosen reviewers in
    each (one query per document, plain rows)."""
    order = [d.id for d in store.documents(counts=False)]
    if document_ids is not None:
        wanted = set(document_ids)
        unknown = sorted(wanted.difference(order))
        if unknown:
            raise NotFound(f"the session has no document {unknown[0]}")
        candidates = [i for i in order if i in wanted]
    else:
        candidates = order
    spans: dict[int, list[_Row]] = {}
    for doc_id in candidates:
        count = store.annotation_count(doc_id)
        rows = store.annotation_rows(doc_id, limit=count) if count else []
        # (id, document_id, start, end, quote, label, confidence, verdict, note, reviewer)
        found = [(r[2], r[3], r[5], r[6], chosen[r[9]]) for r in rows if r[9] in chosen]
        if document_ids is not None or len({row[4] for row in found}) >= 2:
            spans[doc_id] = found
    return [d for d in candidates if d in spans], spans


@dataclass
class _Spans:
    """The distinct spans (reviewer, document, start, end, label), sorted by document, label,
    start, end and reviewer, with the confidence of each (of the first, for a duplicate)."""

    rev: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lab: np.ndarray
    conf: np.ndarray

    @classmethod
    def of(cls, docs: list[int], rows_of: dict[int, list[_Row]], lindex: dict[str, int]) -> _Spans:
        columns: list[list[int]] = [[], [], [], [], []]  # start, end, label, confidence, rev
        doc: list[int] = []
        for d, doc_id in enumerate(docs):
            rows = rows_of[doc_id]
            for column, values in zip(columns, zip(*rows, strict=True), strict=False):
                column.extend(values)
            doc.extend([d] * len(rows))
        start, end, labels, conf, rev = columns
        lab = [lindex[name] for name in labels]
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


# ---------------------------------------------------------------------------------- the report


def _match(spans: _Spans, m: int) -> dict[str, np.ndarray]:
    """Every pair of overlapping spans of two reviewers (same document and label), oriented so
    that side a is the reviewer who comes first, with whether it is an exact match and whether
    the one-to-one overlap matching keeps it."""
    n_spans = len(spans.rev)
    # spans are sorted by (document, label, start, end, reviewer): the spans j > i that start
    # before span i ends, in the same document and label, are exactly those overlapping it
    group = spans.doc * (int(spans.lab.max()) + 1 if n_spans else 1) + spans.lab
    width = int(spans.end.max()) + 1 if n_spans else 1
    key = group * width + spans.start
    reach = np.searchsorted(key, group * width + spans.end, side="left")
    ei, ej = _expand(np.arange(1, n_spans + 1, dtype=np.int64), reach)
    # keys "a span towards another reviewer" in 32 bits when they fit (memory)
    kind = np.int32 if n_spans * max(m, 1) < 2**31 - 1 else np.int64
    rev = spans.rev.astype(kind)
    other = rev[ei] != rev[ej]
    ei, ej = ei[other], ej[other]
    del other
    flip = rev[ei] > rev[ej]
    ea = np.where(flip, ej, ei).astype(kind, copy=False)
    eb = np.where(flip, ei, ej).astype(kind, copy=False)
    ra, rb = rev[ea], rev[eb]
    overlap = (np.minimum(spans.end[ei], spans.end[ej]) - spans.start[ej]).astype(np.int32)
    exact = (spans.start[ea] == spans.start[eb]) & (spans.end[ea] == spans.end[eb])

    # Greedy one-to-one matching, largest overlap first; ties: an exact match first, then the
    # two spans' (start, end) in reading order (ei before ej whoever is A, so the matching, and
    # F1, do not depend on which reviewer is A). A span is matched at most once per other
    # reviewer. An exact match comes before every other candidate of its two spans (none can
    # overlap them more), so all exact matches are kept and the candidates they block dropped;
    # a candidate whose two spans have no other candidate is kept; the rest run in order.
    side_a, side_b = ea * m + rb, eb * m + ra  # a span, towards the other reviewer
    matched = exact.copy()
    taken = np.zeros(max(n_spans * m, 1), dtype=bool)
    taken[side_a[exact]] = True
    taken[side_b[exact]] = True
    rest = np.flatnonzero(~exact & ~taken[side_a] & ~taken[side_b])
    degree = np.bincount(np.concatenate([side_a[rest], side_b[rest]]), minlength=len(taken))
    alone = (degree[side_a[rest]] == 1) & (degree[side_b[rest]] == 1)
    matched[rest[alone]] = True
    hard = rest[~alone]
    hard = hard[
        np.lexsort((
            flip[hard], spans.end[ej[hard]], spans.start[ej[hard]], spans.end[ei[hard]],
            spans.start[ei[hard]], -overlap[hard],
        ))
    ]
    used: set[int] = set()
    for edge, a_key, b_key in zip(
        hard.tolist(), side_a[hard].tolist(), side_b[hard].tolist(), strict=True
    ):
        if a_key not in used and b_key not in used:
            used.add(a_key)
            used.add(b_key)
            matched[edge] = True
    return {"ea": ea, "eb": eb, "pair": ra * m + rb, "exact": exact, "matched": matched}


def agreement(
    store: SessionStore,
    *,
    document_ids: Iterable[int] | None = None,
    reviewers: Sequence[str] | None = None,
    include_gold: bool = False,
) -> AgreementReport:
    """Agreement between the session's reviewers (see the module's documentation).

    ``document_ids``: exactly these documents, every reviewer counting as having read each;
    by default the documents at least two reviewers annotated. ``reviewers``: these reviewers
    (gold too if named); by default everyone who annotated except :data:`GOLD_REVIEWER`, whom
    ``include_gold`` adds as the first reviewer. Raises :class:`NotFound` for an unknown
    document id.
    """
    store.damage()  # every row checked: a damaged one is left out (see damaged_rows)
    names = _choose_reviewers(store, reviewers, include_gold)
    chosen = {name: n for n, name in enumerate(names)}
    m = len(names)
    docs, rows_of = _read(store, document_ids, chosen)
    n_docs = len(docs)

    used_labels = {row[2] for doc in docs for row in rows_of[doc]}
    labels = [label.name for label in store.labels() if label.name in used_labels]
    labels += sorted(used_labels.difference(labels))
    n_labels, k = len(labels), len(labels) + 1
    spans = _Spans.of(docs, rows_of, {name: n for n, name in enumerate(labels)})
    del rows_of  # the rows as Python objects weigh more than the arrays
    n_spans = len(spans.rev)

    read = np.zeros((m, n_docs), dtype=bool)  # reviewer read document
    if document_ids is not None:
        read[:] = True
    else:
        read[spans.rev, spans.doc] = True

    # ---- tokens: reviewer × token values (-1 not read, 0 = O, 1 + label) and label layers
    starts, ends = [], []
    for doc in docs:
        t_start, t_end = tokenize(store.document_text(doc))
        starts.append(t_start)
        ends.append(t_end)
    sizes = np.array([len(t) for t in starts], dtype=np.int64)
    n_tokens = int(sizes.sum())
    tok_doc = np.repeat(np.arange(n_docs, dtype=np.int64), sizes)
    shift = np.int64(1) << 32
    tok_start = tok_doc * shift + (np.concatenate(starts) if starts else tok_doc)
    tok_end = tok_doc * shift + (np.concatenate(ends) if ends else tok_doc)
    owner, token = _expand(
        np.searchsorted(tok_end, spans.doc * shift + spans.start, side="right"),
        np.searchsorted(tok_start, spans.doc * shift + spans.end, side="left"),
    )  # every (span, token it covers): their code-point ranges overlap
    read_tokens = read[:, tok_doc]
    values = np.ascontiguousarray(np.where(read_tokens, 0, -1).astype(np.int16))
    # the shortest covering span gives the token its value; equal lengths: the first label
    by_priority = np.lexsort((spans.lab, spans.end - spans.start))
    rank = np.empty(n_spans, dtype=np.int32 if n_spans < 2**31 - 1 else np.int64)
    rank[by_priority] = np.arange(n_spans)
    best = np.full(m * n_tokens, n_spans, dtype=rank.dtype)
    np.minimum.at(best, spans.rev[owner] * n_tokens + token, rank[owner])
    covered = best < n_spans
    values.reshape(-1)[covered] = spans.lab[by_priority][best[covered]] + 1
    layers = np.zeros((m, n_labels, n_tokens), dtype=bool)
    layers[spans.rev[owner], spans.lab[owner], token] = True
    del owner, token, best, covered, rank, by_priority

    # ---- spans
    edges = _match(spans, m)
    exact, pair_id = edges["exact"], edges["pair"]
    cells = m * m * n_labels
    edge_cell = pair_id * n_labels + spans.lab[edges["ea"]]
    exact_tp = np.bincount(edge_cell[exact], minlength=cells)[:cells].reshape(m, m, n_labels)
    overlap_tp = np.bincount(edge_cell[edges["matched"]], minlength=cells)[:cells].reshape(
        m, m, n_labels
    )
    per_doc = np.bincount(
        (spans.rev * n_docs + spans.doc) * n_labels + spans.lab, minlength=m * n_docs * n_labels
    )[: m * n_docs * n_labels].reshape(m, n_docs, n_labels)
    conf_a, conf_b = spans.conf[edges["ea"][exact]], spans.conf[edges["eb"][exact]]
    conf_pair = pair_id[exact]
    conf_diff = np.abs(conf_a - conf_b)
    conf_n = np.bincount(conf_pair, minlength=m * m)
    conf_sum = np.bincount(conf_pair, weights=conf_diff, minlength=m * m)
    conf_near = np.bincount(conf_pair, weights=conf_diff <= 1, minlength=m * m)

    # ---- per pair
    gram = _gram(values, layers, k) if m >= 2 else np.zeros((0, 0), dtype=np.int64)
    pairs: list[PairResult] = []
    by_label: dict[str, list[PairResult]] = {name: [] for name in [*labels, ALL_LABELS]}
    confidence_pairs: list[ConfidencePair] = []
    for a in range(m):
        for b in range(a + 1, m):
            common = read[a] & read[b]
            n_a, n_b = per_doc[a][common].sum(axis=0), per_doc[b][common].sum(axis=0)
            xa, xb = slice(a * k, (a + 1) * k), slice(b * k, (b + 1) * k)
            multi = gram[xa, xb]
            both_read = int(multi.sum())
            tp_e, tp_o = exact_tp[a, b], overlap_tp[a, b]
            results = []
            for li, name in enumerate(labels):
                ya, yb = m * k + a * n_labels + li, m * k + b * n_labels + li
                yes_yes = gram[ya, yb]
                yes_read = gram[ya, xb].sum()  # A says the label, B read the token
                read_yes = gram[xa, yb].sum()
                binary = np.array([
                    [both_read - yes_read - read_yes + yes_yes, read_yes - yes_yes],
                    [yes_read - yes_yes, yes_yes],
                ])
                results.append((name, tp_e[li], tp_o[li], n_a[li], n_b[li], binary))
            results.append(
                (ALL_LABELS, tp_e.sum(), tp_o.sum(), n_a.sum(), n_b.sum(), multi)
            )
            for name, te, to, na, nb, confusion in results:
                te, to, na, nb = int(te), int(to), int(na), int(nb)
                kappa, kappa_reason = _kappa(confusion)
                alpha, alpha_reason = _pair_alpha(confusion)
                result = PairResult(
                    reviewer_a=names[a],
                    reviewer_b=names[b],
                    label=name,
                    documents=int(common.sum()),
                    tokens=both_read,
                    exact=Counts.of(te, na - te, nb - te),
                    overlap=Counts.of(to, na - to, nb - to),
                    kappa=kappa,
                    kappa_reason=kappa_reason,
                    alpha=alpha,
                    alpha_reason=alpha_reason,
                )
                pairs.append(result)
                by_label[name].append(result)
            cell = a * m + b
            count = int(conf_n[cell])
            confidence_pairs.append(
                ConfidencePair(
                    reviewer_a=names[a],
                    reviewer_b=names[b],
                    pairs=count,
                    mean_abs_diff=float(conf_sum[cell] / count) if count else None,
                    within_one=float(conf_near[cell] / count) if count else None,
                )
            )

    # ---- across all reviewers
    problem = None
    if m < 2:
        problem = "agreement needs at least two reviewers; " + (
            f"only {names[0]} is chosen" if m == 1 else "nobody has annotated"
        )
    elif not docs:
        problem = (
            "no document was given" if document_ids is not None
            else "no document was annotated by at least two of the reviewers"
        )
    coders = read_tokens.sum(axis=0)
    overall: list[OverallResult] = []
    for li, name in enumerate([*labels, ALL_LABELS]):
        results = by_label[name]
        if m < 2:
            alpha, alpha_reason = None, "fewer than two reviewers"
        elif name == ALL_LABELS:
            alpha, alpha_reason = _alpha_from_counts(
                np.stack([(values == v).sum(axis=0) for v in range(k)], axis=1)
            )
        else:
            yes = layers[:, li, :].sum(axis=0)
            alpha, alpha_reason = _alpha_from_counts(np.stack([coders - yes, yes], axis=1))
        mean_exact, with_f1 = _mean(r.exact.f1 for r in results)
        mean_overlap, _ = _mean(r.overlap.f1 for r in results)
        mean_kappa, with_kappa = _mean(r.kappa for r in results)
        overall.append(
            OverallResult(
                label=name,
                pairs=len(results),
                mean_exact_f1=mean_exact,
                mean_overlap_f1=mean_overlap,
                pairs_with_f1=with_f1,
                mean_kappa=mean_kappa,
                pairs_with_kappa=with_kappa,
                alpha=alpha,
                alpha_reason=alpha_reason,
                exact=_pooled(r.exact for r in results),
                overlap=_pooled(r.overlap for r in results),
            )
        )

    return AgreementReport(
        reviewers=names,
        labels=labels,
        documents=docs,
        tokens=n_tokens,
        pairs=pairs,
        overall=overall,
        confidence=_confidence(conf_a, conf_b, confidence_pairs, spans, m),
        include_gold=GOLD_REVIEWER in names,
        problem=problem,
    )


def _pooled(counts: Iterable[Counts]) -> Counts:
    tp = a_only = b_only = 0
    for c in counts:
        tp, a_only, b_only = tp + c.tp, a_only + c.a_only, b_only + c.b_only
    return Counts.of(tp, a_only, b_only)


# ---------------------------------------------------------------------------------- output


def _number(value: float | None, places: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{places}f}"


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> list[str]:
    """Rows under a header, the first ``left`` columns aligned left and the others right."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(cell).ljust(width) if n < left else str(cell).rjust(width)
            for n, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]


def as_table(report: AgreementReport) -> str:
    """The report as an aligned plain-text table for a terminal: the summary across all
    reviewers by label, then every pair, then the agreement on confidence."""
    names = ", ".join(report.reviewers) or "none"
    out = [
        f"Agreement of {counted(len(report.reviewers), 'reviewer')}: {names}",
        f"{counted(len(report.documents), 'document')}, {counted(report.tokens, 'token')}; "
        f"labels: {', '.join(report.labels) or 'none'}",
    ]
    if report.problem:
        out.append(f"Nothing to measure: {report.problem}.")
        return "\n".join(out) + "\n"
    out += [
        "",
        "Across all reviewers (exact F1, overlap F1, kappa: mean over the pairs; alpha: all "
        "reviewers at once; tp, a_only, b_only: exact matches summed over the pairs)",
    ]
    out += _aligned(
        ["label", "exact F1", "overlap F1", "kappa", "alpha", "tp", "a_only", "b_only"],
        [
            [
                r.label,
                _number(r.mean_exact_f1),
                _number(r.mean_overlap_f1),
                _number(r.mean_kappa),
                _number(r.alpha),
                f"{r.exact.tp:,}",
                f"{r.exact.a_only:,}",
                f"{r.exact.b_only:,}",
            ]
            for r in report.overall
        ],
        left=1,
    )
    out += ["", "Pairs (A is the reference, B the prediction; kappa and alpha on tokens)"]
    out += _aligned(
        ["A", "B", "label", "exact P", "exact R", "exact F1", "overlap F1", "kappa", "alpha",
         "tp", "a_only", "b_only"],
        [
            [
                r.reviewer_a,
                r.reviewer_b,
                r.label,
                _number(r.exact.precision),
                _number(r.exact.recall),
                _number(r.exact.f1),
                _number(r.overlap.f1),
                _number(r.kappa),
                _number(r.alpha),
                f"{r.exact.tp:,}",
                f"{r.exact.a_only:,}",
                f"{r.exact.b_only:,}",
            ]
            for r in report.pairs
        ],
        left=3,
    )
    c = report.confidence
    within = "n/a" if c.within_one is None else f"{c.within_one:.0%}"
    out += [
        "",
        f"Confidence of exactly matched spans: {c.pairs:,} pairs of spans, mean difference "
        f"{_number(c.mean_abs_diff, 2)}, within ±1: {within}, alpha (ordinal, {c.units:,} "
        f"spans) {_number(c.alpha)}",
        "n/a: undefined (no span on either side, or a single value throughout); the JSON "
        "output gives the reason.",
    ]
    return "\n".join(out) + "\n"


def _cell(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


def as_csv(report: AgreementReport) -> str:
    """One row per (scope, pair, label), in the columns of :data:`CSV_COLUMNS`.

    Rows of scope ``all`` (reviewer_a and reviewer_b empty) come first: exact_f1, overlap_f1
    and kappa are the means over the pairs, alpha is over all reviewers at once, tp, a_only and
    b_only are the exact-match counts summed over the pairs, and exact_precision and
    exact_recall are empty (they depend on which reviewer of a pair is the reference). Rows of
    scope ``pair`` follow. Values are rounded to 6 decimals; an undefined value is an empty
    cell; a reviewer name a spreadsheet would run as a formula gets a leading apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.overall:
        writer.writerow([
            "all", "", "", neutralise_cell(r.label), "", "", _cell(r.mean_exact_f1),
            _cell(r.mean_overlap_f1), _cell(r.mean_kappa), _cell(r.alpha),
            r.exact.tp, r.exact.a_only, r.exact.b_only,
        ])
    for p in report.pairs:
        writer.writerow([
            "pair", neutralise_cell(p.reviewer_a), neutralise_cell(p.reviewer_b),
            neutralise_cell(p.label), _cell(p.exact.precision), _cell(p.exact.recall),
            _cell(p.exact.f1), _cell(p.overlap.f1), _cell(p.kappa), _cell(p.alpha),
            p.exact.tp, p.exact.a_only, p.exact.b_only,
        ])
    return buffer.getvalue()


def as_json(report: AgreementReport) -> str:
    """The whole report (see :meth:`AgreementReport.to_dict`) as indented JSON."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
