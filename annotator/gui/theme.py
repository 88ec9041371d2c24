"""Light, dark and high-contrast looks; "system" follows the desktop's colour scheme."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = {
    "system": "Follow the System",
    "light": "Light",
    "dark": "Dark",
    "contrast": "High Contrast",
}

# (window, base, alternate base, text, button, highlight, highlighted text, placeholder, mid)
_COLOURS = {
    "light": ("#f3f3f3", "#ffffff", "#f6f7f9", "#1b1b1b", "#ececec", "#2f6fb3", "#ffffff",
              "#767676", "#b8b8b8"),
    "dark": ("#282a2f", "#18191c", "#202226", "#e6e6e6", "#31343a", "#2f65a8", "#ffffff",
             "#9a9a9a", "#6b7078"),
    "contrast": ("#000000", "#000000", "#101010", "#ffffff", "#000000", "#ffd400", "#000000",
                 "#d0d0d0", "#ffffff"),
}


# Fusion draws a field's edge a shade darker than the window, which a dark window all but hides:
# the dark look gives the text fields an edge of their own (3:1 against the window) and the
# highlight colour while they have the focus.
_FIELD_EDGES = {
    "dark": (
        "QLineEdit, QPlainTextEdit#noteEdit, QPlainTextEdit#evidenceEdit {"
        " border: 1px solid #767b84; border-radius: 3px; padding: 1px 3px; }"
        " QLineEdit:focus, QPlainTextEdit#noteEdit:focus, QPlainTextEdit#evidenceEdit:focus {"
        " border-color: #5b9ae6; }"
    ),
}


def resolve(name: str) -> str:
    """The look a theme name stands for now ("system" becomes "light" or "dark")."""
    if name in _COLOURS:
        return name
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def apply_theme(app: QApplication, name: str) -> str:
    """Give the application the theme's palette (Fusion style); returns the look applied."""
    look = resolve(name)
    window, base, alternate, text, button, highlight, highlighted, placeholder, mid = (
        QColor(c) for c in _COLOURS[look]
    )
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, window), (roles.WindowText, text), (roles.Base, base),
        (roles.AlternateBase, alternate), (roles.Text, text), (roles.Button, button),
        (roles.ButtonText, text), (roles.Highlight, highlight),
        (roles.HighlightedText, highlighted), (roles.ToolTipBase, base),
        (roles.ToolTipText, text), (roles.PlaceholderText, placeholder), (roles.Mid, mid),
        (roles.Link, highlight), (roles.BrightText, highlighted),
    ):
        palette.setColor(role, colour)
    disabled = QColor(placeholder)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    app.setStyle("Fusion")
    app.setPalette(palette)
    app.setStyleSheet(_FIELD_EDGES.get(look, ""))
    app.setProperty("annotator_theme", look)
    return look


def theme_actions(parent: QObject, current: str, choose: Callable[[str], None]) -> list[QAction]:
    """One checkable action a look, the ``current`` one checked; ``choose`` gets its name."""
    group = QActionGroup(parent)
    actions = []
    for name, title in THEMES.items():
        action = QAction(title, parent)
        action.setObjectName(f"theme_{name}")
        action.setCheckable(True)
        action.setChecked(name == current)
        action.triggered.connect(lambda _checked=False, n=name: choose(n))
        group.addAction(action)
        actions.append(action)
    return actions
