"""Undo commands: every change a reviewer makes in the window is one of these.

Each command calls the session store (which commits at once) and then tells the controller what
changed, so that the views follow. A command is applied once before it is pushed (so that a
change the store refuses never reaches the undo stack); the stack's first ``redo()`` is skipped.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from annotator.core.articles.reading import ImportedDocument
from annotator.core.defaults import CONFIDENCE_NAMES, STATUSES, VERDICTS
from annotator.core.errors import AnnotatorError
from annotator.core.models import Annotation, Document, Label
from annotator.core.wording import counted

if TYPE_CHECKING:
    from annotator.core.session.store import RemovedDocument
    from annotator.gui.controller import SessionController

NOTE_EDIT_ID = 1001  # typing in the note merges into one undo step…
EVIDENCE_EDIT_ID = 1002  # …and so does typing links
NOTE_MERGE_SECONDS = 3.0


class StoreCommand(QUndoCommand):
    """A change to the session that can be undone and redone."""

    def __init__(self, controller: SessionController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.store = controller.store
        self._skip_redo = True

    def apply(self) -> None:
        """Make the change for the first time; raises AnnotatorError if the store refuses it."""
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guard(self._redo)

    def undo(self) -> None:
        self._guard(self._undo)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _guard(self, step) -> None:
        try:
            step()
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.controller.failed.emit(exc)
        else:
            self.controller.saved.emit()


def _short(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AddAnnotation(StoreCommand):
    def __init__(
        self,
        controller: SessionController,
        document_id: int,
        start: int,
        end: int,
        label: str,
        confidence: int,
        reviewer: str | None = None,
    ) -> None:
        super().__init__(controller, f"Tag as {label}")
        self._args = (document_id, start, end, label)
        self._confidence = confidence
        self._reviewer = reviewer
        self.annotation: Annotation | None = None

    def apply(self) -> None:
        document_id, start, end, label = self._args
        self.annotation = self.store.add_annotation(
            document_id, start, end, label, confidence=self._confidence, reviewer=self._reviewer
        )
        self.setText(f"Tag “{_short(self.annotation.quote)}” as {label}")
        self.controller.annotationAdded.emit(self.annotation)

    def _redo(self) -> None:
        assert self.annotation is not None
        self.store.restore_annotation(self.annotation)
        self.controller.annotationAdded.emit(self.annotation)
        self.controller.focusRequested.emit(self.annotation.document_id, self.annotation.id)

    def _undo(self) -> None:
        assert self.annotation is not None
        self.store.delete_annotation(self.annotation.id)
        self.controller.annotationRemoved.emit(self.annotation)
        self.controller.focusRequested.emit(self.annotation.document_id, None)


class EditAnnotation(StoreCommand):
    """A change of label, confidence or note. Typing in the note merges into one step."""

    def __init__(self, controller: SessionController, annotation_id: int, **changes: Any) -> None:
        super().__init__(controller, _describe(changes))
        self._id = annotation_id
        self._changes = changes
        self._merge_id = {
            frozenset({"note"}): NOTE_EDIT_ID, frozenset({"evidence"}): EVIDENCE_EDIT_ID,
        }.get(frozenset(changes), -1)
        self._stamp = time.monotonic()
        self.before: Annotation | None = None
        self.after: Annotation | None = None

    def apply(self) -> None:
        self.before = self.store.annotation(self._id)
        self.after = self.store.update_annotation(self._id, **self._changes)
        self.controller.annotationChanged.emit(self.after)
        self._label_moved()

    def _redo(self) -> None:
        assert self.after is not None
        self.store.replace_annotation(self.after)
        self.controller.annotationChanged.emit(self.after)
        self._label_moved()
        self.controller.focusRequested.emit(self.after.document_id, self.after.id)

    def _undo(self) -> None:
        assert self.before is not None
        self.store.replace_annotation(self.before)
        self.controller.annotationChanged.emit(self.before)
        self._label_moved()
        self.controller.focusRequested.emit(self.before.document_id, self.before.id)

    def _label_moved(self) -> None:
        if self.before is not None and self.after is not None and (
            self.before.label != self.after.label
        ):
            self.controller.labelCountsChanged.emit()

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (
            isinstance(other, EditAnnotation)
            and other._merge_id == self._merge_id != -1
            and other._id == self._id
            and other._stamp - self._stamp < NOTE_MERGE_SECONDS
        ):
            return False
        self.after = other.after
        self._stamp = other._stamp
        return True


def _describe(changes: dict[str, Any]) -> str:
    if "confidence" in changes:
        level = changes["confidence"]
        return f"Set confidence {level} ({CONFIDENCE_NAMES.get(level, '?')})"
    if "label" in changes:
        return f"Change label to {changes['label']}"
    if "verdict" in changes:
        return f"Set verdict: {VERDICTS.get(changes['verdict'] or '', 'none')}"
    if "evidence" in changes:
        return "Edit evidence links"
    return "Edit note"


class DeleteAnnotation(StoreCommand):
    def __init__(self, controller: SessionController, annotation_id: int) -> None:
        super().__init__(controller, "Delete annotation")
        self._id = annotation_id
        self.annotation: Annotation | None = None
        self._links: list[tuple[int, int]] = []

    def apply(self) -> None:
        self._links = self.store.links_of(self._id)  # they go with it; undo brings them back
        self.annotation = self.store.delete_annotation(self._id)
        self.setText(f"Delete “{_short(self.annotation.quote)}”")
        self.controller.annotationRemoved.emit(self.annotation)

    def _redo(self) -> None:
        assert self.annotation is not None
        self.store.delete_annotation(self.annotation.id)
        self.controller.annotationRemoved.emit(self.annotation)
        self.controller.focusRequested.emit(self.annotation.document_id, None)

    def _undo(self) -> None:
        assert self.annotation is not None
        self.store.restore_annotation(self.annotation)
        self.store.restore_links(self._links)
        self.controller.annotationAdded.emit(self.annotation)
        self.controller.linksChanged.emit(self.annotation.document_id)
        self.controller.focusRequested.emit(self.annotation.document_id, self.annotation.id)


class LinkAnnotations(StoreCommand):
    """Link one annotation to another (an attribution to the claim it sources), or unlink."""

    def __init__(
        self, controller: SessionController, source_id: int, target_id: int, *, add: bool = True
    ) -> None:
        super().__init__(controller, "Link annotations" if add else "Remove link")
        self._link = (source_id, target_id)
        self._add = add
        self._document_id: int | None = None

    def apply(self) -> None:
        self._document_id = self.store.annotation(self._link[0]).document_id
        self._do(self._add)

    def _do(self, add: bool) -> None:
        if add:
            self.store.add_link(*self._link)
        else:
            self.store.remove_link(*self._link)
        self.controller.linksChanged.emit(self._document_id)

    def _redo(self) -> None:
        self._do(self._add)
        self.controller.focusRequested.emit(self._document_id, self._link[0])

    def _undo(self) -> None:
        self._do(not self._add)
        self.controller.focusRequested.emit(self._document_id, self._link[0])


class ImportDocument(StoreCommand):
    def __init__(self, controller: SessionController, imported: ImportedDocument) -> None:
        super().__init__(controller, f"Import “{_short(imported.title)}”")
        self._imported = imported
        self.document: Document | None = None

    def apply(self) -> None:
        summary, created = self.store.add_document(self._imported)
        if not created:
            raise AnnotatorError(f"“{summary.title}” is already in this session")
        self.document = self.store.document(summary.id)
        self.controller.documentAdded.emit(summary)

    def _redo(self) -> None:
        assert self.document is not None
        self.store.restore_document(self.document, [])
        self.controller.documentAdded.emit(self.store.document_summary(self.document.id))
        self.controller.focusRequested.emit(self.document.id, None)

    def _undo(self) -> None:
        assert self.document is not None
        self.store.remove_document(self.document.id)
        self.controller.documentRemoved.emit(self.document.id)


class ReplaceDocument(StoreCommand):
    """A new reading of an article's file (in another encoding) in place of the old one, which
    has no annotations: one step, one transaction."""

    def __init__(self, controller: SessionController, old_id: int,
                 imported: ImportedDocument) -> None:
        super().__init__(controller, f"Read “{_short(imported.title)}” again")
        self._old_id = old_id
        self._imported = imported
        self.document: Document | None = None
        self._removed: RemovedDocument | None = None

    def apply(self) -> None:
        with self.store.transaction():
            summary, created = self.store.add_document(self._imported)
            if not created:
                raise AnnotatorError(f"“{summary.title}” is already in this session")
            self._removed = self.store.remove_document(self._old_id)
        self.document = self.store.document(summary.id)
        self.controller.documentRemoved.emit(self._old_id)
        self.controller.documentAdded.emit(summary)

    def _redo(self) -> None:
        assert self.document is not None
        with self.store.transaction():
            self.store.restore_document(self.document, [])
            self.store.remove_document(self._old_id)
        self.controller.documentRemoved.emit(self._old_id)
        self.controller.documentAdded.emit(self.store.document_summary(self.document.id))
        self.controller.focusRequested.emit(self.document.id, None)

    def _undo(self) -> None:
        assert self.document is not None and self._removed is not None
        with self.store.transaction():
            self.store.remove_document(self.document.id)
            self.store.restore_document(*self._removed)
        self.controller.documentRemoved.emit(self.document.id)
        self.controller.documentAdded.emit(self.store.document_summary(self._old_id))
        self.controller.focusRequested.emit(self._old_id, None)


class SetDocumentStatus(StoreCommand):
    """Mark an article not started, in progress or done."""

    def __init__(self, controller: SessionController, document_id: int, status: str) -> None:
        super().__init__(controller, f"Mark article {STATUSES.get(status, status).lower()}")
        self._id = document_id
        self._status = status
        self._before: str | None = None

    def apply(self) -> None:
        self._before = self.store.set_document_status(self._id, self._status)
        self.controller.documentStatusChanged.emit(self._id, self._status)

    def _redo(self) -> None:
        self.store.set_document_status(self._id, self._status)
        self.controller.documentStatusChanged.emit(self._id, self._status)
        self.controller.focusRequested.emit(self._id, None)

    def _undo(self) -> None:
        assert self._before is not None
        self.store.set_document_status(self._id, self._before)
        self.controller.documentStatusChanged.emit(self._id, self._before)
        self.controller.focusRequested.emit(self._id, None)


class ReplaceLabels(StoreCommand):
    """A new label set: titles, colours, keys, order, labels added or removed."""

    def __init__(self, controller: SessionController, labels: list[Label]) -> None:
        super().__init__(controller, "Edit labels")
        self._after = list(labels)
        self._before: list[Label] = []

    def apply(self) -> None:
        self._before = self.store.replace_labels(self._after)
        self.controller.labelsChanged.emit()

    def _redo(self) -> None:
        self.store.replace_labels(self._after)
        self.controller.labelsChanged.emit()

    def _undo(self) -> None:
        self.store.replace_labels(self._before)
        self.controller.labelsChanged.emit()


class RemoveDocument(StoreCommand):
    def __init__(self, controller: SessionController, document_id: int) -> None:
        super().__init__(controller, "Remove document")
        self._id = document_id
        self.removed: RemovedDocument | None = None  # the document and all that went with it

    def apply(self) -> None:
        self.removed = self.store.remove_document(self._id)
        self.setText(f"Remove “{_short(self.removed.document.title)}”")
        self.controller.documentRemoved.emit(self._id)

    def _redo(self) -> None:
        self.store.remove_document(self._id)
        self.controller.documentRemoved.emit(self._id)

    def _undo(self) -> None:
        assert self.removed is not None
        self.store.restore_document(*self.removed)  # links and rejections as they were
        self.controller.documentAdded.emit(self.store.document_summary(self._id))
        self.controller.focusRequested.emit(self._id, None)


class ImportAnnotations(StoreCommand):
    """Annotations read from a file (and any documents and labels it brought), as one step."""

    def __init__(self, controller: SessionController, records: list, *, source_format: str,
                 reviewer: str | None = None, name: str = "annotations") -> None:
        super().__init__(controller, f"Import annotations from {_short(name)}")
        self._records = records
        self._format = source_format
        self._reviewer = reviewer
        self.report = None
        self._labels_before: list[Label] = []
        self._labels_after: list[Label] = []
        self._documents: list[Document] = []

    def apply(self) -> None:
        from annotator.core.formats.import_records import import_records

        self._labels_before = self.store.labels()
        self.report = import_records(
            self.store, self._records, reviewer=self._reviewer, source_format=self._format
        )
        self._records = []  # what was added is kept below; the file's records are not needed
        self._labels_after = self.store.labels()
        self._documents = [self.store.document(i) for i in self.report.new_document_ids]
        self.controller.annotationsReloaded.emit()

    @property
    def changed(self) -> bool:
        """Whether the import changed the session at all."""
        report = self.report
        return bool(report is not None and (report.annotations or self._documents
                                            or self._labels_after != self._labels_before))

    def _redo(self) -> None:
        assert self.report is not None
        if self._labels_after != self._labels_before:
            self.store.replace_labels(self._labels_after)
        for document in self._documents:
            self.store.restore_document(document, [])
        self.store.restore_annotations(self.report.annotations, self.report.links)
        self.controller.annotationsReloaded.emit()

    def _undo(self) -> None:
        assert self.report is not None
        self.store.delete_annotations(a.id for a in self.report.annotations)
        for document in self._documents:
            self.store.remove_document(document.id)
        if self._labels_after != self._labels_before:
            self.store.replace_labels(self._labels_before)
        self.controller.annotationsReloaded.emit()


class AcceptIntoGold(AddAnnotation):
    """Copy a reviewer's span into the gold layer (adjudication); undone and redone like a
    tag."""

    def __init__(self, controller: SessionController, annotation_id: int) -> None:
        StoreCommand.__init__(self, controller, "Accept into the gold layer")
        self._source = annotation_id
        self.annotation: Annotation | None = None

    def apply(self) -> None:
        from annotator.core.review.adjudication import accept

        gold, created = accept(self.store, self._source)
        if not created:
            raise AnnotatorError(f"“{_short(gold.quote)}” is already in the gold layer "
                                 f"as {gold.label}")
        self.annotation = gold
        self.setText(f"Accept “{_short(gold.quote)}” into the gold layer")
        self.controller.annotationAdded.emit(gold)


class RejectSpan(StoreCommand):
    """Decide that no reviewer's span of a stretch goes into the gold layer (or take it back)."""

    def __init__(self, controller: SessionController, document_id: int, start: int, end: int,
                 *, reject: bool = True) -> None:
        super().__init__(controller, "Reject in adjudication" if reject else "Reopen in "
                         "adjudication")
        self._span = (document_id, start, end)
        self._reject = reject

    def _set(self, reject: bool) -> None:
        document_id, start, end = self._span
        if reject:
            self.store.reject_span(document_id, start, end)
        else:
            self.store.unreject_span(document_id, start, end)
        self.controller.adjudicationChanged.emit(document_id)

    def apply(self) -> None:
        self._set(self._reject)

    def _redo(self) -> None:
        self._set(self._reject)
        self.controller.focusRequested.emit(self._span[0], None)

    def _undo(self) -> None:
        self._set(not self._reject)
        self.controller.focusRequested.emit(self._span[0], None)


