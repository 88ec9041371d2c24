"""A session's verdicts published as ClaimReview JSON-LD, and read back as fact-checks."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from annotator.core.articles.provenance import Provenance
from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import IncompleteClaimReviews, NotFound, ValidationFailed
from annotator.core.factcheck.claimreview import read_fact_checks, write_claimreviews
from annotator.core.factcheck.publishing import (
    check_url_template,
    publishable_claims,
    source_of,
)
from annotator.core.session.store import SessionStore

TEXT = ("The harbour dredging could cost 40 million, according to the audit office. "
        "Tourism rose by half last year, the mayor said. 서울 시장은 📈 약 3,000명이라고 밝혔다.")
TEMPLATE = "https://checks.example/{document_id}/{claim_id}"


def span(phrase):
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def store(tmp_path):
    with SessionStore.open(tmp_path / "s.sqlite", create=True, reviewer="ana") as store:
        summary, _ = store.add_document(ImportedDocument(
            title="Harbour", text=TEXT, source_format="html", provenance=Provenance(
                url="https://courier.example/harbour", outlet="The Lowland Courier",
                published=date(2026, 3, 5))))
        doc = summary.id
        first = store.add_annotation(doc, *span("The harbour dredging could cost 40 million"),
                                     "claim")
        source = store.add_annotation(doc, *span("according to the audit office"),
                                      "attribution")
        store.add_link(source.id, first.id)
        second = store.add_annotation(doc, *span("Tourism rose by half last year"), "claim")
        third = store.add_annotation(doc, *span("서울 시장은 📈 약 3,000명이라고"), "claim")
        store.update_annotation(first.id, verdict="mostly_false")
        store.update_annotation(second.id, verdict="true")
        store.update_annotation(third.id, verdict="unverified")  # never published
        store.ids = (doc, first.id, second.id, third.id)
        yield store


def test_rated_claims_become_claim_reviews_with_where_they_appeared(store):
    doc, first, second, _ = store.ids
    claims = list(publishable_claims(store, url_template=TEMPLATE, org_name="Desk",
                                     org_url="https://desk.example"))
    assert [c.claim_id for c in claims] == [first, second]
    one = claims[0]
    assert one.claim_reviewed == "The harbour dredging could cost 40 million"
    assert (one.verdict_title, one.rating_value, one.best_rating, one.worst_rating) == (
        "Mostly false", 2, 5, 1)
    assert one.url == f"https://checks.example/{doc}/{first}"
    assert one.article_url == "https://courier.example/harbour"
    assert one.outlet_name == "The Lowland Courier" and one.article_date == date(2026, 3, 5)
    assert one.claim_author == "the audit office"
    assert claims[1].claim_author is None


def test_claims_are_rated_on_the_sessions_own_scale(store):
    from annotator.core.factcheck.verdict_scales import POLITIFACT

    scale = POLITIFACT.added("Unverified", rating=None)[0]
    store.set_verdict_scale(scale)
    claims = list(publishable_claims(store, url_template=TEMPLATE, org_name="Desk"))
    assert [(c.verdict_title, c.rating_value, c.best_rating, c.worst_rating)
            for c in claims] == [("Mostly False", 3, 6, 1), ("True", 6, 6, 1)]


def test_the_json_ld_reads_back_as_the_same_claims_verdicts_and_addresses(store):
    out = io.StringIO()
    claims = list(publishable_claims(store, url_template=TEMPLATE, org_name="Desk"))
    assert write_claimreviews(claims, out) == 2
    data = json.loads(out.getvalue())
    assert data[0]["itemReviewed"]["appearance"]["url"] == "https://courier.example/harbour"
    assert data[0]["itemReviewed"]["author"]["name"] == "the audit office"
    back = read_fact_checks(out.getvalue())
    assert [(r.claim_reviewed, r.verdict, r.rating_value, r.url) for r in back] == [
        (c.claim_reviewed, c.verdict_title, c.rating_value, c.url) for c in claims]
    assert back[0].appearance_urls == ("https://courier.example/harbour",)


def test_a_claim_lacking_an_address_or_organisation_is_named_and_nothing_written(store):
    out = io.StringIO()
    with pytest.raises(IncompleteClaimReviews) as caught:
        write_claimreviews(publishable_claims(store), out)
    _, first, second, _ = store.ids
    assert f"claim {first} lacks url, author.name" in str(caught.value)
    assert f"claim {second}" in str(caught.value)
    assert out.getvalue() == ""


@pytest.mark.parametrize(("template", "words"), [
    ("https://x.example/{id}", "{id}"),
    ("https://x.example/checks", "must hold {claim_id}"),
    ("ftp://x.example/{claim_id}", "does not make a web address"),
])
def test_bad_address_templates_are_one_sentence(template, words):
    with pytest.raises(ValidationFailed, match=words.replace("{", r"\{").replace("}", r"\}")):
        check_url_template(template)


def test_an_unknown_document_or_reviewer_is_refused(store):
    with pytest.raises(NotFound):
        list(publishable_claims(store, document_id=999))
    with pytest.raises(NotFound):
        list(publishable_claims(store, reviewer="nobody"))


@pytest.mark.parametrize(("attribution", "source"), [
    ("according to the audit office", "the audit office"),
    ("Ines Varga, a senior auditor, said", "Ines Varga"),
    ("said Ines Varga", "Ines Varga"),
    ("the ministry said in a statement", "the ministry"),
    ("officials told reporters", "officials"),
    ("citing two officials", "two officials"),
    ("she said", None),
    ("reports have surfaced", None),
    ("it is understood", None),
])
def test_the_source_an_attribution_names(attribution, source):
    assert source_of(attribution) == source


def test_a_claims_own_summary_and_address_are_published_before_the_template(store):
    doc, first, second, _ = store.ids
    store.update_annotation(first, claim_reviewed="  The dredging will cost\n40 million ",
                            fact_check_url="https://desk.example/checks/dredging")
    out = io.StringIO()
    assert write_claimreviews(publishable_claims(store, url_template=TEMPLATE,
                                                 org_name="Desk"), out) == 2
    one, two = json.loads(out.getvalue())
    assert one["claimReviewed"] == "The dredging will cost 40 million"
    assert one["url"] == "https://desk.example/checks/dredging"
    assert two["claimReviewed"] == "Tourism rose by half last year"
    assert two["url"] == f"https://checks.example/{doc}/{second}"
    # a claim with its own address needs no template
    store.update_annotation(second, verdict="unverified")
    [alone] = publishable_claims(store, org_name="Desk")
    assert alone.url == "https://desk.example/checks/dredging"


def test_a_claims_fact_check_address_must_be_a_web_address(store):
    _, first, _, _ = store.ids
    with pytest.raises(ValidationFailed, match="not a web address"):
        store.update_annotation(first, fact_check_url="desk/checks/1")
    assert store.update_annotation(first, fact_check_url="").fact_check_url is None


def test_editing_the_claim_as_checked_or_its_address_is_one_change_each(store):
    from annotator.core.session import changes

    _, first, _, _ = store.ids
    summary = changes.edit_annotation(store, first, claim_reviewed="Dredging costs 40 million")
    address = changes.edit_annotation(store, first, fact_check_url="https://desk.example/c/1")
    assert (summary.text, address.text) == ("Edit the claim as checked",
                                            "Edit the fact-check's address")
    address.undo(store)
    claim = store.annotation(first)
    assert claim.fact_check_url is None and claim.claim_reviewed == "Dredging costs 40 million"
    summary.undo(store)
    assert store.annotation(first).claim_reviewed is None
    summary.redo(store)
    address.redo(store)
    assert store.annotation(first).fact_check_url == "https://desk.example/c/1"
