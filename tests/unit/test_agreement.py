"""Inter-annotator agreement: hand-computed cases, then random sessions checked against the
``krippendorff`` package and reference implementations written here, then the output formats."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.articles.reading import ImportedDocument
from annotator.core.defaults import GOLD_REVIEWER
from annotator.core.errors import NotFound
from annotator.core.models import Annotation, now
from annotator.core.review.agreement import agreement
from annotator.core.review.agreement_output import CSV_COLUMNS, as_csv, as_json, as_table
from annotator.core.review.agreement_report import ALL_LABELS
from annotator.core.session.store import SessionStore

# Tokens (code points):  Prices 0-6 | rose 7-11 | 5 12-13 | % 13-14 | in 15-17 | May 18-21 |
#                        , 21-22 | officials 23-32 | said 33-37 | . 37-38      -> 10 tokens
PRICES = "Prices rose 5% in May, officials said."


def tag(store, doc, text, quote, label, reviewer, *, confidence=3, nth=0):
    """Tag the ``nth`` occurrence of ``quote`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return store.add_annotation(
        doc, start, start + len(quote), label, reviewer=reviewer, confidence=confidence
    )


# ---------------------------------------------------------------------------------- by hand


def test_exact_span_f1_two_of_three(store, add_text):
    text = "The mayor said 3,000 people left the city, according to police on Monday."
    doc = add_text(text)
    for quote, label in [("The mayor said", "claim"), ("3,000", "estimate"),
                         ("according to police", "attribution")]:
        tag(store, doc, text, quote, label, "ana")
    # ben: the same claim and estimate, a different attribution span, and one more claim
    for quote, label in [("The mayor said", "claim"), ("3,000", "estimate"),
                         ("according to police on Monday", "attribution"),
                         ("left the city", "claim")]:
        tag(store, doc, text, quote, label, "ben")
    report = agreement(store)
    assert report.reviewers == ["ana", "ben"]
    assert report.documents == [doc]
    pair = report.pair("ana", "ben", ALL_LABELS)
    # A = ana (reference, 3 spans), B = ben (prediction, 4 spans); 2 identical spans
    # tp = 2, a_only = 3 - 2 = 1, b_only = 4 - 2 = 2
    # precision = 2 / (2 + 2) = 0.5, recall = 2 / (2 + 1) = 2/3
    # F1 = 2·2 / (2·2 + 1 + 2) = 4/7
    assert (pair.exact.tp, pair.exact.a_only, pair.exact.b_only) == (2, 1, 2)
    assert pair.exact.precision == pytest.approx(0.5)
    assert pair.exact.recall == pytest.approx(2 / 3)
    assert pair.exact.f1 == pytest.approx(4 / 7)
    # overlap: the attributions overlap (same label), so tp = 3, a_only 0, b_only 1:
    # F1 = 2·3 / (6 + 0 + 1) = 6/7
    assert (pair.overlap.tp, pair.overlap.a_only, pair.overlap.b_only) == (3, 0, 1)
    assert pair.overlap.f1 == pytest.approx(6 / 7)
    # per label: claim 1 of (1, 2): F1 = 2/(2+0+1) = 2/3; attribution 0 exact, 1 overlap
    claim = report.pair("ana", "ben", "claim")
    assert claim.exact.f1 == pytest.approx(2 / 3)
    attribution = report.pair("ana", "ben", "attribution")
    assert attribution.exact.f1 == 0.0 and attribution.overlap.f1 == 1.0
    # across all: one pair, so the mean pairwise F1 is the pair's F1
    overall = report.overall_for(ALL_LABELS)
    assert overall.pairs == 1 and overall.mean_exact_f1 == pytest.approx(4 / 7)
    assert (overall.exact.tp, overall.exact.a_only, overall.exact.b_only) == (2, 1, 2)


def test_overlap_matching_is_one_to_one_by_largest_overlap(store, add_text):
    text = "Officials said the storm destroyed 300 homes and damaged 1,200 more on Friday."
    doc = add_text(text)
    # ana: one long claim; ben: two claims inside it
    tag(store, doc, text, "the storm destroyed 300 homes and damaged 1,200 more", "claim", "ana")
    tag(store, doc, text, "the storm destroyed 300 homes", "claim", "ben")  # overlap 29
    tag(store, doc, text, "damaged 1,200 more", "claim", "ben")  # overlap 18
    # an estimate with a different label overlapping ana's claim does not match it
    tag(store, doc, text, "300", "estimate", "ben")
    tag(store, doc, text, "300 homes", "estimate", "ana")
    pair = agreement(store).pair("ana", "ben", "claim")
    # exact: no identical claim -> tp 0, a_only 1, b_only 2
    assert (pair.exact.tp, pair.exact.a_only, pair.exact.b_only) == (0, 1, 2)
    # overlap: ana's claim matches one of ben's (the one it overlaps most) -> tp 1, b_only 1
    # precision 1/2, recall 1/1, F1 = 2/(2+0+1) = 2/3
    assert (pair.overlap.tp, pair.overlap.a_only, pair.overlap.b_only) == (1, 0, 1)
    assert pair.overlap.precision == pytest.approx(0.5)
    assert pair.overlap.recall == 1.0
    assert pair.overlap.f1 == pytest.approx(2 / 3)
    estimate = agreement(store).pair("ana", "ben", "estimate")
    assert estimate.exact.tp == 0 and estimate.overlap.tp == 1  # "300" inside "300 homes"


def test_token_kappa_and_alpha_by_hand(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose 5% in May", "claim", "ana")  # tokens 0-5
    tag(store, doc, PRICES, "officials said", "attribution", "ana")  # tokens 7, 8
    tag(store, doc, PRICES, "Prices rose", "claim", "ben")  # tokens 0, 1
    tag(store, doc, PRICES, "officials", "attribution", "ben")  # token 7
    report = agreement(store)
    assert report.tokens == 10
    # token:  0 1 2 3 4 5 6 7 8 9
    # ana:    C C C C C C O A A O
    # ben:    C C O O O O O A O O
    #
    # claim (2x2, rows ana, columns ben):   yes/yes 2   yes/no 4
    #                                        no/yes 0    no/no  4
    # p_o = 6/10 = 0.6; ana yes 6/10, ben yes 2/10; p_e = 0.6·0.2 + 0.4·0.8 = 0.44
    # kappa = (0.6 - 0.44) / (1 - 0.44) = 0.16 / 0.56 = 2/7
    claim = report.pair("ana", "ben", "claim")
    assert claim.kappa == pytest.approx(2 / 7)
    # attribution: yes/yes 1, yes/no 1, no/yes 0, no/no 8: p_o = 0.9
    # p_e = 0.2·0.1 + 0.8·0.9 = 0.74; kappa = 0.16 / 0.26 = 8/13
    assert report.pair("ana", "ben", "attribution").kappa == pytest.approx(8 / 13)
    # all labels, 3 classes (rows ana, columns ben):
    #          O  C  A | row
    #     O    2  0  0 |  2
    #     C    4  2  0 |  6
    #     A    1  0  1 |  2
    #   col    7  2  1 | 10
    # p_o = (2 + 2 + 1)/10 = 0.5; p_e = (2·7 + 6·2 + 2·1)/100 = 0.28
    # kappa = (0.5 - 0.28)/(1 - 0.28) = 0.22/0.72 = 11/36
    assert report.pair("ana", "ben", ALL_LABELS).kappa == pytest.approx(11 / 36)
    # Krippendorff's alpha for claim: coincidences o = C + Cᵀ = [[8, 4], [4, 4]] (no, yes),
    # n = 20, n_no = 12, n_yes = 8: alpha = 1 - (n-1)·(4+4) / (n² - 12² - 8²)
    #                                      = 1 - 19·8/192 = 5/24
    assert claim.alpha == pytest.approx(5 / 24)
    assert report.overall_for("claim").alpha == pytest.approx(5 / 24)
    matrix = [[1, 1, 1, 1, 1, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]]
    assert krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal") == (
        pytest.approx(5 / 24)
    )
    # with two reviewers the mean kappa is the pair's
    assert report.overall_for(ALL_LABELS).mean_kappa == pytest.approx(11 / 36)


def test_nested_spans_shortest_wins_for_all_and_both_count_per_label(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose 5%", "claim", "ana")  # tokens 0-3
    tag(store, doc, PRICES, "5%", "estimate", "ana")  # tokens 2, 3: shorter, wins for "all"
    tag(store, doc, PRICES, "Prices rose", "claim", "ben")  # tokens 0, 1
    tag(store, doc, PRICES, "5%", "estimate", "ben")  # tokens 2, 3
    report = agreement(store)
    # all: ana C C E E O..., ben C C E E O...: identical -> kappa 1
    assert report.pair("ana", "ben", ALL_LABELS).kappa == pytest.approx(1.0)
    # claim per label: ana yes on 0-3, ben on 0-1: yes/yes 2, yes/no 2, no/no 6
    # p_o = 0.8, p_e = 0.4·0.2 + 0.6·0.8 = 0.56, kappa = 0.24/0.44 = 6/11
    assert report.pair("ana", "ben", "claim").kappa == pytest.approx(6 / 11)


def test_perfect_agreement(store, add_text):
    doc = add_text(PRICES)
    for reviewer in ("ana", "ben", "cleo"):
        tag(store, doc, PRICES, "Prices rose 5% in May", "claim", reviewer, confidence=4)
        tag(store, doc, PRICES, "5%", "estimate", reviewer, confidence=2)
    report = agreement(store)
    assert len(report.pairs) == 3 * 3  # 3 pairs × (claim, estimate, all)
    for result in report.pairs:
        assert result.exact.f1 == 1.0 and result.overlap.f1 == 1.0
        assert result.kappa == pytest.approx(1.0) and result.alpha == pytest.approx(1.0)
    for result in report.overall:
        assert result.alpha == pytest.approx(1.0)
        assert result.mean_kappa == pytest.approx(1.0) and result.mean_exact_f1 == 1.0
    confidence = report.confidence
    # 2 spans × 3 pairs of reviewers, all with the same confidences
    assert confidence.pairs == 6 and confidence.mean_abs_diff == 0 and confidence.within_one == 1
    assert confidence.units == 2 and confidence.alpha == pytest.approx(1.0)


def test_undefined_kappa_when_both_reviewers_say_o_everywhere(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose", "claim", "ana")
    tag(store, doc, PRICES, "Prices rose", "claim", "ben")
    tag(store, doc, PRICES, "5%", "estimate", "cleo")
    report = agreement(store)
    estimate = report.pair("ana", "ben", "estimate")
    # neither ana nor ben tagged an estimate: every token is "no" for both, p_e = 1
    assert estimate.kappa is None and "undefined" in estimate.kappa_reason
    assert estimate.alpha is None and estimate.alpha_reason
    assert estimate.exact.f1 is None and estimate.exact.precision is None  # 0/0
    assert estimate.exact.tp == estimate.exact.a_only == estimate.exact.b_only == 0
    # the mean over pairs leaves the undefined pair out
    overall = report.overall_for("estimate")
    assert overall.pairs == 3 and overall.pairs_with_kappa == 2
    # nobody tagged anything in a document given explicitly: all O, undefined
    empty = add_text("Nothing to see here.", title="Empty")
    nothing = agreement(store, document_ids=[empty])
    assert nothing.labels == []
    everything = nothing.pair("ana", "ben", ALL_LABELS)
    assert everything.kappa is None and everything.exact.f1 is None
    assert nothing.overall_for(ALL_LABELS).alpha is None


def test_confidence_agreement_by_hand(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose", "claim", "ana", confidence=5)
    tag(store, doc, PRICES, "Prices rose", "claim", "ben", confidence=2)
    tag(store, doc, PRICES, "5%", "estimate", "ana", confidence=3)
    tag(store, doc, PRICES, "5%", "estimate", "ben", confidence=4)
    tag(store, doc, PRICES, "officials", "attribution", "ana", confidence=1)  # unmatched
    confidence = agreement(store).confidence
    # two matches: |5 - 2| = 3 and |3 - 4| = 1 -> mean 2, within ±1: 1 of 2
    assert confidence.pairs == 2
    assert confidence.mean_abs_diff == pytest.approx(2.0)
    assert confidence.within_one == pytest.approx(0.5)
    assert confidence.units == 2
    expected = krippendorff.alpha(
        reliability_data=[[5, 3], [2, 4]], value_domain=[1, 2, 3, 4, 5],
        level_of_measurement="ordinal",
    )
    assert confidence.alpha == pytest.approx(expected)
    assert confidence.by_pair[0].pairs == 2


def test_gold_is_left_out_unless_asked_for(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose", "claim", "ana")
    tag(store, doc, PRICES, "Prices rose", "claim", "ben")
    tag(store, doc, PRICES, "Prices rose", "claim", GOLD_REVIEWER)
    tag(store, doc, PRICES, "5%", "estimate", GOLD_REVIEWER)
    report = agreement(store)
    assert report.reviewers == ["ana", "ben"] and not report.include_gold
    assert report.labels == ["claim"]  # gold's estimate is not counted
    with_gold = agreement(store, include_gold=True)
    assert with_gold.reviewers == [GOLD_REVIEWER, "ana", "ben"] and with_gold.include_gold
    against = with_gold.pair(GOLD_REVIEWER, "ana", ALL_LABELS)
    assert against.reviewer_a == GOLD_REVIEWER  # gold is the reference
    # gold 2 spans, ana 1, one match: precision 1/1, recall 1/2
    assert against.exact.precision == 1.0 and against.exact.recall == pytest.approx(0.5)
    # naming the reviewers: exactly those
    one_pair = agreement(store, reviewers=["ana", GOLD_REVIEWER])
    assert one_pair.reviewers == ["ana", GOLD_REVIEWER] and len(one_pair.pairs) == 3


def test_documents_with_one_reviewer_are_skipped_unless_named(store, add_text):
    shared = add_text(PRICES)
    alone = add_text("The minister said 40 schools will close.", title="Alone")
    untouched = add_text("Nobody annotated this one.", title="Untouched")
    tag(store, shared, PRICES, "Prices rose", "claim", "ana")
    tag(store, shared, PRICES, "Prices rose", "claim", "ben")
    tag(store, alone, "The minister said 40 schools will close.", "40", "estimate", "ana")
    report = agreement(store)
    assert report.documents == [shared]
    assert report.pair("ana", "ben", ALL_LABELS).exact.f1 == 1.0
    assert report.tokens == 10
    # named documents: every reviewer counts as having read each (ben tagged nothing there)
    named = agreement(store, document_ids=[alone, shared, untouched])
    assert named.documents == [shared, alone, untouched]  # list order
    pair = named.pair("ana", "ben", ALL_LABELS)
    assert (pair.exact.tp, pair.exact.a_only, pair.exact.b_only) == (1, 1, 0)
    assert pair.documents == 3
    with pytest.raises(NotFound):
        agreement(store, document_ids=[shared, 9999])


def test_a_pair_without_a_document_in_common_is_undefined(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose", "claim", "ana")
    tag(store, doc, PRICES, "Prices rose", "claim", "ben")
    other = add_text(PRICES + " Again.", title="Other")
    tag(store, other, PRICES, "Prices rose", "claim", "zoe")  # only zoe read this one
    report = agreement(store, reviewers=["ana", "ben", "zoe"])
    pair = report.pair("ana", "zoe", ALL_LABELS)
    assert pair.documents == 0 and pair.tokens == 0
    assert pair.kappa is None and "no token" in pair.kappa_reason
    assert pair.alpha is None and pair.exact.f1 is None
    assert report.pair("ana", "ben", ALL_LABELS).exact.f1 == 1.0
    assert report.overall_for(ALL_LABELS).pairs_with_kappa == 1  # ana/ben only


def test_a_reviewer_who_never_annotated_is_an_error(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose", "claim", "ana")
    tag(store, doc, PRICES, "Prices rose", "claim", "ben")
    with pytest.raises(NotFound, match="no reviewer named 'nobody'.*ana, ben"):
        agreement(store, reviewers=["ana", "nobody"])


def test_fewer_than_two_reviewers_is_reported_not_raised(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose", "claim", "ana")
    report = agreement(store)
    assert report.problem and "two reviewers" in report.problem
    assert report.pairs == [] and report.documents == []
    assert report.overall_for(ALL_LABELS).alpha is None
    assert "two reviewers" in as_table(report)
    json.loads(as_json(report))
    assert len(list(csv.DictReader(io.StringIO(as_csv(report))))) == len(report.overall)


# ---------------------------------------------------------------------------------- formats


def test_output_formats(store, add_text):
    doc = add_text(PRICES)
    tag(store, doc, PRICES, "Prices rose 5% in May", "claim", "Ana Lima")
    tag(store, doc, PRICES, "5%", "estimate", "Ana Lima")
    tag(store, doc, PRICES, "Prices rose", "claim", "=Ben")
    tag(store, doc, PRICES, "5%", "estimate", "=Ben")
    tag(store, doc, PRICES, "officials", "attribution", "cleo")
    report = agreement(store)

    table = as_table(report)
    assert "Across all reviewers" in table and "Pairs" in table
    assert "exact F1" in table and "kappa" in table and "alpha" in table
    for name in ("Ana Lima", "=Ben", "cleo"):
        assert name in table
    assert "n/a" in table  # undefined values are shown as such

    rows = list(csv.DictReader(io.StringIO(as_csv(report))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(report.overall) + len(report.pairs)
    scopes = [row["scope"] for row in rows]
    assert scopes == ["all"] * len(report.overall) + ["pair"] * len(report.pairs)
    assert {row["label"] for row in rows} == {"claim", "estimate", "attribution", "all"}
    first_all = rows[len(report.overall) - 1]
    assert first_all["label"] == "all" and first_all["reviewer_a"] == ""
    assert first_all["exact_precision"] == ""
    assert float(first_all["exact_f1"]) == pytest.approx(  # 6 decimals
        report.overall_for(ALL_LABELS).mean_exact_f1, abs=1e-6
    )
    assert any("'=Ben" in (row["reviewer_a"], row["reviewer_b"]) for row in rows)  # safe
    pair_row = next(
        r for r in rows if r["scope"] == "pair" and r["label"] == "estimate"
        and {r["reviewer_a"], r["reviewer_b"]} == {"Ana Lima", "'=Ben"}
    )
    assert float(pair_row["exact_f1"]) == 1.0 and int(pair_row["tp"]) == 1

    data = json.loads(as_json(report))
    assert data == json.loads(json.dumps(report.to_dict()))
    assert data["reviewers"] == report.reviewers
    assert {"pairs", "overall", "confidence", "documents", "tokens", "labels"} <= set(data)
    assert data["pairs"][0]["exact"]["f1"] == report.pairs[0].exact.f1


# ---------------------------------------------------------------------------------- random

TOKEN = re.compile(r"\w+|[^\w\s]")
PIECES = ["the", "mayor", "said", "3,000", "people", "서울", "시장", "🔥", "👍🏽", "e\u0301t\u00e9",
          "COVID-19", "%", "«", "»", ".", "—", "n°", "x"]
LABELS = ["claim", "estimate", "attribution"]


def reference_tokens(text):
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def reference_values(tokens, spans, labels):
    """Per token: the multi-class label (shortest covering span, then label order) or "O",
    and per label whether a span of it covers the token."""
    multi, per_label = [], {label: [] for label in labels}
    for t_start, t_end in tokens:
        covering = [(e - s, labels.index(lab), lab) for s, e, lab in spans
                    if s < t_end and e > t_start]
        multi.append(min(covering)[2] if covering else "O")
        for label in labels:
            per_label[label].append(any(lab == label for _, _, lab in covering))
    return multi, per_label


def reference_kappa(x, y):
    n = len(x)
    if n == 0:
        return None
    categories = set(x) | set(y)
    p_o = sum(a == b for a, b in zip(x, y, strict=True)) / n
    p_e = sum((x.count(c) / n) * (y.count(c) / n) for c in categories)
    if abs(1 - p_e) < 1e-12:
        return None
    return (p_o - p_e) / (1 - p_e)


def reference_alpha(matrix, level="nominal", domain=None):
    """krippendorff.alpha, or None where it is undefined (no pairable unit, one value)."""
    data = np.array(matrix, dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    if not pairable.any() or len(np.unique(values[~np.isnan(values)])) < 2:
        return None
    return krippendorff.alpha(reliability_data=data, level_of_measurement=level,
                              value_domain=domain)


def reference_overlap_tp(spans_a, spans_b):
    """Greedy one-to-one matching, per label: largest overlap first, then an exact match,
    then the two spans' (start, end) in reading order."""
    candidates = []
    for sa in spans_a:
        for sb in spans_b:
            if sa[2] == sb[2] and sa[0] < sb[1] and sb[0] < sa[1]:
                overlap = min(sa[1], sb[1]) - max(sa[0], sb[0])
                low, high = sorted([sa[:2], sb[:2]])
                candidates.append(((-overlap, sa[:2] != sb[:2], low, high), sa, sb))
    candidates.sort(key=lambda c: c[0])
    used_a, used_b, tp = set(), set(), 0
    for _, sa, sb in candidates:
        if sa not in used_a and sb not in used_b:
            used_a.add(sa)
            used_b.add(sb)
            tp += 1
    return tp


@st.composite
def session_data(draw):
    texts = []
    for n in range(draw(st.integers(1, 2))):
        words = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
        gaps = draw(st.lists(st.sampled_from([" ", "  ", "\n", ""]), min_size=len(words),
                             max_size=len(words)))
        body = "".join(w + g for w, g in zip(words, gaps, strict=True)).strip()
        texts.append(f"{body} {n}.")  # two documents never have the same text
    annotations = []  # (document index, start, end, label, confidence, reviewer)
    for reviewer in ("r0", "r1", "r2"):
        for d, text in enumerate(texts):
            if draw(st.integers(0, 4)) == 0:
                continue  # this reviewer did not read this document
            for _ in range(draw(st.integers(0, 5))):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, min(len(text), start + 16)))
                if text[start:end].strip():
                    annotations.append((d, start, end, draw(st.sampled_from(LABELS)),
                                        draw(st.integers(1, 5)), reviewer))
    return texts, annotations


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session_data())
def test_random_sessions_match_the_references(data):
    texts, drawn = data
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore.open(Path(folder) / "s.sqlite", create=True, reviewer="t",
                                  auto_backup=False)
        try:
            ids = [store.add_document(ImportedDocument(title=f"D{n}", text=t,
                                                       source_format="text"))[0].id
                   for n, t in enumerate(texts)]
            stamp = now()
            annotations = [
                Annotation(document_id=ids[d], start=s, end=e, quote=texts[d][s:e], label=lab,
                           confidence=c, reviewer=r, created_at=stamp, updated_at=stamp)
                for d, s, e, lab, c, r in drawn
            ]
            # a twin of r0 with the same spans: agrees with r0 perfectly
            annotations += [a.model_copy(update={"reviewer": "twin"})
                            for a in annotations if a.reviewer == "r0"]
            store.add_annotations(annotations)
            report = agreement(store)
            check_against_references(store, report, ids, texts)
        finally:
            store.close()


def check_against_references(store, report, ids, texts):
    spans = {}  # (reviewer, document id) -> {(start, end, label): confidence}
    for a in store.annotations():
        spans.setdefault((a.reviewer, a.document_id), {})[(a.start, a.end, a.label)] = (
            a.confidence
        )
    reviewers = sorted({r for r, _ in spans})
    assert report.reviewers == sorted(reviewers, key=str.casefold)
    readers = {d: [r for r in reviewers if (r, d) in spans] for d in ids}
    documents = [d for d in ids if len(readers[d]) >= 2]
    assert report.documents == documents
    if not documents:
        assert report.problem
        return
    labels = [lab for lab in LABELS
              if any(lab == s[2] for d in documents for r in readers[d] for s in spans[(r, d)])]
    assert report.labels == labels
    texts_by_id = dict(zip(ids, texts, strict=True))
    tokens = {d: reference_tokens(texts_by_id[d]) for d in documents}
    assert report.tokens == sum(len(t) for t in tokens.values())

    # reference token values: reviewer -> document -> (multi, per_label), None if not read
    values = {
        r: {d: reference_values(tokens[d], list(spans[(r, d)]), labels)
            if (r, d) in spans else None for d in documents}
        for r in reviewers
    }

    def token_row(r, label=None):
        row = []
        for d in documents:
            got = values[r][d]
            if got is None:
                row += [np.nan] * len(tokens[d])
            elif label is None:
                row += [0 if v == "O" else 1 + labels.index(v) for v in got[0]]
            else:
                row += [float(v) for v in got[1][label]]
        return row

    # alpha across all reviewers at once, per label and all
    for label in [*labels, None]:
        matrix = [token_row(r, label) for r in reviewers]
        expected = reference_alpha(matrix)
        got = report.overall_for(label or ALL_LABELS).alpha
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, abs=1e-9)

    for result in report.pairs:
        a, b, label = result.reviewer_a, result.reviewer_b, result.label
        both = [d for d in documents if values[a][d] is not None and values[b][d] is not None]
        assert result.documents == len(both)
        key = None if label == ALL_LABELS else label
        x_all, y_all = token_row(a, key), token_row(b, key)
        pairs = [(x, y) for x, y in zip(x_all, y_all, strict=True)
                 if not (np.isnan(x) or np.isnan(y))]
        assert result.tokens == len(pairs)
        expected_kappa = reference_kappa([p[0] for p in pairs], [p[1] for p in pairs])
        if expected_kappa is None:
            assert result.kappa is None and result.kappa_reason
        else:
            assert result.kappa == pytest.approx(expected_kappa, abs=1e-9)
        if pairs:
            expected_alpha = reference_alpha(np.array(pairs).T)
            if expected_alpha is None:
                assert result.alpha is None
            else:
                assert result.alpha == pytest.approx(expected_alpha, abs=1e-9)
        # exact and overlap counts
        tp = n_a = n_b = overlap_tp = 0
        for d in both:
            sa = {s for s in spans[(a, d)] if key is None or s[2] == key}
            sb = {s for s in spans[(b, d)] if key is None or s[2] == key}
            tp += len(sa & sb)
            n_a += len(sa)
            n_b += len(sb)
            overlap_tp += reference_overlap_tp(sorted(sa), sorted(sb))
        assert (result.exact.tp, result.exact.a_only, result.exact.b_only) == (
            tp, n_a - tp, n_b - tp)
        assert result.overlap.tp == overlap_tp
        assert result.overlap.tp >= result.exact.tp
        for score in (result.exact, result.overlap):
            assert score.f1 is None or 0.0 <= score.f1 <= 1.0
        if {a, b} == {"r0", "twin"}:  # a reviewer against an identical copy
            assert result.exact.f1 in (None, 1.0) and result.overlap.f1 in (None, 1.0)
            assert result.kappa is None or result.kappa == pytest.approx(1.0)
            assert result.alpha is None or result.alpha == pytest.approx(1.0)

    # F1 does not depend on which reviewer is A
    if len(reviewers) >= 2:
        swapped = agreement(store, reviewers=list(reversed(report.reviewers)))
        for result in report.pairs:
            other = swapped.pair(result.reviewer_a, result.reviewer_b, result.label)
            assert other.reviewer_a == result.reviewer_b
            assert other.exact.f1 == result.exact.f1 and other.overlap.f1 == result.overlap.f1
            assert other.exact.precision == result.exact.recall
            assert other.overlap.tp == result.overlap.tp
            assert other.kappa == pytest.approx(result.kappa) if result.kappa is not None else (
                other.kappa is None)

    # confidence: units = spans tagged identically by at least two reviewers
    units: dict[tuple, dict[str, int]] = {}
    for d in documents:
        for r in readers[d]:
            for span, confidence in spans[(r, d)].items():
                units.setdefault((d, *span), {})[r] = confidence
    shared = [u for u in units.values() if len(u) >= 2]
    assert report.confidence.units == len(shared)
    matrix = [[u.get(r, np.nan) for u in shared] for r in reviewers]
    expected = reference_alpha(matrix, "ordinal", [1, 2, 3, 4, 5]) if shared else None
    if expected is None:
        assert report.confidence.alpha is None
    else:
        assert report.confidence.alpha == pytest.approx(expected, abs=1e-9)
    diffs = [abs(u[r1] - u[r2]) for u in shared for i, r1 in enumerate(reviewers)
             for r2 in reviewers[i + 1:] if r1 in u and r2 in u]
    assert report.confidence.pairs == len(diffs)
    if diffs:
        assert report.confidence.mean_abs_diff == pytest.approx(sum(diffs) / len(diffs))
        assert report.confidence.within_one == pytest.approx(
            sum(x <= 1 for x in diffs) / len(diffs))
