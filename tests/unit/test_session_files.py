"""One session, one set of files: its names, its lock, what is written beside it, and reading it
while another program writes."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sqlite3
import stat
from pathlib import Path

import pytest

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import AnnotatorError, SessionError
from annotator.core.formats.session_io import export_annotations
from annotator.core.output_file import write_whole
from annotator.core.session import locking
from annotator.core.session.database import create_session
from annotator.core.session.store import SessionStore

from .test_session_safety import ARTICLE, new_session  # the same small session


@contextlib.contextmanager
def no_hang(seconds: int = 5):
    """Fail, rather than hang, when the block blocks (on a named pipe)."""

    def expired(*_):
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------ one name, one lock


def test_a_symbolic_link_reaches_the_same_lock(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    alias = tmp_path / "alias.sqlite"
    alias.symlink_to(session.name)
    with SessionStore.open(session, reviewer="first", auto_backup=False):
        with pytest.raises(SessionError, match="already open: first"):
            SessionStore.open(alias)
        with SessionStore.open(alias, fallback_read_only=True) as second:
            assert second.read_only
            assert second.path == session
    assert not (tmp_path / "alias.sqlite.lock").exists()
    assert not (tmp_path / "alias.sqlite-wal").exists()


def test_a_session_with_two_hard_links_is_refused_under_either_name(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    hard = tmp_path / "hard.sqlite"
    os.link(session, hard)
    before = session.read_bytes()
    for name in (session, hard):
        for options in ({}, {"read_only": True}, {"fallback_read_only": True}):
            with pytest.raises(SessionError, match=r"has 2 names \(hard links\)"):
                SessionStore.open(name, **options)
    assert session.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hard.sqlite", "s.sqlite"]


def test_a_dangling_symbolic_link_makes_the_session_at_its_target(tmp_path):
    (tmp_path / "sessions").mkdir()
    link = tmp_path / "current.sqlite"
    link.symlink_to(tmp_path / "sessions" / "december.sqlite")
    new_session(link)
    assert link.is_symlink()
    assert (tmp_path / "sessions" / "december.sqlite").is_file()
    with SessionStore.open(link, read_only=True) as store:
        assert len(store.annotations()) == 1


@pytest.mark.parametrize("options", [{}, {"create": True}, {"read_only": True},
                                     {"fallback_read_only": True}])
def test_a_named_pipe_is_refused_at_once(tmp_path, options):
    pipe = tmp_path / "pipe.sqlite"
    os.mkfifo(pipe)
    with no_hang(), pytest.raises(SessionError, match="named pipe .*not a regular file"):
        SessionStore.open(pipe, **options)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.sqlite"]


def test_a_device_is_refused_and_nothing_is_written_beside_it(tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("no permission to make a device file here")
    with pytest.raises(SessionError, match="is a device, not a regular file"):
        SessionStore.open(null, create=True)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_name_too_long_is_one_sentence(tmp_path):
    with pytest.raises(SessionError, match="File name too long"):
        SessionStore.open(tmp_path / ("x" * 300 + ".sqlite"), create=True)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", ".lock"])
def test_a_file_of_a_session_is_never_made_into_a_session(tmp_path, suffix):
    session = tmp_path / "s.sqlite"
    new_session(session)
    with pytest.raises(SessionError, match="of the session .*s.sqlite, not a session"):
        SessionStore.open(tmp_path / f"s.sqlite{suffix}", create=True)
    assert [p.name for p in tmp_path.iterdir()] == ["s.sqlite"]


# ------------------------------------------------------------------ creating a session


def test_creating_a_session_leaves_another_process_creation_alone(tmp_path):
    session = tmp_path / "s.sqlite"
    # another process building the same new session under the old shared temporary name
    theirs = tmp_path / ".s.sqlite.creating"
    other = sqlite3.connect(theirs)
    other.execute("CREATE TABLE building (x)")
    other.commit()
    try:
        create_session(session)
        assert theirs.exists()
        assert other.execute("SELECT count(*) FROM building").fetchone() == (0,)
    finally:
        other.close()
    with SessionStore.open(session) as store:
        assert store.documents() == []


def test_a_session_made_meanwhile_is_kept(tmp_path, monkeypatch):
    from annotator.core.session import database as session_file

    session = tmp_path / "s.sqlite"
    real_initialise = session_file.initialise

    def slow(db):  # another program finishes the same session while this one builds it
        real_initialise(db)
        session.write_bytes(b"theirs")

    monkeypatch.setattr(session_file, "initialise", slow)
    create_session(session)
    assert session.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["s.sqlite"]


# ------------------------------------------------------------------ a full disk


def test_a_lock_that_cannot_be_written_is_let_go(tmp_path, monkeypatch):
    session = tmp_path / "s.sqlite"
    new_session(session)

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(locking.os, "write", full)
    with pytest.raises(OSError):
        locking.SessionLock(session).acquire("r")
    monkeypatch.undo()
    lock = locking.SessionLock(session)
    lock.acquire("r")  # nobody holds it
    lock.release()


def test_a_full_disk_opens_read_only_when_asked_to_fall_back(tmp_path, monkeypatch):
    session = tmp_path / "s.sqlite"
    new_session(session)

    def full(self, reviewer=""):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(locking.SessionLock, "acquire", full)
    with pytest.raises(SessionError, match=r"cannot be locked \(No space left on device\)"):
        SessionStore.open(session)
    with SessionStore.open(session, fallback_read_only=True) as store:
        assert store.read_only
        assert "cannot be locked for writing (No space left on device)" in store.read_only_reason
        assert len(store.annotations()) == 1


# ------------------------------------------------------------------ reading while others write


def _writer_with_changes_in_its_log(session: Path) -> sqlite3.Connection:
    """A writer whose committed changes are still only in the -wal (as after a crash)."""
    conn = sqlite3.connect(session)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE annotations SET note = 'in the log'")
    conn.execute("INSERT INTO metadata (key, value) VALUES ('marker', 'x')")
    conn.commit()
    assert (session.parent / (session.name + "-wal")).stat().st_size > 0
    return conn


def test_a_read_only_folder_with_a_log_shows_the_committed_changes(tmp_path, monkeypatch):
    session = tmp_path / "s.sqlite"
    new_session(session)
    writer = _writer_with_changes_in_its_log(session)
    try:
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: (
            False if mode & os.W_OK and str(p) == str(tmp_path) else real_access(p, mode, *a, **k)
        ))
        with SessionStore.open(session, read_only=True) as store:
            assert [a.note for a in store.annotations()] == ["in the log"]
            assert store.get_meta("marker") == "x"
    finally:
        writer.close()


def test_a_read_only_store_is_one_snapshot_while_another_program_writes(tmp_path):
    session = tmp_path / "s.sqlite"
    doc_id = new_session(session)
    text = ARTICLE * 200
    with SessionStore.open(session, auto_backup=False) as writer:
        writer.add_document(ImportedDocument(title="Long", text=text, source_format="text"))
    with SessionStore.open(session, read_only=True, defer_integrity_check=True) as reader:
        assert len(reader.documents(counts=False)) == 2
        with SessionStore.open(session, auto_backup=False) as writer:
            writer.delete_annotation(writer.annotations()[0].id)
            with writer.transaction():
                for n in range(200):
                    start = n * len(ARTICLE)
                    writer.add_annotation(doc_id + 1, start, start + 5, "claim", note="n" * 200)
            writer._db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        assert [a.note for a in reader.annotations()] == ["check"]
        assert len(reader.documents()) == 2
    with SessionStore.open(session, read_only=True) as later:
        assert len(later.annotations()) == 200


# ------------------------------------------------------------------ never written over


@pytest.mark.parametrize("name", [
    "s.sqlite-wal", "s.sqlite-shm", "s.sqlite-journal", "s.sqlite.lock",
    "s.sqlite.backups/old.csv", "alias.sqlite", "s.sqlite",
])
def test_no_export_writes_over_a_file_of_the_session(tmp_path, name):
    session = tmp_path / "s.sqlite"
    new_session(session)
    (tmp_path / "alias.sqlite").symlink_to(session)
    (tmp_path / "s.sqlite.backups").mkdir()
    with SessionStore.open(session, auto_backup=False) as writer:  # its -wal, -shm and lock
        with SessionStore.open(session, read_only=True) as reader:
            target = tmp_path / name
            if not target.exists():
                target.write_bytes(b"a file of the session")
            before = os.stat(target).st_ino
            for fmt in ("csv", "jsonl", "w3c"):
                with pytest.raises(AnnotatorError, match="must not replace"):
                    export_annotations(reader, fmt, target)
            assert os.stat(target).st_ino == before
        if name == "s.sqlite-journal":
            target.unlink()
        writer.add_annotation(1, 30, 35, "claim")  # the writer goes on
    with SessionStore.open(session, read_only=True) as store:
        assert len(store.annotations()) == 2


def test_no_brat_export_goes_into_the_backups_folder(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    with SessionStore.open(session, read_only=True) as store, \
            pytest.raises(AnnotatorError, match="backups folder of the session"):
        export_annotations(store, "brat", tmp_path / "s.sqlite.backups")
    assert not (tmp_path / "s.sqlite.backups").exists()


def test_an_export_does_not_replace_a_read_only_file(tmp_path):
    target = tmp_path / "precious.csv"
    target.write_text("precious\n")
    target.chmod(0o444)
    with pytest.raises(AnnotatorError, match="the file is read-only"):
        write_whole(target, lambda out: out.write("export\n"))
    assert target.read_text() == "precious\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_copy_is_never_written_over_the_session_or_its_files(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    (tmp_path / "alias.sqlite").symlink_to(session)
    with SessionStore.open(session, auto_backup=False) as store:
        with pytest.raises(SessionError, match="over the session itself"):
            store.save_copy(tmp_path / "alias.sqlite")
        with pytest.raises(SessionError, match="write-ahead log of the session"):
            store.save_copy(tmp_path / "s.sqlite-wal")
        older = store.save_copy(tmp_path / "copy.sqlite")
        assert store.save_copy(older) == older  # an older copy may be replaced
        with SessionStore.open(older, reviewer="colleague", auto_backup=False) as in_use:
            with pytest.raises(SessionError, match="is open: colleague"):
                store.save_copy(older)
            in_use.add_annotation(1, 30, 35, "claim")  # the colleague's work goes on
    with SessionStore.open(older, read_only=True) as copy:
        assert len(copy.annotations()) == 2


def test_a_session_renamed_while_open_keeps_its_one_writer(tmp_path):
    session = tmp_path / "s.sqlite"
    new_session(session)
    with SessionStore.open(session) as writer:
        moved = tmp_path / "moved.sqlite"
        os.rename(session, moved)
        with pytest.raises(SessionError, match="already open: another program, which opened "
                                               "it under another name"):
            SessionStore.open(moved)
        assert writer.annotations()
    with SessionStore.open(moved) as store:  # the lock goes with the writer
        assert not store.read_only


def test_a_full_disk_is_read_as_in_a_read_only_folder(tmp_path, monkeypatch):
    from annotator.core.session import database as session_file

    session = tmp_path / "s.sqlite"
    new_session(session)
    reads = []
    first_read = session_file._first_read

    def no_room_the_first_time(conn):
        reads.append(conn)
        if len(reads) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return first_read(conn)

    monkeypatch.setattr(session_file, "_first_read", no_room_the_first_time)
    with SessionStore.open(session, read_only=True) as store:
        assert len(store.annotations()) == 1
    assert len(reads) >= 2
