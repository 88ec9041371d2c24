"""Small dialogs: preferences, the keyboard shortcuts (F1) and About."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.session.backups import Backup
from annotator.gui.plain_text import MarkupLabel, PlainLabel, escape_markup, warn
from annotator.gui.screen import fit_to_screen

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

# The keys, by what they are for: the F1 dialog shows them, and the README's "Keyboard" table
# lists the same keys (a test holds the two together).
SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Finding and selecting", (
        ("Ctrl+F, type, Enter", "Find in the article; Enter selects the next match (wrapping)"),
        ("Shift+Enter, F3 / Shift+F3", "Previous match; next / previous match"),
        ("Escape", "Back to the article, the match still selected"),
        ("Shift+arrow keys", "Extend or shrink the selection in the article"),
        ("Alt while selecting", "Character precision (otherwise selections snap to whole words)"),
        ("Double / triple click", "Select a word / a sentence"),
    )),
    ("Tagging", (
        ("C / E / A", "Tag the selection as claim / estimate / attribution (confidence 3)"),
        ("1 … 5", "Set the current annotation's confidence (very low … very high)"),
        ("N", "Select the next figure that no annotation covers, ready for E"),
        ("Ctrl+Shift+M", "Mark the current claim as the same claim as the one selected under "
         "Checked before (offers to copy its verdict)"),
        ("L, then J/K and L (or a click)", "Link the current annotation to another; Escape "
         "cancels"),
        ("Ctrl+drag", "From one highlight to another: link them"),
        ("Delete", "Delete the current annotation"),
    )),
    ("Suggestions", (
        ("S / Shift+S", "Next / previous suggestion; it becomes current"),
        ("Enter", "Accept the current suggestion with its label (confidence 3)"),
        ("C / E / A, nothing selected", "Accept the current suggestion as claim / estimate / "
         "attribution"),
        ("Delete, a suggestion current", "Reject it: it is never proposed again"),
    )),
    ("Moving around", (
        ("J / K", "Next / previous annotation in reading order (wrapping)"),
        ("Shift+C / Shift+E / Shift+A", "Next claim / estimate / attribution"),
        ("Tab, then ↑ / ↓", "From the article to the table; the arrows make the row above or "
         "below current"),
    )),
    ("Sessions and articles", (
        ("Ctrl+O", "Open a session, or import articles into the open one"),
        ("Ctrl+N", "New session"),
        ("Ctrl+I", "Import articles"),
        ("Ctrl+E", "Export all annotations (CSV or another format)"),
        ("Ctrl+Shift+V", "Paste the clipboard's text as a new article"),
        ("Ctrl+Shift+D", "Mark the open article done"),
        ("Ctrl+Shift+P", "Article properties: its web address, outlet, authors and dates"),
        ("Ctrl+P", "Print the article report"),
    )),
    ("Everything else", (
        ("Ctrl+Z", "Undo"),
        ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
        ("Ctrl+= / Ctrl+-", "Larger / smaller article text"),
        ("Ctrl+Shift+S", "Statistics"),
        ("Ctrl+Shift+J", "Adjudicate: compare the reviewers' spans, build the gold layer"),
        ("Enter / Ctrl+Enter / Delete", "In adjudication: accept / accept and edit / reject"),
        ("Ctrl+,", "Preferences"),
        ("F1", "This list"),
        ("Ctrl+Q", "Quit (everything is already saved)"),
    )),
)


class ShortcutsDialog(QDialog):
    """F1: every key, grouped by what it is for, in a table that scrolls on a small screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Keys", "Action"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        bold = QFont(self.font())
        bold.setBold(True)
        for group, rows in SHORTCUTS:
            heading = QTableWidgetItem(group)
            heading.setFont(bold)
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, heading)
            self.table.setSpan(row, 0, 1, 2)
            for keys, what in rows:
                row = self.table.rowCount()
                self.table.insertRow(row)
                cell = QTableWidgetItem(keys)
                cell.setFont(bold)
                self.table.setItem(row, 0, cell)
                self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 820)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.table.resizeRowsToContents()  # the wrapped actions, at the width shown