class MergeSessions(StoreCommand):
    """Other reviewers' sessions merged into the open one, as one step.

    Undo puts back the backup made just before the merge; redo merges again, which
    gives the same result with the same ids (the merge is deterministic and ids come from the
    session's own counter, which the copy restores).
    """

    def __init__(self, controller: SessionController, paths: list, *, progress=None,
                 cancel=None) -> None:
        super().__init__(controller, f"Merge {counted(len(paths), 'Session')}")
        self._paths = list(paths)
        self._progress = progress
        self._cancel = cancel
        self._before: Path | None = None
        self.report = None

    def _merge(self):
        from annotator.core.review.merge import merge_into

        return merge_into(self.store, self._paths, progress=self._progress,
                          cancel=self._cancel, backup=False)

    def apply(self) -> None:
        from annotator.core.review.merge import MergeCancelled

        # a backup like any other (kept with the session's last few, File → Restore from Backup)
        self._before = self.store.backup("before-merge")
        try:
            self.report = self._merge()
        except MergeCancelled:
            self.store.restore_backup(self._before)  # nothing half-merged stays
            self.controller.annotationsReloaded.emit()
            raise AnnotatorError("the merge was cancelled; the session is as it was") from None
        self.controller.annotationsReloaded.emit()

    def _redo(self) -> None:
        self._progress = self._cancel = None
        self.report = self._merge()
        self.controller.annotationsReloaded.emit()

    def _undo(self) -> None:
        assert self._before is not None
        if not self._before.exists():
            raise AnnotatorError("the backup made before the merge is gone (only the last "
                                 "few are kept); use File → Restore from Backup instead")
        self.store.restore_backup(self._before)
        self.controller.annotationsReloaded.emit()
