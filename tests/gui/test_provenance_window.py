"""Where an article came from, in the window: Article Properties (one undoable change), the
line under the article's title, the documents list's tooltip, and importing from a web address
(fetched off the GUI thread from a local server; the tests never leave 127.0.0.1)."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from annotator.core.articles.provenance import Provenance
from annotator.gui import provenance_line
from annotator.gui.article_properties import ArticlePropertiesDialog, typed_authors, typed_date
from annotator.gui.document_list import DOCUMENT_ID_ROLE
from annotator.gui.web_address_dialog import WebAddressDialog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "provenance"
COURIER_URL = "https://www.lowland-courier.example/news/2026/03/harbour-dredging-bill"
IMG = '<img src="/nonexistent-annotator-test/x.png">'


def spaced(tooltip: str) -> str:
    """A plain tooltip with its kept spaces (no-break spaces) as spaces."""
    return tooltip.replace("\xa0", " ")


def document_tooltip(window, document_id: int) -> str:
    model = window.documents.document_model
    row = model.row_of(document_id)
    return spaced(str(model.index(row).data(Qt.ItemDataRole.ToolTipRole)))


def fill_dialog(monkeypatch, **fields) -> list[ArticlePropertiesDialog]:
    """The next Article Properties dialog gets these fields typed and OK pressed."""
    shown = []

    def exec_(dialog):
        shown.append(dialog)
        for name, value in fields.items():
            field = getattr(dialog, f"{name}_field")
            field.setPlainText(value) if name == "authors" else field.setText(value)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is None or not ok.isEnabled():
            return QDialog.DialogCode.Rejected
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ArticlePropertiesDialog, "exec", exec_)
    return shown


# ------------------------------------------------------------------ Article Properties


def test_the_dialog_edits_where_the_article_came_from_in_one_undo_step(window, monkeypatch):
    store, document_id = window.state.store, window.state.document_id
    line = window.article.provenance_line
    assert line.isHidden()  # a text file says nothing of where it came from
    action = window.article.properties_action
    assert action.shortcut().toString() == "Ctrl+Shift+P"
    assert action in window.menuBar().actions()[1].menu().actions()  # in the Edit menu
    fill_dialog(monkeypatch, url="https://news.example/port-veyra", outlet="Veyra Herald",
                authors="Ana Lind\nJonas Berg", published="2026-03-05", retrieved="2026-03-07")
    action.trigger()

    after = Provenance(url="https://news.example/port-veyra", outlet="Veyra Herald",
                       authors=("Ana Lind", "Jonas Berg"), published=date(2026, 3, 5),
                       retrieved=date(2026, 3, 7))
    assert store.document_summary(document_id).provenance == after
    assert line.isVisible()
    assert line.text() == ("Veyra Herald · Ana Lind and Jonas Berg · Published 5 March 2026 · "
                           "https://news.example/port-veyra")
    assert "Veyra Herald · Ana Lind and Jonas Berg · Published 5 March 2026" in \
        document_tooltip(window, document_id)
    assert window.undo_action.text() == "&Undo Edit article properties"

    window.undo_action.trigger()
    assert store.document_summary(document_id).provenance == Provenance()
    assert line.isHidden()
    assert "Veyra Herald" not in document_tooltip(window, document_id)

    window.redo_action.trigger()
    assert store.document_summary(document_id).provenance == after
    assert line.isVisible() and "Veyra Herald" in document_tooltip(window, document_id)
    assert window.documents.document_filter.text() == ""
    assert store.find_documents("herald") == [document_id]


def test_ok_without_a_change_adds_no_undo_step(window, monkeypatch):
    fill_dialog(monkeypatch)
    before = window.state.controller.undo_stack.count()
    window.article.properties_action.trigger()
    assert window.state.controller.undo_stack.count() == before


def test_a_bad_address_or_date_keeps_ok_disabled(window, monkeypatch):
    store, document_id = window.state.store, window.state.document_id
    for fields in ({"url": "news.example/port-veyra"}, {"url": "ftp://news.example/x"},
                   {"published": "5 March 2026"}, {"retrieved": "2026-02-30"}):
        shown = fill_dialog(monkeypatch, **fields)
        window.article.properties_action.trigger()
        assert shown[0].problems(), fields
        assert store.document_summary(document_id).provenance == Provenance()
    assert typed_date("") is None and typed_date("2026-3-5") == date(2026, 3, 5)
    assert typed_authors("Jane Doe, Ivo Marten") == ("Jane Doe", "Ivo Marten")
    assert typed_authors("Doe, Jane\nMarten, Ivo") == ("Doe, Jane", "Marten, Ivo")


def test_the_dialog_shows_the_title_and_source_read_only(window):
    summary = window.state.store.document_summary(window.state.document_id)
    dialog = ArticlePropertiesDialog(summary, window)
    assert dialog.title_field.isReadOnly() and dialog.title_field.text() == summary.title
    assert dialog.source_field.isReadOnly()
    assert dialog.source_field.text() == f"Text · {summary.source_path}"
    assert dialog.retrieved_words.text() == "not known"
    dialog.published_field.setText("2026-03-05")
    assert dialog.published_words.text() == "5 March 2026"
    read_only = ArticlePropertiesDialog(summary, window, writable=False)
    assert read_only.url_field.isReadOnly() and read_only.authors_field.isReadOnly()
    assert read_only.buttons.button(QDialogButtonBox.StandardButton.Ok) is None


# ------------------------------------------------------------------ the line under the title


def test_the_address_opens_in_the_browser_only_when_clicked(window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(provenance_line.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toString()) or True)
    document_id = window.state.document_id
    window.state.controller.set_document_provenance(document_id, Provenance(
        url=COURIER_URL, outlet="The Lowland Courier"))
    line = window.article.provenance_line
    assert line.isVisible() and opened == []  # shown, not opened
    qtbot.mouseClick(line.details, Qt.MouseButton.LeftButton)
    assert opened == []
    qtbot.mouseClick(line.address, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert opened == [COURIER_URL]


def test_a_narrow_window_elides_the_line_and_the_tooltip_keeps_it_whole(window, qtbot):
    authors = tuple(f"Author Number{n}" for n in range(12))
    window.state.controller.set_document_provenance(window.state.document_id, Provenance(
        url=COURIER_URL + "?" + "x" * 200, outlet="The Lowland Courier", authors=authors))
    line = window.article.provenance_line
    line.resize(400, line.height())
    shown = line.details.text() + line.address.text()
    assert "…" in shown and len(shown) < len(line.text())
    assert line.details.text().startswith("The Lowland Courier · Author Number0 et al.")
    assert line.address.text().startswith("www.lowland-")  # no https://
    assert line.details.width() + line.address.width() <= 400
    assert line.minimumSizeHint().width() < 100  # it never holds the article pane wide
    line.resize(1200, line.height())
    assert line.minimumSizeHint().width() < 100
    assert "Author Number11" in spaced(line.toolTip()) and COURIER_URL in line.toolTip()


def test_hostile_outlet_and_authors_are_shown_as_text(window):
    document_id = window.state.document_id
    window.state.controller.set_document_provenance(document_id, Provenance(
        outlet=IMG, authors=("<b>Jane</b>",)))
    line = window.article.provenance_line
    assert line.details.textFormat() == Qt.TextFormat.PlainText
    assert line.text() == f"{IMG} · <b>Jane</b>"
    assert "<img" not in line.toolTip() and "&lt;img" in line.toolTip()
    tip = document_tooltip(window, document_id)
    assert "<img" not in tip and "&lt;b&gt;Jane&lt;/b&gt;" in tip
    dialog = ArticlePropertiesDialog(window.state.store.document_summary(document_id), window)
    assert dialog.outlet_field.text() == IMG  # a line edit: always plain text


# ------------------------------------------------------------------ import from a web address


@pytest.fixture
def local_site(tmp_path: Path):
    """A web server on 127.0.0.1 serving the provenance fixtures; yields its address."""
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copy(FIXTURES / "full-metadata.html", folder / "dredging.html")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args) -> None:
        pass


def test_import_from_a_web_address_adds_the_article_with_where_it_came_from(
        window, qtbot, local_site, monkeypatch):
    from annotator.gui import web_address_dialog

    store = window.state.store
    before = [d.id for d in store.documents(counts=False)]
    monkeypatch.setattr(web_address_dialog, "ask_web_address",
                        lambda _parent: f"{local_site}/dredging.html")
    window.files.import_web_action.trigger()
    documents = store.documents(counts=False)
    assert len(documents) == len(before) + 1
    added = documents[-1]
    assert window.state.document_id == added.id
    assert added.title == "Harbour dredging bill could reach 40 million, auditors say"
    assert added.provenance == Provenance(
        url=COURIER_URL, outlet="The Lowland Courier", authors=("Mirela Sandu", "Tomas Okafor"),
        published=date(2026, 3, 5), retrieved=date.today())
    assert added.source_path == f"{local_site}/dredging.html"
    assert window.article.provenance_line.isVisible()
    assert window.article.provenance_line.text().startswith(
        "The Lowland Courier · Mirela Sandu and Tomas Okafor · Published 5 March 2026")

    window.undo_action.trigger()  # the same undoable import as a file's
    assert [d.id for d in store.documents(counts=False)] == before


def test_a_refused_address_shows_one_message_and_adds_nothing(window, qtbot):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = window.state.store
    before = [d.id for d in store.documents(counts=False)]
    steps = window.state.controller.undo_stack.count()
    errors = []
    window.state.errorShown.connect(lambda title, message: errors.append((title, message)))
    assert window.files.articles.import_web_address(f"http://127.0.0.1:{port}/a.html") is None
    assert errors == [("Not imported", "The server 127.0.0.1 refused the connection.")]
    assert [d.id for d in store.documents(counts=False)] == before
    assert window.state.controller.undo_stack.count() == steps


def test_a_missing_page_is_one_message(window, local_site):
    errors = []
    window.state.errorShown.connect(lambda title, message: errors.append(message))
    assert window.files.articles.import_web_address(f"{local_site}/gone.html") is None
    assert len(errors) == 1 and "404" in errors[0]


def test_the_address_dialog_accepts_only_web_addresses(app, qtbot):
    QApplication.clipboard().setText("not an address")
    dialog = WebAddressDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.field.text() == "" and not ok.isEnabled()
    for typed in ("example.org/a", "ftp://example.org/a", "https://", "javascript:alert(1)"):
        dialog.field.setText(typed)
        assert not ok.isEnabled() and dialog.hint.text(), typed
    dialog.field.setText("https://example.org/a")
    assert ok.isEnabled() and dialog.hint.text() == ""
    assert dialog.address() == "https://example.org/a"
    QApplication.clipboard().setText("https://example.org/from-clipboard")
    offered = WebAddressDialog()
    qtbot.addWidget(offered)
    assert offered.field.text() == "https://example.org/from-clipboard"


def test_the_dialog_names_the_limits_of_fetching(app):
    from annotator.core.articles import web
    from annotator.gui import web_address_dialog

    assert web_address_dialog.TIMEOUT_SECONDS == web.TIMEOUT_SECONDS
    assert web_address_dialog.MAX_PAGE_MEGABYTES * 1_000_000 == web.MAX_PAGE_BYTES


def test_the_line_shows_the_address_without_its_scheme():
    assert provenance_line.shown_address("https://news.example/a/") == "news.example/a"
    assert provenance_line.shown_address("HTTP://news.example") == "news.example"
    assert provenance_line.shown_address(None) == ""


def test_the_document_list_tooltip_names_the_outlet_and_date(window):
    document_id = window.state.document_id
    window.state.controller.set_document_provenance(document_id, Provenance(
        outlet="Veyra Herald", published=date(2026, 3, 5)))
    model = window.documents.document_model
    index = model.index(model.row_of(document_id))
    assert index.data(DOCUMENT_ID_ROLE) == document_id
    assert "Veyra Herald · Published 5 March 2026" in document_tooltip(window, document_id)


def test_cancelling_a_slow_fetch_drops_the_page(window, qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    release = threading.Event()

    class Slow(_QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            release.wait(10)
            super().do_GET()

    (tmp_path / "slow.html").write_text("<title>Slow</title><p>Slow page.</p>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Slow, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = window.state.store
    before = [d.id for d in store.documents(counts=False)]
    seen = []

    def cancel() -> None:
        dialog = window.findChild(QProgressDialog, "progressDialog")
        seen.append(dialog.labelText() if dialog else None)
        if dialog is not None:
            dialog.cancel()
        else:
            QTimer.singleShot(50, cancel)

    QTimer.singleShot(100, cancel)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/slow.html"
        assert window.files.articles.import_web_address(url) is None
    finally:
        release.set()
        server.shutdown()
        server.server_close()
    assert seen[-1] == f"Fetching {url}…"
    qtbot.wait(300)  # the page arrives after the cancel, and is dropped
    assert [d.id for d in store.documents(counts=False)] == before
    assert window.status_line.save_label.text() == f"✔ Import of {url} cancelled"
