"""The main window: documents on the left, the article in the middle, annotations on the right."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.defaults import CONFIDENCE_NAMES, DEFAULT_CONFIDENCE, STATUSES
from annotator.core.errors import AnnotatorError, DocumentError, SessionError
from annotator.gui import plain_text
from annotator.gui.adjudication_panel import AdjudicationPanel
from annotator.gui.annotation_table import (
    ANNOTATION_ID_ROLE,
    CONFIDENCE,
    LABEL,
    NOTE,
    REVIEWER,
    SORT_KEYS,
    TEXT,
    VERDICT,
    AnnotationTableModel,
)
from annotator.gui.annotation_table import DOCUMENT_ID_ROLE as TABLE_DOCUMENT_ID_ROLE
from annotator.gui.article_view import ArticleView
from annotator.gui.dialogs import (
    PreferencesDialog,
    fit_to_screen,
    show_about,
    show_shortcuts,
)
from annotator.gui.document_actions import DocumentActions
from annotator.gui.document_list import DocumentDelegate, DocumentListModel
from annotator.gui.file_actions import APP_TITLE, SESSION_GLOBS, FileActions
from annotator.gui.find_bar import FindBar
from annotator.gui.inspector import InspectorPanel
from annotator.gui.message_bar import MessageBar
from annotator.gui.navigation import Navigation
from annotator.gui.palette import label_color, swatch_icon
from annotator.gui.plain_text import PlainLabel, escape_markup, plain_tooltip
from annotator.gui.reviewing import ReviewingActions
from annotator.gui.settings import Settings
from annotator.gui.table_filter import TableFilterBar
from annotator.gui.theme import THEMES, apply_theme

if TYPE_CHECKING:  # the heavier parts of the core load with the first session
    from annotator.core.models import Annotation, Label
    from annotator.core.session.store import SessionStore
    from annotator.gui.controller import SessionController

_CHECKS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-check")
FLUSH_RETRY_MS = 5000


class MainWindow(FileActions, DocumentActions, Navigation, ReviewingActions, QMainWindow):
    def __init__(self, settings: Settings, reviewer: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._reviewer_override = reviewer
        self.controller: SessionController | None = None
        self._labels: list[Label] = []
        self._document_id: int | None = None
        self._current_id: int | None = None
        self._last_added_row: int | None = None
        self._link_source: int | None = None  # while choosing what to link an annotation to
        self._label_actions: list[QAction] = []
        self._go_label_actions: list[QAction] = []
        self.undo_group = QUndoGroup(self)
        self._offset_timer = QTimer(self)
        self._offset_timer.setSingleShot(True)
        self._offset_timer.setInterval(1500)
        self._offset_timer.timeout.connect(self._remember_position)
        # Work deferred until the first paint of a session or document; restarting a timer
        # (a newer session or document) cancels what the previous one had scheduled.
        self._counts_timer = self._deferred(200, self._count_annotations)
        self._keys_timer = self._deferred(300, lambda: self.table_model.load_keys())
        self._adjudication_timer = self._deferred(120, self._refresh_adjudication)
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_RETRY_MS)
        self._flush_timer.timeout.connect(self.retry_saving)

        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._fit_to_screen()
        geometry, state = settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.setTabOrder(self.find_bar.field, self.view)
        self.setTabOrder(self.view, self.table)
        self.setTabOrder(self.table, self.inspector.note)
        self.setTabOrder(self.inspector.note, self.document_list)
        self._update_enabled()

    # ================================================================== construction

    def _deferred(self, delay_ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay_ms)
        timer.timeout.connect(slot)
        return timer

    def _build_central(self) -> None:
        self.view = ArticleView()
        self.view.set_font_points(self.settings.font_points)
        self.view.annotationClicked.connect(self._annotation_clicked)
        self.view.escapePressed.connect(self._cancel_linking)
        self.view.linkDragged.connect(self._link_dragged)
        self.view.verticalScrollBar().valueChanged.connect(lambda _: self._offset_timer.start())
        self.view.selectionChanged.connect(self._selection_changed)
        self.find_bar = FindBar()
        self.find_bar.field.nextRequested.connect(lambda: self._find(backward=False))
        self.find_bar.field.previousRequested.connect(lambda: self._find(backward=True))
        self.find_bar.field.escaped.connect(self._leave_find)
        self.find_bar.field.textChanged.connect(self._find_text_changed)
        self.article_title = PlainLabel()
        self.article_title.setObjectName("articleTitle")
        self.article_title.setWordWrap(True)
        self.article_title.setContentsMargins(12, 8, 12, 0)
        font = self.article_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.article_title.setFont(font)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.message_bar = MessageBar()
        layout.addWidget(self.message_bar)
        layout.addWidget(self.article_title)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        # Documents
        self.document_model = DocumentListModel(self)
        self.document_list = QListView()
        self.document_list.setObjectName("documentList")
        self.document_list.setModel(self.document_model)
        self.document_list.setItemDelegate(DocumentDelegate(self.document_list))
        self.document_list.setSpacing(1)
        self.document_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.document_list.setUniformItemSizes(False)
        self.document_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.document_list.selectionModel().currentChanged.connect(self._document_chosen)
        self.import_button = import_button = QPushButton("Import Articles…")
        import_button.setToolTip("Import .txt, .md or .html articles into this session")
        import_button.clicked.connect(self.choose_documents)
        documents = QWidget()
        documents_layout = QVBoxLayout(documents)
        documents_layout.setContentsMargins(4, 4, 4, 4)
        self.document_filter = QLineEdit()
        self.document_filter.setObjectName("documentFilter")
        self.document_filter.setPlaceholderText("Search articles (title and text)")
        self._filter_help = (
            "Shows the articles whose title or text has every word typed; a word also finds "
            "the words it begins, and “quoted words” must stand in a row."
        )
        self.document_filter.setToolTip(plain_tooltip(self._filter_help))
        self.document_filter.setClearButtonEnabled(True)
        self.document_filter.textChanged.connect(self._filter_documents)
        self.document_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        documents_layout.addWidget(self.document_filter)
        documents_layout.addWidget(self.document_list, 1)
        documents_layout.addWidget(import_button)
        self.documents_dock = self._dock("Documents", "documentsDock", documents)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.documents_dock)

        # Inspector and table, one above the other on the right
        self.inspector = InspectorPanel()
        self.inspector.labelChosen.connect(self._change_label)
        self.inspector.confidenceChosen.connect(lambda i, level: self._edit(i, confidence=level))
        self.inspector.noteEdited.connect(lambda i, note: self._edit(i, note=note))
        self.inspector.verdictChosen.connect(lambda i, value: self._edit(i, verdict=value))
        self.inspector.evidenceEdited.connect(lambda i, urls: self._edit(i, evidence=urls))
        self.inspector.deleteRequested.connect(self._delete)
        self.inspector.linkActivated.connect(lambda i: self.set_current(i, reveal=True))
        self.inspector.unlinkRequested.connect(
            lambda s, t: self.controller.unlink(s, t) if self.controller else None
        )
        self.inspector.noteTruncated.connect(
            lambda limit: self._set_save_state(
                f"A note may have at most {limit:,} characters; the rest was not kept.", ok=False
            )
        )

        self.table_model = AnnotationTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("annotationTable")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        # Never ResizeToContents: it would read every row of a large document to measure it.
        metrics = self.fontMetrics()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LABEL, metrics.horizontalAdvance("Attribution") + 30)
        header.setSectionResizeMode(CONFIDENCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CONFIDENCE, metrics.horizontalAdvance("Conf.") + 18)
        header.setSectionResizeMode(VERDICT, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(VERDICT, metrics.horizontalAdvance("Mostly true") + 14)
        # the quoted text takes the room left; the note is a hint of the note (its tooltip and
        # the inspector show the whole)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NOTE, metrics.horizontalAdvance("Note") * 3)
        header.setSectionResizeMode(REVIEWER, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(REVIEWER, metrics.horizontalAdvance("Reviewer") + 16)
        self.table.selectionModel().currentRowChanged.connect(self._table_row_chosen)
        self.table.clicked.connect(self._table_clicked)

        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._sort_by)
        self.table_filter = TableFilterBar()
        self.table_filter.changed.connect(self._apply_table_view)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(4, 0, 4, 0)
        table_layout.setSpacing(2)
        table_layout.addWidget(self.table_filter)
        table_layout.addWidget(self.table, 1)

        # The inspector scrolls rather than holding the dock to its full height, so that a
        # short window, or the adjudication panel below, still leaves room to work in.
        inspector_area = QScrollArea()
        inspector_area.setObjectName("inspectorArea")
        inspector_area.setWidget(self.inspector)
        inspector_area.setWidgetResizable(True)
        inspector_area.setFrameShape(QScrollArea.Shape.NoFrame)
        inspector_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(inspector_area)
        splitter.addWidget(table_box)
        # The table takes what the dock gains or loses, down to six rows; the inspector starts
        # tall enough to edit without scrolling.
        row = self.table.verticalHeader().defaultSectionSize()
        header_height = self.table.horizontalHeader().sizeHint().height()
        table_box.setMinimumHeight(
            self.table_filter.sizeHint().height() + header_height + 6 * row + 8)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.inspector.editor_size_hint().height(), 450])
        self.annotation_dock = self._dock("Annotations", "annotationDock", splitter)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.annotation_dock)
        self.adjudication = AdjudicationPanel()
        self.adjudication.itemChosen.connect(self._show_item)
        self.adjudication.annotationChosen.connect(self._edit_gold)
        self.adjudication_dock = self._dock("Adjudication", "adjudicationDock", self.adjudication)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.adjudication_dock)
        self.adjudication_dock.hide()
        self.adjudication_dock.visibilityChanged.connect(
            lambda _visible: self._adjudication_timer.start())

    def _fit_to_screen(self) -> None:
        """A first size: 1400 × 880, or what the screen has room for; the two side panels
        take at most a fifth and a third of the width, so the article keeps about half."""
        width, _height = fit_to_screen(self, 1400, 880, tenths=10)
        self.resizeDocks(
            [self.documents_dock, self.annotation_dock],
            [min(250, width // 5), min(470, width // 3)], Qt.Orientation.Horizontal,
        )

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def _action(
        self, text: str, slot, shortcut=None, tip: str | None = None, name: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list | tuple):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(plain_tooltip(tip))
        if name:
            action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.open_action = a("&Open…", self.choose_and_open, QKeySequence.StandardKey.Open,
                             "Open a session, or import articles into this one", "openAction")
        self.new_action = a("&New Session…", self.choose_new_session, QKeySequence.StandardKey.New,
                            "Start a new, empty session file", "newSessionAction")
        self.import_action = a("&Import Articles…", self.choose_documents, "Ctrl+I",
                               "Import .txt, .md or .html articles", "importAction")
        self.import_encoding_action = a(
            "Import Articles in Enco&ding…", self.choose_documents_in_encoding, None,
            "Import text files or pages read in an encoding you choose (Windows-1250, "
            "KOI8-R, Shift JIS…) instead of the one found out", "importEncodingAction")
        self.paste_action = a("Paste as New Artic&le…", self.paste_article, "Ctrl+Shift+V",
                              "Make a new article of the text on the clipboard",
                              "pasteArticleAction")
        self.export_all_action = a("&Export All Annotations…",
                                   lambda: self.choose_export(current_only=False), "Ctrl+E",
                                   "Export every annotation of the session (CSV, JSON Lines, "
                                   "W3C Web Annotation, brat, Label Studio)", "exportAllAction")
        self.export_current_action = a("Export This &Article's Annotations…",
                                       lambda: self.choose_export(current_only=True), None,
                                       "Export the annotations of the open article",
                                       "exportCurrentAction")
        self.merge_action = a("&Merge Reviewers' Sessions…", self.choose_merge, None,
                              "Add other reviewers' sessions of the same articles to this one "
                              "(each annotation keeps its reviewer)", "mergeAction")
        self.import_annotations_action = a(
            "Import Anno&tations…", self.choose_annotation_file, None,
            "Add the annotations of a CSV, JSON Lines, W3C, brat or Label Studio file",
            "importAnnotationsAction")
        self.report_pdf_action = a("Export Article Report as PD&F…", self.choose_report_pdf, None,
                                   "The article with its annotations marked, and a numbered "
                                   "table of them", "reportPdfAction")
        self.print_action = a("&Print Article Report…", self.print_report,
                              QKeySequence.StandardKey.Print, None, "printAction")
        self.save_copy_action = a("Save a &Copy of the Session…", self.choose_save_copy, None,
                                  "Write the whole session to another file",
                                  "saveCopyAction")
        self.restore_backup_action = a("Restore from &Backup…", self.choose_backup, None,
                                       "Go back to an automatic backup of this session",
                                       "restoreBackupAction")
        self.status_actions = []
        status_group = QActionGroup(self)
        for status, title in STATUSES.items():
            # "Mark as &Not Started": title case, each status's first letter its key
            action = a(f"Mark as &{title.title()}", lambda s=status: self.set_status(s), None,
                       f"Mark the open article {title.lower()}", f"status_{status}")
            action.setCheckable(True)
            action.setData(status)
            status_group.addAction(action)
            self.status_actions.append(action)
        self.status_actions[-1].setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.remove_document_action = a("Remo&ve Article from Session", self.remove_document,
                                        None, "Remove the open article and its annotations "
                                        "(can be undone)", "removeDocumentAction")
        self.preferences_action = a("Preference&s…", self.show_preferences,
                                    [QKeySequence(QKeySequence.StandardKey.Preferences),
                                     QKeySequence("Ctrl+,")],
                                    "Reviewer name, text size",
                                    "preferencesAction")
        self.quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit, None, "quitAction")

        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.setObjectName("undoAction")
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setObjectName("redoAction")
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

        self.find_action = a("&Find in Article", self.focus_find, QKeySequence.StandardKey.Find,
                             None, "findAction")
        self.find_next_action = a("Find &Next", lambda: self._find(backward=False),
                                  QKeySequence.StandardKey.FindNext, None, "findNextAction")
        self.find_previous_action = a("Find Pre&vious", lambda: self._find(backward=True),
                                      QKeySequence.StandardKey.FindPrevious, None,
                                      "findPreviousAction")

        self.confidence_actions = []
        group = QActionGroup(self)
        for level in range(1, 6):
            action = a(f"Confidence &{level} ({CONFIDENCE_NAMES[level]})",
                       lambda lv=level: self.set_confidence(lv), str(level), None,
                       f"confidence{level}Action")
            action.setCheckable(True)
            action.setData(level)
            group.addAction(action)
            self.confidence_actions.append(action)
        self.link_action = a("&Link to Another Annotation", self.link_current, "L",
                             "Link the current annotation to another: L, then click it (or go "
                             "to it with J/K and press L again); Escape cancels", "linkAction")
        self.labels_action = a("&Edit Labels…", self.edit_labels, None,
                               "Add labels, or change their titles, colours, keys and order",
                               "editLabelsAction")
        self.delete_action = a("&Delete Annotation", self.delete_current,
                               QKeySequence.StandardKey.Delete, "Delete the current annotation",
                               "deleteAction")
        self.next_action = a("&Next Annotation", lambda: self.go_to_neighbour(), "J",
                             "Make the next annotation current", "nextAnnotationAction")
        self.previous_action = a("&Previous Annotation", lambda: self.go_to_neighbour(True), "K",
                                 "Make the previous annotation current",
                                 "previousAnnotationAction")
        self.next_number_action = a("Next &Untagged Number", self.select_next_number, "N",
                                    "Select the next figure that no annotation covers",
                                    "nextNumberAction")
        self.adjudication_action = a("&Adjudicate…", self.show_adjudication, "Ctrl+Shift+J",
                                     "Compare the reviewers' spans of this article and build "
                                     "the gold layer", "adjudicateAction")
        self.agreement_action = a("A&greement…", self.show_agreement, None,
                                  "How far the session's reviewers agree: span F1, kappa, "
                                  "alpha, per label and pair", "agreementAction")
        self.statistics_action = a("&Statistics…", self.show_statistics, "Ctrl+Shift+S",
                                   "Charts of the annotations per label, confidence and article",
                                   "statisticsAction")
        self.zoom_in_action = a("&Larger Text", lambda: self.zoom(+1),
                                [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], None, "zoomInAction")
        self.zoom_out_action = a("S&maller Text", lambda: self.zoom(-1),
                                 QKeySequence.StandardKey.ZoomOut, None, "zoomOutAction")
        self.shortcuts_action = a("&Keyboard Shortcuts", lambda: show_shortcuts(self),
                                  QKeySequence.StandardKey.HelpContents, None, "shortcutsAction")
        self.about_action = a("&About", lambda: show_about(self), None, None, "aboutAction")

    def _build_label_actions(self) -> None:
        for action in self._label_actions:
            self.removeAction(action)
            action.deleteLater()
        self._label_actions = []
        for label in self._labels:
            key = label.shortcut
            action = self._action(
                label.title, lambda name=label.name: self.tag_selection(name), key,
                f"Tag the selected text as {label.title.lower()}"
                + (f" ({key})" if key else ""), f"tag_{label.name}",
            )
            action.setIcon(swatch_icon(label_color(label)))
            action.setIconText(label.title)
            self._label_actions.append(action)
        for action in self._go_label_actions:
            self.removeAction(action)
            action.deleteLater()
        self._go_label_actions = []
        for label in self._labels:
            key = f"Shift+{label.shortcut}" if label.shortcut else None
            action = self._action(
                f"Next {label.title}", lambda name=label.name: self.go_to_neighbour(label=name),
                key, f"Make the next {label.title.lower()} current", f"next_{label.name}",
            )
            action.setIcon(swatch_icon(label_color(label)))
            self._go_label_actions.append(action)
        self.go_menu.clear()
        self.go_menu.addActions([self.next_action, self.previous_action])
        self.go_menu.addSeparator()
        self.go_menu.addActions(self._go_label_actions)
        self.go_menu.addSeparator()
        self.go_menu.addAction(self.next_number_action)
        self.annotate_menu.clear()
        self.annotate_menu.addActions(self._label_actions)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addActions(self.confidence_actions)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addAction(self.link_action)
        self.annotate_menu.addAction(self.delete_action)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addAction(self.labels_action)
        self.label_toolbar.clear()
        label_title = PlainLabel(" Tag as: ")
        self.label_toolbar.addWidget(label_title)
        for action in self._label_actions:
            self.label_toolbar.addAction(action)

    def _build_menus_and_toolbar(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addActions([self.import_action, self.import_encoding_action,
                              self.paste_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_all_action, self.export_current_action,
                              self.import_annotations_action, self.merge_action])
        file_menu.addSeparator()
        file_menu.addActions([self.report_pdf_action, self.print_action])
        file_menu.addSeparator()
        file_menu.addActions([self.save_copy_action, self.restore_backup_action])
        file_menu.addSeparator()
        article_menu = file_menu.addMenu("Article Pro&gress")
        article_menu.addActions(self.status_actions)
        file_menu.addAction(self.remove_document_action)
        file_menu.addSeparator()
        file_menu.addActions([self.preferences_action, self.quit_action])
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.find_next_action, self.find_previous_action])
        self.annotate_menu = menu.addMenu("&Annotate")
        self.go_menu = menu.addMenu("&Go")
        view_menu = menu.addMenu("&View")
        view_menu.addActions([self.statistics_action, self.agreement_action,
                              self.adjudication_action])
        view_menu.addSeparator()
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action])
        theme_menu = view_menu.addMenu("&Theme")
        theme_group = QActionGroup(self)
        self.theme_actions = []
        for name, title in THEMES.items():
            action = QAction(title, self)
            action.setObjectName(f"theme_{name}")
            action.setCheckable(True)
            action.setChecked(name == self.settings.theme)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            theme_group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions.append(action)
        view_menu.addSeparator()
        view_menu.addAction(self.documents_dock.toggleViewAction())
        view_menu.addAction(self.annotation_dock.toggleViewAction())
        view_menu.addAction(self.adjudication_dock.toggleViewAction())
        self.document_list.addActions(self.status_actions)
        help_menu = menu.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.about_action])

        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.open_action, self.import_action, self.export_all_action])
        toolbar.addSeparator()
        self.toolbar_undo = QAction("Undo", self)
        self.toolbar_undo.triggered.connect(self.undo_group.undo)
        self.toolbar_redo = QAction("Redo", self)
        self.toolbar_redo.triggered.connect(self.undo_group.redo)
        self.undo_group.canUndoChanged.connect(self.toolbar_undo.setEnabled)
        self.undo_group.canRedoChanged.connect(self.toolbar_redo.setEnabled)
        self.undo_group.undoTextChanged.connect(
            lambda text: self.toolbar_undo.setToolTip(plain_tooltip(f"Undo {text} (Ctrl+Z)")))
        self.undo_group.redoTextChanged.connect(
            lambda text: self.toolbar_redo.setToolTip(plain_tooltip(f"Redo {text} (Ctrl+Shift+Z)")))
        self.toolbar_undo.setEnabled(False)
        self.toolbar_redo.setEnabled(False)
        toolbar.addActions([self.toolbar_undo, self.toolbar_redo])
        self.addToolBar(toolbar)
        self.label_toolbar = QToolBar("Labels")
        self.label_toolbar.setObjectName("labelToolbar")
        self.label_toolbar.setMovable(False)
        self.label_toolbar.setIconSize(QSize(14, 14))
        self.label_toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.label_toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.save_label = PlainLabel()
        self.save_label.setObjectName("saveState")
        self.reviewer_label = PlainLabel()
        self.reviewer_label.setObjectName("reviewerLabel")
        self.session_label = PlainLabel()
        self.session_label.setObjectName("sessionLabel")
        status.addWidget(self.save_label, 1)
        status.addPermanentWidget(self.reviewer_label)
        status.addPermanentWidget(self.session_label)

    # ================================================================== sessions

    @property
    def store(self) -> SessionStore | None:
        return self.controller.store if self.controller else None

    def reviewer(self) -> str:
        return self._reviewer_override or self.settings.reviewer

    def open_session(self, path: str | Path, *, create: bool = True) -> bool:
        """Open (or create) a session file and show where the reviewer left off."""
        from annotator.core.session.store import SessionStore
        from annotator.gui.controller import SessionController

        path = Path(path).expanduser()
        try:
            store = SessionStore.open(
                path, create=create, reviewer=self.reviewer(), fallback_read_only=True,
                keep_in_memory=True, defer_integrity_check=True,
            )
        except AnnotatorError as exc:
            self.show_error("The session cannot be opened", str(exc))
            return False
        self._close_session()
        controller = SessionController(store, self)
        controller.annotationAdded.connect(self._annotation_added)
        controller.annotationChanged.connect(self._annotation_changed)
        controller.annotationRemoved.connect(self._annotation_removed)
        controller.documentAdded.connect(self._document_added)
        controller.documentRemoved.connect(self._document_removed)
        controller.documentStatusChanged.connect(self._document_status_changed)
        controller.linksChanged.connect(self._links_changed)
        controller.labelsChanged.connect(self._labels_changed)
        controller.annotationsReloaded.connect(self._annotations_reloaded)
        for signal in (controller.annotationAdded, controller.annotationChanged,
                       controller.annotationRemoved, controller.annotationsReloaded,
                       controller.adjudicationChanged, controller.labelsChanged):
            signal.connect(lambda *_args: self._adjudication_timer.start())
        controller.labelCountsChanged.connect(self._counts_timer.start)
        controller.focusRequested.connect(self._focus_requested)
        controller.saved.connect(self._saved)
        controller.failed.connect(self._failed)
        self.controller = controller
        self.undo_group.addStack(controller.undo_stack)
        self.undo_group.setActiveStack(controller.undo_stack)
        self.settings.last_session = path
        self._labels = store.labels()
        self.table_model.set_labels(self._labels)
        self.document_model.set_label_titles({label.name: label.title for label in self._labels})
        self.table_filter.set_choices([(label.name, label.title) for label in self._labels], [])
        self.inspector.set_labels(self._labels)
        self._build_label_actions()
        self.session_label.setText(f"  {path.name}  ")
        self.session_label.setToolTip(plain_tooltip(str(path.resolve())))
        self.reviewer_label.setText(f"  Reviewer: {store.reviewer}  ")
        documents = store.documents(counts=False)
        self.document_model.reset(documents)
        self._counts_timer.start()  # after the first paint
        last = store.last_document_id
        if last is None and documents:
            last = documents[0].id
        if last is not None:
            self.show_document(last, restore_position=True)
        else:
            self._show_no_document()
        if store.read_only:
            self.message_bar.show_message(
                f"<b>Read-only:</b> {escape_markup(store.read_only_reason or '')}. You can read, "
                "search and export; to annotate, close it there (or make it writable) and open it "
                "again.",
                "info",
            )
        else:
            self.message_bar.clear()
        if store.read_only:
            self._set_save_state("Opened read-only: nothing can be changed", ok=True)
        else:
            self._set_save_state("All changes saved", ok=True)
        self._update_enabled()
        self._check_integrity_later(store)
        self._check_damage_later(store)
        return True

    def _count_annotations(self) -> None:
        """Fill in the document list's counts (after the first paint of a session)."""
        if self.store is not None:
            self.document_model.set_counts(self.store.annotation_counts())
            reviewers = self.store.reviewers()
            self.table_filter.set_choices(
                [(label.name, label.title) for label in self._labels], reviewers
            )
            # a reviewer's own session needs no Reviewer column: the room goes to the text
            alone = len(reviewers) < 2
            self.table.setColumnHidden(REVIEWER, alone)
            self.table_filter.reviewer.setVisible(not alone)

    def _check_integrity_later(self, store: SessionStore) -> None:
        """Check every page of the file off the GUI thread; say so if it is damaged."""
        future = _CHECKS.submit(store.check_integrity)

        def report() -> None:
            if not future.done():
                QTimer.singleShot(100, report)
                return
            problem = future.result()
            if problem and self.store is store:
                self.message_bar.show_message(
                    f"<b>This session file is damaged</b> ({escape_markup(problem)}). Save a copy "
                    "now, and consider File → Restore from Backup.", "error",
                    [("Save a copy…", self.choose_save_copy)],
                )

        QTimer.singleShot(100, report)

    def _check_damage_later(self, store: SessionStore) -> None:
        """Check every row of the session against its rules off the GUI thread (until then
        the store leaves out what would break the window); name what is damaged, and show the
        session again without it."""
        if store.saved_to_disk:
            future = _CHECKS.submit(store.find_damage_apart)
        else:  # the latest work is in memory: check it here
            future = _CHECKS.submit(lambda: None)
            store.damage()

        def report() -> None:
            if not future.done():
                QTimer.singleShot(100, report)
                return
            if self.store is not store:
                return
            try:
                found = future.result()
            except AnnotatorError:
                found = None  # the file cannot be read apart: check it here
            if found is None:
                found = store.damage()
            else:
                store.adopt_damage(found)
            if found:
                self._show_damage(found.summary())

        QTimer.singleShot(100, report)

    def _show_damage(self, summary: str) -> None:
        """Show the session again without its damaged rows, and say what they are."""
        assert self.store is not None
        self.document_model.reset(self.store.documents(counts=False))
        self._counts_timer.start()
        current, self._document_id = self._document_id, None
        if current is not None:
            self.show_document(current)  # read again, without the damaged annotations
        if self._document_id is None:
            self._show_no_document()
        self.message_bar.show_message(
            f"<b>Changed outside the program:</b> {escape_markup(summary)}"
            + (" The session is open read-only." if self.store.read_only else ""),
            "warning", [("Dismiss", self.message_bar.clear)],
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.store.path.resolve() if self.store is not None else None
        sessions = [p for p in self.settings.recent_sessions() if p.resolve() != current]
        for number, path in enumerate(sessions, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name}  —  {path.parent}")
            action.triggered.connect(
                lambda _checked=False, p=path: self.open_session(p, create=False)
            )
        if not sessions:
            self.recent_menu.addAction("No other sessions yet").setEnabled(False)

    def show_welcome(self) -> None:
        """A first-start note that gets out of the way (no dialog to dismiss before working)."""
        if self.settings.welcomed:
            return
        self.message_bar.show_message(
            "<b>Welcome.</b> This session holds three sample articles. Select words and press "
            "<b>C</b>, <b>E</b> or <b>A</b> to tag them, <b>1</b>–<b>5</b> for confidence; "
            "everything is saved as you go. Ctrl+O opens your own articles.",
            "info",
            [("Keyboard Shortcuts", lambda: show_shortcuts(self)), ("Got it", self._welcomed)],
        )

    def _welcomed(self) -> None:
        self.settings.welcomed = True
        if self.message_bar.isVisible() and self.message_bar.kind == "info":
            self.message_bar.clear()

    def _close_session(self) -> None:
        if self.controller is None:
            return
        for timer in (self._flush_timer, self._counts_timer, self._keys_timer, self._offset_timer,
                      self._adjudication_timer):
            timer.stop()
        self.adjudication.set_session(None, None)
        self._remember_position()
        self.undo_group.removeStack(self.controller.undo_stack)
        self.controller.close()
        self.controller.deleteLater()
        self.controller = None
        self._document_id = None
        self._current_id = None

    # ================================================================== annotations

    def tag_selection(self, label: str) -> Annotation | None:
        """Tag the article's selected text; the new annotation becomes the current one."""
        if self.controller is None or self._document_id is None:
            self._set_save_state("Open or import an article first.", ok=False)
            return None
        span = self.view.selected_span()
        if span is None:
            self._set_save_state(
                "Select some text in the article first, then press C, E or A.", ok=False
            )
            return None
        annotation = self.controller.add_annotation(
            self._document_id, span[0], span[1], label, DEFAULT_CONFIDENCE,
            reviewer=self.adjudication.tag_reviewer(),
        )
        if annotation is not None:
            if not self.settings.welcomed:
                self._welcomed()
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
            self.set_current(annotation.id, reveal=False, row=self._last_added_row)
        return annotation


    def set_confidence(self, level: int) -> None:
        if self._current_id is None:
            self._set_save_state("No current annotation: tag or click one first.", ok=False)
            return
        self._edit(self._current_id, confidence=level)

    def delete_current(self) -> None:
        if self._current_id is None:
            self._set_save_state("No current annotation to delete.", ok=False)
            return
        self._delete(self._current_id)

    def _edit(self, annotation_id: int, **changes) -> None:
        if self.controller is not None:
            self.controller.edit_annotation(annotation_id, **changes)

    def _change_label(self, annotation_id: int, label: str) -> None:
        """A new label; a claim that stops being one loses its verdict (in the same undo step)."""
        current = self._annotation(annotation_id)
        if current is not None and current.verdict is not None and label != "claim":
            self._edit(annotation_id, label=label, verdict=None)
        else:
            self._edit(annotation_id, label=label)

    def _delete(self, annotation_id: int) -> None:
        if self.controller is not None:
            self.controller.delete_annotation(annotation_id)

    def set_current(
        self, annotation_id: int | None, *, reveal: bool = True, row: int | None = None
    ) -> None:
        """Make an annotation current: outlined in the article, shown in the inspector."""
        annotation = self._annotation(annotation_id)
        self._current_id = annotation.id if annotation else None
        self.inspector.show_annotation(annotation)
        self._show_links(annotation)
        self._check_confidence(annotation)
        self._select_table_row(annotation, row)
        if annotation is not None and reveal:
            self.view.select_span(annotation.start, annotation.end)
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
        self._update_enabled()

    def _check_confidence(self, annotation: Annotation | None) -> None:
        for action in self.confidence_actions:
            action.setChecked(annotation is not None and action.data() == annotation.confidence)

    def _annotation(self, annotation_id: int | None) -> Annotation | None:
        """An annotation of the open document, or None."""
        if annotation_id is None or self.store is None:
            return None
        try:
            annotation = self.store.annotation(annotation_id)
        except AnnotatorError:
            return None
        return annotation if annotation.document_id == self._document_id else None

    def _select_table_row(self, annotation: Annotation | None, row: int | None = None) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if annotation is None:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        elif (row := row if row is not None else self.table_model.row_of(annotation)) is None:
            selection.clearSelection()  # the table's filters leave it out
        else:
            index = self.table_model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        selection.blockSignals(False)
        self.table.viewport().update()

    def _table_row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._go_to_row(current)

    def _table_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._go_to_row(index)

    def _go_to_row(self, index: QModelIndex) -> None:
        """Make a row's annotation current, opening its article first if it is another."""
        annotation_id = index.data(ANNOTATION_ID_ROLE)
        document_id = index.data(TABLE_DOCUMENT_ID_ROLE)
        if document_id is not None and document_id != self._document_id:
            self.show_document(document_id)
        self.set_current(annotation_id, reveal=True)

    def _apply_table_view(self) -> None:
        """The filter bar changed: show the annotations it chooses."""
        view = replace(self.table_model.view, **self.table_filter.values())
        self.table_model.set_view(view, self.store)
        self._select_table_row(self._annotation(self._current_id))

    def _sort_by(self, column: int) -> None:
        """A click on a column's header: ascending, then descending, then reading order."""
        view = self.table_model.view
        key = SORT_KEYS[column]
        header = self.table.horizontalHeader()
        if view.order != key:
            view = replace(view, order=key, descending=False)
        elif not view.descending:
            view = replace(view, descending=True)
        else:
            view = replace(view, order=None, descending=False)
        header.setSortIndicatorShown(view.order is not None)
        if view.order is not None:
            header.setSortIndicator(
                column,
                Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder,
            )
        self.table_model.set_view(view, self.store)
        self._select_table_row(self._annotation(self._current_id))

    def _annotation_added(self, annotation: Annotation) -> None:
        if annotation.document_id == self._document_id:
            self._last_added_row = self.table_model.inserted(annotation)
            self.view.spans_changed()
        self.document_model.adjust_count(annotation.document_id, annotation.label, +1)

    def _annotation_changed(self, annotation: Annotation) -> None:
        if annotation.document_id == self._document_id:
            self.table_model.changed(annotation)
            self.view.spans_changed()
            if annotation.id == self._current_id:
                self.inspector.show_annotation(annotation)
                self._check_confidence(annotation)

    def _annotation_removed(self, annotation: Annotation) -> None:
        if annotation.document_id == self._document_id:
            self.table_model.removed(annotation)
            self.view.spans_changed()
            if annotation.id == self._current_id:
                self.set_current(None)
        self.document_model.adjust_count(annotation.document_id, annotation.label, -1)

    def _focus_requested(self, document_id: int, annotation_id: int | None) -> None:
        """After undo or redo: show the document and the annotation that changed."""
        if self.store is None:
            return
        if document_id != self._document_id:
            self.show_document(document_id)
        if annotation_id is not None:
            self.set_current(annotation_id, reveal=True)
        elif self._current_id is not None and self._annotation(self._current_id) is None:
            self.set_current(None)

    # ================================================================== find

    def focus_find(self) -> None:
        self.find_bar.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.field.selectAll()

    def _find(self, *, backward: bool) -> None:
        query = self.find_bar.field.text()
        if not query:
            self.focus_find()
            return
        found = self.view.find_text(query, backward=backward)
        index, total = self.view.count_matches(query)
        self.find_bar.show_count(index if found else 0, total, query)

    def _find_text_changed(self, query: str) -> None:
        _, total = self.view.count_matches(query)
        self.find_bar.show_count(0, total, query)

    def _leave_find(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _selection_changed(self) -> None:
        self._update_enabled()

    # ================================================================== files


    # ================================================================== preferences and view

    def show_preferences(self) -> None:
        saved = self.settings.reviewer
        dialog = PreferencesDialog(saved, self.settings.font_points, self,
                                   session_name=self._reviewer_override)
        if dialog.exec():
            name, points = dialog.values()
            if name != saved:  # a new name: kept, and recorded from now on in this window too
                self.settings.reviewer = name
                self._reviewer_override = None
                if self.store is not None:
                    self.store.reviewer = self.reviewer()
                    self.reviewer_label.setText(f"  Reviewer: {self.store.reviewer}  ")
            self.settings.font_points = points
            self.view.set_font_points(points)

    def edit_labels(self) -> None:
        """The label-set dialog; its result is one undoable change."""
        from annotator.gui.labels_dialog import LabelsDialog

        if self.controller is None or self.store is None or self.store.read_only:
            return
        dialog = LabelsDialog(self._labels, self)
        if dialog.exec():
            try:
                labels = dialog.labels()
            except Exception as exc:  # noqa: BLE001 - pydantic says which field is wrong
                from annotator.core.errors import validation_message

                message = validation_message(exc) if hasattr(exc, "errors") else str(exc)
                self.show_error("The labels were not changed", message)
                return
            self.controller.replace_labels(labels)

    def _labels_changed(self) -> None:
        """The session's labels changed: everything that shows them follows."""
        if self.store is None:
            return
        self._labels = self.store.labels()
        self.table_model.set_labels(self._labels)
        self.table_model.set_view(self.table_model.view, self.store)
        self.inspector.set_labels(self._labels)
        self.document_model.set_label_titles({lb.name: lb.title for lb in self._labels})
        self.table_filter.set_choices([(lb.name, lb.title) for lb in self._labels], [])
        self.view.set_labels(self._labels)
        self._build_label_actions()
        self._counts_timer.start()
        self.set_current(self._current_id, reveal=False)
        self._update_enabled()

    # ================================================================== many changes at once

    def _annotations_reloaded(self) -> None:
        """Many annotations changed at once (an import, or its undo): show them afresh."""
        if self.store is None:
            return
        present = {d.id for d in self.store.documents(counts=False)}
        if self._document_id is not None and self._document_id not in present:
            self._document_removed(self._document_id)  # the import that added it was undone
        elif self._document_id is None and present:
            self.show_document(max(present))
        self._refresh_documents()
        self._labels_changed()
        self.view.spans_changed()

    # ================================================================== view

    def set_theme(self, name: str) -> None:
        """Light, dark, high contrast, or the system's; remembered."""
        self.settings.theme = name
        apply_theme(QApplication.instance(), name)
        for action in self.theme_actions:
            action.setChecked(action.objectName() == f"theme_{name}")
        self.view.viewport().update()

    def zoom(self, step: int) -> None:
        points = min(max(self.settings.font_points + step, 7), 40)
        self.settings.font_points = points
        self.view.set_font_points(points)

    # ================================================================== status

    def _saved(self) -> None:
        store = self.store
        if store is not None and not store.saved_to_disk:
            self._show_unsaved()
            return
        self._set_save_state("All changes saved", ok=True)

    def _show_unsaved(self) -> None:
        store = self.store
        assert store is not None
        reason = store.unsaved_reason or "the file cannot be written"
        self.message_bar.show_message(
            f"<b>Not saved to disk:</b> {escape_markup(reason)}. Your work is kept in memory and "
            f"written to {escape_markup(store.path.name)} as soon as it can be (tried every "
            f"{FLUSH_RETRY_MS // 1000} seconds).",
            "error",
            [("Try again now", self.retry_saving), ("Save a copy…", self.choose_save_copy)],
        )
        self._set_save_state(f"Not saved to disk ({reason}): kept in memory", ok=False)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def retry_saving(self) -> bool:
        """Try to write changes kept in memory; True when everything is on disk."""
        store = self.store
        if store is None or store.saved_to_disk:
            self._flush_timer.stop()
            return True
        if store.flush():
            self._flush_timer.stop()
            self.message_bar.clear()
            self._set_save_state("All changes saved (written to disk again)", ok=True)
            return True
        self._show_unsaved()
        return False

    def _failed(self, error: Exception) -> None:
        if isinstance(error, SessionError | DocumentError):
            self.show_error("Not done", str(error))
        self._set_save_state(str(error), ok=False)

    def _set_save_state(self, message: str, *, ok: bool) -> None:
        self.save_label.setText(("✔ " if ok else "⚠ ") + message)
        style = "" if ok else "color: #b00020;"
        if self.save_label.styleSheet() != style:  # restyling is costly: only on a change
            self.save_label.setStyleSheet(style)

    def show_error(self, title: str, message: str) -> None:
        self._set_save_state(message, ok=False)
        if QApplication.instance().property("annotator_quiet_errors"):
            return
        plain_text.warn(self, title, message)

    def _update_title(self) -> None:
        parts = []
        if self._document_id is not None:
            parts.append(self.article_title.text())
        if self.store is not None:
            marker = " [read-only]" if self.store.read_only else ""
            parts.append(self.store.path.name + marker)
        parts.append(APP_TITLE)
        self.setWindowTitle(" — ".join(parts))

    def _update_enabled(self) -> None:
        has_session = self.controller is not None
        writable = has_session and self.store is not None and not self.store.read_only
        has_document = has_session and self._document_id is not None
        self.export_all_action.setEnabled(has_session)
        self.statistics_action.setEnabled(has_session)
        self.save_copy_action.setEnabled(has_session)
        for action in (self.import_action, self.import_encoding_action,
                       self.restore_backup_action, self.paste_action,
                       self.import_annotations_action, self.merge_action):
            action.setEnabled(writable)
        for action in (self.export_current_action, self.find_action, self.report_pdf_action,
                       self.print_action):
            action.setEnabled(has_document)
        self.remove_document_action.setEnabled(has_document and writable)
        for action in self.status_actions:
            action.setEnabled(has_document and writable)
        self.import_button.setEnabled(writable)
        self.inspector.setEnabled(writable)
        # Tagging, confidence and delete stay enabled: without a selection or a current
        # annotation they say in the status bar what to do first.
        for action in (*self._label_actions, *self.confidence_actions, self.delete_action,
                       self.link_action, self.labels_action):
            action.setEnabled(writable)

    # ================================================================== closing

    def _confirm_losing_unsaved(self) -> bool:
        """Ask what to do with work that is only in memory; True to go on closing."""
        box = plain_text.message_box(
            self, QMessageBox.Icon.Warning, "Changes not saved to disk",
            f"Some changes could not be written to {self.store.path.name} "
            f"({self.store.unsaved_reason}).\n\nSave a copy of the session elsewhere before "
            "closing?",
            QMessageBox.StandardButton.NoButton,
        )
        save = box.addButton("Save a Copy…", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Close Without Saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is save:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save a copy of the session",
                str(Path.home() / f"{self.store.path.stem}-rescued.sqlite"),
                f"Sessions ({SESSION_GLOBS})",
            )
            return bool(path) and self.save_copy_to(Path(path))
        return box.clickedButton() is discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        unsaved = self.store is not None and not self.retry_saving()
        if unsaved and not self._confirm_losing_unsaved():
            event.ignore()
            return
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self._close_session()
        super().closeEvent(event)
