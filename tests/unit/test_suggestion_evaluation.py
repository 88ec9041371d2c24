"""Scoring suggestions against reviewed spans: exact, overlapping and core-covering matches."""

from __future__ import annotations

import pytest

from annotator.core.suggestions import Suggester, load_rules
from annotator.core.suggestions.evaluation import combine, evaluate

TEXT = "Up to 3,000 people fled, the ministry said, and some 4,000 stayed."


def score(scores, label, mode):
    return next(s for s in scores if s.label == label and s.mode == mode)


def test_exact_overlap_and_core_count_differently():
    reviewed = [(0, 18, "estimate"), (25, 42, "attribution"), (48, 58, "estimate")]
    suggested = [(0, 11, "estimate"), (29, 42, "attribution"), (60, 65, "estimate")]
    cues = Suggester(load_rules()).attribution_cues(TEXT)
    scores = evaluate(TEXT, suggested, reviewed, ["estimate", "attribution"], cues)
    exact = score(scores, "estimate", "exact")
    assert (exact.true_positives, exact.suggested, exact.reviewed) == (0, 2, 2)
    overlap = score(scores, "estimate", "overlap")
    assert overlap.true_positives == 1 and overlap.precision == 0.5 and overlap.recall == 0.5
    # "Up to 3,000" covers the figure of "Up to 3,000 people": its core
    assert score(scores, "estimate", "core").true_positives == 1
    # "ministry said" covers the cue and a word of the source "the ministry said"
    assert score(scores, "attribution", "core").true_positives == 1
    assert score(scores, "attribution", "exact").true_positives == 0


def test_a_suggestion_missing_the_figure_or_the_cue_is_not_core():
    reviewed = [(0, 11, "estimate"), (25, 42, "attribution")]
    suggested = [(0, 5, "estimate"), (25, 37, "attribution")]  # "Up to", "the ministry"
    cues = Suggester(load_rules()).attribution_cues(TEXT)
    scores = evaluate(TEXT, suggested, reviewed, ["estimate", "attribution"], cues)
    assert score(scores, "estimate", "overlap").true_positives == 1
    assert score(scores, "estimate", "core").true_positives == 0
    assert score(scores, "attribution", "core").true_positives == 0


def test_each_span_is_matched_once_and_scores_add_up_over_texts():
    one = evaluate(TEXT, [(0, 11, "estimate"), (0, 5, "estimate")], [(0, 11, "estimate")],
                   ["estimate"])
    assert score(one, "estimate", "overlap").true_positives == 1
    assert score(one, "estimate", "overlap").precision == 0.5
    total = combine(one + evaluate(TEXT, [], [(48, 58, "estimate")], ["estimate"]))
    overlap = score(total, "estimate", "overlap")
    assert (overlap.true_positives, overlap.suggested, overlap.reviewed) == (1, 2, 2)
    assert overlap.f1 == pytest.approx(0.5)


def test_no_spans_scores_zero_without_dividing_by_zero():
    empty = score(evaluate(TEXT, [], [], ["claim"]), "claim", "exact")
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("folder", ["", "heldout"])
def test_the_gold_spans_match_their_articles(folder):
    import importlib.util
    from pathlib import Path

    here = Path(__file__).resolve().parents[1] / "fixtures" / "suggestions"
    spec = importlib.util.spec_from_file_location("check_gold", here / "check_gold.py")
    check_gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_gold)
    assert check_gold.check(here / folder) == []
