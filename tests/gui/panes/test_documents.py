"""The documents pane on its own: the list, choosing, progress, the search, the Import button."""

from __future__ import annotations

import pytest

from annotator.core.articles.reading import pasted_document
from annotator.core.session.documents import add_document
from annotator.gui.panes.documents import DocumentsPane
from tests.gui.panes.conftest import open_on


@pytest.fixture
def pane(qtbot, state, settings):
    pane = DocumentsPane(state[0], settings)
    qtbot.addWidget(pane)
    open_on(state)
    return pane


def test_it_lists_the_sessions_articles_and_selects_the_open_one(pane):
    assert pane.document_model.rowCount() == 1
    assert pane.document_list.currentIndex().row() == 0


def test_choosing_an_article_shows_it(pane, qtbot):
    store = pane.state.store
    second, _ = add_document(
        store, pasted_document("A second text about 12 bridges.\n", "Second article"))
    pane.refresh()
    assert pane.document_model.rowCount() == 2
    row = pane.document_model.row_of(second.id)
    pane.document_list.setCurrentIndex(pane.document_model.index(row))
    assert pane.state.document_id == second.id


def test_a_status_action_marks_the_open_article(pane):
    done = next(a for a in pane.status_actions if a.data() == "done")
    assert done.shortcut().toString() == "Ctrl+Shift+D"
    done.trigger()
    assert pane.state.store.document(pane.state.document_id).status == "done"
    assert done.isChecked()


def test_the_search_hides_the_articles_without_the_words(pane):
    pane.document_filter.setText("volunteers")
    assert not pane.document_list.isRowHidden(0)
    pane.document_filter.setText("zeppelin")
    assert pane.document_list.isRowHidden(0)
    assert "1\xa0article\xa0hidden" in pane.document_filter.toolTip()


def test_the_import_button_asks_for_an_import(pane, qtbot):
    with qtbot.waitSignal(pane.importRequested, timeout=1000):
        pane.import_button.click()


def test_it_enables_its_own_actions(pane):
    pane.update_enabled(False)
    assert not pane.import_button.isEnabled()
    assert not pane.remove_document_action.isEnabled()
    pane.update_enabled(True)
    assert pane.import_button.isEnabled() and pane.remove_document_action.isEnabled()
    pane.state.show_no_document()
    pane.update_enabled(True)
    assert not any(a.isEnabled() for a in pane.status_actions)
