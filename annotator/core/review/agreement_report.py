"""The shape of an agreement report (see :mod:`.agreement` for what each measure means): per pair
of reviewers and label, across all reviewers per label, and on confidence."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

ALL_LABELS = "all"  # the label of the results that pool every label
OUTSIDE = "O"  # the token value "no span covers it"
TOKEN_PATTERN = re.compile(r"\w+|[^\w\s]")


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


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None
