"""Inter-annotator agreement between the reviewers of one session.

A session made by merging several reviewers' sessions keeps every annotation's reviewer; this
module measures how far those reviewers agree, per label and over all labels, for every pair of
reviewers and across all of them at once::

    report = agreement(store)
    print(as_table(report))  # agreement_output: the report as a table, CSV or JSON

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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

from annotator.core.defaults import GOLD_REVIEWER
from annotator.core.errors import NotFound
from annotator.core.review.agreement_report import (
    ALL_LABELS,
    AgreementReport,
    ConfidenceAgreement,
    ConfidencePair,
    Counts,
    OverallResult,
    PairResult,
)
from annotator.core.review.agreement_spans import Row, SpanCounts, Spans, match_spans
from annotator.core.review.agreement_statistics import cohen_kappa, nominal_alpha, pair_alpha
from annotator.core.review.agreement_tokens import TokenValues, gram_matrix, token_values
from annotator.core.session.store import SessionStore

__all__ = ["agreement"]


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
    docs, rows_of = _read(store, document_ids, {name: n for n, name in enumerate(names)})
    labels = _labels_used(store, docs, rows_of)
    spans = Spans.of(docs, rows_of, {name: n for n, name in enumerate(labels)})
    del rows_of  # the rows as Python objects weigh more than the arrays
    read = np.zeros((len(names), len(docs)), dtype=bool)  # reviewer read document
    if document_ids is not None:
        read[:] = True
    else:
        read[spans.reviewer, spans.document] = True
    tokens = token_values(store, docs, spans, read, len(labels))
    matches = match_spans(spans, len(names))
    counts = SpanCounts.of(spans, matches, len(names), len(docs), len(labels))
    pairs, confidence_pairs = _pair_results(names, labels, read, tokens, counts)
    return AgreementReport(
        reviewers=names,
        labels=labels,
        documents=docs,
        tokens=tokens.count,
        pairs=pairs,
        overall=_overall_results(labels, pairs, tokens, len(names)),
        confidence=_confidence(counts, confidence_pairs, spans, len(names)),
        include_gold=GOLD_REVIEWER in names,
        problem=_problem(names, docs, document_ids),
    )


# ---------------------------------------------------------------------------------- reading


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
) -> tuple[list[int], dict[int, list[Row]]]:
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
    spans: dict[int, list[Row]] = {}
    for doc_id in candidates:
        count = store.annotation_count(doc_id)
        rows = store.annotation_rows(doc_id, limit=count) if count else []
        found = [
            (start, end, label, confidence, chosen[reviewer])
            for _id, _doc, start, end, _quote, label, confidence, _verdict, _note, reviewer
            in rows
            if reviewer in chosen
        ]
        if document_ids is not None or len({row[4] for row in found}) >= 2:
            spans[doc_id] = found
    return [d for d in candidates if d in spans], spans


def _labels_used(store: SessionStore, docs: list[int], rows_of: dict[int, list[Row]]) -> list[str]:
    """The labels of the spans read, in the session's order (unknown ones after, by name)."""
    used = {label for doc in docs for _start, _end, label, _conf, _rev in rows_of[doc]}
    labels = [label.name for label in store.labels() if label.name in used]
    return labels + sorted(used.difference(labels))


# ---------------------------------------------------------------------------------- per pair


def _pair_results(
    names: list[str], labels: list[str], read: np.ndarray, tokens: TokenValues,
    counts: SpanCounts,
) -> tuple[list[PairResult], list[ConfidencePair]]:
    """For every pair of reviewers (in the order of ``names``): the results per label then
    ``"all"``, and the agreement on the confidence of their exact matches."""
    reviewer_count = len(names)
    gram = gram_matrix(tokens) if reviewer_count >= 2 else np.zeros((0, 0), dtype=np.int64)
    confidence = _PairConfidence.of(counts, reviewer_count)
    pairs: list[PairResult] = []
    confidence_pairs: list[ConfidencePair] = []
    for a in range(reviewer_count):
        for b in range(a + 1, reviewer_count):
            pairs += _one_pair(names, labels, a, b, read, gram, tokens.value_count, counts)
            confidence_pairs.append(confidence.pair(names, a, b))
    return pairs, confidence_pairs


