"""Session files that are old, hostile, shared, read-only or on a full disk."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annotator.core.articles.importing import import_file
from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import SessionError
from annotator.core.session import backups
from annotator.core.session.schema import SCHEMA_VERSION
from annotator.core.session.store import SessionStore, SessionWriteError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = "Up to 3,000 households were evacuated, according to the emergency office.\n"
SOURCE = (ARTICLE.index("according"), ARTICLE.index(" office") + 7)  # the attribution


def new_session(path: Path) -> int:
    with SessionStore.open(path, create=True, reviewer="r", auto_backup=False) as store:
        summary, _ = store.add_document(
            ImportedDocument(title="Flood", text=ARTICLE, source_format="text")
        )
        store.add_annotation(summary.id, 0, 22, "estimate", confidence=4, note="check")
        return summary.id


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# ------------------------------------------------------------------ migrations


def test_a_version_1_session_is_upgraded_after_a_backup(tmp_path):
    session = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "session-v1.sqlite", session)
    with SessionStore.open(session) as store:
        assert store.schema_version == SCHEMA_VERSION == 6
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        documents = store.documents()
        assert [d.source_sha256 for d in documents] == [None, None]
        annotations = store.annotations()
        assert len(annotations) == 4
        assert {a.reviewer for a in annotations} == {"v1-reviewer"}
        for annotation in annotations:
            text = store.document_text(annotation.document_id)
            assert text[annotation.start : annotation.end] == annotation.quote
        assert store.last_document_id == documents[0].id
    [backup] = [b for b in backups.list_backups(session) if b.reason.startswith("before-upgrade")]
    assert backup.reason == "before-upgrade-to-v6"
    raw = sqlite3.connect(backup.path)
    assert raw.execute("SELECT value FROM metadata WHERE key='schema_version'").fetchone() == ("1",)
    raw.close()


def test_a_version_1_session_opened_read_only_is_upgraded_in_memory_only(tmp_path):
    session = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "session-v1.sqlite", session)
    before = session.read_bytes()
    with SessionStore.open(session, read_only=True) as store:
        assert store.read_only
        assert len(store.annotations()) == 4
        assert store.documents()[0].source_sha256 is None
    assert session.read_bytes() == before
    assert not backups.backup_folder(session).exists()


def test_a_version_2_session_gets_its_search_index_on_upgrade(tmp_path):
    session = tmp_path / "v2.sqlite"
    shutil.copy(FIXTURES / "session-v2.sqlite", session)
    with SessionStore.open(session) as store:
        assert store.schema_version == 6
        titles = {d.id: d.title for d in store.documents()}
        assert [titles[i] for i in store.find_documents("dockers")] == [
            "Port strike enters second week"
        ]
        assert [titles[i] for i in store.find_documents("시장")] == ["서울 시장 발표 📈"]
        annotations = store.annotations()
        assert len(annotations) == 3 and {a.reviewer for a in annotations} == {"v2-reviewer"}
        first = min(annotations, key=lambda a: a.id)
        assert first.verdict == "mostly_true" and first.evidence == ("https://example.org/strike",)
        assert store.links_of(first.id)
        assert store.documents()[0].status == "in_progress"
    [backup] = [b for b in backups.list_backups(session) if b.reason.startswith("before-upgrade")]
    assert backup.reason == "before-upgrade-to-v6"


def test_a_version_3_session_gets_its_suggestion_tables_on_upgrade(tmp_path):
    session = tmp_path / "v3.sqlite"
    shutil.copy(FIXTURES / "session-v3.sqlite", session)
    with SessionStore.open(session) as store:
        assert store.schema_version == 6
        annotations = store.annotations()
        assert len(annotations) == 3 and {a.reviewer for a in annotations} == {"v3-reviewer"}
        attribution = next(a for a in annotations if a.label == "attribution")
        assert store.links_of(attribution.id)
        assert store.pending_suggestions() == []
        assert "suggestions" in store._db.table_names()
    [backup] = [b for b in backups.list_backups(session) if b.reason.startswith("before-upgrade")]
    assert backup.reason == "before-upgrade-to-v6"


@pytest.mark.parametrize("damage", [
    "DROP TABLE documents_fts",
    "DROP TABLE documents_fts; CREATE TABLE documents_fts (title TEXT, text TEXT)",
])
def test_a_session_whose_search_index_is_missing_or_replaced_is_refused(tmp_path, damage):
    session = tmp_path / "s.sqlite"
    SessionStore.open(session, create=True).close()
    raw = sqlite3.connect(session)
    raw.executescript(damage)
    raw.close()
    with pytest.raises(SessionError, match="search index documents_fts"):
        SessionStore.open(session)


def test_new_documents_keep_the_checksum_of_their_original_bytes(tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes("Officials said “up to 3,000”.\r\n".encode("cp1252"))
    with SessionStore.open(tmp_path / "s.sqlite", create=True) as store:
        summary, _ = import_file(store, article)
    import hashlib

    assert summary.source_sha256 == hashlib.sha256(article.read_bytes()).hexdigest()
    assert summary.sha256 != summary.source_sha256  # the text was decoded and normalised


# ------------------------------------------------------------------ hostile files


@pytest.mark.parametrize(
    "statement, kind",
    [
        (
            "CREATE TRIGGER wipe AFTER INSERT ON annotations BEGIN DELETE FROM documents; END",
            "trigger",
        ),
        ("CREATE VIEW leak AS SELECT * FROM annotations", "view"),
    ],
)
def test_a_session_with_triggers_or_views_is_refused_untouched(tmp_path, statement, kind):
    session = tmp_path / "shared.sqlite"
    new_session(session)
    conn = sqlite3.connect(session)
    conn.execute(statement)
    conn.commit()
    conn.close()
    before = folder_state(tmp_path)
    for read_only in (False, True):
        with pytest.raises(SessionError, match=f"contains {kind}.*must not run code"):
            SessionStore.open(session, read_only=read_only)
    assert folder_state(tmp_path) == before


def test_a_session_missing_a_column_is_reported_as_damaged(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    conn = sqlite3.connect(session)
    conn.execute("ALTER TABLE documents DROP COLUMN last_offset")
    conn.commit()
    conn.close()
    with pytest.raises(SessionError, match="damaged: table documents lacks last_offset"):
        SessionStore.open(session)


# ------------------------------------------------------------------ locks and read-only files


def test_a_second_writer_is_told_who_holds_the_session(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    with SessionStore.open(session, reviewer="first.reviewer"):
        held = r"already open: first\.reviewer \(process .*\) has it"
        with pytest.raises(SessionError, match=held):
            SessionStore.open(session)
        with SessionStore.open(session, fallback_read_only=True) as second:
            assert second.read_only
            assert "first.reviewer" in second.read_only_reason
            assert len(second.annotations()) == 1  # reading works
            with pytest.raises(SessionError, match="open read-only .*first.reviewer"):
                second.add_annotation(1, *SOURCE, "claim")
    with SessionStore.open(session) as again:  # the lock went with the first store
        assert not again.read_only


def test_the_lock_of_a_killed_process_is_released(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from annotator.core.session.store import SessionStore
            store = SessionStore.open({str(session)!r}, reviewer="crashing")
            print("locked", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(SessionError, match="already open: crashing"):
            SessionStore.open(session)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
    time.sleep(0.1)
    with SessionStore.open(session) as store:
        assert not store.read_only
        assert len(store.annotations()) == 1


def _pretend_unwritable(monkeypatch, *paths: Path) -> None:
    """Root may write anything, so read-only files are simulated where permission is checked."""
    real_access = os.access
    blocked = {str(p) for p in paths}

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and str(path) in blocked:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_a_read_only_file_is_refused_for_writing_or_opened_read_only(tmp_path, monkeypatch):
    session = tmp_path / "s.sqlite"
    new_session(session)
    before = folder_state(tmp_path)
    _pretend_unwritable(monkeypatch, session)
    with pytest.raises(SessionError, match="cannot be changed: the file is read-only"):
        SessionStore.open(session)
    with SessionStore.open(session, fallback_read_only=True) as store:
        assert store.read_only_reason == "the file is read-only"
        assert len(store.annotations()) == 1
        with pytest.raises(SessionError, match="read-only"):
            store.update_annotation(store.annotations()[0].id, confidence=1)
    assert folder_state(tmp_path) == before


def test_a_session_in_a_read_only_folder_opens_read_only(tmp_path, monkeypatch):
    session = tmp_path / "s.sqlite"
    new_session(session)
    _pretend_unwritable(monkeypatch, tmp_path)
    with SessionStore.open(session, fallback_read_only=True) as store:
        assert store.read_only_reason == "its folder is read-only"
        assert store.annotations()[0].note == "check"
    with pytest.raises(SessionError, match="cannot be created: its folder is read-only"):
        SessionStore.open(tmp_path / "new.sqlite", create=True)


# ------------------------------------------------------------------ full disk, read-only media


def _fill_disk(store: SessionStore) -> None:
    """Simulate a full disk: the file may not grow by a single page."""
    pages = store._file_db.execute("PRAGMA page_count").fetchone()[0]
    store._file_db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_an_error_that_says_so(tmp_path):
    session = tmp_path / "s.sqlite"
    doc_id = new_session(session)
    with SessionStore.open(session, auto_backup=False) as store:
        _fill_disk(store)
        with pytest.raises(SessionWriteError, match="not saved \\(the disk is full\\)"):
            store.add_annotation(doc_id, *SOURCE, "attribution", note="x" * 60_000)
        assert len(store.annotations()) == 1


def test_work_is_kept_in_memory_while_the_disk_is_full_and_written_later(tmp_path):
    session = tmp_path / "s.sqlite"
    doc_id = new_session(session)
    with SessionStore.open(session, keep_in_memory=True, auto_backup=False) as store:
        _fill_disk(store)
        kept = store.add_annotation(doc_id, *SOURCE, "attribution", note="x" * 60_000)
        assert not store.saved_to_disk
        assert store.unsaved_reason == "the disk is full"
        store.update_annotation(kept.id, confidence=5)  # work goes on in memory
        assert store.annotation(kept.id).confidence == 5
        assert store.flush() is False  # still full
        with SessionStore.open(session, read_only=True, auto_backup=False) as other:
            assert len(other.annotations()) == 1  # not on disk yet
        store._file_db.execute("PRAGMA max_page_count = 1000000")  # space again
        assert store.flush() is True
        assert store.saved_to_disk and store.unsaved_reason is None
        store.update_annotation(kept.id, note="written straight to the file again")
    with SessionStore.open(session, read_only=True) as reopened:
        restored = reopened.annotation(kept.id)
        assert restored.confidence == 5
        assert restored.note == "written straight to the file again"
        conn = reopened._db.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_media_gone_read_only_keeps_work_in_memory(tmp_path):
    session = tmp_path / "s.sqlite"
    doc_id = new_session(session)
    with SessionStore.open(session, keep_in_memory=True, auto_backup=False) as store:
        store._file_db.execute("PRAGMA query_only = 1")
        store.add_annotation(doc_id, *SOURCE, "attribution")
        assert store.unsaved_reason == "the file or its disk is read-only"
        copy = store.save_copy(tmp_path / "rescued.sqlite")
        store._file_db.execute("PRAGMA query_only = 0")
        assert store.flush()
    with SessionStore.open(copy, read_only=True) as rescued:
        assert len(rescued.annotations()) == 2


# ------------------------------------------------------------------ backups


def test_opening_makes_at_most_one_automatic_backup_an_hour(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    SessionStore.open(session).close()
    SessionStore.open(session).close()
    [backup] = backups.list_backups(session)
    assert backup.reason == "auto"
    with SessionStore.open(backup.path, read_only=True) as copy:
        assert len(copy.annotations()) == 1


def test_only_the_newest_backups_are_kept(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    with SessionStore.open(session, auto_backup=False) as store:
        made = [store.backup("manual") for _ in range(backups.KEEP + 3)]
    kept = backups.list_backups(session)
    assert len(kept) == backups.KEEP
    assert [b.path for b in kept] == list(reversed(made))[: backups.KEEP]


def test_restoring_a_backup_brings_back_its_state_and_keeps_the_current_one(tmp_path):
    session = tmp_path / "s.sqlite"
    doc_id = new_session(session)
    with SessionStore.open(session, auto_backup=False) as store:
        snapshot = store.backup("manual")
        added = store.add_annotation(doc_id, *SOURCE, "attribution")
        store.restore_backup(snapshot)
        assert [a.label for a in store.annotations()] == ["estimate"]
        store.add_annotation(doc_id, 39, 48, "claim")  # and the session works on
        safety = [b for b in store.backups() if b.reason == "before-restore"]
        assert len(safety) == 1
    with SessionStore.open(safety[0].path, read_only=True) as before:
        assert added.id in [a.id for a in before.annotations()]


def test_restoring_something_that_is_not_a_session_is_refused(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database", "utf-8")
    with SessionStore.open(session, auto_backup=False) as store:
        with pytest.raises(SessionError, match="not a session file"):
            store.restore_backup(bogus)
        assert len(store.annotations()) == 1


# ------------------------------------------------------------------ crashes at awkward moments


def test_a_backup_cut_short_is_never_taken_for_a_backup(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    folder = backups.backup_folder(session)
    folder.mkdir()
    # what a kill in the middle of VACUUM INTO leaves behind
    leftover = folder / ".s-20260101T000000000Z-auto.sqlite.partial"
    leftover.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert backups.list_backups(session) == []
    assert backups.needs_auto_backup(session)
    with SessionStore.open(session) as store:
        store.backup("manual")
    assert not leftover.exists()
    assert {b.reason for b in backups.list_backups(session)} >= {"manual"}


def test_a_crash_while_creating_a_session_leaves_nothing_half_made(tmp_path, monkeypatch):
    from annotator.core.session import database as session_file

    def crash(db):
        db.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(session_file, "initialise", crash)
    session = tmp_path / "new.sqlite"
    with pytest.raises(SessionError, match="cannot be created"):
        SessionStore.open(session, create=True)
    assert list(tmp_path.iterdir()) == []


def test_a_lock_taken_on_a_removed_lock_file_is_not_a_lock(tmp_path):
    from annotator.core.session.locking import SessionLock, _same_file, lock_path

    session = tmp_path / "s.sqlite"
    first = SessionLock(session)
    first.acquire("first")
    waiter = os.open(lock_path(session), os.O_RDWR)  # opened while the first holds it
    first.release()  # removes the file, then lets go
    second = SessionLock(session)
    second.acquire("second")  # a new lock file
    try:
        import fcntl

        fcntl.flock(waiter, fcntl.LOCK_EX | fcntl.LOCK_NB)  # succeeds, but on the old file…
        assert not _same_file(waiter, lock_path(session))  # …which acquire() detects
    finally:
        os.close(waiter)
        second.release()


def test_sessions_are_read_with_untrusted_schema(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    with SessionStore.open(session, read_only=True) as store:
        assert store._db.execute("PRAGMA trusted_schema").fetchone()[0] == 0


def test_a_newer_user_version_alone_is_enough_to_refuse(tmp_path):
    session = tmp_path / "s.sqlite"
    SessionStore.open(session, create=True).close()
    raw = sqlite3.connect(session)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    before = session.read_bytes()
    with pytest.raises(SessionError, match="newer version of the annotator .session format 99"):
        SessionStore.open(session)
    assert session.read_bytes() == before


def test_documents_added_or_removed_by_another_program_are_searchable_again(tmp_path):
    from annotator.core.articles.reading import ImportedDocument

    session = tmp_path / "s.sqlite"
    with SessionStore.open(session, create=True) as store:
        kept, _ = store.add_document(ImportedDocument(title="Kept", text="Dockers struck.",
                                                      source_format="text"))
        gone, _ = store.add_document(ImportedDocument(title="Gone", text="Ships waited.",
                                                      source_format="text"))
    raw = sqlite3.connect(session)  # as sqlite-utils or a script would, without the index
    raw.execute("DELETE FROM documents WHERE id = ?", [gone.id])
    raw.execute(
        "INSERT INTO documents (title, text, sha256, char_count, source_format, imported_at, "
        "position) VALUES ('Added', 'Cranes stood idle.', ?, 18, 'text', "
        "'2026-01-01T00:00:00+00:00', 5)", ["ab" * 32])
    raw.commit()
    raw.close()
    with SessionStore.open(session) as store:
        titles = {d.id: d.title for d in store.documents()}
        assert [titles[i] for i in store.find_documents("cranes")] == ["Added"]
        assert store.find_documents("ships") == []
        assert store.find_documents("dockers") == [kept.id]
        store.remove_document(kept.id)  # the index stays sound for later changes
        assert store.find_documents("dockers") == []


def test_a_version_4_session_gets_provenance_and_origins_on_upgrade(tmp_path):
    session = tmp_path / "v4.sqlite"
    shutil.copy(FIXTURES / "session-v4.sqlite", session)
    with SessionStore.open(session) as store:
        assert store.schema_version == 6
        documents = store.documents()
        assert [d.title for d in documents] == ["Harbour dredging bill doubles",
                                                "서울 시장 발표 📈"]
        assert all(d.provenance.is_empty for d in documents)
        annotations = store.annotations()
        assert len(annotations) == 4 and {a.reviewer for a in annotations} == {"v4-reviewer"}
        claim = next(a for a in annotations if a.label == "claim")
        assert claim.verdict == "mostly_true" and store.links_of(claim.id)
        assert store.rejected_spans(documents[0].id)
        [pending] = store.pending_suggestions()
        text = store.document_text(pending.document_id)
        assert text[pending.start:pending.end] == "Officials said"
        origins = {row[0] for row in store._db.execute("SELECT origin FROM annotations")}
        assert origins == {"manual"}
    [backup] = [b for b in backups.list_backups(session) if b.reason.startswith("before-upgrade")]
    assert backup.reason == "before-upgrade-to-v6"


def test_a_version_5_session_gets_the_claims_as_checked_on_upgrade(tmp_path):
    """session-v5.sqlite was made by the program at version 5: a desk's own scale, an
    article's provenance, a claim with its verdict, evidence and a link, a rejection, a
    published fact-check and two same-claim marks."""
    session = tmp_path / "v5.sqlite"
    shutil.copy(FIXTURES / "session-v5.sqlite", session)
    raw = sqlite3.connect(session)
    before = raw.execute("SELECT * FROM annotations ORDER BY id").fetchall()
    raw.close()
    with SessionStore.open(session) as store:
        assert store.schema_version == 6
        assert store.verdict_scale().title_of("mostly_true") == "Mostly True"
        [one, two] = store.documents()
        assert one.provenance.outlet == "The Lowland Courier" and two.title == "서울 시장 발표 📈"
        annotations = store.annotations()
        assert sorted((a.id, a.document_id, a.start, a.end, a.quote, a.label, a.verdict)
                      for a in annotations) == [row[:6] + (row[8],) for row in before]
        assert all(a.claim_reviewed is None and a.fact_check_url is None for a in annotations)
        claim = store.annotation(before[0][0])
        assert claim.verdict == "mostly_true" and claim.evidence == ("https://port.example/budget",)
        assert store.links_of(claim.id) and store.rejected_spans(one.id)
        assert len(store.reference_claims()) == 1 and len(store.all_same_as()) == 2
        changed = store.update_annotation(claim.id, claim_reviewed="Dredging costs 12 million",
                                          fact_check_url="https://desk.example/checks/1")
        assert store.annotation(claim.id) == changed
    [backup] = [b for b in backups.list_backups(session) if b.reason.startswith("before-upgrade")]
    assert backup.reason == "before-upgrade-to-v6"
    with SessionStore.open(session, read_only=True) as again:
        assert again.annotation(claim.id).claim_reviewed == "Dredging costs 12 million"
