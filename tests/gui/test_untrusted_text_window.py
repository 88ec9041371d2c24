"""Text from articles, annotation files and reviewers is shown as text, never as Qt markup.

A title, note, quote, label title or reviewer name such as ``<img src="…">`` would otherwise be
loaded by Qt (a device read forever, a FIFO that blocks the window, any local picture) and
styled markup would be painted into the window. The window is built on a session full of such
strings, every panel and dialog that can be opened without blocking is opened, and every label,
tooltip and model tooltip is checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from annotator.core.articles.importing import import_file
from annotator.core.articles.provenance import Provenance
from annotator.core.models import Label
from annotator.core.session.store import SessionStore
from annotator.gui import plain_text

from .conftest import open_window

MISSING = "/nonexistent-annotator-test/picture.png"
IMG = f'<img src="{MISSING}">'
BOLD = '<b style="color:red">SESSION DAMAGED</b>'
TITLE = f"{IMG}{BOLD} Minister says 3,000 homes"
ARTICLE = f"The minister said {IMG} and 3,000 homes were evacuated, said a source.\n"
NOTE = f"{IMG}<b>checked</b> with the ministry"
REVIEWERS = (f"<b>ana</b>{IMG}", "<i>jonas</i>")
LABEL_TITLE = '<img src="/nonexistent/x"><b>Rumour</b>'
HOSTILE_URL = "https://example.org/<b>ana</b>"


def _untrusted(text: str) -> bool:
    """``text`` holds raw markup from the session (not escaped)."""
    return "<img" in text or "SESSION DAMAGED</b>" in text or "<b>ana" in text


@pytest.fixture
def hostile_session(tmp_path: Path) -> Path:
    article = tmp_path / "article.txt"
    article.write_text(f"{TITLE}\n\n{ARTICLE}", encoding="utf-8")
    path = tmp_path / "hostile.sqlite"
    with SessionStore.open(path, create=True, reviewer=REVIEWERS[0]) as store:
        document, _ = import_file(store, article)
        assert document.title == TITLE
        labels = store.labels()
        store.replace_labels([*labels, Label(name="rumour", title=LABEL_TITLE, color="#123456")])
        text = store.document_text(document.id)
        start = text.index(IMG)
        for reviewer in REVIEWERS:
            store.add_annotation(document.id, start, start + len(IMG), "claim", note=NOTE,
                                 reviewer=reviewer)
            figure = text.index("3,000")
            store.add_annotation(document.id, figure, figure + 5, "rumour", note=NOTE,
                                 reviewer=reviewer)
        store.set_document_provenance(document.id, Provenance(
            url=HOSTILE_URL, outlet=IMG, authors=(BOLD, REVIEWERS[1])))
        first = store.annotations(document.id)[0]
        store.update_annotation(first.id, verdict="false",
                                evidence=["https://example.org/a"])
    return path


def _open_everything(window) -> list[QWidget]:
    """Every panel and dialog of the window that opens without waiting for the reviewer."""
    from annotator.core.review.agreement import agreement
    from annotator.gui.agreement_view import AgreementDialog
    from annotator.gui.article_properties import ArticlePropertiesDialog
    from annotator.gui.dialogs import PreferencesDialog, RestoreBackupDialog
    from annotator.gui.labels_dialog import LabelsDialog
    from annotator.gui.statistics import StatisticsDialog

    store = window.state.store
    annotation = store.annotations()[0]
    window.state.set_current(annotation.id)
    window.reviewing.show_adjudication()
    dialogs = [
        StatisticsDialog(store, window.state.labels, window.state.document_id, window),
        AgreementDialog(lambda gold: agreement(store, include_gold=gold), window.state.labels,
                        window),
        LabelsDialog(window.state.labels, window),
        PreferencesDialog(REVIEWERS[0], 12, window, session_name=REVIEWERS[1]),
        RestoreBackupDialog(f"{IMG}.sqlite", [], window),
        ArticlePropertiesDialog(store.document_summary(window.state.document_id), window),
        plain_text.message_box(window, QMessageBox.Icon.Warning, TITLE, NOTE),
    ]
    for dialog in dialogs:
        dialog.show()
    return dialogs


def _model_tooltips(model, columns: int = 1) -> list[str]:
    tips = []
    for row in range(model.rowCount()):
        for column in range(columns):
            tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
            if tip:
                tips.append(str(tip))
    return tips


def test_no_label_tooltip_or_dialog_reads_markup_from_the_session(app, qtbot, hostile_session):
    window = open_window(qtbot, hostile_session, reviewer=REVIEWERS[0])
    dialogs = _open_everything(window)
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    qtbot.wait(50)

    assert window.article.article_title.text() == TITLE  # shown as the characters it is made of
    assert window.article.article_title.textFormat() == Qt.TextFormat.PlainText

    widgets = [w for top in QApplication.topLevelWidgets() for w in (top, *top.findChildren(
        QWidget))]
    shown_untrusted = 0
    for label in (w for w in widgets if isinstance(w, QLabel)):
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(label.text()))
        if _untrusted(label.text()):
            shown_untrusted += 1
            assert not rich, f"{label.objectName() or label}: {label.text()!r} read as markup"
    assert shown_untrusted >= 3  # the title, the quote, the message box at least

    tips = [w.toolTip() for w in widgets]
    tips += [a.toolTip() for w in widgets for a in w.findChildren(QAction)]
    tips += _model_tooltips(window.documents.document_model)
    model = window.annotations.table_model
    tips += _model_tooltips(model, model.columnCount())
    items = window.reviewing.panel.list
    tips += [items.item(n).toolTip() for n in range(items.count())]
    assert any("&lt;img" in tip for tip in tips)  # the untrusted tooltips were there
    for tip in tips:
        assert not (_untrusted(tip) and QtGui.Qt.mightBeRichText(tip)), tip

    report = window.files.exchange.report()  # the article's report, for printing and PDF
    assert report is not None and "<img" not in report.toHtml()
    assert "SESSION DAMAGED" in report.toPlainText()

    rumour = window.findChild(QAction, "tag_rumour")
    assert "&lt;img" in rumour.toolTip() and "<img" not in rumour.toolTip()


def test_a_hostile_title_shows_as_text_and_keeps_its_size(app, qtbot, hostile_session):
    window = open_window(qtbot, hostile_session, reviewer=REVIEWERS[0])
    hint = window.article.article_title.sizeHint()
    assert hint.height() < 200  # one or two lines of text, no picture
    assert window.status_line.save_label.textFormat() == Qt.TextFormat.PlainText
    assert window.status_line.session_label.textFormat() == Qt.TextFormat.PlainText


def test_plain_tooltip_escapes_and_keeps_lines():
    tip = plain_text.plain_tooltip(f"{IMG}\nsecond & line")
    assert "<img" not in tip and "&lt;img" in tip and "&amp;" in tip
    assert "<br" in tip
    assert plain_text.plain_tooltip("") == ""


GUI = Path(plain_text.__file__).parent
STATIC_BOXES = {"information", "warning", "critical", "question"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            yield node


def _literal(node: ast.expr) -> bool:
    """A string written in the code (an f-string only of literal parts)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) for part in node.values)
    return False


