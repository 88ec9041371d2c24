"""The article pane on its own: the article shown, tagging, moving, linking, finding."""

from __future__ import annotations

import pytest

from annotator.gui.panes.article import NO_ARTICLE, ArticlePane
from tests.gui.conftest import ARTICLE
from tests.gui.panes.conftest import open_on


@pytest.fixture
def pane(qtbot, state, settings):
    pane = ArticlePane(state[0], settings)
    qtbot.addWidget(pane)
    open_on(state)
    return pane


def select(pane, words):
    start = pane.view.text.index(words)
    pane.view.select_span(start, start + len(words))


def test_it_shows_the_article_and_its_title(pane):
    assert pane.view.text == ARTICLE
    assert pane.title() == ARTICLE.splitlines()[0]
    pane.state.show_no_document()
    assert pane.view.text == ""
    assert pane.title() == NO_ARTICLE


def test_the_labels_give_tag_and_next_actions_with_their_keys(pane):
    keys = {a.objectName(): a.shortcut().toString() for a in pane.tag_actions}
    assert keys == {"tag_claim": "C", "tag_estimate": "E", "tag_attribution": "A"}
    assert [a.shortcut().toString() for a in pane.go_label_actions] == \
        ["Shift+C", "Shift+E", "Shift+A"]


def test_tagging_the_selection_makes_the_new_annotation_current(pane):
    said = []
    pane.state.statusShown.connect(lambda message, ok: said.append(message))
    assert pane.tag_selection("claim") is None  # nothing selected
    assert "Select some text" in said[-1]
    select(pane, "Up to 3,000 households")
    annotation = pane.tag_selection("estimate")
    assert annotation.quote == "Up to 3,000 households"
    assert pane.state.annotation_id == annotation.id
    assert pane.view.selected_span() is None


def test_j_and_k_move_through_the_annotations_in_reading_order(pane):
    select(pane, "Some 4,000 volunteers")
    second = pane.tag_selection("estimate")
    select(pane, "Flood barriers failed")
    first = pane.tag_selection("claim")
    pane.go_to_neighbour()
    assert pane.state.annotation_id == second.id
    pane.go_to_neighbour(backwards=True)
    assert pane.state.annotation_id == first.id


def test_l_then_another_annotation_links_the_two(pane):
    select(pane, "Flood barriers failed")
    source = pane.tag_selection("claim")
    select(pane, "officials said")
    target = pane.tag_selection("attribution")
    pane.state.set_current(source.id)
    pane.link_current()
    assert pane.state.link_source == source.id
    pane._annotation_clicked(target.id)
    assert pane.state.link_source is None
    assert pane.state.store.links_of(source.id) == [(source.id, target.id)]


def test_find_counts_the_matches(pane):
    pane.find_bar.field.setText("according to")
    assert pane.find_bar.status.text() == "2 matches"
    pane.find(backward=False)
    assert pane.find_bar.status.text() == "1 of 2"


def test_it_enables_its_own_actions(pane):
    pane.update_enabled(False)
    assert not pane.link_action.isEnabled()
    assert not any(a.isEnabled() for a in pane.tag_actions)
    assert pane.find_action.isEnabled()  # reading and finding need no writing
    pane.update_enabled(True)
    assert pane.link_action.isEnabled() and all(a.isEnabled() for a in pane.tag_actions)
