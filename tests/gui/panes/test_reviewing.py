"""The reviewing pane on its own: the adjudication panel is made only when first needed."""

from __future__ import annotations

import pytest

from annotator.core.review.adjudication import GOLD_REVIEWER
from annotator.gui.panes.reviewing import ReviewingPane
from tests.gui.panes.conftest import open_on


@pytest.fixture
def pane(qtbot, state, settings):
    pane = ReviewingPane(state[0], settings)
    qtbot.addWidget(pane)
    open_on(state)
    return pane


def test_the_panel_is_made_when_first_shown(pane, qtbot):
    assert pane._panel is None
    asked = []
    pane.raiseRequested.connect(lambda: asked.append(1) or pane.show())
    pane.show_adjudication()
    assert asked == [1]
    assert pane._panel is not None and pane.panel.isVisible()
    qtbot.waitUntil(lambda: pane.panel.document_id == pane.state.document_id, timeout=2000)


def test_tags_go_to_the_gold_layer_while_its_box_is_ticked(pane):
    assert pane.state.tag_reviewer() is None
    pane.show()
    pane.panel.gold_tags.setChecked(True)
    assert pane.state.tag_reviewer() == GOLD_REVIEWER


def test_the_agreement_of_one_reviewer_is_measured(pane):
    report = pane.agreement_report(include_gold=False)
    assert report is not None


def test_it_enables_its_own_actions(pane):
    pane.update_enabled(True)
    assert pane.statistics_action.isEnabled()
    assert pane.adjudication_action.shortcut().toString() == "Ctrl+Shift+J"
