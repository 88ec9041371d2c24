"""The state the panes share: the open article and annotation, and what it tells them."""

from __future__ import annotations

from tests.gui.panes.conftest import open_on


def test_showing_an_article_tells_the_panes_once(state):
    shown = []
    state[0].documentChanged.connect(lambda document, restore: shown.append(document.id))
    state_ = open_on(state)
    state_.show_document(state_.document_id)  # already shown: nothing happens
    assert shown == [state_.document_id]


def test_the_current_annotation_must_be_of_the_open_article(state):
    state_ = open_on(state)
    text = state_.store.document(state_.document_id).text
    start = text.index("Flood")
    annotation = state_.controller.add_annotation(state_.document_id, start, start + 5, "claim", 3)
    current = []
    state_.currentChanged.connect(lambda a, reveal, row: current.append(a and a.id))
    state_.set_current(annotation.id)
    state_.set_current(annotation.id + 100)  # not an annotation of this article
    assert current == [annotation.id, None]
    assert state_.annotation_id is None


def test_a_refused_change_is_said(state):
    from annotator.core.errors import SessionError

    state_ = open_on(state)
    said, errors = [], []
    state_.statusShown.connect(lambda message, ok: said.append((message, ok)))
    state_.errorShown.connect(lambda title, message: errors.append(title))
    state_.failed(SessionError("read-only"))
    assert said == [("read-only", False)] and errors == ["Not done"]
