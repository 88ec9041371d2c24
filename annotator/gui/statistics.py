"""The statistics view: annotations per label, confidence, and per article, drawn with QPainter.

Each chart is a stacked bar chart in the labels' colours; the whole view can be copied to the
clipboard or saved as a PNG, for a desk meeting or a methods note.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from annotator.core.defaults import CONFIDENCE_NAMES
from annotator.gui.dialogs import FigureDialog
from annotator.gui.screen import fit_to_screen


class BarChart(QWidget):
    """Stacked bars: one bar per category, one segment per series (label)."""

    def __init__(self, title: str, parent: QWidget | None = None, *, horizontal: bool = False):
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.categories: list[str] = []
        self.series: list[tuple[str, QColor]] = []  # (name, colour)
        self.values: list[list[int]] = []  # [category][series]
        self.setMinimumSize(320, 220)

    def set_data(
        self, categories: list[str], series: list[tuple[str, QColor]], values: list[list[int]]
    ) -> None:
        self.categories, self.series, self.values = categories, series, values
        self.update()

    def totals(self) -> list[int]:
        return [sum(row) for row in self.values]

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text = palette.text().color()
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft,
                         self.title)
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        area = QRectF(8, 30, self.width() - 16, self.height() - 38)
        top = max(self.totals(), default=0)
        if not self.categories or top == 0:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No annotations yet")
            return
        if self.horizontal:
            self._horizontal(painter, area, metrics, top, text)
        else:
            self._vertical(painter, area, metrics, top, text)

    def _vertical(self, painter: QPainter, area: QRectF, metrics, top: int, text: QColor):
        label_height = metrics.height() + 4
        plot = area.adjusted(0, metrics.height() + 2, 0, -label_height)
        slot = plot.width() / len(self.categories)
        width = min(slot * 0.6, 70)
        for i, (category, row) in enumerate(zip(self.categories, self.values, strict=True)):
            x = plot.left() + i * slot + (slot - width) / 2
            y = plot.bottom()
            for (_, colour), value in zip(self.series, row, strict=True):
                height = plot.height() * value / top
                painter.fillRect(QRectF(x, y - height, width, height), colour)
                y -= height
            painter.setPen(text)
            total = sum(row)
            painter.drawText(QRectF(x - 20, y - metrics.height() - 2, width + 40,
                                    metrics.height()), Qt.AlignmentFlag.AlignCenter, f"{total:,}")
            painter.drawText(QRectF(plot.left() + i * slot, plot.bottom() + 2, slot,
                                    label_height), Qt.AlignmentFlag.AlignCenter,
                             metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(slot)))
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _horizontal(self, painter: QPainter, area: QRectF, metrics, top: int, text: QColor):
        name_width = min(area.width() * 0.4, max(metrics.horizontalAdvance(c) for c in
                                                 self.categories) + 8)
        number_width = metrics.horizontalAdvance(f"{top:,}") + 8
        plot = area.adjusted(name_width, 0, -number_width, 0)
        row_height = min(plot.height() / len(self.categories), metrics.height() * 1.8)
        for i, (category, row) in enumerate(zip(self.categories, self.values, strict=True)):
            y = plot.top() + i * row_height
            painter.setPen(text)
            painter.drawText(QRectF(area.left(), y, name_width - 6, row_height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             metrics.elidedText(category, Qt.TextElideMode.ElideRight,
                                                int(name_width - 8)))
            x = plot.left()
            for (_, colour), value in zip(self.series, row, strict=True):
                width = plot.width() * value / top
                painter.fillRect(QRectF(x, y + row_height * 0.2, width, row_height * 0.6), colour)
                x += width
            painter.setPen(text)
            painter.drawText(QRectF(x + 4, y, number_width, row_height),
                             Qt.AlignmentFlag.AlignVCenter, f"{sum(row):,}")


class StatisticsDialog(FigureDialog):
    """Three charts of the session (or of the open article), with copy and save."""

    def __init__(self, store, labels, document_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Statistics")
        self.setObjectName("statisticsDialog")
        self._store, self._labels, self._document_id = store, labels, document_id
        self.by_label = BarChart("Annotations per label")
        self.by_confidence = BarChart("Confidence")
        self.by_document = BarChart("Annotations per article", horizontal=True)
        self.only_article = QCheckBox("Only this article (label and confidence charts)")
        self.only_article.setEnabled(document_id is not None)
        self.only_article.setChecked(document_id is not None)
        self.only_article.toggled.connect(lambda _on: self.refresh())
        self.reviewer = QComboBox()
        self.reviewer.setObjectName("statisticsReviewer")
        self.reviewer.setToolTip("Count everyone's annotations, or one reviewer's")
        self.reviewer.addItem("All reviewers", None)
        for name in store.reviewers():
            self.reviewer.addItem(name, name)
        self.reviewer.currentIndexChanged.connect(lambda _index: self.refresh())
        self.charts = QWidget()
        grid = QGridLayout(self.charts)
        grid.addWidget(self.by_label, 0, 0)
        grid.addWidget(self.by_confidence, 0, 1)
        grid.addWidget(self.by_document, 1, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.only_article)
        buttons.addWidget(self.reviewer)
        buttons.addStretch(1)
        for button in self.figure_buttons("Save as PNG…", self.choose_png):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.charts, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 880, 620)
        self.refresh()

    def refresh(self) -> None:
        document = self._document_id if self.only_article.isChecked() else None
        stats = self._store.statistics(document, reviewer=self.reviewer.currentData())
        series = [(label.title, QColor(label.color)) for label in self._labels]
        names = [label.name for label in self._labels]
        self.by_label.set_data(
            [label.title for label in self._labels], series,
            [[stats["labels"].get(name, 0) if n == i else 0 for n, name in enumerate(names)]
             for i, _ in enumerate(names)],
        )
        self.by_confidence.set_data(
            [f"{level} {CONFIDENCE_NAMES[level]}" for level in range(1, 6)], series,
            [[stats["confidence"].get(name, [0] * 5)[level - 1] for name in names]
             for level in range(1, 6)],
        )
        self.by_document.set_data(
            [title for title, _ in stats["documents"]], series,
            [[counts.get(name, 0) for name in names] for _, counts in stats["documents"]],
        )

    def image(self):
        return self.charts.grab().toImage()

    def choose_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the charts", "statistics.png",
                                              "PNG images (*.png)")
        if path:
            self.save_png(Path(path))

    def save_png(self, path: Path) -> bool:
        """Write the charts as a PNG (checked and written whole by the core)."""
        from annotator.core.errors import AnnotatorError
        from annotator.core.output_file import write_bytes_whole

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image().save(buffer, "PNG")
        buffer.close()
        try:
            write_bytes_whole(path, bytes(data), what="the charts")
        except AnnotatorError as exc:
            self.show_error("The charts could not be saved", str(exc))
            return False
        return True
