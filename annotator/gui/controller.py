"""The window's one way to change a session: undo commands over the store, and signals.

Widgets call the controller; the controller wraps each change in an undo command (see
:mod:`annotator.gui.commands`) and the commands call the store. Views listen to the signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.articles.reading import ImportedDocument, read_document
from annotator.core.articles.text import sha256_text
from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import AnnotatorError
from annotator.core.models import Annotation, DocumentSummary
from annotator.core.review.adjudication import accept_change
from annotator.core.session import changes
from annotator.core.session.store import SessionStore
from annotator.gui.commands import (
    ChangeCommand,
    StoreCommand,
    edit_merge_id,
)


class SessionController(QObject):
    """Holds the open session's store and its undo stack."""

    annotationAdded = Signal(object)  # Annotation
    annotationChanged = Signal(object)  # Annotation (its new state)
    annotationRemoved = Signal(object)  # Annotation (as it was)
    documentAdded = Signal(object)  # DocumentSummary
    documentRemoved = Signal(int)
    documentStatusChanged = Signal(int, str)
    documentPropertiesChanged = Signal(int)  # a document's title or where it came from changed
    linksChanged = Signal(object)  # document id
    labelsChanged = Signal()
    verdictsChanged = Signal()  # the session's verdict scale changed
    annotationsReloaded = Signal()  # many annotations (and maybe documents, labels) changed
    adjudicationChanged = Signal(int)  # document id: a stretch was rejected or reopened
    # document id, and the ids of the suggestions decided (or undecided) there
    suggestionsChanged = Signal(int, object)
    labelCountsChanged = Signal()  # an annotation changed label: the counts per label move
    focusRequested = Signal(int, object)  # document id, annotation id or None
    saved = Signal()
    failed = Signal(object)  # the AnnotatorError, whose message is for the reviewer

    def __init__(self, store: SessionStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)

    def run(self, command: StoreCommand) -> bool:
        """Apply a command and put it on the undo stack (unless it changed nothing); False (and
        ``failed``) if refused."""
        try:
            command.apply()
        except AnnotatorError as exc:
            self.failed.emit(exc)
            return False
        if command.changed:  # a file whose annotations are all here already: no undo step
            self.undo_stack.push(command)
        self.saved.emit()
        return True

    def _change(self, make, text: str = "", *, merge_id: int = -1):
        """Make a core change as one undo step; returns it, or None when it was refused."""
        command = ChangeCommand(self, make, text, merge_id=merge_id)
        return command.change if self.run(command) else None

    # ------------------------------------------------------------------ annotations

    def add_annotation(
        self, document_id: int, start: int, end: int, label: str,
        confidence: int = DEFAULT_CONFIDENCE, reviewer: str | None = None,
    ) -> Annotation | None:
        """Tag a span (as the store's reviewer, or as ``reviewer``: the gold layer)."""
        change = self._change(lambda store: changes.add_annotation(
            store, document_id, start, end, label, confidence=confidence, reviewer=reviewer))
        return change.annotation if change else None

    def edit_annotation(self, annotation_id: int, **fields) -> bool:
        return self._change(lambda store: changes.edit_annotation(store, annotation_id, **fields),
                            merge_id=edit_merge_id(fields)) is not None

    def delete_annotation(self, annotation_id: int) -> bool:
        return self._change(lambda store: changes.delete_annotation(store, annotation_id),
                            "Delete annotation") is not None

    # ------------------------------------------------------------------ suggestions

    def accept_suggestion(self, suggestion_id: int, label: str | None = None, *,
                          reviewer: str | None = None) -> Annotation | None:
        """Make a suggestion an annotation (under ``label``, or its own): one undo step."""
        change = self._change(lambda store: changes.accept_suggestion(
            store, suggestion_id, label, reviewer=reviewer))
        return change.annotations[0] if change else None

    def reject_suggestion(self, suggestion_id: int) -> bool:
        return self._change(
            lambda store: changes.reject_suggestion(store, suggestion_id)) is not None

    def accept_all_suggestions(self, document_id: int, *, reviewer: str | None = None) -> int:
        """Accept every pending suggestion of an article as one undo step; how many."""
        change = self._change(lambda store: changes.accept_all_suggestions(
            store, document_id, reviewer=reviewer))
        return len(change.annotations) if change else 0

    # ------------------------------------------------------------------ documents

    def import_document(self, path: str | Path) -> DocumentSummary | None:
        """Read a file and import it (see :meth:`add_imported`); None if it cannot be read."""
        try:
            imported = read_document(path)
        except AnnotatorError as exc:
            self.failed.emit(exc)
            return None
        return self.add_imported(imported)

    def add_imported(self, imported: ImportedDocument) -> DocumentSummary | None:
        """Add a document read from a file (undoable); an identical text is not added twice.

        Returns the document (new or already present), or None when the store refuses it.
        """
        existing = self.find_document(sha256_text(imported.text))
        if existing is not None:
            return existing
        change = self._change(lambda store: changes.add_document(store, imported))
        return self.store.document_summary(change.document.id) if change else None

    def find_document(self, sha256: str) -> DocumentSummary | None:
        return self.store.document_with_text(sha256)

    def link(self, source_id: int, target_id: int) -> bool:
        return self._change(lambda store: changes.link(store, source_id, target_id)) is not None

    def unlink(self, source_id: int, target_id: int) -> bool:
        return self._change(
            lambda store: changes.link(store, source_id, target_id, add=False)) is not None

    def replace_labels(self, labels) -> bool:
        labels = list(labels)
        return self._change(lambda store: changes.replace_labels(store, labels)) is not None

    def set_verdict_scale(self, scale) -> bool:
        """Make ``scale`` the session's verdict scale: one undo step (refused, with the core's
        sentence, when it leaves out a verdict claims have)."""
        return self._change(lambda store: changes.set_verdict_scale(store, scale)) is not None

    def mark_same_claim(self, claim_id: int, same, *, verdict: str | None = None,
                        evidence: tuple[str, ...] = ()) -> bool:
        """Mark a claim as the same claim as another (``None``: unmark); with ``verdict`` the
        claim also takes that verdict, with ``evidence`` those links too. One undo step."""
        return self._change(lambda store: changes.mark_same_claim(
            store, claim_id, same, verdict=verdict, evidence=evidence)) is not None

    def set_document_status(self, document_id: int, status: str) -> bool:
        return self._change(
            lambda store: changes.set_document_status(store, document_id, status)) is not None

    def set_document_provenance(self, document_id: int, provenance) -> bool:
        """Set where an article came from (its address, outlet, authors, dates): one undo step,
        none when nothing changed."""
        return self._change(lambda store: changes.set_document_provenance(
            store, document_id, provenance)) is not None

    def remove_document(self, document_id: int) -> bool:
        return self._change(lambda store: changes.remove_document(store, document_id),
                            "Remove document") is not None

    def replace_document(self, old_id: int, imported: ImportedDocument) -> DocumentSummary | None:
        """Put a new reading of an article in place of the old one (see ReplaceDocument)."""
        change = self._change(lambda store: changes.replace_document(store, old_id, imported))
        return self.store.document_summary(change.document.id) if change else None

    def accept_into_gold(self, annotation_id: int) -> Annotation | None:
        change = self._change(lambda store: accept_change(store, annotation_id),
                              "Accept into the gold layer")
        return change.annotation if change else None

    def reject_span(self, document_id: int, start: int, end: int, *, reject: bool = True) -> bool:
        return self._change(lambda store: changes.reject_span(
            store, document_id, start, end, reject=reject)) is not None

    def merge_sessions(self, paths: list, *, progress=None, cancel=None):
        """Merge other sessions into this one (one undo step); returns the merge's report, or
        None when it was refused or cancelled (the reason goes to ``failed``)."""
        from annotator.core.review.merge import merge_change  # only when merging

        change = self._change(lambda store: merge_change(store, paths, progress=progress,
                                                          cancel=cancel))
        return change.report if change else None

    def import_annotations(
        self, records: list, *, source_format: str, reviewer: str | None = None, name: str = ""
    ):
        """Add the annotations read from a file (one undo step); returns the import's report,
        or None when the store refused it."""
        change = self._change(lambda store: changes.import_annotations(
            store, records, source_format=source_format, reviewer=reviewer,
            name=name or "a file"))
        return change.report if change else None

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()
