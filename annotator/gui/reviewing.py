"""The window's reviewing actions: adjudication, agreement and statistics. A part of
:class:`~annotator.gui.main_window.MainWindow`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from annotator.core.errors import AnnotatorError
from annotator.gui.background import Cancelled, run_with_progress

if TYPE_CHECKING:
    from annotator.core.session.store import SessionStore


class ReviewingActions:
    """Mixed into :class:`~annotator.gui.main_window.MainWindow`."""

    store: SessionStore | None

    def show_adjudication(self) -> None:
        """Show the adjudication panel (for the open article) and put the focus in its list."""
        if not self.adjudication_dock.isVisible():
            self.adjudication_dock.show()
            self.resizeDocks([self.adjudication_dock], [320], Qt.Orientation.Vertical)
        self.adjudication_dock.raise_()
        self._refresh_adjudication()
        self.adjudication.list.setFocus()

    def _refresh_adjudication(self) -> None:
        panel = self.adjudication
        if not self.adjudication_dock.isVisible():
            return
        if panel.store is not self.store:
            panel.set_labels(self._labels)
            panel.set_session(self.controller, self.store)
        panel.set_labels(self._labels)
        if panel.document_id != self._document_id:
            panel.set_document(self._document_id)
        else:
            panel.refresh()

    def _show_item(self, start: int, end: int) -> None:
        """An item was chosen in the adjudication panel: show its stretch in the article."""
        self.set_current(None, reveal=False)
        self.view.select_span(start, end)

    def _edit_gold(self, annotation_id: int) -> None:
        self.set_current(annotation_id)
        self.inspector.setFocus()

    def show_agreement(self) -> None:
        from annotator.gui.agreement_view import AgreementDialog

        if self.store is None:
            return
        dialog = AgreementDialog(self._agreement_report, self._labels, self)
        dialog.exec()

    def _agreement_report(self, include_gold: bool):
        """The session's agreement figures, computed off the GUI thread (None if cancelled
        or refused, with the reason shown)."""
        from annotator.core.review.agreement import agreement
        from annotator.core.session.store import SessionStore

        store = self.store
        if store is None:
            return None

        def work():
            with SessionStore.open(store.path, read_only=True, auto_backup=False,
                                   defer_integrity_check=True) as reader:
                return agreement(reader, include_gold=include_gold)

        try:
            if store.saved_to_disk:
                return run_with_progress(self, "Measuring agreement…", work)
            return agreement(store, include_gold=include_gold)  # the latest work is in memory
        except Cancelled:
            return None
        except AnnotatorError as exc:
            self.show_error("Agreement could not be measured", str(exc))
            return None

    def show_statistics(self) -> None:
        from annotator.gui.statistics import StatisticsDialog

        if self.store is None:
            return
        StatisticsDialog(self.store, self._labels, self._document_id, self).exec()

