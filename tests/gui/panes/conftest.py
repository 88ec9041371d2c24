"""Fixtures for the panes, each built on its own (without the main window): a shared state
opened on a small session, and the settings."""

from __future__ import annotations

import pytest

from annotator.core.session.store import SessionStore
from annotator.gui.controller import SessionController
from annotator.gui.review_state import ReviewState
from annotator.gui.settings import Settings


@pytest.fixture
def settings(app) -> Settings:
    return Settings()


@pytest.fixture
def state(app, session_path):
    """A state on the session of one article (not shown yet), closed after the test."""
    state = ReviewState(reviewer="tester")
    store = SessionStore.open(session_path, reviewer="tester")
    yield state, SessionController(store)
    state.close()


def open_on(state_and_controller) -> ReviewState:
    state, controller = state_and_controller
    state.open(controller)
    state.show_document(controller.store.documents()[0].id)
    return state
