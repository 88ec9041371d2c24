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
