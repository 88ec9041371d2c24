"""The main window: documents on the left, the article in the middle, annotations on the right.

It only assembles the panes (see :mod:`annotator.gui.panes`) and the session's files, puts them
in docks, makes the menus and tool bars of their actions, and connects them in one place
(:meth:`MainWindow._connect_signals`). The panes share a :class:`ReviewState`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget

from annotator.core.models import prepare_models
from annotator.gui import menus, plain_text
from annotator.gui.actions import make_action
from annotator.gui.first_paint import AfterFirstPaint
from annotator.gui.message_bar import MessageBar
from annotator.gui.panes.annotations import AnnotationsPane
from annotator.gui.panes.article import ArticlePane
from annotator.gui.panes.documents import DocumentsPane
from annotator.gui.panes.reviewing import ReviewingPane
from annotator.gui.panes.suggestions import SuggestionsPane
from annotator.gui.review_state import ReviewState
from annotator.gui.session_files import APP_TITLE, SessionFiles
from annotator.gui.status_line import StatusLine
from annotator.gui.theme import apply_theme, theme_actions

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from annotator.gui.controller import SessionController
    from annotator.gui.settings import Settings


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, reviewer: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.state = ReviewState(self, reviewer=reviewer)
        self.undo_group = QUndoGroup(self)
        self._label_actions_shown: list[QAction] = []
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.article = ArticlePane(self.state, settings, self)
        self.documents = DocumentsPane(self.state, settings, self)
        self.annotations = AnnotationsPane(self.state, settings, self)
        self.reviewing = ReviewingPane(self.state, settings, self)
        self.suggestions = SuggestionsPane(self.state, settings, self)
        self.files = SessionFiles(self.state, settings, self)
        # background suggestions and the file's checks start once the article is on the screen
        self.first_paint = AfterFirstPaint(self)
        self.article.view.firstPainted.connect(self.first_paint.painted_once)
        self.state.after_first_paint = self.first_paint.run
        self.first_paint.run(prepare_models)  # the first edit then does not wait for them
        self.panes = (self.files, self.documents, self.article, self.annotations, self.reviewing,
                      self.suggestions)
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbars()
        self._connect_signals()
        self._fit_to_screen()
        geometry, state = settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        for first, then in ((self.article.find_bar.field, self.article.view),
                            (self.article.view, self.annotations.table),
                            (self.annotations.table, self.annotations.inspector.note),
                            (self.annotations.inspector.note, self.documents.document_list)):
            self.setTabOrder(first, then)
        self._update_enabled()

    # ================================================================== construction

    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.message_bar = MessageBar()
        layout.addWidget(self.message_bar)
        layout.addWidget(self.article, 1)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        side = Qt.DockWidgetArea
        self.documents_dock, self.annotation_dock, self.suggestions_dock, self.adjudication_dock = (
            menus.add_dock(self, title, name, widget, area) for title, name, widget, area in (
                ("Documents", "documentsDock", self.documents, side.LeftDockWidgetArea),
                ("Annotations", "annotationDock", self.annotations, side.RightDockWidgetArea),
                ("Suggestions", "suggestionsDock", self.suggestions, side.RightDockWidgetArea),
                ("Adjudication", "adjudicationDock", self.reviewing, side.BottomDockWidgetArea)))
        self.adjudication_dock.hide()

    def _fit_to_screen(self) -> None:
        """A first size: 1400 × 880, or what the screen has room for; the side panels take at
        most a fifth and a third of the width, the suggestions a quarter of the height."""
        from annotator.gui.screen import fit_to_screen

        width, height = fit_to_screen(self, 1400, 880, tenths=10)
        self.resizeDocks([self.documents_dock, self.annotation_dock],
                         [min(250, width // 5), min(470, width // 3)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.annotation_dock, self.suggestions_dock],
                         [height * 3 // 4, height // 4], Qt.Orientation.Vertical)

    def _build_actions(self) -> None:
        for pane in self.panes:
            self.addActions(pane.actions_of_pane())
        # Enter accepts the current suggestion in the article view (and, on its row, in the
        # Suggestions list); anywhere else it keeps its own meaning
        self.article.view.addAction(self.suggestions.accept_action)
        a = self._action
        self.preferences_action = a("Preference&s…", self.show_preferences,
                                    [QKeySequence(QKeySequence.StandardKey.Preferences),
                                     QKeySequence("Ctrl+,")],
                                    "Reviewer name, text size", "preferencesAction")
        self.quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit, None, "quitAction")
        self.undo_action, self.redo_action = menus.undo_actions(self, self.undo_group)
        self.addActions([self.undo_action, self.redo_action])
        self.shortcuts_action = a("&Keyboard Shortcuts", lambda: self._show_help("show_shortcuts"),
                                  QKeySequence.StandardKey.HelpContents, None, "shortcutsAction")
        self.about_action = a("&About", lambda: self._show_help("show_about"), None, None,
                              "aboutAction")

    def _action(self, *args) -> QAction:
        action = make_action(self, *args)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        files, documents, article = self.files, self.documents, self.article
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([files.new_action, files.open_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(lambda: files.fill_recent_menu(self.recent_menu))
        for group in (files.article_import_actions(),
                      [files.export_all_action, files.export_current_action,
                       files.import_annotations_action, files.merge_action],
                      [files.report_pdf_action, files.print_action],
                      [files.save_copy_action, files.restore_backup_action]):
            file_menu.addActions(group)
            file_menu.addSeparator()
        file_menu.addMenu("Article Pro&gress").addActions(documents.status_actions)
        menus.add_groups(file_menu, [documents.remove_document_action],
                         [self.preferences_action, self.quit_action])
        menus.add_groups(menu.addMenu("&Edit"), [self.undo_action, self.redo_action],
                   [article.find_action, article.find_next_action, article.find_previous_action],
                   [article.properties_action])
        self.annotate_menu = menu.addMenu("&Annotate")
        self.go_menu = menu.addMenu("&Go")
        view_menu = menu.addMenu("&View")
        view_menu.addActions([self.reviewing.statistics_action, self.reviewing.agreement_action,
                              self.reviewing.adjudication_action])
        view_menu.addSeparator()
        view_menu.addActions([self.suggestions.show_action, article.zoom_in_action,
                              article.zoom_out_action])
        self.theme_actions = theme_actions(self, self.settings.theme, self.set_theme)
        view_menu.addMenu("&Theme").addActions(self.theme_actions)
        view_menu.addSeparator()
        for dock in (self.documents_dock, self.annotation_dock, self.suggestions_dock,
                     self.adjudication_dock):
            view_menu.addAction(dock.toggleViewAction())
        help_menu = menu.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.about_action])

    def _build_toolbars(self) -> None:
        self.addToolBar(menus.main_toolbar(self, [self.files.open_action, self.files.import_action,
                                            self.files.export_all_action], self.undo_group))
        self.label_toolbar = menus.label_toolbar(self)
        self.addToolBar(self.label_toolbar)
        self.status_line = StatusLine(self.statusBar())
        self.statusBar().insertPermanentWidget(1, self.suggestions.status_label)

    def _connect_signals(self) -> None:
        state, article = self.state, self.article
        state.sessionOpened.connect(self._session_opened)
        state.sessionClosing.connect(
            lambda: self.undo_group.removeStack(state.controller.undo_stack))
        for signal in (state.documentChanged, state.currentChanged, state.labelsChanged,
                       article.selectionChanged):
            signal.connect(lambda *_args: self._update_enabled())
        state.documentChanged.connect(lambda *_args: self._update_title())
        state.statusShown.connect(self.status_line.set_save_state)
        state.errorShown.connect(lambda title, message: self.show_error(title, message))
        state.messageShown.connect(self.message_bar.show_message)
        state.messageCleared.connect(self.message_bar.clear)
        state.savedStateStale.connect(self.files.say_whether_saved)
        article.labelActionsChanged.connect(self._label_actions_changed)
        article.tagged.connect(lambda: self.settings.welcomed or self._welcomed())
        self.documents.importRequested.connect(self.files.choose_documents)
        self.reviewing.raiseRequested.connect(self._raise_adjudication)

    # ================================================================== what the panes ask

    def _session_opened(self, controller: SessionController) -> None:
        self.undo_group.addStack(controller.undo_stack)
        self.undo_group.setActiveStack(controller.undo_stack)
        self.status_line.show_session(controller.store.path, controller.store.reviewer)

    def _label_actions_changed(self) -> None:
        """The session's labels changed: the Annotate and Go menus and the label tool bar."""
        article, annotations, suggested = self.article, self.annotations, self.suggestions
        for action in self._label_actions_shown:
            self.removeAction(action)
        self._label_actions_shown = [*article.tag_actions, *article.go_label_actions]
        self.addActions(self._label_actions_shown)
        self.go_menu.clear()
        menus.add_groups(self.go_menu, [article.next_action, article.previous_action],
                   article.go_label_actions, [article.next_number_action], suggested.go_actions)
        self.annotate_menu.clear()
        menus.add_groups(self.annotate_menu, article.tag_actions, annotations.confidence_actions,
                   [article.link_action, annotations.same_claim_action, annotations.delete_action],
                   suggested.decide_actions,
                   [annotations.labels_action, annotations.verdicts_action])
        menus.fill_label_toolbar(self.label_toolbar, article.tag_actions)

    def _raise_adjudication(self) -> None:
        if not self.adjudication_dock.isVisible():
            self.adjudication_dock.show()
            self.resizeDocks([self.adjudication_dock], [320], Qt.Orientation.Vertical)
        self.adjudication_dock.raise_()

    def _update_enabled(self) -> None:
        writable = self.state.writable
        for pane in self.panes:
            pane.update_enabled(writable)

    def _update_title(self) -> None:
        parts = [self.article.title()] if self.state.document_id is not None else []
        if (store := self.state.store) is not None:
            parts.append(store.path.name + (" [read-only]" if store.read_only else ""))
        self.setWindowTitle(" — ".join([*parts, APP_TITLE]))

    def show_error(self, title: str, message: str) -> None:
        self.status_line.set_save_state(message, ok=False)
        if not QApplication.instance().property("annotator_quiet_errors"):
            plain_text.warn(self, title, message)

    # ================================================================== the window's own

    def show_preferences(self) -> None:
        from annotator.gui.dialogs import edit_preferences

        edit_preferences(self)

    def set_theme(self, name: str) -> None:
        """Light, dark, high contrast, or the system's; remembered."""
        self.settings.theme = name
        apply_theme(QApplication.instance(), name)
        for action in self.theme_actions:
            action.setChecked(action.objectName() == f"theme_{name}")
        self.article.view.viewport().update()

    def _show_help(self, name: str) -> None:
        """The keyboard shortcuts or the About box (the dialogs load when first asked for)."""
        from annotator.gui import dialogs

        getattr(dialogs, name)(self)

    def show_welcome(self) -> None:
        """A first-start note that gets out of the way (no dialog to dismiss before working)."""
        if self.settings.welcomed:
            return
        self.message_bar.show_message(
            "<b>Welcome.</b> This session holds three sample articles. Select words and press "
            "<b>C</b>, <b>E</b> or <b>A</b> to tag them, <b>1</b>–<b>5</b> for confidence; "
            "everything is saved as you go. Ctrl+O opens your own articles.",
            "info",
            [("Keyboard Shortcuts", self.shortcuts_action.trigger), ("Got it", self._welcomed)],
        )

    def _welcomed(self) -> None:
        self.settings.welcomed = True
        if self.message_bar.isVisible() and self.message_bar.kind == "info":
            self.message_bar.clear()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        if self.files.dropped(event.mimeData().urls()):
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.files.may_close():
            event.ignore()
            return
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.files.close_session()
        super().closeEvent(event)
