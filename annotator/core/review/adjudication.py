"""Adjudication: compare the reviewers' spans of an article and build the gold layer.

The reviewers' annotations of one article are grouped into *items*: stretches of text where
spans overlap (whatever their labels), so that every span is in exactly one item. An item is an
*agreement* when every reviewer of the article has exactly one span in it and those spans are
identical (start, end and label); otherwise a *disagreement* (a reviewer missed it, the spans'
ends differ, or the labels do).

An item is *decided* once the gold layer (the annotations of :data:`GOLD_REVIEWER`) has a span
overlapping it, or the adjudicator rejected it (no span of it goes into the gold layer, recorded
in ``rejected_spans``). The adjudicator accepts a reviewer's span (copied into the gold layer
with everything it carries: label, confidence, note, verdict, evidence, the claim as checked
and its fact-check address), edits the copy, or rejects the item.
The gold layer is ordinary annotations with the reviewer ``gold``: it is exported like any other
(``annotator export SESSION --reviewer gold``).

    for item in items(store, document_id):
        if item.open and item.disagreement:
            gold, _ = accept(store, item.versions[0].id)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.defaults import GOLD_REVIEWER
from annotator.core.errors import AnnotatorError
from annotator.core.models import Annotation
from annotator.core.session.changes import AnnotationAdded
from annotator.core.session.store import SessionStore

__all__ = ["GOLD_REVIEWER", "Item", "accept", "items", "summary"]


@dataclass(frozen=True)
class Item:
    """One stretch of an article where reviewers' spans overlap."""

    document_id: int
    start: int  # the stretch the item's spans cover, half-open
    end: int
    versions: tuple[Annotation, ...]  # the reviewers' spans, by reviewer then position
    reviewers: tuple[str, ...]  # everyone who annotated the article (gold excluded)
    gold: tuple[Annotation, ...] = ()  # gold spans overlapping the stretch
    rejected: bool = False
    missing: tuple[str, ...] = field(default=())  # reviewers with no span in the item

    @property
    def disagreement(self) -> bool:
        if self.missing:
            return True
        spans = {(a.start, a.end, a.label) for a in self.versions}
        return len(spans) != 1 or len(self.versions) != len(self.reviewers)

    @property
    def decided(self) -> bool:
        return bool(self.gold) or self.rejected

    @property
    def open(self) -> bool:
        return not self.decided

    def describe(self) -> str:
        """A short line for a list: what the reviewers did here."""
        if not self.disagreement:
            label = self.versions[0].label
            return f"all {len(self.reviewers)} agree: {label}"
        parts = []
        labels = sorted({a.label for a in self.versions})
        if len(labels) > 1:
            parts.append("labels differ (" + ", ".join(labels) + ")")
        elif len({(a.start, a.end) for a in self.versions}) > 1:
            parts.append("the ends differ")
        if self.missing:
            parts.append("not tagged by " + ", ".join(self.missing))
        return "; ".join(parts) or "reviewers differ"


def items(
    store: SessionStore, document_id: int, *, reviewers: Iterable[str] | None = None
) -> list[Item]:
    """The article's items: open disagreements first, then open agreements, then decided
    ones, each group in reading order."""
    annotations = store.annotations(document_id)
    gold = [a for a in annotations if a.reviewer == GOLD_REVIEWER]
    spans = [a for a in annotations if a.reviewer != GOLD_REVIEWER]
    if reviewers is not None:
        wanted = set(reviewers)
        spans = [a for a in spans if a.reviewer in wanted]
    names = tuple(sorted({a.reviewer for a in spans}, key=str.casefold))
    rejected = set(store.rejected_spans(document_id))
    found: list[Item] = []
    for start, end, group in _clusters(spans):
        present = {a.reviewer for a in group}
        found.append(
            Item(
                document_id=document_id,
                start=start,
                end=end,
                versions=tuple(sorted(group, key=lambda a: (names.index(a.reviewer), a.start,
                                                            a.end, a.label))),
                reviewers=names,
                gold=tuple(g for g in gold if g.start < end and start < g.end),
                rejected=(start, end) in rejected,
                missing=tuple(n for n in names if n not in present),
            )
        )
    return sorted(found, key=lambda i: (i.decided, not i.disagreement, i.start, i.end))


def _clusters(spans: list[Annotation]) -> list[tuple[int, int, list[Annotation]]]:
    """Spans grouped where they overlap (transitively), with each group's extent."""
    groups: list[tuple[int, int, list[Annotation]]] = []
    for span in sorted(spans, key=lambda a: (a.start, a.end)):
        if groups and span.start < groups[-1][1]:
            start, end, members = groups[-1]
            members.append(span)
            groups[-1] = (start, max(end, span.end), members)
        else:
            groups.append((span.start, span.end, [span]))
    return groups


def accept(store: SessionStore, annotation_id: int) -> tuple[Annotation, bool]:
    """Copy a reviewer's span into the gold layer, with everything it carries; returns the
    gold annotation and whether it is new (an identical gold span already there is returned
    as it is)."""
    source = store.annotation(annotation_id)
    for start, end, span_id, label in store.spans_between(
        source.document_id, source.start, source.end
    ):
        if (start, end, label) == (source.start, source.end, source.label):
            candidate = store.annotation(span_id)
            if candidate.reviewer == GOLD_REVIEWER:
                return candidate, False
    gold = store.add_annotation(
        source.document_id, source.start, source.end, source.label,
        confidence=source.confidence, note=source.note, reviewer=GOLD_REVIEWER,
    )
    if source.verdict is not None or source.evidence or source.claim_reviewed \
            or source.fact_check_url:
        gold = store.update_annotation(
            gold.id, verdict=source.verdict, evidence=source.evidence,
            claim_reviewed=source.claim_reviewed, fact_check_url=source.fact_check_url)
    return gold, True


def accept_change(store: SessionStore, annotation_id: int) -> AnnotationAdded:
    """:func:`accept` as a change that can be undone (see :mod:`annotator.core.session.changes`);
    a span already in the gold layer is refused with a message for the adjudicator."""
    gold, created = accept(store, annotation_id)
    quote = " ".join(gold.quote.split())
    quote = quote if len(quote) <= 32 else quote[:31] + "…"
    if not created:
        raise AnnotatorError(f"“{quote}” is already in the gold layer as {gold.label}")
    return AnnotationAdded(gold, f"Accept “{quote}” into the gold layer")


def summary(store: SessionStore, document_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Counts over the articles that two reviewers or more annotated (there is nothing to
    adjudicate in the others): items, disagreements, and how many of each are still open."""
    ids = list(document_ids) if document_ids is not None else [
        d.id for d in store.documents(counts=False)
    ]
    counts = {"items": 0, "disagreements": 0, "open": 0, "open_disagreements": 0}
    for document_id in ids:
        found = items(store, document_id)
        if found and len(found[0].reviewers) < 2:
            continue
        for item in found:
            counts["items"] += 1
            counts["disagreements"] += item.disagreement
            counts["open"] += item.open
            counts["open_disagreements"] += item.open and item.disagreement
    return counts
