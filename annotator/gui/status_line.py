"""The status bar's lines: whether everything is saved (or what went wrong), the reviewer, and
the session file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QStatusBar

from annotator.gui.plain_text import PlainLabel, plain_tooltip


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.save_label = PlainLabel()
        self.save_label.setObjectName("saveState")
        self.reviewer_label = PlainLabel()
        self.reviewer_label.setObjectName("reviewerLabel")
        self.session_label = PlainLabel()
        self.session_label.setObjectName("sessionLabel")
        bar.addWidget(self.save_label, 1)
        bar.addPermanentWidget(self.reviewer_label)
        bar.addPermanentWidget(self.session_label)

    def set_save_state(self, message: str, ok: bool) -> None:
        self.save_label.setText(("✔ " if ok else "⚠ ") + message)
        style = "" if ok else "color: #b00020;"
        if self.save_label.styleSheet() != style:  # restyling is costly: only on a change
            self.save_label.setStyleSheet(style)

    def show_session(self, path: Path, reviewer: str) -> None:
        self.session_label.setText(f"  {path.name}  ")
        self.session_label.setToolTip(plain_tooltip(str(path.resolve())))
        self.show_reviewer(reviewer)

    def show_reviewer(self, reviewer: str) -> None:
        self.reviewer_label.setText(f"  Reviewer: {reviewer}  ")