class FigureDialog(QDialog):
    """A dialog of figures (the statistics, the agreement) that can copy itself as an image
    and save its figures: its buttons are Copy as Image, Save as … and Close."""

    def image(self):
        raise NotImplementedError

    def copy_image(self) -> None:
        QApplication.clipboard().setImage(self.image())

    def show_error(self, title: str, message: str) -> None:
        """Say why a figure could not be saved (the core's sentence)."""
        self.last_error = message
        if not QApplication.instance().property("annotator_quiet_errors"):
            warn(self, title, message)

    def figure_buttons(self, save_caption: str, save) -> list[QPushButton]:
        copy = QPushButton("Copy as Image")
        copy.clicked.connect(self.copy_image)
        saving = QPushButton(save_caption)
        saving.clicked.connect(save)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        return [copy, saving, close]


def show_shortcuts(parent: QWidget) -> None:
    ShortcutsDialog(parent).exec()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About Fact-check Annotator",
        f"<h3>Fact-check Annotator {__version__}</h3>"
        "<p>Highlight claims, estimates and attributions in news articles, rate your "
        "confidence, take notes, and export them as CSV.</p>"
        "<p>Every change is saved at once to the session file.</p>",
    )


class PreferencesDialog(QDialog):
    """The reviewer name kept for every session, and the article's text size. ``session_name``
    is the name this session records when it differs (given with ``--reviewer``)."""

    def __init__(self, reviewer: str, font_points: int, parent: QWidget | None = None,
                 *, session_name: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferencesDialog")
        self.reviewer = QLineEdit(reviewer)
        self.reviewer.setObjectName("reviewerEdit")
        self.reviewer.setPlaceholderText("Your name, recorded on each new annotation")
        self.font_points = QSpinBox()
        self.font_points.setRange(7, 40)
        self.font_points.setValue(font_points)
        self.font_points.setSuffix(" pt")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Reviewer name", self.reviewer)
        self.session_note = None
        if session_name and session_name != reviewer:
            self.session_note = PlainLabel(
                f"This window records “{session_name}”, the name given with --reviewer, "
                "unless you change the name above.")
            self.session_note.setObjectName("sessionReviewerNote")
            self.session_note.setWordWrap(True)
            form.addRow("", self.session_note)
        form.addRow("Article &text size", self.font_points)
        self._add_publishing(form)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())

    def _add_publishing(self, form: QFormLayout) -> None:
        """The organisation and the fact-checks' address, for ClaimReview exports: kept in the
        settings by the dialog itself."""
        from annotator.gui.settings import Settings

        saved = Settings().publishing
        self.publishing_edits = {}
        for key, label, hint in (
                ("org_name", "&Organisation", "The fact-checking desk, as published"),
                ("org_url", "Organisation &address", "https://…"),
                ("url_template", "&Fact-check address",
                 "https://example.org/checks/{claim_id}")):
            edit = QLineEdit(saved[key])
            edit.setObjectName(f"{key}Edit")
            edit.setPlaceholderText(hint)
            self.publishing_edits[key] = edit
            form.addRow(label, edit)

    def publishing(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.publishing_edits.items()}

    def accept(self) -> None:
        from annotator.gui.settings import Settings

        Settings().publishing = self.publishing()
        super().accept()

    def values(self) -> tuple[str, int]:
        return self.reviewer.text().strip(), self.font_points.value()


def edit_preferences(window: MainWindow) -> None:
    """The Preferences dialog: a new reviewer name is kept (and recorded from then on in this
    window's session too), and the article's text size applied."""
    settings, state = window.settings, window.state
    saved = settings.reviewer
    dialog = PreferencesDialog(saved, settings.font_points, window,
                               session_name=state.session_reviewer)
    if not dialog.exec():
        return
    name, points = dialog.values()
    if name != saved:
        settings.reviewer = name
        state.session_reviewer = None
        if (store := state.store) is not None:
            store.reviewer = window.files.reviewer()
            window.status_line.show_reviewer(store.reviewer)
    window.article.set_font_points(points)


class RestoreBackupDialog(QDialog):
    """Pick one of a session's backups to restore."""

    def __init__(self, session_name: str, backups: list[Backup], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restoreBackupDialog")
        self._backups = backups
        intro = MarkupLabel(
            f"Replace the content of <b>{escape_markup(session_name)}</b> with one of its "
            "backups. The session as it is now is backed up first, so this too can be reversed."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        for backup in backups:
            self.list.addItem(backup.describe())
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(480, 320)

    def chosen(self) -> Backup | None:
        row = self.list.currentRow()
        return self._backups[row] if 0 <= row < len(self._backups) else None
