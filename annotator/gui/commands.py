"""Undo commands: every change a reviewer makes in the window is one of these.

A :class:`ChangeCommand` wraps a core change (:mod:`annotator.core.session.changes`): the core
makes it, undoes and redoes it, and says what it touched; the command tells the controller, whose
signals the views follow. A command is applied once before it is pushed (so that a change the
store refuses never reaches the undo stack); the stack's first ``redo()`` is skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.session.changes import Change, Effects

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore
    from annotator.gui.controller import SessionController

NOTE_EDIT_ID = 1001  # typing in the note merges into one undo step…
EVIDENCE_EDIT_ID = 1002  # …and so does typing links…
CLAIM_REVIEWED_EDIT_ID = 1003  # …the claim as checked…
FACT_CHECK_URL_EDIT_ID = 1004  # …and a fact-check's address
NOTE_MERGE_SECONDS = 3.0


class StoreCommand(QUndoCommand):
    """A change to the session that can be undone and redone."""

    def __init__(self, controller: SessionController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.store = controller.store
        self._skip_redo = True

    @property
    def changed(self) -> bool:
        """Whether applying it changed the session (else it needs no undo step)."""
        return True

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


class ChangeCommand(StoreCommand):
    """One core change as an undo step: ``make(store)`` makes it and returns the change."""

    def __init__(self, controller: SessionController, make: Callable[[SessionStore], Change],
                 text: str = "", *, merge_id: int = -1) -> None:
        super().__init__(controller, text)
        self._make: Callable[[SessionStore], Change] | None = make
        self._merge_id = merge_id
        self._stamp = time.monotonic()
        self.change: Change | None = None

    @property
    def changed(self) -> bool:
        return self.change is not None and not self.change.empty

    def apply(self) -> None:
        assert self._make is not None
        self.change = self._make(self.store)
        self._make = None
        if self.change.text:
            self.setText(self.change.text)
        announce(self.controller, self.change.effects, focus=False)

    def _redo(self) -> None:
        assert self.change is not None
        announce(self.controller, self.change.redo(self.store))

    def _undo(self) -> None:
        assert self.change is not None
        announce(self.controller, self.change.undo(self.store))

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (
            isinstance(other, ChangeCommand)
            and other._merge_id == self._merge_id != -1
            and other._stamp - self._stamp < NOTE_MERGE_SECONDS
            and self.change is not None and other.change is not None
        ):
            return False
        merged = self.change.merged_with(other.change)
        if merged is None:
            return False
        self.change = merged
        self._stamp = other._stamp
        return True


def announce(controller: SessionController, effects: Effects, *, focus: bool = True) -> None:
    """Tell the views what a step touched, through the controller's signals."""
    for document_id in effects.documents_removed:
        controller.documentRemoved.emit(document_id)
    for document_id in effects.documents_added:
        controller.documentAdded.emit(controller.store.document_summary(document_id))
    for document_id in effects.documents_changed:
        controller.documentPropertiesChanged.emit(document_id)
    for document_id, status in effects.statuses.items():
        controller.documentStatusChanged.emit(document_id, status)
    for annotation in effects.removed:
        controller.annotationRemoved.emit(annotation)
    for annotation in effects.added:
        controller.annotationAdded.emit(annotation)
    for annotation in effects.changed:
        controller.annotationChanged.emit(annotation)
    if effects.label_counts:
        controller.labelCountsChanged.emit()
    for document_id in effects.links:
        controller.linksChanged.emit(document_id)
    if effects.labels:
        controller.labelsChanged.emit()
    if effects.verdicts:
        controller.verdictsChanged.emit()
    for document_id in effects.adjudication:
        controller.adjudicationChanged.emit(document_id)
    if effects.reloaded:
        controller.annotationsReloaded.emit()
    for document_id in effects.suggestions:
        controller.suggestionsChanged.emit(document_id, list(effects.decided))
    if focus and effects.focus is not None:
        controller.focusRequested.emit(*effects.focus)


def edit_merge_id(changes: dict[str, Any]) -> int:
    """Typing in the note (the evidence links, the claim as checked, a fact-check's address)
    merges into one undo step."""
    return {frozenset({"note"}): NOTE_EDIT_ID, frozenset({"evidence"}): EVIDENCE_EDIT_ID,
            frozenset({"claim_reviewed"}): CLAIM_REVIEWED_EDIT_ID,
            frozenset({"fact_check_url"}): FACT_CHECK_URL_EDIT_ID}.get(frozenset(changes), -1)
