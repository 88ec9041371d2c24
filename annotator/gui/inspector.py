"""The inspector: the current annotation's label, confidence and note (and a claim's verdict,
its summary as checked and its fact-check's address), editable in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.defaults import CONFIDENCE_NAMES, HTTP_ADDRESS, MAX_NOTE_CHARS, WEB_ADDRESS
from annotator.core.factcheck.verdict_scales import STANDARD
from annotator.core.models import MAX_CLAIM_REVIEWED_CHARS
from annotator.gui.checked_before import CheckedBeforeList
from annotator.gui.palette import label_color, swatch_icon
from annotator.gui.plain_text import MarkupLabel, PlainLabel, plain_tooltip

if TYPE_CHECKING:
    from annotator.core.factcheck.verdict_scales import VerdictScale
    from annotator.core.models import Annotation, Label

EMPTY_HINT = (
    "<p><b>No annotation selected.</b></p>"
    "<p>Select words in the article (with the mouse, or Ctrl+F to find them), then press "
    "<b>C</b> for a claim, <b>E</b> for an estimate or <b>A</b> for an attribution.</p>"
    "<p>Click a highlight or a row of the table to make it current.</p>"
)


class NoteEdit(QPlainTextEdit):
    """The note box: it asks for four lines (not Qt's usual twelve), so that the inspector
    fits its dock and grows the note only with room to spare."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * 4 + 12)


class InspectorPanel(QWidget):
    """Shows one annotation; emits the reviewer's edits (the window turns them into commands)."""

    labelChosen = Signal(int, str)  # annotation id, label name
    confidenceChosen = Signal(int, int)
    noteEdited = Signal(int, str)
    verdictChosen = Signal(int, object)  # annotation id, verdict or None
    evidenceEdited = Signal(int, object)  # annotation id, tuple of URLs
    claimReviewedEdited = Signal(int, object)  # annotation id, the claim as checked or None
    factCheckUrlEdited = Signal(int, object)  # annotation id, the fact-check's address or None
    noteTruncated = Signal(int)  # the longest a note may be
    deleteRequested = Signal(int)
    linkActivated = Signal(int)  # the annotation at the other end of a link
    unlinkRequested = Signal(int, int)  # source id, target id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._annotation: Annotation | None = None
        self._labels: dict[str, Label] = {}
        self._shown_links: tuple | None = None

        self._stack = QStackedWidget(self)
        # as tall as the page shown, not as the tallest page (the hint needs no scroll bar)
        self._stack.currentChanged.connect(self._fit_stack_to_page)
        self._stack.addWidget(self._build_hint())
        self._stack.addWidget(self._build_editor())
        self._fit_stack_to_page(self._stack.currentIndex())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._stack)

    def _build_hint(self) -> QWidget:
        empty = MarkupLabel(EMPTY_HINT)
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        empty.setObjectName("inspectorHint")
        empty.setContentsMargins(6, 6, 6, 6)
        return empty

    def _build_editor(self) -> QWidget:
        editor = QWidget()
        form = QFormLayout(editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        self.quote = PlainLabel()
        self.quote.setObjectName("inspectorQuote")
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.quote)

        self.label_box = QComboBox()
        self.label_box.setObjectName("labelBox")
        self.label_box.activated.connect(self._label_activated)
        form.addRow("&Label", self.label_box)
        form.addRow("Confidence", self._build_confidence())
        self._build_verdict(form)
        self._build_note_and_evidence(form)
        self._build_links(form)
        self.details = PlainLabel()
        self.details.setObjectName("inspectorDetails")
        self.details.setWordWrap(True)
        self.details.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(self.details)
        self.delete_button = QPushButton("Delete Annotation")
        self.delete_button.setToolTip("Delete the current annotation (Delete)")
        self.delete_button.clicked.connect(self._delete_clicked)
        form.addRow(self.delete_button)
        return editor

    def _build_confidence(self) -> QHBoxLayout:
        confidence_row = QHBoxLayout()
        confidence_row.setSpacing(2)
        self.confidence_group = QButtonGroup(self)
        self.confidence_group.setExclusive(True)
        for level in range(1, 6):
            button = QToolButton()
            button.setText(str(level))
            button.setCheckable(True)
            button.setToolTip(plain_tooltip(f"{level}: {CONFIDENCE_NAMES[level]} (key {level})"))
            button.setMinimumWidth(30)
            button.setObjectName(f"confidence{level}")
            self.confidence_group.addButton(button, level)
            confidence_row.addWidget(button)
        self.confidence_name = PlainLabel()
        self.confidence_name.setMinimumWidth(70)
        confidence_row.addSpacing(6)
        confidence_row.addWidget(self.confidence_name)
        confidence_row.addStretch(1)
        self.confidence_group.idClicked.connect(self._confidence_clicked)
        for button in self.confidence_group.buttons():
            button.setStyleSheet(
                "QToolButton:checked { background: palette(highlight); "
                "color: palette(highlighted-text); border-radius: 3px; font-weight: bold; }"
            )
        return confidence_row

    def _build_verdict(self, form: QFormLayout) -> None:
        self.verdict_box = QComboBox()
        self.verdict_box.setObjectName("verdictBox")
        self.set_verdicts(STANDARD)
        self.verdict_box.setToolTip("What checking found (claims only)")
        self.verdict_box.activated.connect(self._verdict_activated)
        self.verdict_label = PlainLabel("&Verdict")
        self.verdict_label.setBuddy(self.verdict_box)
        form.addRow(self.verdict_label, self.verdict_box)
        self.checked_before = CheckedBeforeList()
        self.checked_before_label = PlainLabel("Checked\nbefore")
        self.checked_before_label.setBuddy(self.checked_before.matches)
        form.addRow(self.checked_before_label, self.checked_before)
        self._build_publishing(form)

    def _build_publishing(self, form: QFormLayout) -> None:
        """A claim as its fact-check states it (ClaimReview's claimReviewed; empty: the claim's
        text, shown greyed) and its own fact-check's address (ClaimReview's url; empty: the
        address template of the Preferences)."""
        self.claim_reviewed = QLineEdit()
        self.claim_reviewed.setObjectName("claimReviewedEdit")
        self.claim_reviewed.setMaxLength(MAX_CLAIM_REVIEWED_CHARS)
        self.claim_reviewed.setToolTip(plain_tooltip(
            "The claim as the fact-check states it, in one sentence (published as "
            "ClaimReview's claimReviewed). Empty: the claim's text as tagged."))
        self.claim_reviewed.textEdited.connect(self._claim_reviewed_edited)
        self.claim_reviewed_label = PlainLabel("A&s checked")
        self.claim_reviewed_label.setBuddy(self.claim_reviewed)
        form.addRow(self.claim_reviewed_label, self.claim_reviewed)

        self.fact_check_url = QLineEdit()
        self.fact_check_url.setObjectName("factCheckUrlEdit")
        self.fact_check_url.setPlaceholderText("https://… (else the address template)")
        self.fact_check_url.setToolTip(plain_tooltip(
            "The address of this claim's published fact-check (ClaimReview's url). Empty: the "
            "fact-checks' address template set in Preferences."))
        self.fact_check_url.textEdited.connect(self._fact_check_url_edited)
        self.fact_check_hint = PlainLabel()
        self.fact_check_hint.setObjectName("factCheckUrlHint")
        self.fact_check_hint.setWordWrap(True)
        self.fact_check_hint.setStyleSheet("color: #b00020;")
        self.fact_check_hint.hide()
        self.fact_check_box = QWidget()
        box = QVBoxLayout(self.fact_check_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.fact_check_url)
        box.addWidget(self.fact_check_hint)
        self.fact_check_label = PlainLabel("Fact-&check")
        self.fact_check_label.setBuddy(self.fact_check_url)
        form.addRow(self.fact_check_label, self.fact_check_box)

    def _build_note_and_evidence(self, form: QFormLayout) -> None:
        self.note = NoteEdit()
        self.note.setObjectName("noteEdit")
        self.note.setPlaceholderText("Why this matters, what to check, sources…")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(70)
        self.note.textChanged.connect(self._note_changed)
        form.addRow("&Note", self.note)

        self.evidence = QPlainTextEdit()
        self.evidence.setObjectName("evidenceEdit")
        self.evidence.setPlaceholderText("Evidence: one link per line (https://…)")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.evidence.textChanged.connect(self._evidence_changed)
        self.evidence_hint = PlainLabel()
        self.evidence_hint.setObjectName("evidenceHint")
        self.evidence_hint.setWordWrap(True)
        self.evidence_hint.setStyleSheet("color: #b00020;")
        self.evidence_hint.hide()
        evidence_box = QVBoxLayout()
        evidence_box.setSpacing(2)
        evidence_box.addWidget(self.evidence)
        evidence_box.addWidget(self.evidence_hint)
        evidence_label = PlainLabel("&Evidence")
        evidence_label.setBuddy(self.evidence)
        form.addRow(evidence_label, evidence_box)

    def _build_links(self, form: QFormLayout) -> None:
        self.links = QListWidget()
        self.links.setObjectName("linkList")
        self.links.setToolTip(
            "Links of this annotation: double-click one to go there. Press L to link this "
            "annotation to another."
        )
        self.links.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 10)
        self.links.itemActivated.connect(self._link_activated)
        self.links.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.links.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.unlink_button = QToolButton()
        self.unlink_button.setText("Unlink")
        self.unlink_button.setToolTip("Remove the selected link")
        self.unlink_button.clicked.connect(self._unlink_clicked)
        links_box = QHBoxLayout()
        links_box.addWidget(self.links, 1)
        links_box.addWidget(self.unlink_button, 0, Qt.AlignmentFlag.AlignTop)
        self.links_label = PlainLabel("Lin&ks")
        self.links_label.setBuddy(self.links)
        form.addRow(self.links_label, links_box)

    # ------------------------------------------------------------------ content

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {label.name: label for label in labels}
        self.label_box.clear()
        for label in labels:
            shortcut = f"  ({label.shortcut})" if label.shortcut else ""
            self.label_box.addItem(
                swatch_icon(label_color(label)), f"{label.title}{shortcut}", label.name
            )

    def set_verdicts(self, scale: VerdictScale) -> None:
        """The session's verdicts, in its order, each with its colour."""
        self.verdict_box.clear()
        self.verdict_box.addItem("— no verdict yet —", None)
        for verdict in scale:
            self.verdict_box.addItem(swatch_icon(QColor(verdict.color)), verdict.title,
                                     verdict.key)
        if self._annotation is not None:
            self._show_verdict(self._annotation)

    def _show_verdict(self, annotation: Annotation) -> None:
        index = self.verdict_box.findData(annotation.verdict)
        if index < 0 and annotation.verdict:  # not in the scale: shown as it is stored
            self.verdict_box.addItem(annotation.verdict, annotation.verdict)
            index = self.verdict_box.count() - 1
        self.verdict_box.setCurrentIndex(max(0, index))

    @property
    def annotation(self) -> Annotation | None:
        return self._annotation

    def editor_size_hint(self) -> QSize:
        """The room the inspector asks for while it shows an annotation."""
        margins = self.layout().contentsMargins()
        hint = self._stack.widget(1).sizeHint()
        return QSize(hint.width() + margins.left() + margins.right(),
                     hint.height() + margins.top() + margins.bottom())

    def _fit_stack_to_page(self, current: int) -> None:
        for index in range(self._stack.count()):
            policy = (QSizePolicy.Policy.Preferred if index == current
                      else QSizePolicy.Policy.Ignored)
            self._stack.widget(index).setSizePolicy(policy, policy)
        self._stack.updateGeometry()

    def show_annotation(self, annotation: Annotation | None) -> None:
        self._annotation = annotation
        if annotation is None:
            self._stack.setCurrentIndex(0)
            return
        self._stack.setCurrentIndex(1)
        label = self._labels.get(annotation.label)
        color = label_color(label).name()
        quote = annotation.quote if len(annotation.quote) <= 400 else annotation.quote[:399] + "…"
        # Plain text and a style that changes only with the label: rich text here would
        # make every keystroke (1–5, C, E, A) lay the panel out again.
        self.quote.setText(f"“{quote}”")
        style = f"QLabel {{ border: 0px; border-left: 4px solid {color}; padding-left: 6px; }}"
        if self.quote.styleSheet() != style:
            self.quote.setStyleSheet(style)
        index = self.label_box.findData(annotation.label)
        self.label_box.setCurrentIndex(index)
        button = self.confidence_group.button(annotation.confidence)
        if button is not None:
            button.setChecked(True)
        self.confidence_name.setText(CONFIDENCE_NAMES[annotation.confidence])
        # Typing sends the editor's own text back here, so it is only replaced by changes made
        # elsewhere (undo, redo, another annotation), never under the reviewer's cursor.
        is_claim = annotation.label == "claim"
        self.verdict_label.setVisible(is_claim)
        self.verdict_box.setVisible(is_claim)
        self.checked_before_label.setVisible(is_claim)
        self.checked_before.setVisible(is_claim)
        for widget in (self.claim_reviewed_label, self.claim_reviewed, self.fact_check_label,
                       self.fact_check_box):
            widget.setVisible(is_claim)
        self._show_verdict(annotation)
        self._show_publishing(annotation)
        if _urls(self.evidence.toPlainText())[0] != annotation.evidence:
            self.evidence.blockSignals(True)
            self.evidence.setPlainText("\n".join(annotation.evidence))
            self.evidence.blockSignals(False)
            self.evidence_hint.hide()
        if self.note.toPlainText() != annotation.note:
            self.note.blockSignals(True)
            self.note.setPlainText(annotation.note)
            self.note.blockSignals(False)
        created = annotation.created_at.astimezone().strftime("%d %b %Y %H:%M")
        updated = annotation.updated_at.astimezone().strftime("%d %b %Y %H:%M")
        changed = f" · changed {updated}" if updated != created else ""
        self.details.setText(
            f"#{annotation.id} · {annotation.reviewer} · {created}{changed} · "
            f"characters {annotation.start}–{annotation.end}"
        )

    # ------------------------------------------------------------------ edits

    def _label_activated(self, index: int) -> None:
        name = self.label_box.itemData(index)
        if self._annotation is not None and name and name != self._annotation.label:
            self.labelChosen.emit(self._annotation.id, name)

    def _confidence_clicked(self, level: int) -> None:
        if self._annotation is not None and level != self._annotation.confidence:
            self.confidenceChosen.emit(self._annotation.id, level)

    def _note_changed(self) -> None:
        if self._annotation is None:
            return
        text = self.note.toPlainText()
        truncated = len(text) > MAX_NOTE_CHARS
        if truncated:
            text = text[:MAX_NOTE_CHARS]
            self.note.blockSignals(True)
            self.note.setPlainText(text)
            self.note.moveCursor(QTextCursor.MoveOperation.End)
            self.note.blockSignals(False)
        if text != self._annotation.note:
            self.noteEdited.emit(self._annotation.id, text)
        if truncated:
            self.noteTruncated.emit(MAX_NOTE_CHARS)

    def show_links(self, links: list[tuple[int, int, str, str]]) -> None:
        """``(source_id, target_id, label title, quote)`` of the other end of each link."""
        key = (self._annotation.id if self._annotation and links else None, tuple(links))
        if key == self._shown_links:
            return
        self._shown_links = key
        self.links.clear()
        for source_id, target_id, title, quote in links:
            outgoing = self._annotation is not None and source_id == self._annotation.id
            arrow = "→" if outgoing else "←"
            short = " ".join(quote.split())
            short = short if len(short) <= 60 else short[:59] + "…"
            item = QListWidgetItem(f"{arrow} {title}: “{short}”")
            item.setData(Qt.ItemDataRole.UserRole, (source_id, target_id))
            self.links.addItem(item)
        has_links = bool(links)
        self.unlink_button.setEnabled(has_links)
        if not has_links:
            placeholder = QListWidgetItem("No links yet (L links this to another annotation)")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.links.addItem(placeholder)

    def _link_activated(self, item: QListWidgetItem) -> None:
        link = item.data(Qt.ItemDataRole.UserRole)
        if link and self._annotation is not None:
            source_id, target_id = link
            self.linkActivated.emit(target_id if source_id == self._annotation.id else source_id)

    def _unlink_clicked(self) -> None:
        item = self.links.currentItem() or self.links.item(0)
        link = item.data(Qt.ItemDataRole.UserRole) if item else None
        if link:
            self.unlinkRequested.emit(*link)

    def _verdict_activated(self, index: int) -> None:
        value = self.verdict_box.itemData(index)
        if self._annotation is not None and value != self._annotation.verdict:
            self.verdictChosen.emit(self._annotation.id, value)

    def _show_publishing(self, annotation: Annotation) -> None:
        self.claim_reviewed.setPlaceholderText(" ".join(annotation.quote.split()))
        if (" ".join(self.claim_reviewed.text().split()) or None) != annotation.claim_reviewed:
            self.claim_reviewed.setText(annotation.claim_reviewed or "")
        typed = self.fact_check_url.text().strip()
        if (typed or None) != annotation.fact_check_url and not (
                typed and not _fact_check_address(typed)):  # keep a half-typed address
            self.fact_check_url.setText(annotation.fact_check_url or "")
            self.fact_check_hint.hide()

    def _claim_reviewed_edited(self, text: str) -> None:
        value = " ".join(text.split()) or None
        if self._annotation is not None and value != self._annotation.claim_reviewed:
            self.claimReviewedEdited.emit(self._annotation.id, value)

    def _fact_check_url_edited(self, text: str) -> None:
        if self._annotation is None:
            return
        value = text.strip() or None
        if value is not None and not _fact_check_address(value):
            self.fact_check_hint.setText(
                f"“{value[:60]}” is not a web address (https://…): it is not saved until it "
                "is one.")
            self.fact_check_hint.show()
            return
        self.fact_check_hint.hide()
        if value != self._annotation.fact_check_url:
            self.factCheckUrlEdited.emit(self._annotation.id, value)

    def _evidence_changed(self) -> None:
        if self._annotation is None:
            return
        urls, bad = _urls(self.evidence.toPlainText())
        if bad:
            self.evidence_hint.setText(
                f"“{bad[0][:60]}” is not a web address (https://…): it is not saved "
                "until it is one."
            )
            self.evidence_hint.show()
        else:
            self.evidence_hint.hide()
        if urls != self._annotation.evidence:
            self.evidenceEdited.emit(self._annotation.id, urls)

    def _delete_clicked(self) -> None:
        if self._annotation is not None:
            self.deleteRequested.emit(self._annotation.id)


def _fact_check_address(text: str) -> bool:
    return bool(HTTP_ADDRESS.match(text))


def _urls(text: str) -> tuple[tuple[str, ...], list[str]]:
    """The web addresses among the lines of ``text``, and the lines that are not one."""
    good, bad = [], []
    for line in text.splitlines():
        line = line.strip()
        if line:
            (good if WEB_ADDRESS.match(line) else bad).append(line)
    return tuple(good), bad