def _one_pair(
    names: list[str], labels: list[str], a: int, b: int, read: np.ndarray, gram: np.ndarray,
    value_count: int, counts: SpanCounts,
) -> list[PairResult]:
    """The results of reviewers ``a`` and ``b`` on each label, then on ``"all"``."""
    common = read[a] & read[b]
    spans_a = counts.per_document[a][common].sum(axis=0)
    spans_b = counts.per_document[b][common].sum(axis=0)
    exact_tp, overlap_tp = counts.exact_tp[a, b], counts.overlap_tp[a, b]
    values_a = slice(a * value_count, (a + 1) * value_count)  # a's columns of the Gram matrix
    values_b = slice(b * value_count, (b + 1) * value_count)
    confusion = gram[values_a, values_b]  # a's token values × b's
    both_read = int(confusion.sum())
    rows = [
        (name, exact_tp[index], overlap_tp[index], spans_a[index], spans_b[index],
         _label_confusion(gram, len(names), value_count, len(labels), a, b, index, both_read))
        for index, name in enumerate(labels)
    ]
    rows.append((ALL_LABELS, exact_tp.sum(), overlap_tp.sum(), spans_a.sum(), spans_b.sum(),
                 confusion))
    results = []
    for label, exact, overlap, of_a, of_b, label_confusion in rows:
        exact, overlap, of_a, of_b = int(exact), int(overlap), int(of_a), int(of_b)
        kappa, kappa_reason = cohen_kappa(label_confusion)
        alpha, alpha_reason = pair_alpha(label_confusion)
        results.append(PairResult(
            reviewer_a=names[a],
            reviewer_b=names[b],
            label=label,
            documents=int(common.sum()),
            tokens=both_read,
            exact=Counts.of(exact, of_a - exact, of_b - exact),
            overlap=Counts.of(overlap, of_a - overlap, of_b - overlap),
            kappa=kappa,
            kappa_reason=kappa_reason,
            alpha=alpha,
            alpha_reason=alpha_reason,
        ))
    return results


def _label_confusion(
    gram: np.ndarray, reviewer_count: int, value_count: int, label_count: int, a: int, b: int,
    label: int, both_read: int,
) -> np.ndarray:
    """The 2 × 2 confusion matrix of reviewers ``a`` and ``b`` on one label (rows: a says it
    or not; columns: b), over the tokens both read."""
    values_a = slice(a * value_count, (a + 1) * value_count)
    values_b = slice(b * value_count, (b + 1) * value_count)
    layer_a = reviewer_count * value_count + a * label_count + label
    layer_b = reviewer_count * value_count + b * label_count + label
    yes_yes = gram[layer_a, layer_b]
    yes_read = gram[layer_a, values_b].sum()  # A says the label, B read the token
    read_yes = gram[values_a, layer_b].sum()
    return np.array([
        [both_read - yes_read - read_yes + yes_yes, read_yes - yes_yes],
        [yes_read - yes_yes, yes_yes],
    ])


@dataclass
class _PairConfidence:
    """Per pair of reviewers (a × reviewer count + b): the exact matches, and the sum of the
    differences of their confidences and how many differ by at most 1."""

    matches: np.ndarray
    difference: np.ndarray
    within_one: np.ndarray

    @classmethod
    def of(cls, counts: SpanCounts, reviewer_count: int) -> _PairConfidence:
        difference = np.abs(counts.confidence_a - counts.confidence_b)
        cells = reviewer_count * reviewer_count
        pair = counts.confidence_pair
        return cls(
            matches=np.bincount(pair, minlength=cells),
            difference=np.bincount(pair, weights=difference, minlength=cells),
            within_one=np.bincount(pair, weights=difference <= 1, minlength=cells),
        )

    def pair(self, names: list[str], a: int, b: int) -> ConfidencePair:
        cell = a * len(names) + b
        count = int(self.matches[cell])
        return ConfidencePair(
            reviewer_a=names[a],
            reviewer_b=names[b],
            pairs=count,
            mean_abs_diff=float(self.difference[cell] / count) if count else None,
            within_one=float(self.within_one[cell] / count) if count else None,
        )


