"""The bar above the annotation table: filter by label, confidence, reviewer and words, or show
every article's annotations."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from annotator.core.defaults import CONFIDENCE_NAMES


class TableFilterBar(QWidget):
    """Emits ``changed`` (after a short pause while typing) whenever a filter changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableFilter")
        self.label = QComboBox()
        self.label.setObjectName("filterLabel")
        self.label.setToolTip("Show one label only")
        self.confidence = QComboBox()
        self.confidence.setObjectName("filterConfidence")
        self.confidence.setToolTip("Show annotations at or above a confidence")
        self.confidence.addItem("Any confidence", None)
        for level in range(2, 6):
            self.confidence.addItem(f"≥ {level} ({CONFIDENCE_NAMES[level]})", level)
        self.reviewer = QComboBox()
        self.reviewer.setObjectName("filterReviewer")
        self.reviewer.setToolTip("Show one reviewer's annotations")
        self.words = QLineEdit()
        self.words.setObjectName("filterWords")
        self.words.setPlaceholderText("Filter by words in the text or the note")
        self.words.setClearButtonEnabled(True)
        self.all_documents = QCheckBox("All articles")
        self.all_documents.setObjectName("filterAllDocuments")
        self.all_documents.setToolTip("Show the annotations of every article of the session")
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.changed)
        for box in (self.label, self.confidence, self.reviewer):
            box.activated.connect(lambda _i: self.changed.emit())
        self.all_documents.toggled.connect(lambda _on: self.changed.emit())
        self.words.textChanged.connect(lambda _t: self._typing.start())
        first = QHBoxLayout()
        first.setSpacing(6)
        first.addWidget(self.words, 1)
        first.addWidget(self.all_documents)
        second = QHBoxLayout()
        second.setSpacing(4)
        for box in (self.label, self.confidence, self.reviewer):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
            second.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(3)
        layout.addLayout(first)
        layout.addLayout(second)
        self.set_choices([], [])

    def set_choices(self, labels: list[tuple[str, str]], reviewers: list[str]) -> None:
        """``labels``: (name, title) pairs; ``reviewers``: names. Keeps the current choices."""
        label, reviewer = self.label.currentData(), self.reviewer.currentData()
        self.label.clear()
        self.label.addItem("All labels", None)
        for name, title in labels:
            self.label.addItem(title, name)
        self.label.setCurrentIndex(max(0, self.label.findData(label)))
        self.reviewer.clear()
        self.reviewer.addItem("All reviewers", None)
        for name in reviewers:
            self.reviewer.addItem(name, name)
        self.reviewer.setCurrentIndex(max(0, self.reviewer.findData(reviewer)))

    def values(self) -> dict:
        return {
            "label": self.label.currentData(),
            "min_confidence": self.confidence.currentData(),
            "reviewer": self.reviewer.currentData(),
            "words": self.words.text(),
            "all_documents": self.all_documents.isChecked(),
        }
