"""Adjudication: items where reviewers' spans overlap, and the gold layer built from them."""

from __future__ import annotations

import pytest

from annotator.core.errors import ValidationFailed
from annotator.core.review.adjudication import GOLD_REVIEWER, accept, items, summary
from annotator.core.session import changes

TEXT = ("Up to 3,000 troops were moved, according to the ministry. "
        "A source said some 4,000 more could follow.")


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def article(store, add_text):
    doc = add_text(TEXT)
    add = store.add_annotation
    # both tag the first figure the same way: an agreement
    add(doc, *at("Up to 3,000"), "estimate", reviewer="ana")
    add(doc, *at("Up to 3,000"), "estimate", reviewer="bo")
    # labels differ on the ministry
    add(doc, *at("according to the ministry"), "attribution", reviewer="ana")
    add(doc, *at("according to the ministry"), "claim", reviewer="bo")
    # the ends differ on the second figure
    add(doc, *at("some 4,000"), "estimate", reviewer="ana", note="hedged")
    add(doc, *at("some 4,000 more"), "estimate", reviewer="bo")
    # only bo tagged the source
    add(doc, *at("A source said"), "attribution", reviewer="bo")
    return doc


def quotes(found) -> list[str]:
    return [TEXT[i.start:i.end] for i in found]


def test_items_group_overlapping_spans_and_put_disagreements_first(store, article):
    found = items(store, article)
    assert quotes(found) == [
        "according to the ministry", "A source said", "some 4,000 more", "Up to 3,000",
    ]
    assert [i.disagreement for i in found] == [True, True, True, False]
    assert found[0].describe() == "labels differ (attribution, claim)"
    assert found[1].describe() == "not tagged by ana"
    assert found[2].describe() == "the ends differ"
    assert found[3].describe() == "all 2 agree: estimate"
    assert all(i.open for i in found)
    assert [a.reviewer for a in found[2].versions] == ["ana", "bo"]


def test_accepting_a_span_copies_it_into_the_gold_layer_and_decides_the_item(store, article):
    item = next(i for i in items(store, article) if i.describe() == "the ends differ")
    ana = item.versions[0]
    gold, created = accept(store, ana.id)
    assert created
    assert (gold.start, gold.end, gold.label, gold.note, gold.reviewer) == (
        ana.start, ana.end, "estimate", "hedged", GOLD_REVIEWER)
    assert accept(store, ana.id) == (gold, False)  # accepting twice adds nothing
    decided = next(i for i in items(store, article) if i.start == item.start)
    assert decided.decided and decided.gold == (gold,)
    assert items(store, article)[-1].start == item.start  # decided ones go last
    # the gold layer is not a reviewer of the items
    assert all(GOLD_REVIEWER not in i.reviewers for i in items(store, article))


def test_rejecting_an_item_decides_it_and_can_be_taken_back(store, article):
    item = items(store, article)[0]
    rejection = changes.reject_span(store, article, item.start, item.end)
    assert store.rejected_spans(article) == [(item.start, item.end)]
    assert next(i for i in items(store, article) if i.start == item.start).rejected
    assert summary(store) == {"items": 4, "disagreements": 3, "open": 3,
                              "open_disagreements": 2}
    rejection.undo(store)
    assert summary(store)["open"] == 4


def test_rejecting_nothing_is_refused(store, article):
    with pytest.raises(ValidationFailed):
        store.reject_span(article, 5, 5)


def test_verdict_and_evidence_go_into_the_gold_copy(store, add_text):
    doc = add_text(TEXT)
    claim = store.add_annotation(doc, *at("Up to 3,000 troops were moved"), "claim",
                                 reviewer="ana")
    store.update_annotation(claim.id, verdict="mostly_false",
                            evidence=["https://example.org/report"])
    gold, _ = accept(store, claim.id)
    assert gold.verdict == "mostly_false"
    assert gold.evidence == ("https://example.org/report",)


def test_the_summary_leaves_out_articles_only_one_reviewer_annotated(store, article, add_text):
    before = summary(store)
    alone = add_text("Officials said some 4,000 people left, a source said.")
    store.add_annotation(alone, 15, 25, "estimate", reviewer="ana")  # some 4,000
    store.add_annotation(alone, 39, 52, "attribution", reviewer="ana")  # a source said
    assert summary(store) == before
    assert summary(store, [alone]) == {"items": 0, "disagreements": 0, "open": 0,
                                       "open_disagreements": 0}


def test_accepting_a_claim_copies_its_verdict_evidence_and_what_is_published(store, article):
    source = next(a for a in store.annotations(article) if a.label == "claim")
    store.update_annotation(
        source.id, verdict="false", evidence=["https://checks.example/1"],
        claim_reviewed="The ministry said so", fact_check_url="https://checks.example/c/1")
    gold, created = accept(store, source.id)
    assert created and gold.reviewer == GOLD_REVIEWER
    assert (gold.verdict, gold.evidence, gold.claim_reviewed, gold.fact_check_url) == (
        "false", ("https://checks.example/1",), "The ministry said so",
        "https://checks.example/c/1")
