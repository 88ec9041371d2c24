"""Claims checked before: a session's claims, and the reference claims of published
fact-checks it holds, matched against one another.

:func:`claim_index` builds one :class:`~annotator.core.factcheck.claim_matching.ClaimIndex` of
the session's claims (keyed by annotation id, with their article) and its reference claims
(keyed ``"ref:ID"``, with no article); :func:`checked_before` lists, for one claim, those that
say the same thing in other words, best first, with what a reviewer needs to judge them
(verdict, article, date); :func:`list_claims` is what ``annotator claims`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from annotator.core.factcheck.claim_matching import DEFAULT_THRESHOLD, Claim, ClaimIndex

if TYPE_CHECKING:
    from annotator.core.session.fact_checks import SameAs
    from annotator.core.session.store import SessionStore

CLAIM_LABEL = "claim"


@dataclass(frozen=True)
class CheckedClaim:
    """A claim of the session or of a published fact-check, as a match shows it."""

    key: str  # the annotation id, or "ref:ID" for a reference claim
    text: str
    verdict: str | None
    source: str  # the article's title, or the fact-checking organisation
    date: date | None
    url: str | None = None
    score: int = 0


@dataclass
class ListedClaim:
    """One claim of the session with the claims it matches."""

    id: int
    text: str
    verdict: str | None
    document_id: int
    document_title: str
    same_as: str | None
    matches: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "verdict": self.verdict,
                "document_id": self.document_id, "document_title": self.document_title,
                "same_as": self.same_as,
                "matches": [{"id": key, "score": score} for key, score in self.matches]}


@dataclass(frozen=True)
class CopyOffer:
    """What marking a claim as the same claim as another offers to copy to it: the other's
    verdict, as a key of the session's scale the claim does not have yet, and its evidence
    links the claim lacks (a published fact-check's evidence is its own address).
    ``unmatched`` is a published rating that no verdict of the session's scale is called."""

    verdict: str | None = None
    evidence: tuple[str, ...] = ()
    unmatched: str | None = None

    @property
    def empty(self) -> bool:
        return self.verdict is None and not self.evidence


def copy_offer(store: SessionStore, claim_id: int, same: SameAs) -> CopyOffer:
    """What to offer to copy to claim ``claim_id`` when it is marked as the same claim as
    ``same``: a claim of the session gives its verdict and evidence; a published fact-check
    its rating, as the verdict of the session's scale with that title (none when no verdict is
    called so: ``unmatched`` then names the rating), and its address."""
    from annotator.core.defaults import MAX_EVIDENCE_URLS

    claim = store.annotation(claim_id)
    scale = store.verdict_scale()
    unmatched = None
    if same.claim_id is not None:
        other = store.annotation(same.claim_id)
        verdict = other.verdict if other.verdict in scale else None
        links: tuple[str, ...] = other.evidence
    else:
        reference = store.reference_claims().get(same.reference_id)
        if reference is None:
            return CopyOffer()
        rating = " ".join((reference.verdict or "").split())
        verdict = scale.key_for_title(rating) if rating else None
        unmatched = rating if rating and verdict is None else None
        links = (reference.url,) if reference.url else ()
    room = MAX_EVIDENCE_URLS - len(claim.evidence)
    evidence = tuple(dict.fromkeys(url for url in links if url not in claim.evidence))[:room]
    return CopyOffer(None if verdict == claim.verdict else verdict, evidence, unmatched)


def reference_key(reference_id: int) -> str:
    return f"ref:{reference_id}"


def claim_entries(store: SessionStore) -> tuple[list[Claim], dict[str, CheckedClaim]]:
    """Every claim of the session and every reference claim, to be indexed, and how each is
    shown, by key: what :func:`claim_index` reads from the session (quick), apart from the
    index it builds (slow: the window builds it in a worker thread)."""
    shown: dict[str, CheckedClaim] = {}
    claims: list[Claim] = []
    summaries = {summary.id: summary for summary in store.documents(counts=False)}
    for annotation_id, document_id, quote, verdict in store.labelled_quotes(CLAIM_LABEL):
        summary = summaries.get(document_id)
        if summary is None:  # a document left out as damaged, with its annotations
            continue
        key = str(annotation_id)
        text = " ".join(quote.split())
        claims.append(Claim(annotation_id, text, summary.id))
        shown[key] = CheckedClaim(key, text, verdict, summary.title, summary.published,
                                  summary.url)
    for ref_id, ref in store.reference_claims().items():
        key = reference_key(ref_id)
        claims.append(Claim(key, ref.claim_reviewed, None))
        shown[key] = CheckedClaim(key, ref.claim_reviewed, ref.verdict,
                                  ref.organisation_name or "a published fact-check",
                                  ref.date_published, ref.url)
    return claims, shown


def claim_index(store: SessionStore) -> tuple[ClaimIndex, dict[str, CheckedClaim]]:
    """The index of every claim of the session and every reference claim, and how each is
    shown, by key."""
    claims, shown = claim_entries(store)
    return ClaimIndex(claims), shown


def checked_before(store: SessionStore, claim_id: int, *, limit: int = 10,
                   index: tuple[ClaimIndex, dict[str, CheckedClaim]] | None = None,
                   ) -> list[CheckedClaim]:
    """The claims of other articles, and of published fact-checks, that say what claim
    ``claim_id`` says, best first."""
    matcher, shown = index or claim_index(store)
    if claim_id not in matcher:
        return []
    found = matcher.similar_to(claim_id, other_articles=True)[:limit]
    return [_with_score(shown[str(m.claim_id)], m.score) for m in found]


def _with_score(claim: CheckedClaim, score: int) -> CheckedClaim:
    return CheckedClaim(claim.key, claim.text, claim.verdict, claim.source, claim.date,
                        claim.url, score)


def list_claims(store: SessionStore, threshold: float = DEFAULT_THRESHOLD) -> list[ListedClaim]:
    """Every claim of the session, in reading order, with the claims (of other articles and of
    published fact-checks) it matches and what a reviewer marked it the same as."""
    matcher, _shown = claim_index(store)
    matches = matcher.all_matches(threshold, other_articles=True)
    marked: dict[int, SameAs] = store.all_same_as()
    listed = []
    for summary in store.documents(counts=False):
        for annotation in store.annotations(summary.id):
            if annotation.label != CLAIM_LABEL:
                continue
            assert annotation.id is not None
            same = marked.get(annotation.id)
            listed.append(ListedClaim(
                id=annotation.id, text=" ".join(annotation.quote.split()),
                verdict=annotation.verdict, document_id=summary.id,
                document_title=summary.title, same_as=str(same) if same else None,
                matches=[(str(m.claim_id), m.score)
                         for m in matches.get(annotation.id, [])]))
    return listed
