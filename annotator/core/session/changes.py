"""Changes to a session that know how to undo and redo themselves, and what they touched.

Every change a reviewer makes in the window is made through one of the functions below (or
:func:`annotator.core.review.adjudication.accept_change`,
:func:`annotator.core.review.merge.merge_change`): each calls the store, which commits at once,
and returns a :class:`Change`. ``change.undo(store)`` and ``change.redo(store)`` put the session
back as it was before, and as it was after; each returns the :class:`Effects` of that step, which
say what the views must show again. The window wraps a change in one generic undo command;
everything a change carries with it (links with an annotation, a document's annotations and
rejections, the rows a merge or an import added) is reversed here, in the core, and tested
without Qt.

    change = changes.delete_annotation(store, claim.id)   # its links go with it
    change.undo(store)                                     # the claim and its links are back
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.defaults import CONFIDENCE_NAMES, DEFAULT_CONFIDENCE, STATUSES
from annotator.core.errors import AnnotatorError
from annotator.core.models import Annotation, Document, Label, StoredSuggestion, now

if TYPE_CHECKING:
    from annotator.core.articles.provenance import Provenance
    from annotator.core.articles.reading import ImportedDocument
    from annotator.core.factcheck.verdict_scales import VerdictScale
    from annotator.core.session.fact_checks import MarkRow, SameAs
    from annotator.core.session.rows import Additions, Snapshot
    from annotator.core.session.store import RemovedDocument, SessionStore


@dataclass
class Effects:
    """What one step of a change touched, for the views (Anki's ``OpChanges``)."""

    added: list[Annotation] = field(default_factory=list)
    changed: list[Annotation] = field(default_factory=list)
    removed: list[Annotation] = field(default_factory=list)
    documents_removed: list[int] = field(default_factory=list)
    documents_added: list[int] = field(default_factory=list)
    documents_changed: list[int] = field(default_factory=list)  # a title or provenance changed
    statuses: dict[int, str] = field(default_factory=dict)  # document id -> its status now
    links: list[int] = field(default_factory=list)  # documents whose links changed
    labels: bool = False  # the label set changed
    verdicts: bool = False  # the verdict scale changed
    label_counts: bool = False  # an annotation changed label
    adjudication: list[int] = field(default_factory=list)  # documents with a rejection changed
    suggestions: list[int] = field(default_factory=list)  # documents whose suggestions changed
    decided: list[int] = field(default_factory=list)  # the suggestions decided or undecided
    reloaded: bool = False  # many things changed: read everything again
    focus: tuple[int, int | None] | None = None  # the document (and annotation) to show


class Change:
    """A change made to a session: ``effects`` of making it; :meth:`undo` and :meth:`redo`."""

    text: str = ""
    effects: Effects

    def undo(self, store: SessionStore) -> Effects:
        raise NotImplementedError

    def redo(self, store: SessionStore) -> Effects:
        raise NotImplementedError

    @property
    def empty(self) -> bool:
        """Whether the change changed nothing (it then needs no undo step)."""
        return False

    def merged_with(self, later: Change) -> Change | None:
        """One change doing both this and ``later`` (typing in a note), or None."""
        return None


def _short(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ annotations


@dataclass
class AnnotationAdded(Change):
    annotation: Annotation
    text: str = ""

    def __post_init__(self) -> None:
        self.effects = Effects(added=[self.annotation])

    def undo(self, store: SessionStore) -> Effects:
        store.delete_annotation(self.annotation.id)
        return Effects(removed=[self.annotation], focus=(self.annotation.document_id, None))

    def redo(self, store: SessionStore) -> Effects:
        store._restore_annotation(self.annotation)
        return Effects(added=[self.annotation],
                       focus=(self.annotation.document_id, self.annotation.id))


def add_annotation(store: SessionStore, document_id: int, start: int, end: int, label: str,
                   *, confidence: int, reviewer: str | None = None) -> AnnotationAdded:
    """Tag a span (see :meth:`SessionStore.add_annotation`)."""
    annotation = store.add_annotation(document_id, start, end, label, confidence=confidence,
                                      reviewer=reviewer)
    return AnnotationAdded(annotation, f"Tag “{_short(annotation.quote)}” as {label}")


@dataclass
class AnnotationEdited(Change):
    before: Annotation
    after: Annotation
    text: str = "Edit annotation"

    def __post_init__(self) -> None:
        self.effects = self._effects(self.after, focus=False)

    def _effects(self, now: Annotation, *, focus: bool = True) -> Effects:
        return Effects(changed=[now], label_counts=self.before.label != self.after.label,
                       focus=(now.document_id, now.id) if focus else None)

    def undo(self, store: SessionStore) -> Effects:
        store._replace_annotation(self.before)
        return self._effects(self.before)

    def redo(self, store: SessionStore) -> Effects:
        store._replace_annotation(self.after)
        return self._effects(self.after)

    def merged_with(self, later: Change) -> Change | None:
        if isinstance(later, AnnotationEdited) and later.before.id == self.before.id:
            return AnnotationEdited(self.before, later.after, self.text)
        return None


def edit_annotation(store: SessionStore, annotation_id: int, **changes: Any) -> AnnotationEdited:
    """Change an annotation's fields (see :meth:`SessionStore.update_annotation`)."""
    before = store.annotation(annotation_id)
    return AnnotationEdited(before, store.update_annotation(annotation_id, **changes),
                            _describe(changes, store))


def _describe(changes: dict[str, Any], store: SessionStore) -> str:
    if "confidence" in changes:
        level = changes["confidence"]
        return f"Set confidence {level} ({CONFIDENCE_NAMES.get(level, '?')})"
    if "label" in changes:
        return f"Change label to {changes['label']}"
    if "verdict" in changes:
        key = changes["verdict"]
        title = store.verdict_scale().titles.get(key, key) if key else "none"
        return f"Set verdict: {title}"
    if "evidence" in changes:
        return "Edit evidence links"
    if "claim_reviewed" in changes:
        return "Edit the claim as checked"
    if "fact_check_url" in changes:
        return "Edit the fact-check's address"
    return "Edit note"


@dataclass
class AnnotationDeleted(Change):
    annotation: Annotation
    links: list[tuple[int, int, str]]  # they went with it, and come back with it
    text: str = ""
    marks: list[MarkRow] = field(default_factory=list)  # same-claim marks from or to it, too

    def __post_init__(self) -> None:
        self.effects = Effects(removed=[self.annotation])

    def undo(self, store: SessionStore) -> Effects:
        with store.transaction():
            store._restore_annotation(self.annotation)
            store._restore_links(self.links)
            store._restore_marks(self.marks)
        document = self.annotation.document_id
        return Effects(added=[self.annotation], links=[document],
                       focus=(document, self.annotation.id))

    def redo(self, store: SessionStore) -> Effects:
        store.delete_annotation(self.annotation.id)
        return Effects(removed=[self.annotation], focus=(self.annotation.document_id, None))


def delete_annotation(store: SessionStore, annotation_id: int) -> AnnotationDeleted:
    """Delete an annotation, its links and the same-claim marks from or to it."""
    links, marks = store._link_rows(annotation_id), store._mark_rows([annotation_id])
    annotation = store.delete_annotation(annotation_id)
    return AnnotationDeleted(annotation, links, f"Delete “{_short(annotation.quote)}”", marks)


@dataclass
class LinkChanged(Change):
    """A link made (``added``) or removed; ``row`` is ``(source_id, target_id, created_at)``."""

    row: tuple[int, int, str]
    added: bool
    document_id: int
    text: str = ""

    def __post_init__(self) -> None:
        self.effects = Effects(links=[self.document_id])

    def _set(self, store: SessionStore, add: bool) -> Effects:
        if add:
            store._restore_links([self.row])
        else:
            store.remove_link(*self.row[:2])
        return Effects(links=[self.document_id], focus=(self.document_id, self.row[0]))

    def undo(self, store: SessionStore) -> Effects:
        return self._set(store, not self.added)

    def redo(self, store: SessionStore) -> Effects:
        return self._set(store, self.added)


def link(store: SessionStore, source_id: int, target_id: int, *, add: bool = True) -> LinkChanged:
    """Link one annotation to another (an attribution to the claim it sources), or unlink."""
    document_id = store.annotation(source_id).document_id
    if add:
        store.add_link(source_id, target_id)
    row = next((row for row in store._link_rows(source_id) if row[1] == target_id),
               (source_id, target_id, ""))
    if not add:
        store.remove_link(source_id, target_id)
    return LinkChanged(row, add, document_id, "Link annotations" if add else "Remove link")


# ------------------------------------------------------------------ documents


@dataclass
class DocumentAdded(Change):
    document: Document
    text: str = ""

    def __post_init__(self) -> None:
        self.effects = Effects(documents_added=[self.document.id])

    def undo(self, store: SessionStore) -> Effects:
        store.remove_document(self.document.id)
        return Effects(documents_removed=[self.document.id])

    def redo(self, store: SessionStore) -> Effects:
        store._restore_document(self.document)
        return Effects(documents_added=[self.document.id], focus=(self.document.id, None))


def _add_new(store: SessionStore, imported: ImportedDocument) -> int:
    summary, created = store.add_document(imported)
    if not created:
        raise AnnotatorError(f"“{summary.title}” is already in this session")
    return summary.id


def add_document(store: SessionStore, imported: ImportedDocument) -> DocumentAdded:
    """Add a document read from a file; one whose text the session holds is refused."""
    document = store.document(_add_new(store, imported))
    return DocumentAdded(document, f"Import “{_short(imported.title)}”")


@dataclass
class DocumentReplaced(Change):
    """A new reading of an article (in another encoding) in place of the old one."""

    document: Document
    removed: RemovedDocument
    text: str = ""

    def __post_init__(self) -> None:
        self.effects = Effects(documents_removed=[self.removed.document.id],
                               documents_added=[self.document.id])

    def undo(self, store: SessionStore) -> Effects:
        with store.transaction():
            store.remove_document(self.document.id)
            store._restore_document(*self.removed)
        old = self.removed.document.id
        return Effects(documents_removed=[self.document.id], documents_added=[old],
                       focus=(old, None))

    def redo(self, store: SessionStore) -> Effects:
        with store.transaction():
            store._restore_document(self.document)
            store.remove_document(self.removed.document.id)
        return Effects(documents_removed=[self.removed.document.id],
                       documents_added=[self.document.id], focus=(self.document.id, None))


def replace_document(store: SessionStore, old_id: int,
                     imported: ImportedDocument) -> DocumentReplaced:
    """Put a new reading of an article in place of the old one, in one transaction."""
    with store.transaction():
        new_id = _add_new(store, imported)
        removed = store.remove_document(old_id)
    return DocumentReplaced(store.document(new_id), removed,
                            f"Read “{_short(imported.title)}” again")


@dataclass
class DocumentRemoved(Change):
    """A removed document, with its annotations, their links and its rejections."""

    removed: RemovedDocument
    text: str = ""
    marks: list[MarkRow] = field(default_factory=list)  # same-claim marks of its claims

    def __post_init__(self) -> None:
        self.effects = Effects(documents_removed=[self.removed.document.id])

    def undo(self, store: SessionStore) -> Effects:
        with store.transaction():
            store._restore_document(*self.removed)
            store._restore_marks(self.marks)
        document = self.removed.document.id
        return Effects(documents_added=[document], focus=(document, None))

    def redo(self, store: SessionStore) -> Effects:
        store.remove_document(self.removed.document.id)
        return Effects(documents_removed=[self.removed.document.id])


def remove_document(store: SessionStore, document_id: int) -> DocumentRemoved:
    """Remove an article with its annotations, their links, rejections and same-claim marks."""
    marks = store._mark_rows(a.id for a in store.annotations(document_id))
    removed = store.remove_document(document_id)
    return DocumentRemoved(removed, f"Remove “{_short(removed.document.title)}”", marks)


class ValueSet(Change):
    """A change that set one value (a status, a provenance, a scale, a same-as mark) from
    ``before`` to ``after``: undo and redo set it again through :meth:`_set`."""

    before: Any
    after: Any

    def _set(self, store: SessionStore, value: Any) -> Effects:
        raise NotImplementedError

    def undo(self, store: SessionStore) -> Effects:
        return self._set(store, self.before)

    def redo(self, store: SessionStore) -> Effects:
        return self._set(store, self.after)

    @property
    def empty(self) -> bool:
        return self.before == self.after


@dataclass
class StatusChanged(ValueSet):
    document_id: int
    before: str
    after: str
    text: str = ""

    def __post_init__(self) -> None:
        self.effects = Effects(statuses={self.document_id: self.after})

    def _set(self, store: SessionStore, status: str) -> Effects:
        store.set_document_status(self.document_id, status)
        return Effects(statuses={self.document_id: status}, focus=(self.document_id, None))

    @property
    def empty(self) -> bool:
        return False  # marking an article again is a step of its own, as it always was


def set_document_status(store: SessionStore, document_id: int, status: str) -> StatusChanged:
    """Mark an article not started, in progress or done."""
    before = store.set_document_status(document_id, status)
    return StatusChanged(document_id, before, status,
                         f"Mark article {STATUSES.get(status, status).lower()}")


@dataclass
class ProvenanceChanged(ValueSet):
    document_id: int
    before: Provenance
    after: Provenance
    text: str = "Edit article properties"

    def __post_init__(self) -> None:
        self.effects = Effects(documents_changed=[self.document_id])

    def _set(self, store: SessionStore, provenance: Provenance) -> Effects:
        store.set_document_provenance(self.document_id, provenance)
        return Effects(documents_changed=[self.document_id], focus=(self.document_id, None))


def set_document_provenance(store: SessionStore, document_id: int,
                            provenance: Provenance) -> ProvenanceChanged:
    """Set where an article came from (the *Article Properties* dialog)."""
    before = store.set_document_provenance(document_id, provenance)
    return ProvenanceChanged(document_id, before, provenance)


@dataclass
class SameClaimMarked(ValueSet):
    """A claim marked as the same claim as another (or unmarked), and what it took from that
    claim with the mark (``copied``: its verdict and evidence links), as one step."""

    claim: Annotation
    before: SameAs | None
    after: SameAs | None
    text: str = "Mark as the same claim"
    copied: AnnotationEdited | None = None

    def __post_init__(self) -> None:
        self.effects = Effects(changed=[self.copied.after if self.copied else self.claim])

    def _set(self, store: SessionStore, same: SameAs | None) -> Effects:
        store.set_same_as(self.claim.id, same)
        return Effects(changed=[self.claim],
                       focus=(self.claim.document_id, self.claim.id))

    def undo(self, store: SessionStore) -> Effects:
        with store.transaction():
            if self.copied is not None:
                self.copied.undo(store)
            effects = self._set(store, self.before)
        effects.changed = [self.copied.before if self.copied else self.claim]
        return effects

    def redo(self, store: SessionStore) -> Effects:
        with store.transaction():
            effects = self._set(store, self.after)
            if self.copied is not None:
                self.copied.redo(store)
        effects.changed = [self.copied.after if self.copied else self.claim]
        return effects

    @property
    def empty(self) -> bool:
        return self.before == self.after and self.copied is None


def mark_same_claim(store: SessionStore, claim_id: int, same: SameAs | None, *,
                    verdict: str | None = None, evidence: tuple[str, ...] = ()
                    ) -> SameClaimMarked:
    """Mark a claim as the same claim as another of the session or a published one (``None``:
    as no other); with ``verdict`` the claim takes that verdict too, and with ``evidence`` those
    links are added to its own, all in one transaction (see
    :func:`~annotator.core.factcheck.checked_before.copy_offer` for what to offer)."""
    text = "Unmark the same claim" if same is None else f"Mark as the same claim as {same}"
    copies: dict[str, Any] = {}
    with store.transaction():
        before = store.set_same_as(claim_id, same)
        claim = store.annotation(claim_id)
        if verdict is not None and verdict != claim.verdict:
            copies["verdict"] = verdict
        links = tuple(dict.fromkeys(url for url in evidence if url not in claim.evidence))
        if links:
            copies["evidence"] = (*claim.evidence, *links)
        copied = None
        if copies:
            copied = AnnotationEdited(claim, store.update_annotation(claim_id, **copies))
            text += " and copy its " + " and ".join(copies)
    return SameClaimMarked(claim, before, same, text, copied)


@dataclass
class VerdictScaleChanged(ValueSet):
    before: VerdictScale
    after: VerdictScale
    text: str = "Edit verdicts"

    def __post_init__(self) -> None:
        self.effects = Effects(verdicts=True)

    def _set(self, store: SessionStore, scale: VerdictScale) -> Effects:
        store.set_verdict_scale(scale)
        return Effects(verdicts=True)


def set_verdict_scale(store: SessionStore, scale: VerdictScale) -> VerdictScaleChanged:
    """Make ``scale`` the desk's verdict scale (*Annotate → Edit Verdicts…*)."""
    return VerdictScaleChanged(store.set_verdict_scale(scale), scale)


# ------------------------------------------------------------------ labels


@dataclass
class LabelsReplaced(Change):
    before: list[Label]
    after: list[Label]
    text: str = "Edit labels"

    def __post_init__(self) -> None:
        self.effects = Effects(labels=True)

    def undo(self, store: SessionStore) -> Effects:
        store.replace_labels(self.before)
        return Effects(labels=True)

    def redo(self, store: SessionStore) -> Effects:
        store.replace_labels(self.after)
        return Effects(labels=True)


def replace_labels(store: SessionStore, labels: list[Label]) -> LabelsReplaced:
    """A new label set: titles, colours, keys, order, labels added or removed."""
    labels = list(labels)
    return LabelsReplaced(store.replace_labels(labels), labels)


# ------------------------------------------------------------------ adjudication


@dataclass
class RejectionChanged(Change):
    """A stretch rejected in adjudication, or reopened; ``before`` and ``after`` are its row
    ``(document_id, start, end, rejected_by, rejected_at)`` or None."""

    span: tuple[int, int, int]
    before: tuple | None
    after: tuple | None
    text: str = ""

    def __post_init__(self) -> None:
        self.effects = Effects(adjudication=[self.span[0]])

    def _set(self, store: SessionStore, row: tuple | None) -> Effects:
        if row is None:
            store._unreject_span(*self.span)
        else:
            store._put_rejections([row])
        return Effects(adjudication=[self.span[0]], focus=(self.span[0], None))

    def undo(self, store: SessionStore) -> Effects:
        return self._set(store, self.before)

    def redo(self, store: SessionStore) -> Effects:
        return self._set(store, self.after)


def reject_span(store: SessionStore, document_id: int, start: int, end: int,
                *, reject: bool = True) -> RejectionChanged:
    """Decide that no reviewer's span of a stretch goes into the gold layer (or reopen it)."""
    span = (document_id, start, end)
    before = store._rejection(*span)
    if reject:
        store.reject_span(*span)
    else:
        store._unreject_span(*span)
    return RejectionChanged(span, before, store._rejection(*span),
                            "Reject in adjudication" if reject else "Reopen in adjudication")


# ------------------------------------------------------------------ suggestions


@dataclass
class SuggestionsDecided(Change):
    """Suggestions accepted (each with the annotation it became, in the same order) or
    rejected (``annotations`` empty). Undo makes them pending again and takes the annotations
    out; redo puts the same annotations back, with the same ids."""

    document_id: int
    suggestions: list[StoredSuggestion]
    annotations: list[Annotation]
    text: str = ""

    def __post_init__(self) -> None:
        self.effects = self._effects(added=True, focus=False)

    @property
    def empty(self) -> bool:
        return not self.suggestions

    def _effects(self, *, added: bool, focus: bool = True) -> Effects:
        many = len(self.annotations) > 1  # the views read everything again (as after an import)
        shown = [] if many else list(self.annotations)
        one = self.annotations[0].id if added and len(self.annotations) == 1 else None
        return Effects(added=shown if added else [], removed=[] if added else shown,
                       reloaded=many, suggestions=[self.document_id],
                       decided=[s.id for s in self.suggestions],
                       focus=(self.document_id, one) if focus else None)

    def undo(self, store: SessionStore) -> Effects:
        with store.transaction():
            store._delete_annotations([a.id for a in self.annotations])
            store.decide_suggestions([(s.id, None) for s in self.suggestions], "pending")
        return self._effects(added=False)

    def redo(self, store: SessionStore) -> Effects:
        with store.transaction():
            store._restore_annotations(self.annotations)
            self._decide(store)
        return self._effects(added=True)

    def _decide(self, store: SessionStore) -> None:
        if not self.annotations:
            store.decide_suggestions([(s.id, None) for s in self.suggestions], "rejected")
            return
        store.decide_suggestions(
            [(s.id, a.id) for s, a in zip(self.suggestions, self.annotations, strict=True)],
            "accepted")


def _pending(store: SessionStore, suggestion_id: int) -> StoredSuggestion:
    suggestion = store.suggestion(suggestion_id)
    if suggestion.status != "pending":
        raise AnnotatorError(f"that suggestion was {suggestion.status} already")
    return suggestion


def accept_suggestion(store: SessionStore, suggestion_id: int, label: str | None = None, *,
                      reviewer: str | None = None) -> SuggestionsDecided:
    """Make a suggestion an annotation (confidence 3): under its own label (origin
    ``suggested``) or under ``label`` (``suggested-relabelled``)."""
    suggestion = _pending(store, suggestion_id)
    label = label or suggestion.label
    origin = "suggested" if label == suggestion.label else "suggested-relabelled"
    with store.transaction():
        annotation = store.add_annotation(
            suggestion.document_id, suggestion.start, suggestion.end, label,
            confidence=DEFAULT_CONFIDENCE, reviewer=reviewer, origin=origin)
        change = SuggestionsDecided(suggestion.document_id, [suggestion], [annotation],
                                    f"Accept “{_short(annotation.quote)}” as {label}")
        change._decide(store)
    return change


def reject_suggestion(store: SessionStore, suggestion_id: int) -> SuggestionsDecided:
    """Reject a suggestion: it is never proposed again for its article."""
    suggestion = _pending(store, suggestion_id)
    change = SuggestionsDecided(suggestion.document_id, [suggestion], [],
                                f"Reject suggested {suggestion.label}")
    with store.transaction():
        change._decide(store)
    return change


def accept_all_suggestions(store: SessionStore, document_id: int, *,
                           reviewer: str | None = None) -> SuggestionsDecided:
    """Accept every pending suggestion of an article under its own label, as one change."""
    known = store.label_names()
    pending = [s for s in store.pending_suggestions(document_id) if s.label in known]
    text, stamp = store.document_text(document_id), now()
    with store.transaction():
        added, _skipped, _links = store.add_annotations(
            [{"document_id": s.document_id, "start": s.start, "end": s.end,
              "quote": text[s.start:s.end], "label": s.label,
              "confidence": DEFAULT_CONFIDENCE, "origin": "suggested",
              "reviewer": reviewer if reviewer is not None else store.reviewer,
              "created_at": stamp, "updated_at": stamp}
             for s in pending])
        made = {(a.start, a.end, a.label): a for a in added}
        pending = [s for s in pending if (s.start, s.end, s.label) in made]
        change = SuggestionsDecided(document_id, pending,
                                    [made[s.start, s.end, s.label] for s in pending],
                                    f"Accept {len(pending):,} suggestions")
        change._decide(store)
    return change


# ------------------------------------------------------------------ many rows at once


@dataclass
class RowsAdded(Change):
    """Rows an import or a merge added (see :class:`~annotator.core.session.rows.Additions`):
    undo takes exactly those out (and puts the labels back as they were), redo puts them back
    with the same ids. Nothing outside the session (no backup) is needed."""

    additions: Additions
    text: str = ""
    report: Any = None  # the import's or merge's report
    _snapshot: Snapshot | None = None

    def __post_init__(self) -> None:
        self.effects = Effects(reloaded=True)

    @property
    def empty(self) -> bool:
        return self.additions.empty

    def undo(self, store: SessionStore) -> Effects:
        self._snapshot = store._take_out(self.additions)
        return Effects(reloaded=True)

    def redo(self, store: SessionStore) -> Effects:
        assert self._snapshot is not None
        store._put_back(self._snapshot)
        return Effects(reloaded=True)


def import_annotations(store: SessionStore, records: list, *, source_format: str,
                       reviewer: str | None = None, name: str = "annotations") -> RowsAdded:
    """Add the annotations read from a file (and any documents and labels it brought)."""
    from annotator.core.formats.import_records import import_records
    from annotator.core.session.rows import Additions

    labels_before = store.labels()
    report = import_records(store, records, reviewer=reviewer, source_format=source_format)
    labels_after = store.labels()
    additions = Additions(
        documents=list(report.new_document_ids),
        annotations=list(report.annotation_ids),
        links=list(report.links),
        labels_before=labels_before if labels_after != labels_before else None,
        labels_after=labels_after,
    )
    return RowsAdded(additions, f"Import annotations from {_short(name)}", report)
