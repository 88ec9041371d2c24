"""An agreement report written out: an aligned table for a terminal, CSV (a row per scope, pair
and label) and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from annotator.core.formats.csv_format import neutralise_cell
from annotator.core.review.agreement_report import AgreementReport
from annotator.core.wording import counted

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
