"""Edit → Article Properties…: where the open article came from (its web address, outlet,
authors, the dates it was published and retrieved), edited as one undoable change; its title
and the file it was read from, shown."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.articles.provenance import MAX_AUTHORS, Provenance, clean_name, clean_url
from annotator.core.errors import AnnotatorError
from annotator.gui.document_list import format_name
from annotator.gui.plain_text import PlainLabel, plain_tooltip
from annotator.gui.provenance_line import long_date

if TYPE_CHECKING:
    from annotator.core.models import DocumentSummary
    from annotator.gui.review_state import ReviewState

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
ADDRESS_HINT = "A web address starts with http:// or https:// and names a server."


def web_address(text: str) -> str | None:
    """``text`` as a web address (``http``/``https``, with a server), or None."""
    return clean_url(text.strip())


def typed_date(text: str) -> date | None | bool:
    """The date typed (YYYY-MM-DD), None when the field is empty (not known), or False when
    it is not a date."""
    if not text.strip():
        return None
    match = _ISO_DATE.match(text)
    if match is None:
        return False
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return False


def typed_authors(text: str) -> tuple[str, ...]:
    """Names one a line; a single line is also split at commas and semicolons ("Jane Doe,
    Ivo Marten")."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        lines = re.split(r"\s*[,;]\s*", lines[0])
    return tuple(name.strip() for name in lines if name.strip())


class ArticlePropertiesDialog(QDialog):
    """The fields of an article's provenance; :meth:`provenance` is what was typed."""

    def __init__(self, document: DocumentSummary, parent: QWidget | None = None, *,
                 writable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("articlePropertiesDialog")
        self.setWindowTitle("Article Properties")
        self.setMinimumWidth(640)
        self.document = document
        known = document.provenance
        self.title_field = self._read_only(document.title)
        self.title_field.setObjectName("titleField")
        self.url_field = QLineEdit(known.url or "")
        self.url_field.setObjectName("urlField")
        self.url_field.setPlaceholderText("https://…  (empty if not known)")
        self.open_button = QPushButton("Open in Browser")
        self.open_button.setObjectName("openAddressButton")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_address)
        address_row = QHBoxLayout()
        address_row.setContentsMargins(0, 0, 0, 0)
        address_row.addWidget(self.url_field, 1)
        address_row.addWidget(self.open_button)
        self.outlet_field = QLineEdit(known.outlet or "")
        self.outlet_field.setObjectName("outletField")
        self.outlet_field.setPlaceholderText("The newspaper, site or broadcaster")
        self.authors_field = QPlainTextEdit("\n".join(known.authors))
        self.authors_field.setObjectName("authorsField")
        self.authors_field.setPlaceholderText("One name a line (or separated by commas)")
        self.authors_field.setTabChangesFocus(True)
        self.authors_field.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.published_field, published_row, self.published_words = self._date_field(
            known.published, "publishedField")
        self.retrieved_field, retrieved_row, self.retrieved_words = self._date_field(
            known.retrieved, "retrievedField")
        self.today_button = QPushButton("Today")
        self.today_button.setAutoDefault(False)
        self.today_button.setToolTip("Retrieved today")
        self.today_button.clicked.connect(
            lambda: self.retrieved_field.setText(date.today().isoformat()))
        retrieved_row.insertWidget(1, self.today_button)
        source = document.source_path or "Pasted text"
        self.source_field = self._read_only(f"{format_name(document.source_format)} · {source}")
        self.source_field.setObjectName("sourceField")
        self.source_field.setCursorPosition(0)
        self.source_field.setToolTip(plain_tooltip(source))
        self.problem = PlainLabel()
        self.problem.setObjectName("propertiesProblem")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for title, field, row in (("Title:", self.title_field, None),
                                  ("&Web address:", self.url_field, address_row),
                                  ("&Outlet:", self.outlet_field, None),
                                  ("&Authors:", self.authors_field, None),
                                  ("&Published:", self.published_field, published_row),
                                  ("&Retrieved:", self.retrieved_field, retrieved_row),
                                  ("Source:", self.source_field, None)):
            label = PlainLabel(title)  # its & marks the key to the field
            label.setBuddy(field)
            form.addRow(label, row if row is not None else field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            if writable else QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if not writable:
            for field in (self.url_field, self.outlet_field, self.published_field,
                          self.retrieved_field):
                field.setReadOnly(True)
            self.authors_field.setReadOnly(True)
            self.today_button.setEnabled(False)
            self.problem.setText("The session is open read-only: nothing can be changed.")
        for field in (self.url_field, self.published_field, self.retrieved_field):
            field.textChanged.connect(self._check)
        self._check()
        self.url_field.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # the address all selected (typing replaces it) but shown from its beginning
        QTimer.singleShot(0, lambda: self.url_field.home(True))

    def _read_only(self, text: str) -> QLineEdit:
        field = QLineEdit(text)
        field.setReadOnly(True)
        field.setFrame(False)
        field.setCursorPosition(0)
        return field

    def _date_field(self, known: date | None, name: str):
        field = QLineEdit(known.isoformat() if known else "")
        field.setObjectName(name)
        field.setPlaceholderText("YYYY-MM-DD")
        field.setMaxLength(10)
        field.setFixedWidth(field.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        words = PlainLabel()
        words.setMinimumWidth(words.fontMetrics().horizontalAdvance("not known yet") + 8)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field)
        row.addSpacing(8)
        row.addWidget(words, 1)
        return field, row, words

    # ------------------------------------------------------------------ checking

    def problems(self) -> list[str]:
        """What keeps the typed fields from being saved (nothing when they can be)."""
        found = []
        if self.url_field.text().strip() and web_address(self.url_field.text()) is None:
            found.append(ADDRESS_HINT)
        for name, field in (("published", self.published_field),
                            ("retrieved", self.retrieved_field)):
            if typed_date(field.text()) is False:
                found.append(f"The date {name} is a date written YYYY-MM-DD (2026-03-05), or "
                             "nothing when it is not known.")
        return found

    def _check(self) -> None:
        for field, words in ((self.published_field, self.published_words),
                             (self.retrieved_field, self.retrieved_words)):
            day = typed_date(field.text())
            words.setText(long_date(day) if day else "not known" if day is None else "")
        url_ok = web_address(self.url_field.text()) is not None
        self.open_button.setEnabled(url_ok)
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok_button is None:  # read-only
            return
        found = self.problems()
        self.problem.setText("\n".join(found))
        ok_button.setEnabled(not found)

    def provenance(self) -> Provenance:
        """Where the article came from, as typed."""
        published = typed_date(self.published_field.text())
        retrieved = typed_date(self.retrieved_field.text())
        return Provenance(
            url=web_address(self.url_field.text()),
            outlet=clean_name(self.outlet_field.text()),
            authors=typed_authors(self.authors_field.toPlainText())[:MAX_AUTHORS],
            published=published or None,
            retrieved=retrieved or None,
        )

    def open_address(self) -> None:
        """Open the address typed in the web browser (on the reviewer's click only)."""
        url = web_address(self.url_field.text())
        if url:
            QDesktopServices.openUrl(QUrl(url))

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok) is not None and \
                self.problems():
            return
        super().accept()


def edit_article_properties(state: ReviewState, parent: QWidget | None) -> bool:
    """Show the open article's properties; OK sets them as one undoable change. True when
    they changed."""
    if state.store is None or state.controller is None or state.document_id is None:
        return False
    try:
        document = state.store.document_summary(state.document_id)
    except AnnotatorError as exc:
        state.failed(exc)
        return False
    dialog = ArticlePropertiesDialog(document, parent, writable=state.writable)
    if not dialog.exec() or not state.writable:
        return False
    provenance = dialog.provenance()
    if provenance == document.provenance:
        return False
    if not state.controller.set_document_provenance(document.id, provenance):
        return False
    state.say(f"Properties of “{document.title}” changed · all changes saved", ok=True)
    return True
