"""Claims checked before, in a session: published fact-checks read in, claims of other articles
and of fact-checks that say the same thing, and a claim marked the same as another (undoably)."""

from __future__ import annotations

import json

import pytest

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import NotFound, ValidationFailed
from annotator.core.factcheck.checked_before import checked_before, list_claims
from annotator.core.factcheck.claimreview import read_fact_checks
from annotator.core.session import changes
from annotator.core.session.fact_checks import SameAs
from annotator.core.session.store import SessionStore

FIRST = "The council spent 4 million on the bridge repairs last year, officials said."
SECOND = "Four million was spent by the council on the bridge repairs, the mayor claimed."
FACT_CHECK = json.dumps({"@context": "https://schema.org", "@type": "ClaimReview",
                         "url": "https://checks.example/bridge",
                         "claimReviewed": "The council spent 4 million on bridge repairs",
                         "author": {"@type": "Organization", "name": "Valley Checks"},
                         "datePublished": "2026-01-10",
                         "reviewRating": {"@type": "Rating", "alternateName": "Mostly true",
                                          "ratingValue": 4, "bestRating": 5,
                                          "worstRating": 1}})


@pytest.fixture
def store(tmp_path):
    with SessionStore.open(tmp_path / "s.sqlite", create=True, reviewer="ana") as store:
        ids = []
        for title, text, end in (("One", FIRST, 58), ("Two", SECOND, 61)):
            summary, _ = store.add_document(ImportedDocument(title=title, text=text,
                                                             source_format="text"))
            ids.append(store.add_annotation(summary.id, 0, end, "claim").id)
        store.update_annotation(ids[1], verdict="true")
        store.claim_ids = ids
        yield store


def test_a_claim_of_another_article_saying_the_same_is_listed_with_its_verdict(store):
    first, second = store.claim_ids
    [found] = checked_before(store, first)
    assert found.key == str(second) and found.verdict == "true" and found.source == "Two"
    assert found.score >= 75


def test_published_fact_checks_are_read_once_and_matched(store):
    claims = read_fact_checks(FACT_CHECK)
    assert store.add_reference_claims(claims, "checks.json") == (1, 0)
    assert store.add_reference_claims(claims, "checks.json") == (0, 1)
    [ref_id] = store.reference_claims()
    keys = [c.key for c in checked_before(store, store.claim_ids[0])]
    assert f"ref:{ref_id}" in keys
    published = next(c for c in checked_before(store, store.claim_ids[0])
                     if c.key == f"ref:{ref_id}")
    assert published.source == "Valley Checks" and published.verdict == "Mostly true"
    assert published.url == "https://checks.example/bridge"


def test_marking_the_same_claim_is_undoable_and_listed(store):
    first, second = store.claim_ids
    change = changes.mark_same_claim(store, first, SameAs(claim_id=second))
    assert store.same_as(first) == SameAs(claim_id=second)
    listed = {c.id: c for c in list_claims(store)}
    assert listed[first].same_as == str(second)
    assert [key for key, _ in listed[first].matches] == [str(second)]
    change.undo(store)
    assert store.same_as(first) is None
    change.redo(store)
    assert store.same_as(first) == SameAs(claim_id=second)


def test_only_claims_can_be_the_same_and_never_themselves(store):
    first, _ = store.claim_ids
    with pytest.raises(ValidationFailed):
        store.set_same_as(first, SameAs(claim_id=first))
    with pytest.raises(NotFound):
        store.set_same_as(first, SameAs(reference_id=99))
    with pytest.raises(ValidationFailed):
        store.set_same_as(first, SameAs(claim_id=1, reference_id=1))


def test_deleting_a_claim_forgets_what_it_was_marked_the_same_as(store):
    first, second = store.claim_ids
    store.set_same_as(first, SameAs(claim_id=second))
    store.delete_annotation(second)
    assert store.same_as(first) is None


def test_undoing_the_deletion_of_a_claim_brings_back_its_same_claim_marks(store):
    first, second = store.claim_ids
    store.set_same_as(first, SameAs(claim_id=second))
    change = changes.delete_annotation(store, first)
    assert store.same_as(first) is None
    change.undo(store)
    assert store.same_as(first) == SameAs(claim_id=second)
    change.redo(store)
    assert store.all_same_as() == {}
    change.undo(store)
    assert store.same_as(first) == SameAs(claim_id=second)