# ---------------------------------------------------------------------------------- overall


def _overall_results(
    labels: list[str], pairs: list[PairResult], tokens: TokenValues, reviewer_count: int
) -> list[OverallResult]:
    """Across all reviewers, per label then ``"all"``: the means and sums over the pairs, and
    alpha over all reviewers at once."""
    overall: list[OverallResult] = []
    for index, name in enumerate([*labels, ALL_LABELS]):
        results = [r for r in pairs if r.label == name]
        alpha, alpha_reason = _alpha_of_everyone(tokens, reviewer_count, name, index)
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
    return overall


def _alpha_of_everyone(
    tokens: TokenValues, reviewer_count: int, label: str, label_index: int
) -> tuple[float | None, str | None]:
    """Krippendorff's nominal alpha over all reviewers at once: on the token values for
    ``"all"``, on whether the label covers the token for one label."""
    if reviewer_count < 2:
        return None, "fewer than two reviewers"
    if label == ALL_LABELS:
        return nominal_alpha(
            np.stack([(tokens.values == v).sum(axis=0) for v in range(tokens.value_count)],
                     axis=1)
        )
    coders = tokens.read.sum(axis=0)
    yes = tokens.layers[:, label_index, :].sum(axis=0)
    return nominal_alpha(np.stack([coders - yes, yes], axis=1))


def _problem(
    names: list[str], docs: list[int], document_ids: Iterable[int] | None
) -> str | None:
    """Why nothing could be measured, or None."""
    if len(names) < 2:
        return "agreement needs at least two reviewers; " + (
            f"only {names[0]} is chosen" if len(names) == 1 else "nobody has annotated"
        )
    if not docs:
        return (
            "no document was given" if document_ids is not None
            else "no document was annotated by at least two of the reviewers"
        )
    return None


def _pooled(counts: Iterable[Counts]) -> Counts:
    tp = a_only = b_only = 0
    for c in counts:
        tp, a_only, b_only = tp + c.tp, a_only + c.a_only, b_only + c.b_only
    return Counts.of(tp, a_only, b_only)


def _mean(values: Iterable[float | None]) -> tuple[float | None, int]:
    defined = [v for v in values if v is not None]
    return (sum(defined) / len(defined) if defined else None), len(defined)


def _confidence(
    counts: SpanCounts, by_pair: list[ConfidencePair], spans: Spans, reviewer_count: int
) -> ConfidenceAgreement:
    """Confidence agreement from the exact matches and the spans (sorted so that identical
    spans of different reviewers are next to each other)."""
    diff = np.abs(counts.confidence_a - counts.confidence_b)
    n = len(spans)
    new_unit = np.ones(n, dtype=bool)
    new_unit[1:] = (
        (spans.document[1:] != spans.document[:-1])
        | (spans.label[1:] != spans.label[:-1])
        | (spans.start[1:] != spans.start[:-1])
        | (spans.end[1:] != spans.end[:-1])
    )
    unit = np.cumsum(new_unit) - 1
    shared = np.bincount(unit, minlength=1) >= 2 if n else np.zeros(0, dtype=bool)
    units = int(shared.sum())
    alpha: float | None = None
    reason: str | None = None
    if reviewer_count < 2:
        reason = "fewer than two reviewers"
    elif units == 0:
        reason = "no span was tagged identically by two reviewers"
    else:
        keep = shared[unit]
        data = np.full((reviewer_count, units), np.nan)
        data[spans.reviewer[keep], (np.cumsum(shared) - 1)[unit[keep]]] = spans.confidence[keep]
        if len(np.unique(spans.confidence[keep])) < 2:
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
