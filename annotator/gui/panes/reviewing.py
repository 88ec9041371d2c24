"""The reviewing pane: the adjudication panel (made the first time it is shown), and the
session's agreement and statistics."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.actions import make_action

if TYPE_CHECKING:
    from annotator.gui.adjudication_panel import AdjudicationPanel
    from annotator.gui.controller import SessionController
    from annotator.gui.review_state import ReviewState
    from annotator.gui.settings import Settings


class ReviewingPane(QWidget):
    raiseRequested = Signal()  # show the pane, in front, at a height to work in

    def __init__(self, state: ReviewState, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings = settings
        self._panel: AdjudicationPanel | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # refreshed once the article (or the change) is on screen
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        a = functools.partial(make_action, self)
        self.adjudication_action = a("&Adjudicate…", self.show_adjudication, "Ctrl+Shift+J",
                                     "Compare the reviewers' spans of this article and build "
                                     "the gold layer", "adjudicateAction")
        self.agreement_action = a("A&greement…", self.show_agreement, None,
                                  "How far the session's reviewers agree: span F1, kappa, "
                                  "alpha, per label and pair", "agreementAction")
        self.statistics_action = a("&Statistics…", self.show_statistics, "Ctrl+Shift+S",
                                   "Charts of the annotations per label, confidence and article",
                                   "statisticsAction")
        state.sessionOpened.connect(self._session_opened)
        state.sessionClosing.connect(self._session_closing)
        state.documentChanged.connect(lambda *_args: self._timer.start())

    def actions_of_pane(self) -> list[QAction]:
        return [self.adjudication_action, self.agreement_action, self.statistics_action]

    def update_enabled(self, _writable: bool) -> None:
        self.statistics_action.setEnabled(self.state.controller is not None)

    @property
    def panel(self) -> AdjudicationPanel:
        """The adjudication panel, made the first time it is needed."""
        if self._panel is None:
            from annotator.gui.adjudication_panel import AdjudicationPanel

            self._panel = AdjudicationPanel()
            self._panel.itemChosen.connect(self.state.show_span)
            self._panel.annotationChosen.connect(self._edit_gold)
            self._layout.addWidget(self._panel)
            self.state.tag_reviewer = self._panel.tag_reviewer
        return self._panel

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.panel.show()  # made when first shown
        super().showEvent(event)
        self._timer.start()

    def _session_opened(self, controller: SessionController) -> None:
        for signal in (controller.annotationAdded, controller.annotationChanged,
                       controller.annotationRemoved, controller.annotationsReloaded,
                       controller.adjudicationChanged, controller.labelsChanged):
            signal.connect(lambda *_args: self._timer.start())

    def _session_closing(self) -> None:
        self._timer.stop()
        if self._panel is not None:
            self._panel.set_session(None, None)

    def show_adjudication(self) -> None:
        """Show the adjudication panel (for the open article) and put the focus in its list."""
        self.panel  # noqa: B018 - made before it is shown
        self.raiseRequested.emit()
        self.refresh()
        self.panel.list.setFocus()

    def refresh(self) -> None:
        if not self.isVisible():
            return
        panel, state = self.panel, self.state
        if panel.store is not state.store:
            panel.set_labels(state.labels)
            panel.set_session(state.controller, state.store)
        panel.set_labels(state.labels)
        if panel.document_id != state.document_id:
            panel.set_document(state.document_id)
        else:
            panel.refresh()

    def _edit_gold(self, annotation_id: int) -> None:
        self.state.set_current(annotation_id)
        self.state.inspectRequested.emit()

    def show_agreement(self) -> None:
        from annotator.gui.agreement_view import AgreementDialog

        if self.state.store is None:
            return
        AgreementDialog(self.agreement_report, self.state.labels, self.window()).exec()

    def agreement_report(self, include_gold: bool):
        """The session's agreement figures, computed off the GUI thread (None if cancelled
        or refused, with the reason shown)."""
        from annotator.core.review.agreement import agreement
        from annotator.core.session.store import SessionStore
        from annotator.gui.background import Cancelled, run_with_progress

        store = self.state.store
        if store is None:
            return None

        def work():
            with SessionStore.open(store.path, read_only=True, auto_backup=False,
                                   defer_integrity_check=True) as reader:
                return agreement(reader, include_gold=include_gold)

        try:
            if store.saved_to_disk:
                return run_with_progress(self.window(), "Measuring agreement…", work)
            return agreement(store, include_gold=include_gold)  # the latest work is in memory
        except Cancelled:
            return None
        except AnnotatorError as exc:
            self.state.show_error("Agreement could not be measured", str(exc))
            return None

    def show_statistics(self) -> None:
        from annotator.gui.statistics import StatisticsDialog

        if self.state.store is None:
            return
        StatisticsDialog(self.state.store, self.state.labels, self.state.document_id,
                         self.window()).exec()