def test_undoing_the_deletion_of_the_claim_marked_against_brings_back_the_mark(store):
    first, second = store.claim_ids
    store.add_reference_claims(read_fact_checks(FACT_CHECK), "checks.json")
    [ref_id] = store.reference_claims()
    store.set_same_as(second, SameAs(reference_id=ref_id))
    store.set_same_as(first, SameAs(claim_id=second))
    marked_at = store._mark_rows([first])[0][4]
    change = changes.delete_annotation(store, second)
    assert store.all_same_as() == {}
    change.undo(store)
    assert store.all_same_as() == {first: SameAs(claim_id=second),
                                   second: SameAs(reference_id=ref_id)}
    assert store._mark_rows([first])[0][4] == marked_at  # as it was, not marked again


def test_undoing_the_removal_of_an_article_brings_back_its_claims_marks(store):
    first, second = store.claim_ids
    store.set_same_as(first, SameAs(claim_id=second))
    change = changes.remove_document(store, store.annotation(second).document_id)
    assert store.all_same_as() == {}
    change.undo(store)
    assert store.all_same_as() == {first: SameAs(claim_id=second)}


def test_marking_copies_the_other_claims_verdict_and_evidence_as_one_change(store):
    from annotator.core.factcheck.checked_before import copy_offer

    first, second = store.claim_ids
    store.update_annotation(first, evidence=["https://a.example/own"])
    store.update_annotation(second, evidence=["https://a.example/own", "https://b.example/x"])
    offer = copy_offer(store, first, SameAs(claim_id=second))
    assert offer.verdict == "true" and offer.evidence == ("https://b.example/x",)
    before = store.annotation(first)
    change = changes.mark_same_claim(store, first, SameAs(claim_id=second),
                                     verdict=offer.verdict, evidence=offer.evidence)
    after = store.annotation(first)
    assert after.verdict == "true"
    assert after.evidence == ("https://a.example/own", "https://b.example/x")
    assert change.effects.changed == [after]
    assert change.text == f"Mark as the same claim as {second} and copy its verdict and evidence"
    assert change.undo(store).changed[0].verdict is None
    assert store.same_as(first) is None and store.annotation(first) == before
    change.redo(store)
    assert store.same_as(first) == SameAs(claim_id=second)
    assert store.annotation(first).evidence == after.evidence
    assert copy_offer(store, first, SameAs(claim_id=second)).empty  # nothing left to copy


def test_marking_copies_nothing_unless_asked(store):
    first, second = store.claim_ids
    store.update_annotation(second, evidence=["https://b.example/x"])
    change = changes.mark_same_claim(store, first, SameAs(claim_id=second))
    assert change.copied is None
    assert store.annotation(first).verdict is None and store.annotation(first).evidence == ()


def test_a_published_rating_is_copied_as_the_scales_verdict_of_that_title(store):
    from annotator.core.factcheck.checked_before import copy_offer

    first, _ = store.claim_ids
    store.add_reference_claims(read_fact_checks(FACT_CHECK), "checks.json")
    [ref_id] = store.reference_claims()
    offer = copy_offer(store, first, SameAs(reference_id=ref_id))
    # "Mostly true" on the standard scale is the verdict "mostly_true"
    assert offer.verdict == "mostly_true" and offer.unmatched is None
    assert offer.evidence == ("https://checks.example/bridge",)  # the fact-check's address
    changes.mark_same_claim(store, first, SameAs(reference_id=ref_id), verdict=offer.verdict,
                            evidence=offer.evidence)
    assert store.annotation(first).verdict == "mostly_true"


def test_a_published_rating_no_verdict_is_called_is_named_and_not_copied(store):
    from annotator.core.factcheck.checked_before import copy_offer
    from annotator.core.factcheck.verdict_scales import preset

    first, second = store.claim_ids
    store.update_annotation(second, verdict=None)
    store.set_verdict_scale(preset("three"))
    store.add_reference_claims(read_fact_checks(FACT_CHECK), "checks.json")
    [ref_id] = store.reference_claims()
    offer = copy_offer(store, first, SameAs(reference_id=ref_id))
    assert offer.verdict is None and offer.unmatched == "Mostly true"
    assert offer.evidence == ("https://checks.example/bridge",)
