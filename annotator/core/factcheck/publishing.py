"""A session's verdicts as published fact-checks: one ClaimReview per rated claim.

Each claim with a verdict the scale rates (not *unverified*, not *not checkable*) becomes one
:class:`~annotator.core.factcheck.claimreview.PublishableClaim`:

- ``claimReviewed``: the claim as checked, where the reviewer wrote it, else the claim's text,
  as tagged (white space made single);
- ``reviewRating``: the verdict's title, its rating, and the scale's best and worst rating;
- ``url``: the claim's own fact-check address, where the reviewer gave it, else from
  ``url_template`` (``{claim_id}`` and ``{document_id}`` are filled in), e.g.
  ``https://example.org/checks/{claim_id}``;
- ``author``: the organisation publishing the fact-check (``org_name``, ``org_url``);
- ``datePublished``: the day the claim was last changed (its verdict given);
- ``itemReviewed``: the claim as it appeared: the article's address and outlet (its provenance),
  the article's date, and the source of an attribution linked to the claim, where there is one.

A claim that lacks what a ClaimReview needs is reported by id with what it lacks, and nothing is
written (see :func:`~annotator.core.factcheck.claimreview.write_claimreviews`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import ValidationFailed
from annotator.core.factcheck.claimreview import PublishableClaim, write_claimreviews
from annotator.core.factcheck.verdict_scales import VerdictScale

if TYPE_CHECKING:
    from annotator.core.models import Annotation, DocumentSummary
    from annotator.core.session.store import SessionStore

CLAIM_LABEL = "claim"
ATTRIBUTION_LABEL = "attribution"
_PLACEHOLDERS = re.compile(r"\{(\w*)\}")


def check_url_template(template: str) -> str:
    """``template`` if it makes a web address from ``{claim_id}`` (and ``{document_id}``),
    else :class:`ValidationFailed` with one sentence."""
    unknown = {name for name in _PLACEHOLDERS.findall(template)} - {"claim_id", "document_id"}
    if unknown:
        raise ValidationFailed(
            f"the address template has {', '.join('{' + n + '}' for n in sorted(unknown))}; "
            "it may use {claim_id} and {document_id}")
    if "{claim_id}" not in template:
        raise ValidationFailed("the address template must hold {claim_id}, so that each "
                               "fact-check has an address of its own")
    example = fill(template, 1, 1)
    if not re.match(r"https?://[^\s/]+", example):
        raise ValidationFailed(f"the address template {template!r} does not make a web "
                               "address (http:// or https://)")
    return template


def fill(template: str, claim_id: int, document_id: int) -> str:
    return template.replace("{claim_id}", str(claim_id)).replace("{document_id}",
                                                                 str(document_id))


def publishable_claims(
    store: SessionStore,
    *,
    url_template: str | None = None,
    org_name: str | None = None,
    org_url: str | None = None,
    scale: VerdictScale | None = None,
    document_id: int | None = None,
    reviewer: str | None = None,
) -> Iterator[PublishableClaim]:
    """The rated claims of the session (or of one document, or one reviewer), in reading order,
    rated on ``scale`` (by default the session's)."""
    if scale is None:
        scale = store.verdict_scale()
    if url_template is not None:
        check_url_template(url_template)
    if document_id is not None:
        store.document_summary(document_id)  # an unknown one: NotFound, one sentence
    if reviewer is not None:
        store.require_reviewers([reviewer])
    for summary in store.documents(counts=False):
        if document_id is not None and summary.id != document_id:
            continue
        annotations = {a.id: a for a in store.annotations(summary.id)
                       if reviewer is None or a.reviewer == reviewer}
        sources = _linked_sources(store, summary.id, annotations)
        for claim in annotations.values():
            if claim.label != CLAIM_LABEL or claim.verdict is None:
                continue
            if scale.rating_of(claim.verdict) is None:
                continue  # unverified, not checkable: nothing to publish
            yield _publishable(claim, summary, scale, sources.get(claim.id),
                               url_template, org_name, org_url)


def _publishable(claim: Annotation, summary: DocumentSummary, scale: VerdictScale,
                 source: str | None, url_template: str | None, org_name: str | None,
                 org_url: str | None) -> PublishableClaim:
    assert claim.id is not None and claim.verdict is not None
    return PublishableClaim(
        claim_id=claim.id,
        claim_reviewed=claim.claim_reviewed or " ".join(claim.quote.split()),
        verdict_title=scale.title_of(claim.verdict),
        rating_value=scale.rating_of(claim.verdict),
        best_rating=scale.best_rating,
        worst_rating=scale.worst_rating,
        url=claim.fact_check_url or (fill(url_template, claim.id, summary.id)
                                     if url_template else None),
        organisation_name=org_name,
        organisation_url=org_url,
        date_published=claim.updated_at.date(),
        article_url=summary.url,
        outlet_name=summary.outlet,
        article_date=summary.published,
        claim_author=source,
        claim_author_is_organisation=False,
    )


def _linked_sources(store: SessionStore, document_id: int,
                    annotations: dict[int, Annotation]) -> dict[int, str]:
    """For each claim linked to an attribution: the source that attribution names."""
    found: dict[int, str] = {}
    for a, b in store.links_in_document(document_id):
        for attribution, claim in ((a, b), (b, a)):
            first, second = annotations.get(attribution), annotations.get(claim)
            if first is None or second is None or claim in found:
                continue
            if first.label == ATTRIBUTION_LABEL and second.label == CLAIM_LABEL:
                source = source_of(first.quote)
                if source:
                    found[claim] = source
    return found


_CUE_BEFORE = re.compile(
    r"^(?:according\s+to|citing|as\s+(?:told|reported|said)\s+by|said\s+by|in\s+the\s+words\s+of"
    r"|said|says|told|claimed|added|wrote|stated)\s+", re.IGNORECASE)
_CUE_AFTER = re.compile(
    r"[\s,]+(?:(?:also|has|have|had|later|previously)\s+)*"
    r"(?:said|says|told\b.*|claimed|claims|added|wrote|stated|argued|warned|estimated|estimates"
    r"|reported|confirmed|announced|believes|believed|thinks|noted|insisted|denied|disputed)"
    r"(?:\s+in\s+a\s+statement)?[.,]?$", re.IGNORECASE)
_APPOSITION = re.compile(r",.*$")


def source_of(attribution: str) -> str | None:
    """Who an attribution names: its text without the cue ("according to the audit office" →
    "the audit office"; "Ines Varga, a senior auditor, said" → "Ines Varga"); ``None`` for an
    attribution without a named source."""
    text = " ".join(attribution.split()).strip(" ,.;:")
    text = _CUE_BEFORE.sub("", text)
    text = _CUE_AFTER.sub("", text)
    text = _APPOSITION.sub("", text).strip(" ,.;:")
    if not text or text.lower() in _UNNAMED or text.lower() in _sourceless_phrases():
        return None
    return text


_UNNAMED = frozenset({"it", "he", "she", "they", "we", "i", "you", "sources", "a source"})


@cache
def _sourceless_phrases() -> frozenset[str]:
    """The suggester's attributions without a named source ("reports have surfaced")."""
    from annotator.core.suggestions.rules import load_rules

    return frozenset(" ".join(phrase.lower().split())
                     for phrase in load_rules("en").words("attribution", "sourceless"))


def export_claimreviews(store: SessionStore, target: str | Path | None, **options) -> int:
    """Write the session's rated claims as ClaimReview JSON-LD to ``target`` (standard output
    when ``None``); returns how many. Nothing is written if a claim lacks something."""
    claims = list(publishable_claims(store, **options))
    if target is None:
        import sys

        return write_claimreviews(claims, sys.stdout)
    return write_claimreviews(claims, Path(target))
