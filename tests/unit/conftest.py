"""Shared fixtures for the core's unit tests: a fresh session file and a way to add a text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.articles.reading import ImportedDocument
from annotator.core.session.store import SessionStore


@pytest.fixture
def reviewer() -> str:
    """The reviewer name the ``store`` fixture is opened with."""
    return "Ana Reviewer"


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    return tmp_path / "review.sqlite"


@pytest.fixture
def store(session_path: Path, reviewer: str) -> Iterator[SessionStore]:
    session = SessionStore.open(session_path, create=True, reviewer=reviewer)
    yield session
    session.close()


@pytest.fixture
def add_text(store: SessionStore) -> Callable[..., int]:
    """Add a document with this (already normalised) text; returns its id."""

    def add(text: str, title: str = "Article") -> int:
        summary, _ = store.add_document(
            ImportedDocument(title=title, text=text, source_format="text")
        )
        return summary.id

    return add


@pytest.fixture(scope="session")
def suggester():
    """The suggester with the default (English) rules."""
    from annotator.core.suggestions import Suggester, load_rules

    return Suggester(load_rules())
