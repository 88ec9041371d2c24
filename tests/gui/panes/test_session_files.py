"""The session's files on their own, with a bare window: opening, exporting, copies, closing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from annotator.core.session.store import SessionStore
from annotator.gui.article_import import DOCUMENT_SUFFIXES
from annotator.gui.review_state import ReviewState
from annotator.gui.session_files import SessionFiles


@pytest.fixture
def files(app, qtbot, settings):
    window = QMainWindow()
    qtbot.addWidget(window)
    files = SessionFiles(ReviewState(window, reviewer="tester"), settings, window)
    yield files
    files.close_session()


def test_the_article_suffixes_are_those_the_readers_know():
    from annotator.core.articles import reading

    assert tuple(sorted(reading.DOCUMENT_SUFFIXES)) == DOCUMENT_SUFFIXES


def test_opening_a_session_shows_its_last_article(files, session_path):
    shown = []
    files.state.documentChanged.connect(lambda document, _restore: shown.append(document))
    assert files.open_session(session_path, create=False)
    assert files.state.store.path == session_path
    assert [d.id for d in shown] == [files.state.document_id]
    files.update_enabled(files.state.writable)
    assert files.export_current_action.isEnabled() and files.merge_action.isEnabled()


def test_a_session_that_cannot_be_opened_says_why(files, tmp_path):
    errors = []
    files.state.errorShown.connect(lambda title, message: errors.append(title))
    assert not files.open_session(tmp_path / "missing.sqlite", create=False)
    assert errors == ["The session cannot be opened"]
    assert files.state.controller is None


def test_export_copy_and_import_of_articles(files, session_path, tmp_path, article_file):
    files.open_session(session_path, create=False)
    store = files.state.store
    text = store.document(files.state.document_id).text
    start = text.index("Flood")
    files.state.controller.add_annotation(files.state.document_id, start, start + 5, "claim", 3)
    assert files.exchange.export_to(tmp_path / "out.csv") == 1
    assert files.save_copy_to(tmp_path / "copy.sqlite")
    with SessionStore.open(tmp_path / "copy.sqlite", read_only=True) as copy:
        assert len(copy.annotations()) == 1
    other = tmp_path / "other.txt"
    other.write_text("Another article, with 7 figures.\n", encoding="utf-8")
    imported = files.import_paths([other])
    assert [d.title for d in imported] == ["Another article, with 7 figures."]
    assert files.state.document_id == imported[0].id


def test_closing_leaves_no_session(files, session_path):
    files.open_session(session_path, create=False)
    files.close_session()
    assert files.state.controller is None and files.state.document_id is None
