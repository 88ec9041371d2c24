"""The annotations pane on its own: the table and the inspector follow the current annotation;
confidence, edits, deletion and sorting go through the controller."""

from __future__ import annotations

import pytest

from annotator.gui.annotation_table import TEXT
from annotator.gui.panes.annotations import AnnotationsPane
from tests.gui.panes.conftest import open_on


@pytest.fixture
def pane(qtbot, state, settings):
    pane = AnnotationsPane(state[0], settings)
    qtbot.addWidget(pane)
    open_on(state)
    return pane


def add(pane, words, label):
    state = pane.state
    text = state.store.document(state.document_id).text
    start = text.index(words)
    return state.controller.add_annotation(state.document_id, start, start + len(words), label,
                                           3)


def test_the_table_follows_the_article_and_the_changes(pane):
    assert pane.table_model.rowCount() == 0
    first = add(pane, "Flood barriers failed", "claim")
    add(pane, "Some 4,000 volunteers", "estimate")
    assert pane.table_model.rowCount() == 2
    pane.state.controller.delete_annotation(first.id)
    assert pane.table_model.rowCount() == 1
    pane.state.show_no_document()
    assert pane.table_model.rowCount() == 0


def test_the_current_annotation_is_in_the_inspector_and_selected_in_the_table(pane):
    annotation = add(pane, "Up to 3,000 households", "estimate")
    pane.state.set_current(annotation.id)
    assert pane.inspector.annotation.id == annotation.id
    assert pane.table.currentIndex().row() == 0
    assert next(a for a in pane.confidence_actions if a.isChecked()).data() == 3


def test_confidence_and_delete_act_on_the_current_annotation(pane):
    said = []
    pane.state.statusShown.connect(lambda message, ok: said.append(message))
    pane.set_confidence(5)
    assert "No current annotation" in said[-1]
    annotation = add(pane, "Up to 3,000 households", "estimate")
    pane.state.set_current(annotation.id)
    pane.confidence_actions[4].trigger()
    assert pane.state.store.annotation(annotation.id).confidence == 5
    pane.delete_action.trigger()
    assert pane.state.store.annotations() == []
    assert pane.state.annotation_id is None


def test_a_claim_that_becomes_an_estimate_loses_its_verdict(pane):
    annotation = add(pane, "Flood barriers failed", "claim")
    pane.edit(annotation.id, verdict="false")
    pane.change_label(annotation.id, "estimate")
    changed = pane.state.store.annotation(annotation.id)
    assert (changed.label, changed.verdict) == ("estimate", None)


def test_a_header_click_sorts_up_then_down_then_back(pane):
    add(pane, "Flood barriers failed", "claim")
    add(pane, "Some 4,000 volunteers", "estimate")
    quotes = [pane.table_model.annotation_at(r).quote for r in range(2)]
    pane.sort_by(TEXT)
    pane.sort_by(TEXT)
    assert [pane.table_model.annotation_at(r).quote for r in range(2)] == sorted(quotes)[::-1]
    pane.sort_by(TEXT)
    assert [pane.table_model.annotation_at(r).quote for r in range(2)] == quotes


def test_it_enables_its_own_actions(pane):
    pane.update_enabled(False)
    assert not pane.inspector.isEnabled() and not pane.delete_action.isEnabled()
    pane.update_enabled(True)
    assert pane.inspector.isEnabled() and pane.labels_action.isEnabled()
