"""The agreement window: how far the session's reviewers agree, per label and pair, as a chart
and a table, with the figures to copy or save. The figures come from
:mod:`annotator.core.review.agreement`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.wording import counted
from annotator.gui.dialogs import FigureDialog
from annotator.gui.plain_text import MarkupLabel, escape_markup
from annotator.gui.screen import fit_to_screen

# the measures drawn, with their colours (Okabe–Ito, apart from the labels' own)
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("mean_exact_f1", "Exact span F1", "#0072B2"),
    ("mean_overlap_f1", "Overlap span F1", "#56B4E9"),
    ("mean_kappa", "Cohen's kappa (tokens)", "#009E73"),
    ("alpha", "Krippendorff's alpha", "#D55E00"),
)


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value, 2) + 0.0:.2f}"  # no "-0.00"


class ScoreChart(QWidget):
    """Grouped bars on a 0–1 scale: one group per label (and all labels), one bar a measure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[str, list[float | None]]] = []
        self.setMinimumSize(560, 260)

    def set_groups(self, groups: list[tuple[str, list[float | None]]]) -> None:
        self.groups = groups
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text = palette.text().color()
        muted = palette.placeholderText().color()
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft,
                         "Agreement across all reviewers")
        painter.setFont(self.font())
        # legend
        x = 8.0
        legend_y = 28.0
        for _, title, colour in MEASURES:
            painter.fillRect(QRectF(x, legend_y + 3, 12, 12), QColor(colour))
            painter.setPen(text)
            painter.drawText(QRectF(x + 16, legend_y, 400, 18), Qt.AlignmentFlag.AlignVCenter,
                             title)
            x += 16 + metrics.horizontalAdvance(title) + 18
        if not self.groups:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to compare")
            return
        axis_width = metrics.horizontalAdvance("0.75") + 8
        plot = QRectF(8 + axis_width, legend_y + 40, self.width() - 24 - axis_width,
                      self.height() - legend_y - 40 - metrics.height() - 10)
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            y = plot.bottom() - plot.height() * tick
            painter.setPen(QPen(muted, 1, Qt.PenStyle.DotLine if tick else Qt.PenStyle.SolidLine))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(muted)
            painter.drawText(QRectF(4, y - metrics.height() / 2, axis_width - 4,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{tick:g}")
        slot = plot.width() / len(self.groups)
        bar = min(slot * 0.8 / len(MEASURES), 34)
        for i, (name, values) in enumerate(self.groups):
            left = plot.left() + i * slot + (slot - bar * len(MEASURES)) / 2
            for j, ((_, _title, colour), value) in enumerate(zip(MEASURES, values, strict=True)):
                x = left + j * bar
                if value is None:
                    painter.setPen(muted)
                    painter.drawText(QRectF(x, plot.bottom() - metrics.height() - 2, bar,
                                            metrics.height()), Qt.AlignmentFlag.AlignCenter,
                                     "–")
                    continue
                height = plot.height() * max(0.0, min(1.0, value))
                painter.fillRect(QRectF(x + 1, plot.bottom() - height, bar - 2, height),
                                 QColor(colour))
                if bar >= metrics.horizontalAdvance("0.00"):
                    painter.setPen(text)
                    painter.drawText(QRectF(x, plot.bottom() - height - metrics.height() - 1,
                                            bar, metrics.height()),
                                     Qt.AlignmentFlag.AlignCenter, _number(value))
            painter.setPen(text)
            painter.drawText(QRectF(plot.left() + i * slot, plot.bottom() + 4, slot,
                                    metrics.height()), Qt.AlignmentFlag.AlignCenter,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(slot)))


class AgreementDialog(FigureDialog):
    """Agreement between the reviewers of a session, computed off the GUI thread."""

    def __init__(self, compute, labels, parent: QWidget | None = None) -> None:
        """``compute(include_gold)`` returns an :class:`AgreementReport` (or raises)."""
        super().__init__(parent)
        self.setWindowTitle("Agreement between reviewers")
        self.setObjectName("agreementDialog")
        self._compute = compute
        self._titles = {label.name: label.title for label in labels}
        self.report = None
        self.summary = MarkupLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = ScoreChart()
        self.pairs = QTableWidget(0, 7)
        self.pairs.setObjectName("agreementPairs")
        self.pairs.setHorizontalHeaderLabels(
            ["Reviewer A", "Reviewer B", "Articles", "Exact F1", "Overlap F1", "Kappa", "Alpha"])
        self.pairs.verticalHeader().setVisible(False)
        self.pairs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pairs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confidence = MarkupLabel()
        self.confidence.setWordWrap(True)
        self.include_gold = QCheckBox("Compare with the gold layer too")
        self.include_gold.toggled.connect(lambda _on: self.refresh())
        buttons = QHBoxLayout()
        buttons.addWidget(self.include_gold)
        buttons.addStretch(1)
        for button in self.figure_buttons("Save as CSV…", self.choose_csv):
            buttons.addWidget(button)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.summary)
        body.addWidget(self.chart, 3)
        body.addWidget(MarkupLabel("<b>Pairs of reviewers</b> (all labels; kappa and alpha on word "
                                    "tokens)"))
        body.addWidget(self.pairs, 2)
        body.addWidget(self.confidence)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 720)
        self.refresh()

    def refresh(self) -> None:
        report = self._compute(self.include_gold.isChecked())
        if report is None:
            return
        self.report = report
        if report.problem:
            self.summary.setText(f"<b>Nothing to compare:</b> {escape_markup(report.problem)}")
            self.chart.set_groups([])
            self.pairs.setRowCount(0)
            self.confidence.setText("")
            return
        self.summary.setText(
            f"<b>{len(report.reviewers)} reviewers</b> "
            f"({escape_markup(', '.join(report.reviewers))}) on "
            f"{counted(len(report.documents), 'article')} that at least two of them annotated, "
            f"{report.tokens:,} word tokens. Exact F1: same span and label; overlap F1: "
            "overlapping spans of the same label; kappa: pairs of reviewers, averaged; alpha: "
            "all reviewers at once."
        )
        groups = []
        for result in report.overall:
            title = "All labels" if result.label == "all" else self._titles.get(result.label,
                                                                                result.label)
            groups.append((title, [getattr(result, name) for name, _, _ in MEASURES]))
        self.chart.set_groups(groups)
        rows = [p for p in report.pairs if p.label == "all"]
        self.pairs.setRowCount(len(rows))
        for n, result in enumerate(rows):
            values = [result.exact.f1, result.overlap.f1, result.kappa, result.alpha]
            cells = [result.reviewer_a, result.reviewer_b, f"{result.documents:,}",
                     *(_number(v) for v in values)]
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if column >= 3 and values[column - 3] is not None:
                    cell.setBackground(_shade(values[column - 3]))
                    cell.setForeground(QColor("black"))  # readable on the pale shade
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.pairs.setItem(n, column, cell)
        # as tall as its rows (up to eight, then it scrolls): the chart takes the rest
        shown = max(1, min(len(rows), 8))
        self.pairs.setMaximumHeight(
            self.pairs.horizontalHeader().sizeHint().height()
            + shown * self.pairs.verticalHeader().defaultSectionSize()
            + 2 * self.pairs.frameWidth() + 2)
        confidence = report.confidence
        if confidence.pairs:
            within = confidence.within_one or 0.0
            self.confidence.setText(
                f"<b>Confidence</b> of spans two reviewers tagged identically: "
                f"{confidence.pairs:,} pairs, mean difference "
                f"{_number(confidence.mean_abs_diff)}, within ±1: {within:.0%}, alpha "
                f"(ordinal) {_number(confidence.alpha)}."
            )
        else:
            self.confidence.setText("<b>Confidence:</b> no span was tagged identically by two "
                                    "reviewers.")

    def image(self):
        return self.body.grab().toImage()

    def choose_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the agreement figures",
                                              "agreement.csv", "CSV files (*.csv)")
        if path:
            self.save_csv(path)

    def save_csv(self, path: str) -> bool:
        from annotator.core.errors import AnnotatorError
        from annotator.core.output_file import write_whole
        from annotator.core.review.agreement_output import as_csv

        if self.report is None:
            return False
        report = self.report
        try:
            write_whole(Path(path), lambda out: out.write(as_csv(report)))
        except AnnotatorError as exc:
            self.show_error("The figures could not be saved", str(exc))
            return False
        return True


def _shade(value: float) -> QColor:
    """A cell's background: from a pale red (no agreement) to a pale green (full)."""
    value = max(0.0, min(1.0, value))
    low, high = QColor("#f4c7c3"), QColor("#c8e6c9")
    return QColor(
        round(low.red() + (high.red() - low.red()) * value),
        round(low.green() + (high.green() - low.green()) * value),
        round(low.blue() + (high.blue() - low.blue()) * value),
    )
