"""A desk's own verdict scale, kept in the session: claims take its verdicts, renaming keeps
them, a verdict in use cannot be removed, and changing the scale is one undoable change."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import ValidationFailed
from annotator.core.factcheck.verdict_scales import POLITIFACT, STANDARD
from annotator.core.session import changes
from annotator.core.session.store import SessionStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXT = "The bridge cost 4 million. Rents doubled last year."


@pytest.fixture
def store(tmp_path):
    with SessionStore.open(tmp_path / "s.sqlite", create=True, reviewer="ana") as store:
        summary, _ = store.add_document(ImportedDocument(title="T", text=TEXT,
                                                         source_format="text"))
        store.claim = store.add_annotation(summary.id, 0, 25, "claim")
        yield store


def test_a_new_session_has_the_standard_seven(store):
    assert store.verdict_scale() == STANDARD
    store.update_annotation(store.claim.id, verdict="mostly_true")


def test_a_desks_scale_gives_its_own_verdicts_and_refuses_others(store):
    pants = next(v.key for v in POLITIFACT.verdicts if v.rating == 1)
    changes.set_verdict_scale(store, POLITIFACT)
    store.update_annotation(store.claim.id, verdict=pants)
    assert store.annotation(store.claim.id).verdict == pants
    with pytest.raises(ValidationFailed, match="unknown verdict 'mixed'"):
        store.update_annotation(store.claim.id, verdict="mixed")


def test_a_verdict_in_use_cannot_be_left_out_but_can_be_renamed(store):
    store.update_annotation(store.claim.id, verdict="mixed")
    with pytest.raises(ValidationFailed, match="Mixed"):
        store.set_verdict_scale(POLITIFACT)
    renamed = STANDARD.renamed("mixed", "Half true")
    change = changes.set_verdict_scale(store, renamed)
    assert store.verdict_scale().title_of("mixed") == "Half true"
    assert store.annotation(store.claim.id).verdict == "mixed"
    change.undo(store)
    assert store.verdict_scale() == STANDARD
    change.redo(store)
    assert store.verdict_scale() == renamed


def test_a_scale_another_program_broke_reads_as_the_standard_one(store):
    store.set_meta("verdict_scale", "{not json")
    assert store.verdict_scale() == STANDARD


def test_the_upgrade_keeps_every_annotation_its_id_and_the_id_counter(tmp_path):
    session = tmp_path / "v4.sqlite"
    shutil.copy(FIXTURES / "session-v4.sqlite", session)
    raw = sqlite3.connect(session)
    before = raw.execute("SELECT * FROM annotations ORDER BY id").fetchall()
    raw.execute("UPDATE sqlite_sequence SET seq = 40 WHERE name = 'annotations'")
    raw.commit()
    raw.close()
    with SessionStore.open(session, reviewer="bo") as store:
        rows = store._db.execute(
            'SELECT id, document_id, start, "end", quote, label, confidence, note, verdict, '
            "evidence, reviewer, created_at, updated_at FROM annotations ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == before
        doc = store.documents()[0].id
        new = store.add_annotation(doc, 0, 7, "claim")
        assert new.id == 41  # ids deleted before the upgrade are never handed out again
        store.update_annotation(new.id, verdict="true")
        sql = store._db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'annotations'").fetchone()[0]
        assert "not_checkable" not in sql  # the fixed list of verdicts is gone
        assert store._db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.links_of(before[0][0]) or store.links_of(before[2][0])