def test_the_window_code_shows_outside_text_only_through_the_plain_text_helpers():
    """Every tooltip set from a value goes through plain_tooltip; labels are PlainLabel or
    MarkupLabel; progress dialogs get a plain label; message and input boxes are plain_text's."""
    problems = []
    for path in sorted(GUI.glob("*.py")):
        if path.name == "plain_text.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrapped_dialogs = {
            id(call.args[0]) for call in _calls(tree)
            if getattr(call.func, "id", None) == "plain_progress_label" and call.args
        }
        for call in _calls(tree):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id
            where = f"{path.name}:{call.lineno}"
            if name == "QLabel":
                problems.append(f"{where}: a QLabel (use PlainLabel or MarkupLabel)")
            if name == "QProgressDialog" and id(call) not in wrapped_dialogs:
                problems.append(f"{where}: a QProgressDialog without plain_progress_label")
            if name == "setToolTip" and call.args and not _literal(call.args[0]):
                argument = call.args[0]
                wrapped = (isinstance(argument, ast.Call)
                           and getattr(argument.func, "id", None) == "plain_tooltip")
                if not wrapped:
                    problems.append(f"{where}: setToolTip of a value without plain_tooltip")
            if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    and func.value.id in ("QMessageBox", "QInputDialog")
                    and (name in STATIC_BOXES or name.startswith("get"))):
                problems.append(f"{where}: {func.value.id}.{name} (use plain_text)")
    assert problems == []


def test_questions_show_file_names_and_titles_as_text(app, qtbot):
    """The encoding question names a file, the removal question an article's title."""
    from PySide6.QtCore import QTimer

    seen = []

    def answer(click_yes: bool = False) -> None:
        dialog = QApplication.activeModalWidget()
        seen.extend((label.text(), label.textFormat()) for label in dialog.findChildren(QLabel)
                    if label.text())
        if click_yes:
            dialog.button(QMessageBox.StandardButton.Yes).click()
        else:
            dialog.accept()

    QTimer.singleShot(100, answer)
    assert plain_text.ask_item(None, "Encoding", f"Read {IMG}.txt in which encoding?",
                               ["UTF-8", "cp1252"], 1) == ("cp1252", True)
    QTimer.singleShot(100, answer)
    assert plain_text.ask_text(None, "Paste", TITLE, "x") == ("x", True)
    QTimer.singleShot(100, lambda: answer(click_yes=True))
    assert plain_text.ask(None, "Remove article", f"Remove “{TITLE}”?") is True
    untrusted = [(text, fmt) for text, fmt in seen if _untrusted(text)]
    assert len(untrusted) == 3
    assert all(fmt == Qt.TextFormat.PlainText for _text, fmt in untrusted)
