"""Small dialogs: preferences, the keyboard shortcuts (F1) and About."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.backups import Backup

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+F, type, Enter", "Find in the article; Enter selects the next match (wrapping)"),
    ("Shift+Enter / F3", "Previous / next match"),
    ("Escape", "Back to the article, the match still selected"),
    ("C / E / A", "Tag the selection as claim / estimate / attribution (confidence 3)"),
    ("1 … 5", "Set the current annotation's confidence (very low … very high)"),
    ("Delete", "Delete the current annotation"),
    ("J / K", "Next / previous annotation (wrapping)"),
    ("Shift+C / Shift+E / Shift+A", "Next claim / estimate / attribution"),
    ("N", "Select the next figure that no annotation covers"),
    ("L, then J/K and L (or a click)", "Link the current annotation to another; Escape cancels"),
    ("Ctrl+drag", "From one highlight to another: link them"),
    ("Alt while selecting", "Character precision (otherwise selections snap to whole words)"),
    ("Double / triple click", "Select a word / a sentence"),
    ("Shift+arrows", "Extend the selection in the article from the keyboard"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Ctrl+O", "Open a session or import articles"),
    ("Ctrl+N", "New session"),
    ("Ctrl+I", "Import articles"),
    ("Ctrl+E", "Export all annotations (CSV or another format)"),
    ("Ctrl+Shift+V", "Paste the clipboard's text as a new article"),
    ("Ctrl+= / Ctrl+-", "Larger / smaller text"),
    ("Ctrl+Shift+D", "Mark the open article done"),
    ("Ctrl+P", "Print the article report"),
    ("Ctrl+Shift+S", "Statistics"),
    ("Ctrl+Shift+J", "Adjudicate: compare the reviewers' spans, build the gold layer"),
    ("Enter / Ctrl+Enter / Delete", "In adjudication: accept / accept and edit / reject"),
    ("F1", "This list"),
    ("Ctrl+Q", "Quit (everything is already saved)"),
)


def show_shortcuts(parent: QWidget) -> None:
    rows = "".join(
        f"<tr><td style='padding:2px 14px 2px 0'><b>{keys}</b></td><td>{what}</td></tr>"
        for keys, what in SHORTCUTS
    )
    box = QMessageBox(parent)
    box.setObjectName("shortcutsDialog")
    box.setWindowTitle("Keyboard shortcuts")
    box.setText(f"<table>{rows}</table>")
    box.exec()


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
    def __init__(self, reviewer: str, font_points: int, parent: QWidget | None = None) -> None:
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
        form.addRow("Article &text size", self.font_points)
        form.addRow(buttons)
        self.resize(420, self.sizeHint().height())

    def values(self) -> tuple[str, int]:
        return self.reviewer.text().strip(), self.font_points.value()


class RestoreBackupDialog(QDialog):
    """Pick one of a session's backups to restore."""

    def __init__(self, session_name: str, backups: list[Backup], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restoreBackupDialog")
        self._backups = backups
        intro = QLabel(
            f"Replace the content of <b>{session_name}</b> with one of its backups. The session "
            "as it is now is backed up first, so this too can be reversed."
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
