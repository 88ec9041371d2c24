"""Where each article came from, kept in the session: set on import, edited (undoably), found
by search, and read safely when another program wrote something odd."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from annotator.core.articles.provenance import Provenance
from annotator.core.articles.reading import ImportedDocument, read_document
from annotator.core.session import changes
from annotator.core.session.store import SessionStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "provenance"
KNOWN = Provenance(url="https://courier.example/a", outlet="The Lowland Courier",
                   authors=("Mirela Sandu", "Tomas Okafor"), published=date(2026, 3, 5),
                   retrieved=date(2026, 3, 6))


@pytest.fixture
def store(tmp_path):
    with SessionStore.open(tmp_path / "s.sqlite", create=True, reviewer="ana") as store:
        yield store


def add(store, provenance=None, text="The bill could reach 40 million."):
    summary, _ = store.add_document(ImportedDocument(
        title="Dredging", text=text, source_format="text",
        provenance=provenance or Provenance()))
    return summary


def test_an_imported_article_keeps_its_provenance(store):
    summary = add(store, KNOWN)
    assert summary.provenance == KNOWN
    assert store.document(summary.id).provenance == KNOWN
    assert store.documents()[0].authors == ("Mirela Sandu", "Tomas Okafor")


def test_an_html_page_brings_its_own(store):
    summary, _ = store.add_document(read_document(FIXTURES / "full-metadata.html"))
    assert summary.outlet == "The Lowland Courier" and summary.published == date(2026, 3, 5)


def test_editing_provenance_is_one_change_that_undoes_and_redoes(store):
    summary = add(store)
    change = changes.set_document_provenance(store, summary.id, KNOWN)
    assert store.document_summary(summary.id).provenance == KNOWN
    assert change.effects.documents_changed == [summary.id] and not change.empty
    assert change.undo(store).documents_changed == [summary.id]
    assert store.document_summary(summary.id).provenance.is_empty
    change.redo(store)
    assert store.document_summary(summary.id).provenance == KNOWN
    assert changes.set_document_provenance(store, summary.id, KNOWN).empty


def test_search_finds_articles_by_outlet_author_and_address(store):
    first = add(store, KNOWN, "Harbour text.")
    second = add(store, Provenance(outlet="Valley Post"), "Other text.")
    assert store.find_documents("courier") == [first.id]
    assert store.find_documents("SANDU okafor") == [first.id]
    assert store.find_documents("courier.example") == [first.id]
    assert store.find_documents("valley") == [second.id]
    assert store.find_documents("harbour") == [first.id]  # the text, as before
    assert store.find_documents("courier valley") == []


def test_odd_values_written_by_another_program_read_as_unknown(store, tmp_path):
    summary = add(store, KNOWN)
    store.close()
    raw = sqlite3.connect(tmp_path / "s.sqlite")
    raw.execute("UPDATE documents SET url = 'javascript:alert(1)', authors = 'not json', "
                "published = '2026-13-45', outlet = ? WHERE id = ?", ["x\n" * 500, summary.id])
    raw.commit()
    raw.close()
    with SessionStore.open(tmp_path / "s.sqlite") as again:
        read = again.document_summary(summary.id)
        assert read.url is None and read.authors == () and read.published is None
        assert read.outlet and "\n" not in read.outlet
        assert again.document_text(summary.id) == "The bill could reach 40 million."
